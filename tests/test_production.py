"""Production mode: refuses unsafe settings, passes check --deploy, serves safely.

Settings are read once per process, so production mode is started in a
subprocess with its own environment.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k3Y-for-tests-only-" + "x9Qw" * 10
HOSTS = "hdnd.example.vn"


def production_env(tmp_path, **overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS=HOSTS,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_deploy_reports_no_issue(tmp_path):
    result = manage(
        production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "set DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": ""}, "set DJANGO_SECRET_KEY"),
        (
            {"DJANGO_SECRET_KEY": "demo-only-insecure-key-do-not-use-in-production"},
            "the demo key is not accepted",
        ),
        ({"DJANGO_SECRET_KEY": "short-secret"}, "too short or too simple"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "set DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be false"),
        ({"DJANGO_ENV": "prod"}, "DJANGO_ENV must be one of"),
    ],
    ids=[
        "no-secret",
        "empty-secret",
        "demo-secret",
        "weak-secret",
        "no-hosts",
        "debug",
        "misspelt-mode",
    ],
)
def test_production_mode_refuses_to_start(tmp_path, overrides, message):
    result = manage(production_env(tmp_path, **overrides), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_demo_and_its_admin_account_are_refused_in_production(tmp_path):
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput").returncode == 0

    result = manage(env, "load_demo", "--admin")

    assert result.returncode != 0
    assert "Không nạp dữ liệu mẫu ở chế độ production" in result.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from django.contrib.auth.models import User;"
            "from meetings.models import Session;"
            "print(User.objects.count(), Session.objects.count())",
        ],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "council.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.stdout.split() == ["0", "0"], check.stderr


SERVE = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    client = Client(HTTP_HOST="hdnd.example.vn")
    plain = client.get("/")
    print("plain", plain.status_code, plain.get("Location"))
    home = client.get("/", secure=True)
    print("home", home.status_code)
    for header in ("Strict-Transport-Security", "Content-Security-Policy",
                   "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options"):
        print(header, "=", home.get(header))
    page = home.content.decode()
    css = page.split('href="/static/css/site.')[1].split('"')[0]
    print("css", css)
    static = client.get("/static/css/site." + css, secure=True,
                        HTTP_ACCEPT_ENCODING="gzip")
    print("static", static.status_code, static.get("Content-Encoding"),
          static.get("Cache-Control"))
    login = client.get("/admin/login/", secure=True)
    print("login", login.status_code)
    print("login-csp", login.get("Content-Security-Policy"))
    print("media", client.get("/media/photos/x.jpg", secure=True).status_code)
    health = client.get("/healthz")
    print("health", health.status_code)
    """
)


def test_production_serves_pages_over_https_with_hashed_compressed_static(tmp_path):
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput").returncode == 0
    collected = manage(env, "collectstatic", "--noinput", timeout=300)
    assert collected.returncode == 0, collected.stderr

    result = subprocess.run(
        [sys.executable, "-c", SERVE],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "council.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    lines = dict(
        line.split(" ", 1) for line in result.stdout.splitlines() if " " in line
    )
    assert lines["plain"] == "301 https://hdnd.example.vn/"
    assert lines["home"] == "200"
    assert lines["Strict-Transport-Security"] == (
        "= max-age=31536000; includeSubDomains; preload"
    )
    assert "default-src 'self'" in lines["Content-Security-Policy"]
    assert "upgrade-insecure-requests" in lines["Content-Security-Policy"]
    assert lines["X-Frame-Options"] == "= DENY"
    assert lines["Referrer-Policy"] == "= strict-origin-when-cross-origin"
    assert lines["X-Content-Type-Options"] == "= nosniff"
    # A content hash in the name, served compressed and cached for good.
    assert lines["css"].split(".")[0].isalnum()
    assert lines["css"].endswith(".css") and len(lines["css"]) == len(
        "0123456789ab.css"
    )
    assert lines["static"].startswith("200 gzip")
    assert "immutable" in lines["static"]
    assert lines["login"] == "200"
    assert lines["media"] == "404"  # media is the web server's or the bucket's
    assert lines["health"] == "200"  # load balancers probe over plain HTTP


# The policy is the same outside production mode: check it on real pages.


@pytest.mark.django_db
def test_public_pages_have_a_strict_content_security_policy(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())

    policy = response["Content-Security-Policy"]
    assert response.status_code == 200
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    # Structured data is a data block, not a script: the policy lets it be.
    page = response.content.decode()
    assert '<script type="application/ld+json">' in page
    assert "<script>" not in page and " style=" not in page


@pytest.mark.django_db
def test_the_admin_may_use_inline_styles_but_not_inline_scripts(admin_client):
    response = admin_client.get(reverse("admin:meetings_session_add"))

    policy = response["Content-Security-Policy"]
    assert response.status_code == 200
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    page = response.content.decode()
    assert "<script>" not in page


@pytest.mark.django_db
def test_pages_may_not_be_framed(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
