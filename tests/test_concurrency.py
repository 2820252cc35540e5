"""Two staff editing the same record: the second save is refused, input kept."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Article, Attendance, Photo, RecordChanged, Session
from tests.factories import (
    ArticleFactory,
    AttendanceFactory,
    PersonFactory,
    PhotoFactory,
    SessionFactory,
)
from tests.staff import EDITOR, REVIEWER, form_data, staff_user

pytestmark = pytest.mark.django_db

REFUSED = "Bản ghi đã được người khác sửa trong lúc bạn đang sửa"


@pytest.fixture
def first(django_user_model):
    client = Client()
    client.force_login(staff_user(django_user_model, EDITOR, "bien-tap-1"))
    return client


@pytest.fixture
def second(django_user_model):
    client = Client()
    client.force_login(staff_user(django_user_model, REVIEWER, "duyet-tin-2"))
    return client


def session_url(session):
    return reverse("admin:meetings_session_change", args=[session.pk])


def test_the_second_save_of_a_session_is_refused_and_keeps_what_was_typed(
    first, second
):
    session = SessionFactory(place="Phòng họp số 1", conclusion="")
    url = session_url(session)
    first_data = form_data(first.get(url), "session_form")
    second_data = form_data(second.get(url), "session_form")

    first_data["place"] = "Hội trường tầng 2"
    assert first.post(url, first_data).status_code == 302

    second_data["conclusion"] = "Kết luận dài mà người thứ hai vừa gõ xong."
    response = second.post(url, second_data)

    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert "Kết luận dài mà người thứ hai vừa gõ xong." in page
    session.refresh_from_db()
    assert session.place == "Hội trường tầng 2"
    assert session.conclusion == ""


def test_a_change_to_an_inline_makes_an_open_session_form_stale(first, second):
    session = SessionFactory()
    person = PersonFactory(given_name="Mới")
    attendance = AttendanceFactory(session=session, title="Ủy viên")
    url = session_url(session)
    first_data = form_data(first.get(url), "session_form")
    second_data = form_data(second.get(url), "session_form")

    # The first only changes an attendee's title: an inline, not the session.
    first_data["attendances-0-title"] = "Phó Chủ tịch HĐND tỉnh"
    assert first.post(url, first_data).status_code == 302

    # The second adds an attendee and types a title over the old one.
    second_data["attendances-0-title"] = "Chủ tịch"
    second_data.update(
        {
            "attendances-TOTAL_FORMS": "2",
            "attendances-1-order": "2",
            "attendances-1-person": str(person.pk),
            "attendances-1-role": Attendance.Role.ATTENDING,
            "attendances-1-title": "Chức danh người thứ hai gõ",
            "attendances-1-session": str(session.pk),
        }
    )
    response = second.post(url, second_data)

    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert "Chức danh người thứ hai gõ" in page
    attendance.refresh_from_db()
    assert attendance.title == "Phó Chủ tịch HĐND tỉnh"
    assert session.attendances.count() == 1


def test_a_photo_edited_on_its_own_page_makes_an_open_session_form_stale(first, second):
    session = SessionFactory()
    photo = PhotoFactory(session=session, caption="Chú thích cũ")
    url = session_url(session)
    session_data = form_data(second.get(url), "session_form")
    photo_url = reverse("admin:meetings_photo_change", args=[photo.pk])
    photo_data = form_data(first.get(photo_url), "photo_form")
    photo_data["caption"] = "Chú thích mới"
    assert first.post(photo_url, photo_data).status_code == 302

    session_data["photos-0-caption"] = "Chú thích của người thứ hai"
    response = second.post(url, session_data)

    assert REFUSED in response.content.decode()
    assert Photo.objects.get(pk=photo.pk).caption == "Chú thích mới"


def test_the_second_save_of_an_article_is_refused_and_keeps_what_was_typed(
    first, second
):
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, lead="Sa pô cũ."
    )
    url = reverse("admin:meetings_article_change", args=[article.pk])
    first_data = form_data(first.get(url), "article_form")
    second_data = form_data(second.get(url), "article_form")

    first_data["lead"] = "Sa pô của người thứ nhất."
    assert first.post(url, first_data).status_code == 302
    second_data["lead"] = "Sa pô người thứ hai mất công viết."
    response = second.post(url, second_data)

    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert "Sa pô người thứ hai mất công viết." in page
    article.refresh_from_db()
    assert article.lead == "Sa pô của người thứ nhất."


def test_saving_the_same_form_twice_is_refused_the_second_time(first):
    session = SessionFactory()
    url = session_url(session)
    data = form_data(first.get(url), "session_form")
    assert first.post(url, data).status_code == 302

    response = first.post(url, data)

    assert REFUSED in response.content.decode()


def test_a_fresh_form_after_the_refusal_saves(first, second):
    session = SessionFactory(place="A")
    url = session_url(session)
    stale = form_data(second.get(url), "session_form")
    first.post(url, form_data(first.get(url), "session_form") | {"place": "B"})
    assert REFUSED in second.post(url, stale | {"place": "C"}).content.decode()

    fresh = form_data(second.get(url), "session_form")
    assert second.post(url, fresh | {"place": "C"}).status_code == 302
    assert Session.objects.get(pk=session.pk).place == "C"


def test_each_save_moves_the_version_on():
    session = SessionFactory()
    assert session.version == 1
    session.save()
    session.save()
    assert Session.objects.get(pk=session.pk).version == 3


def test_saving_a_stale_copy_in_code_raises_and_writes_nothing():
    session = SessionFactory(place="A")
    mine = Session.objects.get(pk=session.pk)
    theirs = Session.objects.get(pk=session.pk)
    theirs.place = "B"
    theirs.save()

    mine.place = "C"
    with pytest.raises(RecordChanged):
        mine.save()

    assert Session.objects.get(pk=session.pk).place == "B"
    assert mine.version == theirs.version - 1
