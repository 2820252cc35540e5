import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import Article, Photo
from tests.factories import ArticleFactory, PhotoFactory, local_datetime

pytestmark = pytest.mark.django_db


@time_machine.travel(local_datetime(2021, 1, 8, 9), tick=False)
def test_published_means_published_status_and_date_not_in_future():
    now = timezone.now()
    visible = ArticleFactory(published_at=now - datetime.timedelta(minutes=1))
    ArticleFactory(published_at=now + datetime.timedelta(minutes=1))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    ArticleFactory(status=Article.Status.WITHDRAWN)

    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_by_itself_when_its_time_comes():
    with time_machine.travel(local_datetime(2021, 1, 7, 9), tick=False):
        article = ArticleFactory(published_at=local_datetime(2021, 1, 7, 11))
        assert not Article.objects.published().exists()
        assert not article.is_public
    with time_machine.travel(local_datetime(2021, 1, 7, 11, 1), tick=False):
        assert list(Article.objects.published()) == [article]


def test_a_published_article_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(published_at=None)


def test_article_slug_transliterates_its_title():
    article = ArticleFactory(
        title="Phiên họp tháng 01 năm 2021 của Thường trực HĐND tỉnh"
    )
    assert article.slug == "phien-hop-thang-01-nam-2021-cua-thuong-truc-hdnd-tinh"


def test_paragraphs_are_split_on_blank_lines():
    article = ArticleFactory(body="Một.\n\n\n  Hai.  \n\nBa.")
    assert article.paragraphs == ["Một.", "Hai.", "Ba."]


def test_a_photo_belongs_to_a_session_or_an_article():
    with pytest.raises(IntegrityError), transaction.atomic():
        PhotoFactory(session=None, article=None)
    assert not Photo.objects.exists()


def test_photo_stores_its_dimensions():
    photo = PhotoFactory()
    assert (photo.width, photo.height) == (64, 48)
