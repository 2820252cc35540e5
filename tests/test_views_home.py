"""The home page (/) and the site layout every page shares."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Article, Session
from tests.factories import ArticleFactory, CategoryFactory, SessionFactory
from tests.site_data import held_sessions, published_articles

pytestmark = pytest.mark.django_db

HOME = reverse("meetings:home")


def text(response) -> str:
    return response.content.decode()


def test_home_shows_latest_news_sessions_and_categories(client):
    category = CategoryFactory(name="Tổng hợp")
    articles = published_articles(8, category=category)
    sessions = held_sessions(7)
    page = text(client.get(HOME))
    # The newest article leads, with its lead; seven articles in all.
    assert 'class="card card--featured has-media"' in page
    assert page.index(articles[-1].title) < page.index(articles[-2].title)
    assert articles[0].title not in page
    assert page.count('<figure class="photo">') == 7
    # The six latest sessions, newest first.
    assert sessions[-1].title in page
    assert sessions[0].title not in page
    assert page.index(sessions[-1].title) < page.index(sessions[-2].title)
    # The categories, linked; their counts are on /linh-vuc/ only (a count
    # reads every published article, too dear for the most read page).
    assert f'<a href="{category.get_absolute_url()}">Tổng hợp</a></li>' in page
    assert 'class="count"' not in page


def test_home_empty_state(client):
    response = client.get(HOME)
    assert response.status_code == 200
    page = text(response)
    assert "Chưa có tin bài nào được đăng." in page
    assert "Chưa có phiên họp nào được công bố." in page
    assert "Chưa có lĩnh vực nào." in page


def test_home_hides_drafts_and_sessions_not_held(client):
    ArticleFactory(title="Tin nháp", status=Article.Status.DRAFT, published_at=None)
    SessionFactory(subject="dự kiến", status=Session.Status.PLANNED)
    page = text(client.get(HOME))
    assert "Tin nháp" not in page
    assert "dự kiến" not in page


def test_home_on_the_demo_data(client, demo_article):
    page = text(client.get(HOME))
    assert demo_article.title in page
    assert demo_article.session.title in page
    assert 'href="/linh-vuc/tong-hop/"' in page


def test_home_escapes_titles(client):
    ArticleFactory(title="<script>alert(1)</script>")
    page = text(client.get(HOME))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("size", [2, 15])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    held_sessions(size, with_article=True)
    # The sessions' articles (without photos) are older than the news below.
    Article.objects.update(published_at=timezone.now() - datetime.timedelta(days=9))
    published_articles(size, photos=3)
    # 1 latest published articles with categories and cover ids
    # 2 their cover photos
    # 3 latest held sessions with bodies and articles
    # 4 categories
    with django_assert_num_queries(4):
        client.get(HOME)


# The layout ---------------------------------------------------------------------


def test_layout_has_language_skip_link_navigation_search_and_footer(client, settings):
    settings.SITE_OFFICE_ADDRESS = "Số 1, đường Trần Hưng Đạo"
    settings.SITE_OFFICE_PHONE = "0200 3812 345"
    settings.SITE_OFFICE_EMAIL = "vanphong@hdnd.example.gov.vn"
    page = text(client.get(reverse("meetings:article_list")))
    assert '<html lang="vi">' in page
    assert '<a class="skip-link" href="#noi-dung">' in page
    assert '<main id="noi-dung"' in page
    for label, name in [
        ("Tin tức", "article_list"),
        ("Phiên họp", "session_list"),
        ("Đại biểu", "person_list"),
        ("Lĩnh vực", "category_list"),
    ]:
        assert f'<a href="{reverse("meetings:" + name)}"' in page
        assert f">{label}</a>" in page
    assert '<form class="search" role="search" action="/tim-kiem/" method="get">' in (
        page
    )
    assert 'name="q"' in page
    assert '<nav class="breadcrumbs" aria-label="Vị trí trang">' in page
    assert "Số 1, đường Trần Hưng Đạo" in page
    assert 'href="tel:02003812345"' in page
    assert 'href="mailto:vanphong@hdnd.example.gov.vn"' in page
    assert 'media="print"' in page
    assert 'type="application/rss+xml"' in page


def test_navigation_marks_the_current_section(client):
    page = text(client.get(reverse("meetings:session_list")))
    assert '<a href="/phien-hop/" aria-current="true">Phiên họp</a>' in page
    assert '<a href="/tin-tuc/">Tin tức</a>' in page


def test_search_box_echoes_the_query_escaped(client):
    page = text(client.get(HOME, {"q": '"><script>x</script>'}))
    assert "<script>x</script>" not in page
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in page


def test_footer_leaves_out_contact_lines_that_are_not_set(client, settings):
    settings.SITE_OFFICE_PHONE = ""
    page = text(client.get(HOME))
    assert "Điện thoại:" not in page
    assert "Cơ quan quản lý: Văn phòng HĐND tỉnh" in page
