"""The public pages' cache, kept correct by one content generation.

Anonymous GETs of the public pages (PAGES) are stored whole in the
configured cache (Redis in production, a database table by default: both are
shared by every process and server). What makes it correct:

- One generation for the whole site, stored in the same cache: a token, when
  it was made, and until when it holds. Every saved, deleted or re-linked
  record of the app (except the few in NOT_SHOWN) marks the generation stale,
  and once the transaction commits it is replaced (after the search entries
  of that transaction are rewritten, so search is fresh too). A page stored
  under an older token is never served again, on any page that showed the
  record: no need to know which pages show what.
- A generation also ends by itself at the next scheduled publication and at
  local midnight (officials' current titles follow the date), so a scheduled
  article appears at its time although nothing was saved then. The first
  request after that time makes the next generation.
- A request with the session or messages cookie (staff) is never served from
  nor stored in the cache, and its response is marked private. Only 200
  responses without cookies and without private or no-store are stored.
- Pages carry an ETag (a hash of the content) and a Last-Modified (when the
  generation began), and a request naming them gets 304.

Why one generation rather than a key per record: an edit is rare next to
reads; after an edit each page costs one render again, while tracking which
pages show a person's name or a photo's caption would be a rule to keep in
step with every template. The cost of a hit is one cache round trip (the
generation and the page are read together).

Writes that bypass save() (QuerySet.update(), bulk_create(), SQL) send no
signal: run `manage.py expire_pages` after them. Every page also expires after
PAGE_CACHE_SECONDS whatever happens, which bounds the damage of a missed
signal or a cache outage during a change.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import secrets
import time
from pathlib import Path
from typing import NamedTuple

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis as redis_backend
from django.core.exceptions import DisallowedHost
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

# The pages stored: the public ones, the same for every anonymous reader.
PAGES = frozenset(
    f"meetings:{name}"
    for name in (
        "home",
        "article_list",
        "article",
        "category_list",
        "category",
        "session_list",
        "session",
        "person_list",
        "person",
        "search",
        "feed",
        "sitemap",
        "robots",
    )
)
# Query parameters the pages read (see DESIGN.md). A URL with any other is
# served but not stored, so made-up parameters cannot fill the cache.
PARAMETERS = frozenset(
    ["q", "year", "month", "kind", "organization", "person", "category", "page"]
)
MAX_QUERY_STRING = 500
# Models no public page shows: their changes keep the generation.
NOT_SHOWN = frozenset(
    ["meetings.searchentry", "meetings.searchword", "meetings.housestyle"]
    + ["meetings.articletransition"]
)

# Sorts after every "page:" key, so that the database cache's culling (which
# deletes the lowest keys) leaves it in place.
# Files whose change changes pages (templates, code, styles named in them).
CODE_SUFFIXES = frozenset([".py", ".html", ".txt", ".xml", ".css", ".js", ".json"])
GENERATION_KEY = "pages:generation"
# django.contrib.messages' cookie storage (CookieStorage.cookie_name).
MESSAGES_COOKIE = "messages"
PAGE_KEY_PREFIX = "page:"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


class Generation(NamedTuple):
    """The state of public content: pages stored under another token are stale."""

    token: str
    began_at: float  # epoch seconds
    ends_at: float  # epoch seconds: next scheduled publication or local midnight

    def is_over(self, now: float) -> bool:
        return now >= self.ends_at

    def last_modified(self, now: float) -> float | None:
        """Return the Last-Modified to send, or None within a second of the start.

        HTTP dates count whole seconds: a change in the same second as the
        previous one would get the same date, so the date is only given
        once any later change is sure to get a later one.
        """
        return self.began_at if now - self.began_at >= 1 else None


def next_generation(using: str = DEFAULT_DB_ALIAS) -> Generation:
    """Start a new generation now and store it; one query (the next schedule)."""
    from meetings.models import Article

    now = timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    ends_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    scheduled = (
        Article.objects.using(using)
        .scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if scheduled is not None:
        ends_at = min(ends_at, scheduled)
    generation = Generation(
        token=secrets.token_hex(8),
        began_at=now.timestamp(),
        ends_at=ends_at.timestamp(),
    )
    page_cache().set(GENERATION_KEY, tuple(generation), timeout=None)
    return generation


def expire_pages(using: str = DEFAULT_DB_ALIAS) -> None:
    """Make every stored page stale now (after writes that bypass save())."""
    next_generation(using)


# Following changes ----------------------------------------------------------

_state = Local()


def _dirty() -> set[str]:
    dirty = getattr(_state, "dirty", None)
    if dirty is None:
        dirty = _state.dirty = set()
    return dirty


def content_changed(sender=None, using=DEFAULT_DB_ALIAS, action=None, **kwargs):
    """Note a change of public content; a new generation starts at the commit.

    The receiver of post_save, post_delete and m2m_changed. It runs no query;
    inside a transaction the work waits for the commit (and is dropped with a
    rollback), outside one it runs at once.
    """
    if action is not None and not action.startswith("post_"):
        return
    if not settings.PAGE_CACHE_SECONDS:
        return
    _dirty().add(using)
    transaction.on_commit(lambda: _committed(using), using=using, robust=True)


def _committed(using: str) -> None:
    """Start a new generation once per commit, after search has caught up.

    Several saves register several calls; the first does the work. Search
    entries are rewritten first (the same flush search runs itself, which
    then finds nothing left): a page made between a new generation and
    stale entries would be kept for the whole generation.
    """
    dirty = _dirty()
    if using not in dirty:
        return
    dirty.discard(using)
    from meetings import search_index

    try:
        search_index.flush(using)
    except Exception:
        logger.exception("Search entries not refreshed before expiring pages")
    next_generation(using)


def discard_pending() -> None:
    """Forget the noted changes, e.g. those of test transactions rolled back."""
    _state.dirty = set()


def ensure_cache_tables(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create the database cache's table after migrate (no-op for Redis)."""
    call_command("createcachetable", database=using, verbosity=0)


