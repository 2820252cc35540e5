"""The RSS 2.0 feed of the latest news (/rss/)."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Article, Photo
from tests.factories import ArticleFactory, PhotoFactory
from tests.site_data import published_articles

pytestmark = pytest.mark.django_db

FEED = reverse("meetings:feed")


def channel(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.find("channel")


def test_feed_describes_the_site_in_vietnamese(client):
    feed = channel(client)
    assert feed.findtext("title") == "Hội đồng nhân dân tỉnh - Tin tức"
    assert feed.findtext("link") == "http://testserver/tin-tuc/"
    assert feed.findtext("language") == "vi"


def test_feed_has_the_newest_20_published_articles(client):
    articles = published_articles(22, photos=0)
    ArticleFactory(title="Tin nháp", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(
        title="Tin hẹn giờ",
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ArticleFactory(title="Tin gỡ", status=Article.Status.WITHDRAWN)
    items = channel(client).findall("item")
    titles = [item.findtext("title") for item in items]
    assert titles == [article.title for article in reversed(articles[2:])]


def test_feed_item_carries_full_lead_link_date_and_category(client, demo_article):
    (item,) = channel(client).findall("item")
    url = f"http://testserver{demo_article.get_absolute_url()}"
    assert item.findtext("title") == demo_article.title
    assert item.findtext("link") == url
    assert item.findtext("guid") == url
    assert item.findtext("description") == demo_article.lead
    assert item.findtext("category") == "Tổng hợp"
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published == demo_article.published_at


def test_feed_enclosure_is_the_cover_photo_with_length_and_type(client, demo_article):
    (item,) = channel(client).findall("item")
    enclosures = item.findall("enclosure")
    assert len(enclosures) == 1
    cover = Photo.objects.filter(session=demo_article.session).order_by("order")[0]
    jpeg = cover.fallback_rendition()
    storage = cover.image.storage
    # The JPEG rendition, with the size recorded when it was made.
    assert enclosures[0].get("url") == f"http://testserver{storage.url(jpeg['name'])}"
    assert enclosures[0].get("length") == str(storage.size(jpeg["name"]))
    assert enclosures[0].get("type") == "image/jpeg"


def test_feed_item_without_photo_has_no_enclosure(client):
    published_articles(1, photos=0)
    (item,) = channel(client).findall("item")
    assert item.find("enclosure") is None


def test_feed_skips_the_enclosure_when_the_size_is_unknown(client):
    # A photo stored before sizes were recorded: the feed does not ask storage.
    (article,) = published_articles(1, photos=0)
    photo = PhotoFactory(session=None, article=article)
    Photo.objects.filter(pk=photo.pk).update(renditions=[], file_size=0)
    (item,) = channel(client).findall("item")
    assert item.find("enclosure") is None


def test_feed_escapes_markup_and_stays_valid_xml(client):
    ArticleFactory(title="<script>alert('x')</script> & Co", lead="<b>sa pô</b>")
    (item,) = channel(client).findall("item")
    assert item.findtext("title") == "<script>alert('x')</script> & Co"
    assert item.findtext("description") == "<b>sa pô</b>"


def test_empty_feed_is_valid(client):
    assert channel(client).findall("item") == []


@pytest.mark.parametrize("size", [2, 25])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, size):
    published_articles(size, photos=2)
    # 1 the newest published articles with categories and cover ids
    # 2 their cover photos
    with django_assert_num_queries(2):
        items = channel(client).findall("item")
    assert len(items) == min(size, 20)
