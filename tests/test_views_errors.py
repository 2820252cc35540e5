"""The 404 and 500 pages and the health check (/healthz)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


def broken_database():
    """Make every query fail as if the database server were gone."""
    return mock.patch.object(
        CursorWrapper,
        "execute",
        side_effect=OperationalError("connection refused"),
    )


def test_404_page_is_vietnamese_in_the_site_layout(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "<h1>Không tìm thấy trang</h1>" in page
    assert 'class="site-header"' in page
    assert 'class="site-footer"' in page
    assert '<a href="/tin-tuc/">Tin tức</a>' in page


def test_500_page_renders_without_a_database(db):
    client = Client(raise_request_exception=False)
    with broken_database():
        response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "<h1>Hệ thống đang gặp sự cố</h1>" in page
    assert "Hội đồng nhân dân tỉnh" in page
    assert "Văn phòng HĐND tỉnh" in page
    assert 'class="site-footer"' in page


def test_500_page_runs_no_query(db, django_assert_num_queries):
    from meetings.views import server_error

    with django_assert_num_queries(0):
        response = server_error(None)
    assert response.status_code == 500


@pytest.mark.parametrize(
    "url", ["/tin-tuc/", "/phien-hop/", "/dai-bieu/", "/rss/", "/sitemap.xml"]
)
def test_every_public_page_falls_back_to_the_500_page(db, url):
    client = Client(raise_request_exception=False)
    with broken_database():
        response = client.get(url)
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client):
    with broken_database():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"


def test_healthz_answers_503_when_the_connection_fails(client):
    from django.db import connection

    with mock.patch.object(
        connection, "ensure_connection", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
