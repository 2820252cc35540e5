"""The sitemap (/sitemap.xml) and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Article, Session
from tests.factories import ArticleFactory, PersonFactory, SessionFactory
from tests.site_data import held_sessions, published_articles

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client) -> dict[str, str | None]:
    """Return {location: lastmod} from the parsed sitemap."""
    response = client.get(reverse("meetings:sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_public_pages_with_lastmod(client, demo_article):
    urls = sitemap(client)
    base = "http://testserver"
    article = f"{base}{demo_article.get_absolute_url()}"
    session = f"{base}{demo_article.session.get_absolute_url()}"
    person = f"{base}/dai-bieu/pham-sy-loi/"
    for location in (article, session, person, f"{base}/linh-vuc/tong-hop/"):
        assert location in urls
    assert f"{base}/" in urls
    assert f"{base}/phien-hop/" in urls
    assert (
        urls[article] == timezone.localtime(demo_article.updated_at).date().isoformat()
    )
    assert urls[session]


def test_sitemap_leaves_out_hidden_articles_and_sessions_not_held(client):
    now = timezone.now()
    hidden = [
        ArticleFactory(status=Article.Status.DRAFT, published_at=None),
        ArticleFactory(status=Article.Status.REVIEW, published_at=None),
        ArticleFactory(status=Article.Status.WITHDRAWN),
        ArticleFactory(published_at=now + datetime.timedelta(days=1)),
        SessionFactory(status=Session.Status.PLANNED),
        SessionFactory(status=Session.Status.POSTPONED),
    ]
    (visible,) = published_articles(1, photos=0)
    urls = sitemap(client)
    assert f"http://testserver{visible.get_absolute_url()}" in urls
    for record in hidden:
        assert f"http://testserver{record.get_absolute_url()}" not in urls


def test_empty_sitemap_is_valid(client):
    urls = sitemap(client)
    assert "http://testserver/" in urls


@pytest.mark.parametrize("size", [1, 20])
def test_sitemap_query_count_does_not_grow(client, django_assert_num_queries, size):
    published_articles(size, photos=0)
    held_sessions(size)
    for _ in range(size):
        PersonFactory()
    # Per model sitemap (articles, sessions, people, categories): a count for
    # the paginator and the rows of the page: 8 queries.
    with django_assert_num_queries(8):
        urls = sitemap(client)
    # Five section pages, one category, and size articles, sessions, people.
    assert len(urls) == 6 + 3 * size


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/robots.txt")
