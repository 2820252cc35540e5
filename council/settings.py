"""Settings for the council records site, read from the environment.

Every value has a default that is safe for the local demo; production values
come from environment variables (see .env.example).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}"
        ) from None


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default).strip().lower() or default
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}")
    return value


# The demo's key; it only ever signs sessions of a local demo.
DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"

# DJANGO_ENV=production turns on everything a site on the internet needs and
# refuses to start on the demo's defaults; see README.md, "Deploying".
DJANGO_ENV = env_choice("DJANGO_ENV", "development", {"development", "production"})
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])


def refuse_production(problem: str) -> None:
    raise ImproperlyConfigured(f"DJANGO_ENV=production refuses to start: {problem}")


if PRODUCTION:
    if not os.environ.get("DJANGO_SECRET_KEY") or SECRET_KEY == DEMO_SECRET_KEY:
        refuse_production(
            "set DJANGO_SECRET_KEY to a long random value (the demo key is not "
            "accepted), e.g. the output of "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        refuse_production(
            "DJANGO_SECRET_KEY is too short or too simple: use at least 50 random "
            "characters"
        )
    if not os.environ.get("DJANGO_ALLOWED_HOSTS", "").strip():
        refuse_production(
            "set DJANGO_ALLOWED_HOSTS to the site's host names, comma-separated"
        )
    if DEBUG:
        refuse_production("DJANGO_DEBUG must be false (debug pages leak settings)")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "reversion",
    "axes",
    "csp",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a cached page skips the rest of the stack, and a
    # stored page holds the headers the middleware below adds.
    "meetings.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every write request is one revision of the records it touches, with its
    # user: the history of sessions, articles, photos and officials.
    "reversion.middleware.RevisionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "meetings.security.AdminInlineStylesMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "council.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meetings.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "council.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement run twice on a
    # connection is prepared: PostgreSQL plans each page's queries once per
    # connection instead of on every request (a sixth more uncached pages a
    # second). Behind PgBouncer in transaction mode (before 1.21), set
    # DATABASE_PREPARED_STATEMENTS=false. Server-side binding caps a statement
    # at 65,535 parameters: bulk writes go in batches (meetings/benchgen.py,
    # meetings/search_index.py), never one IN list of an unbounded size.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=2 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None,
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user and address are refused before the password
    # is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first date input and Monday-first weeks; Django's vi locale lacks them.
FORMAT_MODULE_PATH = ["council.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# WhiteNoise serves static files from the app server. In production it serves
# the compressed, content-hashed copies `collectstatic` writes to STATIC_ROOT;
# elsewhere it reads the source folders, so the demo and the tests need no
# collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Photos and documents go through Django's storage API only: the local
# MEDIA_ROOT by default, or an S3-compatible bucket shared by every app server
# (MEDIA_STORAGE=s3). Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or the machine's role), never from this file.
MEDIA_STORAGE = env_choice("MEDIA_STORAGE", "local", {"local", "s3"})
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            # A CDN or public bucket host for media URLs, e.g. media.example.vn.
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN", "") or None,
            "location": env_str("AWS_LOCATION", ""),
            # Public photos get plain, cacheable URLs; names are random anyway.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            # Stored names are random (uuid4): no existence check per save.
            "file_overwrite": True,
            # A stored name is never reused, so a file never changes.
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }

# Upload limits. A photo over the pixel cap is refused before it is decoded
# (a "decompression bomb" would otherwise take the server's memory).
PHOTO_MAX_UPLOAD_SIZE = env_int("PHOTO_MAX_UPLOAD_MB", 20) * 1024 * 1024
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 50) * 1_000_000
DOCUMENT_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_MB", 50) * 1024 * 1024
# How many photos one bulk upload takes; each is checked and resized in the
# request, so this bounds its time.
PHOTO_BULK_MAX_FILES = env_int("PHOTO_BULK_MAX_FILES", 30)

# The cache: Redis in production (CACHE_URL, or REDIS_URL, e.g.
# redis://127.0.0.1:6379/0), by default a table in the site's database. Both
# are shared by every process and server; never per-process memory, which
# one worker could not invalidate for the others (see meetings/caching.py).
CACHE_URL = env_str("CACHE_URL", "").strip() or env_str("REDIS_URL", "").strip()
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's, reusing its Redis client (meetings/caching.py).
            "BACKEND": "meetings.caching.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
elif CACHE_URL in ("", "db://"):
    # `migrate` creates the table (meetings.caching.ensure_cache_tables).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "council_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss:// or unix://, or be db://, "
        f"not {CACHE_URL!r}"
    )
# How long a public page stays in the cache at most. Edits, publishing and
# withdrawing show at once anyway (meetings/caching.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)
if PAGE_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("DJANGO_PAGE_CACHE_SECONDS must be 0 or more")
PAGE_CACHE_ALIAS = "default"
# A bare "hello" page at /_benchmark/hello, the baseline of `manage.py
# benchmark`; 404 unless this is on.
BENCHMARK_HELLO = env_bool("DJANGO_BENCHMARK_HELLO", False)

SITE_NAME = "Hội đồng nhân dân tỉnh"

# The office's contact, shown in the public site's footer.
SITE_OFFICE_NAME = env_str("SITE_OFFICE_NAME", "Văn phòng HĐND tỉnh")
SITE_OFFICE_ADDRESS = env_str("SITE_OFFICE_ADDRESS", "")
SITE_OFFICE_PHONE = env_str("SITE_OFFICE_PHONE", "")
SITE_OFFICE_EMAIL = env_str("SITE_OFFICE_EMAIL", "")

# Login protection (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for
# one user name from one address, that pair is refused for the cool-off time.
# Attempts are kept in the database, so every app server sees them.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_CLIENT_IP_CALLABLE = "meetings.security.client_ip"
# How many reverse proxies (load balancer, nginx) stand in front of the app
# and append to X-Forwarded-For; 0 trusts only the connection's address.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Cookies scripts cannot read; sent over HTTPS only in production.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer probes /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# Behind a TLS-terminating proxy, the header it sets to say the request came
# over HTTPS, e.g. X-Forwarded-Proto. Set it only if the proxy overwrites it.
_proxy_ssl_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_ssl_header.upper().replace("-", "_"),
        "https",
    )

# Content-Security-Policy: only this site's own scripts, styles and images
# (plus the media host when photos are served from object storage or a CDN).
# JSON-LD blocks are data, not scripts, so they need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env_list("DJANGO_CSP_MEDIA_ORIGINS", [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if PRODUCTION else {}),
    },
}

# Logs go to standard output, where gunicorn, systemd or the container
# runtime collect them.
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": [], "propagate": True},
        # Its start-up banner on every command is noise; lockouts are warnings.
        "axes.apps": {"level": "WARNING"},
    },
}
