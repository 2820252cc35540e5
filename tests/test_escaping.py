"""Markup typed into titles, leads and captions is shown as text everywhere."""

import pytest
from django.urls import reverse

from meetings.models import Article
from tests.factories import ArticleFactory, PhotoFactory, SessionFactory
from tests.staff import EDITOR, staff_user

pytestmark = pytest.mark.django_db

TITLE = 'Tin <script>alert("tieu-de")</script> mới'
LEAD = "Sa pô <img src=x onerror=alert(1)> đậm"
CAPTION = "Ảnh <b onmouseover=alert(2)>chủ tọa</b>"


@pytest.fixture
def hostile_article():
    article = ArticleFactory(title=TITLE, lead=LEAD)
    PhotoFactory(session=None, article=article, caption=CAPTION, body_position=0)
    return article


def assert_shown_as_text(page: str):
    assert "<script>alert(" not in page
    assert "<img src=x onerror" not in page
    assert "<b onmouseover" not in page
    assert "&lt;script&gt;alert(" in page


def test_the_public_article_page_escapes_title_lead_and_caption(
    client, hostile_article
):
    page = client.get(hostile_article.get_absolute_url()).content.decode()

    assert_shown_as_text(page)
    assert "&lt;b onmouseover=alert(2)&gt;chủ tọa&lt;/b&gt;" in page
    # Inside JSON-LD, "<" is escaped so no tag can close the block early.
    assert "\\u003Cscript\\u003E" in page


def test_the_news_list_and_home_escape_titles(client, hostile_article):
    for url in ("/", reverse("meetings:article_list")):
        assert_shown_as_text(client.get(url).content.decode())


def test_the_admin_escapes_titles_leads_and_captions(admin_client, hostile_article):
    change = admin_client.get(
        reverse("admin:meetings_article_change", args=[hostile_article.pk])
    ).content.decode()
    changelist = admin_client.get(
        reverse("admin:meetings_article_changelist")
    ).content.decode()
    photos = admin_client.get(reverse("admin:meetings_photo_changelist"))

    assert_shown_as_text(change)
    assert "&lt;b onmouseover=alert(2)&gt;" in change
    assert_shown_as_text(changelist)
    assert "<b onmouseover" not in photos.content.decode()


def test_the_review_dashboard_and_history_escape_titles(
    client, django_user_model, hostile_article
):
    editor = staff_user(django_user_model, EDITOR)
    article = ArticleFactory(
        title=TITLE, status=Article.Status.DRAFT, published_at=None
    )
    article.submit(by=editor)
    client.force_login(editor)

    dashboard = client.get(reverse("admin:index")).content.decode()
    assert_shown_as_text(dashboard)

    session = SessionFactory(subject="", place=TITLE)
    from tests.staff import form_data

    url = reverse("admin:meetings_session_change", args=[session.pk])
    client.post(url, form_data(client.get(url), "session_form") | {"place": LEAD})
    from reversion.models import Version

    version = Version.objects.get_for_object(session).get()
    compare = client.get(
        reverse("admin:meetings_session_compare", args=[session.pk, version.pk])
    ).content.decode()
    assert "<img src=x onerror" not in compare
    assert "&lt;img src=x onerror=alert(1)&gt;" in compare
