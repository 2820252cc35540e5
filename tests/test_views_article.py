"""News pages: an article, the news list, a category and the category index."""

import datetime
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from meetings.models import Article, Session
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    PhotoFactory,
    SessionFactory,
)
from tests.site_data import published_articles

pytestmark = pytest.mark.django_db

NEWS = reverse("meetings:article_list")


def text(response) -> str:
    return response.content.decode()


def json_ld(page: str) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL
    )
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


# The article page ---------------------------------------------------------------


def test_demo_article_reads_like_the_seed(client, demo_article):
    response = client.get(demo_article.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="article-title">Phiên họp tháng 01 năm 2021 của Thường' in page
    assert '<time datetime="2021-01-07T11:30:00+07:00">Thứ Năm, 07/01/2021</time>' in (
        page
    )
    assert '<p class="kicker"><a href="/linh-vuc/tong-hop/">Tổng hợp</a></p>' in page
    assert '<p class="lead">Sáng ngày 07/01/2021, Thường trực HĐND tỉnh' in page
    assert '<p class="byline">Văn phòng HĐND tỉnh</p>' in page
    # Photos sit where they belong: the first right after the lead, the second
    # after the attendance paragraph, with their captions.
    lead = page.index('class="lead"')
    first_photo = page.index("<figcaption>Toàn cảnh phiên họp</figcaption>")
    attendance = page.index("<p>Tham dự phiên họp còn có ông Đặng Thanh Sơn")
    second_photo = page.index("Đặng Thanh Sơn trình bày báo cáo tại phiên họp</fig")
    assert lead < first_photo < attendance < second_photo
    # The first photo loads at once; the others lazily.
    assert page.count('loading="lazy"') == 2
    assert "Bản nháp" not in page


def test_article_links_its_session_record(client, demo_article):
    page = text(client.get(demo_article.get_absolute_url()))
    assert f'href="{demo_article.session.get_absolute_url()}"' in page


def test_article_does_not_link_a_session_that_is_not_public(client):
    session = SessionFactory(status=Session.Status.PLANNED)
    article = ArticleFactory(session=session)
    page = text(client.get(article.get_absolute_url()))
    assert session.get_absolute_url() not in page


def test_article_lists_related_news_of_its_category(client):
    older, newer, current = published_articles(3)
    other_category = ArticleFactory(title="Tin lĩnh vực khác")
    draft = ArticleFactory(
        category=current.category,
        title="Tin nháp",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    page = text(client.get(current.get_absolute_url()))
    related = page[page.index("Tin cùng lĩnh vực") :]
    assert related.index(newer.title) < related.index(older.title)
    assert current.title not in related
    assert other_category.title not in related
    assert draft.title not in related


def test_article_without_related_news_says_so(client):
    article = ArticleFactory()
    assert "Chưa có tin khác cùng lĩnh vực." in text(
        client.get(article.get_absolute_url())
    )


def test_article_has_canonical_open_graph_and_twitter_meta(client, demo_article):
    page = text(client.get(demo_article.get_absolute_url()))
    url = f"http://testserver{demo_article.get_absolute_url()}"
    cover = demo_article.session.photos.order_by("order", "id").first()
    # The JPEG rendition: link previews and feed readers may not take WebP.
    image = f"http://testserver{cover.picture.src}"
    assert cover.picture.src.endswith("-1200.jpg")
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert (
        '<meta property="og:title" content="Phiên họp tháng 01 năm 2021 của '
        'Thường trực HĐND tỉnh">'
    ) in page
    assert f'<meta property="og:image" content="{image}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="800">' in page
    assert '<meta property="og:locale" content="vi_VN">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'<meta name="twitter:image" content="{image}">' in page
    assert '<meta name="description" content="Sáng ngày 07/01/2021' in page


def test_article_has_news_article_json_ld(client, demo_article):
    data = json_ld(text(client.get(demo_article.get_absolute_url())))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == demo_article.title
    assert data["description"] == demo_article.lead
    assert data["datePublished"] == "2021-01-07T11:30:00+07:00"
    assert data["inLanguage"] == "vi"
    assert data["articleSection"] == "Tổng hợp"
    assert data["author"] == {"@type": "Organization", "name": "Văn phòng HĐND tỉnh"}
    assert data["publisher"]["name"] == "Hội đồng nhân dân tỉnh"
    assert len(data["image"]) == 3
    assert data["image"][0].startswith("http://testserver/media/photos/")
    assert data["mainEntityOfPage"].endswith(demo_article.get_absolute_url())


def test_article_without_photos_has_a_plain_twitter_card(client):
    article = ArticleFactory()
    page = text(client.get(article.get_absolute_url()))
    assert '<meta name="twitter:card" content="summary">' in page
    assert "og:image" not in page
    assert json_ld(page)["image"] == []


def test_unplaced_photos_go_to_the_gallery(client):
    article = ArticleFactory()
    PhotoFactory(session=None, article=article, caption="Ảnh trong bài")
    PhotoFactory(
        session=None, article=article, caption="Ảnh trong bài 2", body_position=1
    )
    page = text(client.get(article.get_absolute_url()))
    gallery = page[page.index('class="gallery-section"') :]
    assert "Ảnh trong bài</figcaption>" in gallery
    assert "Ảnh trong bài 2" not in gallery


def test_article_escapes_markup_from_the_database(client):
    article = ArticleFactory(
        title="<script>alert('x')</script></script>",
        lead="Sa pô <b>đậm</b>",
        body="Đoạn <iframe src=x></iframe>",
        byline="<em>Tác giả</em>",
    )
    PhotoFactory(
        session=None,
        article=article,
        caption='<script>alert("ảnh")</script>',
        body_position=0,
    )
    page = text(client.get(article.get_absolute_url()))
    assert "<script>alert" not in page
    assert "<b>đậm</b>" not in page
    assert "<iframe" not in page
    assert "<em>Tác giả</em>" not in page
    assert "&lt;script&gt;alert(&quot;ảnh&quot;)&lt;/script&gt;" in page
    assert "&lt;iframe src=x&gt;&lt;/iframe&gt;" in page
    # The JSON-LD cannot be closed early by a title, and still parses.
    data = json_ld(page)
    assert data["headline"] == "<script>alert('x')</script></script>"
    assert page.count("</script>") == 1


@pytest.mark.parametrize("size", [1, 25])
def test_article_query_count_does_not_grow(client, django_assert_num_queries, size):
    (article,) = published_articles(1, photos=size)
    published_articles(size, category=article.category)
    # 1 the article with its category and session
    # 2 its photos and its session's photos
    # 3 related news of the category
    with django_assert_num_queries(3):
        response = client.get(article.get_absolute_url())
    assert text(response).count('<figure class="photo">') == size


# Visibility ---------------------------------------------------------------------


def hidden_articles():
    now = timezone.now()
    return [
        ArticleFactory(status=Article.Status.DRAFT, published_at=None),
        ArticleFactory(status=Article.Status.REVIEW, published_at=None),
        ArticleFactory(status=Article.Status.WITHDRAWN, published_at=now),
        ArticleFactory(published_at=now + datetime.timedelta(days=1)),
    ]


def test_hidden_articles_are_404_for_the_public(client):
    for article in hidden_articles():
        assert client.get(article.get_absolute_url()).status_code == 404


def test_hidden_articles_are_404_for_signed_in_non_staff(client, django_user_model):
    user = django_user_model.objects.create_user("ban-doc", password="mat-khau-1")
    client.force_login(user)
    for article in hidden_articles():
        assert client.get(article.get_absolute_url()).status_code == 404


def test_hidden_articles_are_absent_from_lists(client):
    hidden = hidden_articles()
    for url in (
        reverse("meetings:home"),
        NEWS,
        hidden[0].category.get_absolute_url(),
    ):
        page = text(client.get(url))
        for article in hidden:
            assert article.title not in page


def test_staff_preview_hidden_articles_with_a_draft_banner(admin_client):
    for article in hidden_articles():
        response = admin_client.get(article.get_absolute_url())
        assert response.status_code == 200
        page = text(response)
        assert "<strong>Bản nháp</strong>" in page
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"


def test_staff_see_no_banner_on_a_published_article(admin_client):
    article = ArticleFactory()
    page = text(admin_client.get(article.get_absolute_url()))
    assert "Bản nháp" not in page


def test_admin_view_on_site_leads_to_the_preview(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    content_type = ContentType.objects.get_for_model(Article)
    url = reverse("admin:view_on_site", args=[content_type.pk, article.pk])
    response = admin_client.get(url, follow=True)
    assert response.redirect_chain[-1][0].endswith(article.get_absolute_url())
    assert "<strong>Bản nháp</strong>" in text(response)


def test_unknown_article_is_404(client):
    url = reverse("meetings:article", kwargs={"slug": "khong-co"})
    assert client.get(url).status_code == 404


# The news list ------------------------------------------------------------------


def test_news_list_shows_newest_first_with_cover_date_and_lead(client):
    older, newer = published_articles(2)
    page = text(client.get(NEWS))
    assert page.index(newer.title) < page.index(older.title)
    assert page.count('<figure class="photo">') == 2
    assert "Sa pô của tin bài." in page
    assert timezone.localtime(newer.published_at).strftime("%d/%m/%Y") in page


def test_news_list_paginates(client):
    articles = published_articles(14, photos=0)
    first = text(client.get(NEWS))
    assert first.count('class="card ') == 12
    assert 'href="?page=2"' in first
    second = text(client.get(NEWS, {"page": 2}))
    assert second.count('class="card ') == 2
    assert articles[0].title in second


@pytest.mark.parametrize("number", ["-1", "0", "abc", str(10**9), "9" * 5000])
def test_news_list_hostile_page_number_shows_a_normal_page(client, number):
    published_articles(3, photos=0)
    response = client.get(NEWS, {"page": number})
    assert response.status_code == 200
    assert text(response).count('class="card ') == 3


def test_news_list_empty_state(client):
    response = client.get(NEWS)
    assert response.status_code == 200
    assert "Chưa có tin bài nào được đăng." in text(response)


def test_news_list_escapes_titles(client):
    ArticleFactory(title="<script>tiêu đề</script>")
    page = text(client.get(NEWS))
    assert "<script>tiêu đề" not in page
    assert "&lt;script&gt;tiêu đề&lt;/script&gt;" in page


def test_article_cover_is_the_first_photo_of_article_or_session(client):
    session = SessionFactory()
    article = ArticleFactory(session=session)
    PhotoFactory(session=session, order=2, caption="Ảnh thứ hai")
    PhotoFactory(session=None, article=article, order=1, caption="Ảnh bìa")
    page = text(client.get(NEWS))
    assert 'alt="Ảnh bìa"' in page
    assert 'alt="Ảnh thứ hai"' not in page


@pytest.mark.parametrize("size", [2, 12])
def test_news_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    published_articles(size, photos=3)
    # 1 count of published articles
    # 2 the page of articles with categories and cover ids
    # 3 the cover photos
    with django_assert_num_queries(3):
        response = client.get(NEWS)
    assert text(response).count('<figure class="photo">') == size


# Categories ---------------------------------------------------------------------


def test_category_page_lists_only_its_published_news(client):
    category = CategoryFactory(name="Giám sát", description="Hoạt động giám sát.")
    (mine,) = published_articles(1, category=category)
    (other,) = published_articles(1)
    response = client.get(category.get_absolute_url())
    page = text(response)
    assert response.status_code == 200
    assert '<h1 class="page-title">Giám sát</h1>' in page
    assert "Hoạt động giám sát." in page
    assert mine.title in page
    assert other.title not in page


def test_category_page_empty_state(client):
    category = CategoryFactory()
    assert "Chưa có tin bài nào được đăng." in text(
        client.get(category.get_absolute_url())
    )


def test_unknown_category_is_404(client):
    url = reverse("meetings:category", kwargs={"slug": "khong-co"})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_category_page_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    (first, *_) = published_articles(size, photos=2)
    # 1 the category, 2 count, 3 the page of articles, 4 the cover photos
    with django_assert_num_queries(4):
        client.get(first.category.get_absolute_url())


def test_category_index_lists_categories_with_published_counts(client):
    category = CategoryFactory(name="Tổng hợp")
    published_articles(2, category=category, photos=0)
    ArticleFactory(category=category, status=Article.Status.DRAFT, published_at=None)
    CategoryFactory(name="Giám sát")
    page = text(client.get(reverse("meetings:category_list")))
    assert 'Tổng hợp</a>\n    <span class="count">2 tin bài</span>' in page
    assert 'Giám sát</a>\n    <span class="count">0 tin bài</span>' in page


def test_category_index_empty_state(client):
    page = text(client.get(reverse("meetings:category_list")))
    assert "Chưa có lĩnh vực nào." in page


@pytest.mark.parametrize("size", [1, 15])
def test_category_index_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    for _ in range(size):
        published_articles(1, photos=0)
    # 1 categories with their published counts
    with django_assert_num_queries(1):
        client.get(reverse("meetings:category_list"))
