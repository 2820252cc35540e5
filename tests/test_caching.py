"""The public pages' cache: what is stored, and that nothing stale is served.

Each test turns the page cache on (conftest turns it off for the others) in
the configured backend, a database table here, inside the test's transaction.
A new page generation starts when a change commits: edits run inside
django_capture_on_commit_callbacks(execute=True), as after a real commit.
"""

import datetime
import email.utils
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from meetings import caching, search_index
from meetings.models import Article, Attendance, Photo
from tests.factories import (
    ArticleFactory,
    AttendanceFactory,
    CategoryFactory,
    PersonFactory,
    PhotoFactory,
    PositionFactory,
    RoleFactory,
    SessionFactory,
    local_datetime,
    standing_committee,
)
from tests.staff import form_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
NOW = local_datetime(2021, 1, 20, 9, 0)


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Cache pages for a day: a page must never be fresh only because it expired."""
    settings.PAGE_CACHE_SECONDS = 24 * 3600
    caching.discard_pending()
    search_index.discard_pending()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change's on-commit work, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def staff(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def record():
    """A held session, its published article, a photo and the presiding official."""
    committee = standing_committee()
    person = PersonFactory(family_name="Phạm", middle_name="Sỹ", given_name="Lợi")
    position = PositionFactory(
        person=person,
        organization=committee.parent,
        role=RoleFactory(name="Chủ tịch", precedence=10),
        started_on=datetime.date(2016, 7, 1),
    )
    session = SessionFactory(
        organization=committee,
        period_year=2021,
        period_month=1,
        starts_at=local_datetime(2021, 1, 7, 8),
    )
    AttendanceFactory(
        session=session,
        person=person,
        role=Attendance.Role.PRESIDING,
        title="Chủ tịch HĐND tỉnh",
    )
    photo = PhotoFactory(session=session, caption="Toàn cảnh phiên họp", order=0)
    photo.people.add(person)
    article = ArticleFactory(
        title="Thường trực HĐND tỉnh họp phiên thường kỳ tháng 01",
        category=CategoryFactory(name="Tổng hợp"),
        session=session,
        published_at=local_datetime(2021, 1, 7, 15),
    )
    search_index.rebuild()
    return {
        "session": session,
        "article": article,
        "person": person,
        "position": position,
        "photo": photo,
    }


def pages(record) -> dict[str, str]:
    article, session, person = record["article"], record["session"], record["person"]
    return {
        "home": reverse("meetings:home"),
        "news": reverse("meetings:article_list"),
        "category": article.category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "session": session.get_absolute_url(),
        "archive": reverse("meetings:session_list") + "?year=2021",
        "officials": reverse("meetings:person_list"),
        "official": person.get_absolute_url(),
        "feed": reverse("meetings:feed"),
        "search": reverse("meetings:search") + "?q=thuong+ky",
    }


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304, 404), (url, response.status_code)
    return response


def text(response) -> str:
    return response.content.decode()


def prime(client, urls):
    """Request each page twice: the second must come from the cache."""
    for url in urls:
        get(client, url)
        assert get(client, url)["X-Cache"] == "HIT", url


# What is stored


def test_an_anonymous_page_is_stored_then_served_in_one_cache_read(
    client, record, django_assert_num_queries
):
    url = pages(record)["article"]
    first = get(client, url)
    assert first["X-Cache"] == "MISS"
    # 1 the generation and the page, read together from the cache table
    with django_assert_num_queries(1):
        second = get(client, url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_every_public_page_is_cached(client, record):
    prime(client, pages(record).values())


def test_cached_pages_vary_by_cookie_and_language_and_always_revalidate(client, record):
    response = get(client, pages(record)["home"])
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary
    assert response["Cache-Control"] == "no-cache"
    assert response["ETag"].startswith('"')


def test_pages_are_keyed_by_their_query(client, record):
    search = reverse("meetings:search")
    link = f'href="{record["article"].get_absolute_url()}"'
    assert link in text(get(client, search + "?q=thuong+ky"))
    response = get(client, search + "?q=khong+co+dau")
    assert response["X-Cache"] == "MISS"
    assert link not in text(response)


def test_pages_are_keyed_by_their_host(client, record, settings):
    settings.ALLOWED_HOSTS = ["testserver", "hdnd.example.vn"]
    url = pages(record)["feed"]
    get(client, url)
    other = client.get(url, HTTP_HOST="hdnd.example.vn")
    assert other["X-Cache"] == "MISS"
    assert "http://hdnd.example.vn/" in text(other)


def test_a_new_release_does_not_serve_the_pages_of_the_last(
    client, record, monkeypatch
):
    url = pages(record)["home"]
    prime(client, [url])
    assert caching.code_version() == caching.code_version()
    monkeypatch.setattr(caching, "code_version", lambda: "ban-moi")
    assert get(client, url)["X-Cache"] == "MISS"


def test_unknown_query_parameters_are_served_but_not_stored(client, record):
    url = pages(record)["home"] + "?utm_source=zalo"
    for _ in range(2):
        response = get(client, url)
        assert response.status_code == 200
        assert "X-Cache" not in response


def test_not_found_is_not_stored(client, record):
    url = reverse("meetings:article", kwargs={"slug": "khong-co"})
    for _ in range(2):
        assert "X-Cache" not in get(client, url)


def test_a_response_setting_a_cookie_is_never_stored():
    request = RequestFactory().get("/")
    response = HttpResponse("<p>trang</p>")
    assert caching.is_storable(request, response)
    response.set_cookie("csrftoken", "abc")
    assert not caching.is_storable(request, response)
    private = HttpResponse("<p>trang</p>", headers={"Cache-Control": "private"})
    assert not caching.is_storable(request, private)


def test_with_the_page_cache_off_nothing_is_stored(client, record, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = get(client, pages(record)["home"])
    assert "X-Cache" not in response
    assert "ETag" not in response


def test_health_check_and_admin_are_never_cached(client, record):
    for url in (reverse("meetings:healthz"), reverse("admin:login")):
        for _ in range(2):
            assert "X-Cache" not in client.get(url)


# Staff


def test_staff_always_get_a_fresh_private_page(client, staff, record):
    url = pages(record)["article"]
    prime(client, [url])
    # Changed without a commit: the cached copy is stale and staff must not
    # see it.
    Article.objects.filter(pk=record["article"].pk).update(title="Tiêu đề mới")

    response = staff.get(url)

    assert "X-Cache" not in response
    assert "Tiêu đề mới" in text(response)
    assert "private" in response["Cache-Control"]
    # Their page was not stored for the public either.
    assert get(client, url)["X-Cache"] == "HIT"


def test_staff_preview_of_a_draft_is_not_stored(client, staff, record):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    url = draft.get_absolute_url()
    assert staff.get(url).status_code == 200
    assert client.get(url).status_code == 404


def test_a_waiting_message_bypasses_the_cache(client, record):
    url = pages(record)["home"]
    prime(client, [url])
    client.cookies["messages"] = "x"
    assert "X-Cache" not in get(client, url)


# Invalidation: every page showing a change is fresh at once


def test_editing_an_article_in_the_admin_refreshes_every_page_showing_it(
    client, staff, record, committed
):
    article = record["article"]
    urls = pages(record)
    shown = [urls[name] for name in ("home", "news", "category", "article", "feed")]
    prime(client, shown)
    # Search finds the new title (its entries are rewritten before the pages
    # expire).
    search = reverse("meetings:search") + "?q=ban+tin+da+sua"
    prime(client, [search])
    assert f'href="{urls["article"]}"' not in text(get(client, search))
    change = reverse("admin:meetings_article_change", args=[article.pk])
    data = form_data(staff.get(change), "article_form")
    data["title"] = "Bản tin đã sửa: Thường trực HĐND tỉnh họp phiên tháng 01"

    with committed():
        assert staff.post(change, data).status_code == 302

    for url in shown:
        response = get(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Bản tin đã sửa" in text(response), url
    assert f'href="{urls["article"]}"' in text(get(client, search))


def test_search_is_fresh_whatever_order_the_records_were_saved_in(
    client, record, django_capture_on_commit_callbacks
):
    search = reverse("meetings:search") + "?q=dinh+chinh+so+lieu"
    link = f'href="{record["article"].get_absolute_url()}"'
    prime(client, [search])

    with django_capture_on_commit_callbacks() as callbacks:
        # A photo first: this commit's first on-commit call is the pages'.
        record["photo"].caption = "Ảnh mới"
        record["photo"].save()
        record["article"].title = "Đính chính số liệu phiên họp tháng 01"
        record["article"].save()
    # A reader comes between the first call after the commit and the others.
    callbacks[0]()
    assert link in text(get(client, search))
    for callback in callbacks[1:]:
        callback()
    assert link in text(get(client, search))


def test_renaming_a_person_refreshes_the_session_record_and_their_pages(
    client, record, committed
):
    urls = pages(record)
    shown = [urls[name] for name in ("session", "officials", "official")]
    prime(client, shown)
    person = record["person"]

    with committed():
        person.given_name = "Lộc"
        person.save()

    for url in shown:
        page = text(get(client, url))
        assert "Phạm Sỹ Lộc" in page, url
        assert "Phạm Sỹ Lợi" not in page, url


def test_a_position_changed_in_the_admin_shows_on_the_officials_pages(
    client, staff, record, committed
):
    urls = pages(record)
    shown = [urls["officials"], urls["official"]]
    prime(client, shown)
    position = record["position"]
    change = reverse("admin:meetings_position_change", args=[position.pk])
    data = form_data(staff.get(change), "position_form")
    data["title_override"] = "Ủy viên Ban Thường vụ Tỉnh ủy - Chủ tịch HĐND tỉnh"

    with committed():
        assert staff.post(change, data).status_code == 302

    for url in shown:
        assert "Ủy viên Ban Thường vụ Tỉnh ủy - Chủ tịch HĐND tỉnh" in text(
            get(client, url)
        ), url


def test_a_photo_caption_changed_in_the_admin_shows_wherever_the_photo_is(
    client, staff, record, committed
):
    urls = pages(record)
    shown = [urls[name] for name in ("article", "session", "official")]
    prime(client, shown)
    photo = record["photo"]
    change = reverse("admin:meetings_photo_change", args=[photo.pk])
    data = form_data(staff.get(change), "photo_form")
    data["caption"] = "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp"

    with committed():
        assert staff.post(change, data).status_code == 302

    for url in shown:
        page = text(get(client, url))
        assert "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp" in page, url
        assert "Toàn cảnh phiên họp" not in page, url


def test_tagging_a_person_in_a_photo_shows_it_on_their_page(client, record, committed):
    other = PhotoFactory(session=record["session"], caption="Đại biểu phát biểu")
    url = record["person"].get_absolute_url()
    prime(client, [url])
    assert "Đại biểu phát biểu" not in text(get(client, url))

    with committed():
        other.people.add(record["person"])

    assert "Đại biểu phát biểu" in text(get(client, url))


def test_deleting_a_photo_removes_it_everywhere(client, record, committed):
    urls = pages(record)
    shown = [urls["article"], urls["session"]]
    prime(client, shown)

    with committed():
        Photo.objects.get(pk=record["photo"].pk).delete()

    for url in shown:
        assert "Toàn cảnh phiên họp" not in text(get(client, url)), url


def test_an_unrelated_change_keeps_nothing_stale_but_costs_one_render(
    client, record, committed
):
    url = pages(record)["session"]
    prime(client, [url])
    with committed():
        CategoryFactory(name="Hoạt động giám sát")
    response = get(client, url)
    assert response["X-Cache"] == "MISS"
    assert get(client, url)["X-Cache"] == "HIT"


def test_a_rolled_back_change_keeps_the_cached_pages(client, record):
    url = pages(record)["home"]
    prime(client, [url])
    record["article"].title = "Không lưu"
    record["article"].save()  # no commit: the test's transaction
    assert get(client, url)["X-Cache"] == "HIT"


def test_expire_pages_after_writes_that_bypass_save(client, record):
    url = pages(record)["article"]
    prime(client, [url])
    Article.objects.filter(pk=record["article"].pk).update(title="Nhập hàng loạt")
    assert "Nhập hàng loạt" not in text(get(client, url))

    call_command("expire_pages")

    assert "Nhập hàng loạt" in text(get(client, url))


# Publishing and withdrawing


def test_publishing_shows_the_article_everywhere_at_once(
    client, staff, record, committed
):
    article = ArticleFactory(
        title="Tin mới duyệt về giám sát",
        category=record["article"].category,
        status=Article.Status.REVIEW,
        published_at=None,
    )
    urls = pages(record)
    shown = [urls[name] for name in ("home", "news", "category", "feed")]
    prime(client, shown)
    assert get(client, article.get_absolute_url()).status_code == 404

    with committed():
        staff.post(
            reverse("admin:meetings_article_transition", args=[article.pk, "xuat_ban"])
        )

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert get(client, article.get_absolute_url()).status_code == 200
    for url in shown:
        assert "Tin mới duyệt về giám sát" in text(get(client, url)), url


def test_withdrawing_takes_the_article_off_every_page_at_once(
    client, admin_user, record, committed
):
    article = record["article"]
    urls = pages(record)
    shown = [urls[name] for name in ("home", "news", "category", "feed", "search")]
    prime(client, [*shown, urls["article"]])

    with committed():
        article.withdraw(by=admin_user, reason="Sai số liệu")

    assert get(client, urls["article"]).status_code == 404
    for url in shown:
        assert article.title not in text(get(client, url)), url


# Time: scheduled publication and the date


def test_a_scheduled_article_appears_at_its_time_despite_the_cache(
    client, record, committed
):
    urls = pages(record)
    shown = [urls[name] for name in ("home", "news", "category", "feed")]
    with time_machine.travel(NOW, tick=False):
        with committed():
            ArticleFactory(
                title="Tin hẹn giờ về kỳ họp",
                category=record["article"].category,
                published_at=NOW + datetime.timedelta(minutes=30),
            )
        prime(client, shown)
        for url in shown:
            assert "Tin hẹn giờ về kỳ họp" not in text(get(client, url)), url

    with time_machine.travel(NOW + datetime.timedelta(minutes=29), tick=False):
        assert get(client, urls["home"])["X-Cache"] == "HIT"

    with time_machine.travel(NOW + datetime.timedelta(minutes=30), tick=False):
        for url in shown:
            response = get(client, url)
            assert response["X-Cache"] == "MISS", url
            assert "Tin hẹn giờ về kỳ họp" in text(response), url


def test_a_position_starting_tomorrow_shows_from_midnight(client, record):
    today = timezone.localdate(NOW)
    PositionFactory(
        person=record["person"],
        organization=record["session"].organization,
        role=RoleFactory(name="Phó Chủ tịch", precedence=20),
        title_override="Bí thư Tỉnh ủy",
        started_on=today + datetime.timedelta(days=1),
    )
    url = reverse("meetings:person_list")
    with time_machine.travel(NOW, tick=False):
        prime(client, [url])
        assert "Bí thư Tỉnh ủy" not in text(get(client, url))
    midnight = local_datetime(2021, 1, 21, 0, 0)
    with time_machine.travel(midnight, tick=False):
        assert "Bí thư Tỉnh ủy" in text(get(client, url))


# Conditional GETs


def test_if_none_match_gets_304_until_the_page_changes(client, record, committed):
    url = pages(record)["article"]
    etag = get(client, url)["ETag"]

    not_modified = get(client, url, if_none_match=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    with committed():
        CategoryFactory(name="Không liên quan")
    # Made again, the same page has the same ETag.
    assert get(client, url, if_none_match=etag).status_code == 304

    with committed():
        record["article"].title = "Tiêu đề đã đính chính"
        record["article"].save()
    changed = get(client, url, if_none_match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Tiêu đề đã đính chính" in text(changed)


def test_if_modified_since_gets_304_until_something_changes(client, record, committed):
    url = pages(record)["home"]
    with time_machine.travel(NOW, tick=False):
        with committed():
            record["article"].save()
        # Within the second a change was made, no date is given: a second
        # change in the same second would get the same one.
        assert "Last-Modified" not in get(client, url)
    with time_machine.travel(NOW + datetime.timedelta(seconds=5), tick=False):
        response = get(client, url)
        last_modified = response["Last-Modified"]
        assert email.utils.parsedate_to_datetime(last_modified) == NOW
        assert get(client, url, if_modified_since=last_modified).status_code == 304
        with committed():
            record["article"].title = "Tin đã đính chính"
            record["article"].save()
    with time_machine.travel(NOW + datetime.timedelta(seconds=10), tick=False):
        response = get(client, url, if_modified_since=last_modified)
        assert response.status_code == 200
        assert "Tin đã đính chính" in text(response)
        assert response["Last-Modified"] != last_modified


def test_the_feed_is_dated_by_the_last_change_not_its_newest_item(
    client, record, committed
):
    # The feed's own date is its newest item's; a caption edit leaves it.
    url = pages(record)["feed"]
    with time_machine.travel(NOW, tick=False):
        with committed():
            record["photo"].caption = "Chú thích mới"
            record["photo"].save()
    with time_machine.travel(NOW + datetime.timedelta(seconds=5), tick=False):
        last_modified = get(client, url)["Last-Modified"]
    assert email.utils.parsedate_to_datetime(last_modified) == NOW


# Failures and configuration


def test_pages_are_served_when_the_cache_fails(client, record, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caching.page_cache().__class__, "get_many", broken)
    response = get(client, pages(record)["home"])
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_the_redis_backend_makes_one_client_per_pool():
    cache = caching.RedisCache("redis://127.0.0.1:6379/0", {})
    client = cache._cache.get_client()
    assert cache._cache.get_client("another key") is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool


@pytest.fixture
def redis_cache(settings, tmp_path):
    """A Redis server of the test's own, when redis-server is installed."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "meetings.caching.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            }
        }
        for _ in range(100):
            try:
                caching.page_cache().get("ping")
                break
            except Exception:
                time.sleep(0.05)
        yield caching.page_cache()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_pages_in_redis_are_fresh_after_an_edit(client, record, committed, redis_cache):
    url = pages(record)["article"]
    prime(client, [url])
    etag = get(client, url)["ETag"]
    assert get(client, url, if_none_match=etag).status_code == 304

    with committed():
        record["article"].title = "Tin đã sửa, lưu trong Redis"
        record["article"].save()

    response = get(client, url, if_none_match=etag)
    assert response.status_code == 200
    assert "Tin đã sửa, lưu trong Redis" in text(response)
    assert get(client, url)["X-Cache"] == "HIT"


def settings_in_subprocess(**env) -> subprocess.CompletedProcess:
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "REDIS_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="council.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.db.DatabaseCache"),
        ({"CACHE_URL": "redis://127.0.0.1:6379/1"}, "meetings.caching.RedisCache"),
        ({"REDIS_URL": "rediss://cache.example.vn:6380/0"}, "caching.RedisCache"),
    ],
)
def test_the_cache_backend_comes_from_the_environment(env, backend):
    result = settings_in_subprocess(**env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(backend)


def test_an_unknown_cache_url_is_refused():
    result = settings_in_subprocess(CACHE_URL="memcached://127.0.0.1")
    assert result.returncode != 0
    assert "CACHE_URL must start with redis://" in result.stderr