def connect_signals() -> None:
    """Follow every change of the app's public records; create cache tables."""
    config = apps.get_app_config("meetings")
    for model in config.get_models():
        if model._meta.label_lower in NOT_SHOWN:
            continue
        uid = f"pages-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
    post_migrate.connect(
        ensure_cache_tables, sender=config, dispatch_uid="pages-cache-tables"
    )


# The Redis backend ------------------------------------------------------------


class _ReusedClients(redis_backend.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            pool = self._get_connection_pool(write)
            clients[index] = self._client(connection_pool=pool)
        return clients[index]


class RedisCache(redis_backend.RedisCache):
    """Django's Redis cache backend, with one redis.Redis client per pool.

    Django makes a new client for every operation, and redis-py builds its
    table of reply handlers each time: on a cached page that cost more than
    the round trip to Redis. A client is safe to share between threads (it
    takes a connection from the pool for each command), and the pool starts
    again after a fork.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients


# Serving ----------------------------------------------------------------------


class Entry(NamedTuple):
    """A stored page: the generation it belongs to and the response's parts."""

    token: str
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return response


@functools.cache
def code_version() -> str:
    """Return a fingerprint of the code and templates that make the pages.

    A page stored by one release is not served by the next: a deploy
    changes templates without changing any record. Read once per process,
    from the files' contents, so every server of a release agrees.
    """
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    folders = [base / "templates", *(Path(p) for p in settings.STATICFILES_DIRS)]
    folders += [Path(apps.get_app_config("meetings").path), base / "council"]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    for folder in folders:
        for file in sorted(folder.rglob("*")):
            if file.suffix in CODE_SUFFIXES and file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def page_key(request) -> str:
    """Key a page by what it depends on: release, scheme, host, language, URL."""
    parts = [
        code_version(),
        request.scheme,
        request.get_host(),
        get_language_from_request(request),
        request.get_full_path(),
    ]
    return PAGE_KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def is_public_page(request) -> bool:
    """Return whether the request is a GET of a page in PAGES."""
    if request.method != "GET":
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in PAGES


def is_personal(request) -> bool:
    """Return whether the request may get a page of its own (a signed-in user).

    Judged by the cookies, before any middleware reads the session: staff
    carry the session cookie, and a message waiting to be shown is in the
    messages cookie or the session.
    """
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies


def is_storable(request, response) -> bool:
    """Return whether a response is the same for every anonymous reader."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if has_vary_header(response, "*"):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PageCacheMiddleware:
    """Serve anonymous public pages from the cache and answer conditional GETs.

    Place it after WhiteNoise and before the session middleware: a hit skips
    the rest of the stack, and a stored response holds every header the
    inner middleware added (CSP, Vary, X-Frame-Options...).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not is_public_page(request):
            return self.get_response(request)
        if is_personal(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        try:
            key = page_key(request)
        except DisallowedHost:
            return self.get_response(request)
        if not self.is_cacheable_query(request):
            return self.get_response(request)
        cache = page_cache()
        try:
            found = cache.get_many([GENERATION_KEY, key])
            now = time.time()
            generation = found.get(GENERATION_KEY)
            generation = Generation(*generation) if generation else None
            if generation is None or generation.is_over(now):
                generation = next_generation()
        except Exception:
            logger.exception("Page cache unavailable; serving without it")
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation.token:
            response = Entry(*entry).response()
            response.headers["X-Cache"] = "HIT"
        else:
            response = self.get_response(request)
            if not is_storable(request, response):
                return response
            self.prepare(response)
            entry = Entry(
                token=generation.token,
                status=response.status_code,
                headers=tuple(response.headers.items()),
                content=response.content,
            )
            try:
                cache.set(key, tuple(entry), timeout=seconds)
            except Exception:
                logger.exception("Page not stored in the cache")
            response.headers["X-Cache"] = "MISS"
        return self.conditional(request, response, generation, time.time())

    @staticmethod
    def is_cacheable_query(request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        return len(query) <= MAX_QUERY_STRING and set(request.GET) <= PARAMETERS

    @staticmethod
    def prepare(response) -> None:
        """Set the validators and caching headers every stored copy carries."""
        # Last-Modified follows the generation, set per response below; the
        # feed's own (its newest item) misses photo and category edits.
        del response.headers["Last-Modified"]
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response.headers["ETag"] = f'"{digest}"'
        # Readers revalidate every time (ETag, 304), so an edit shows at once;
        # staff get other pages, so shared caches must tell them apart.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def conditional(request, response, generation: Generation, now: float):
        last_modified = generation.last_modified(now)
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request,
            etag=response.headers["ETag"],
            last_modified=int(last_modified) if last_modified is not None else None,
            response=response,
        )
