"""History: who changed what, comparison, revert, and recovery of deleted records."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from reversion.models import Version

from meetings.models import Article, Attendance, Document, Person, Position, Session
from tests.factories import (
    ArticleFactory,
    AttendanceFactory,
    PersonFactory,
    PhotoFactory,
    PositionFactory,
    SessionFactory,
)
from tests.staff import CONTENT_ADMIN, EDITOR, form_data, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(staff_user(django_user_model, EDITOR, "bien-tap"))
    return client


def edit_session(client, session, **changes):
    url = reverse("admin:meetings_session_change", args=[session.pk])
    data = form_data(client.get(url), "session_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def versions_of(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user")


def test_every_admin_save_of_a_session_is_kept_with_who_and_when(editor_client):
    session = SessionFactory(place="Phòng họp cũ")
    AttendanceFactory(session=session, title="Ủy viên")

    edit_session(editor_client, session, place="Phòng họp mới")

    [version] = versions_of(session)
    assert version.revision.user.username == "bien-tap"
    assert version.field_dict["place"] == "Phòng họp mới"
    # The revision holds the session's inlines too.
    kept = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"session", "attendance"} <= kept


def test_the_history_page_lists_the_changes_and_compares_them(editor_client):
    session = SessionFactory(place="Phòng họp cũ")
    attendance = AttendanceFactory(session=session, title="Ủy viên")
    edit_session(editor_client, session)
    edit_session(
        editor_client,
        session,
        place="Hội trường lớn",
        **{"attendances-0-title": "Phó Chủ tịch"},
    )
    newest = versions_of(session).order_by("-pk").first()

    history = editor_client.get(
        reverse("admin:meetings_session_history", args=[session.pk])
    ).content.decode()
    compare = editor_client.get(
        reverse("admin:meetings_session_compare", args=[session.pk, newest.pk])
    )

    assert "bien-tap" in history
    assert (
        reverse("admin:meetings_session_compare", args=[session.pk, newest.pk])
        in history
    )
    page = compare.content.decode()
    assert compare.status_code == 200
    assert "Sửa phiên họp" in page
    assert "<del>Phòng họp cũ</del>" in page and "<ins>Hội trường lớn</ins>" in page
    assert f"Sửa thành phần tham dự: {attendance}" in page
    assert "<del>Ủy viên</del>" in page and "<ins>Phó Chủ tịch</ins>" in page


def test_a_session_is_reverted_with_its_inlines(editor_client):
    session = SessionFactory(place="Phòng họp cũ")
    AttendanceFactory(session=session, title="Ủy viên")
    edit_session(editor_client, session)
    original = versions_of(session).get()
    edit_session(
        editor_client,
        session,
        place="Sai địa điểm",
        **{"attendances-0-title": "Sai chức danh"},
    )
    url = reverse("admin:meetings_session_revision", args=[session.pk, original.pk])

    page = editor_client.get(url)
    assert page.status_code == 200
    assert Session.objects.get(pk=session.pk).place == "Sai địa điểm"  # only shown
    response = editor_client.post(url, form_data(page, "session_form"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Phòng họp cũ"
    assert session.attendances.get().title == "Ủy viên"
    assert session.version == 4  # a revert is a new change on top


def test_a_deleted_session_is_recovered_with_its_inlines(editor_client):
    session = SessionFactory(place="Phòng họp tầng 3")
    AttendanceFactory(session=session, title="Ủy viên")
    AttendanceFactory(session=session, title="Thư ký")
    pk = session.pk
    delete_url = reverse("admin:meetings_session_delete", args=[pk])

    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Session.objects.filter(pk=pk).exists()
    assert not Attendance.objects.filter(session_id=pk).exists()

    recover_list = editor_client.get(reverse("admin:meetings_session_recoverlist"))
    [deleted] = recover_list.context["deleted"]
    assert "Khôi phục" in recover_list.content.decode()
    recover_url = reverse("admin:meetings_session_recover", args=[deleted.pk])
    page = editor_client.get(recover_url)
    response = editor_client.post(recover_url, form_data(page, "session_form"))

    assert response.status_code == 302
    session = Session.objects.get(pk=pk)
    assert session.place == "Phòng họp tầng 3"
    assert sorted(session.attendances.values_list("title", flat=True)) == [
        "Thư ký",
        "Ủy viên",
    ]


def test_deleting_sessions_from_the_list_keeps_them_recoverable(editor_client):
    sessions = SessionFactory.create_batch(2)
    response = editor_client.post(
        reverse("admin:meetings_session_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [s.pk for s in sessions],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Session.objects.exists()
    assert Version.objects.get_deleted(Session).count() == 2


def test_a_revert_never_changes_an_articles_state(client, django_user_model):
    reviewer = django_user_model.objects.create_superuser("tong-bien-tap")
    client.force_login(reviewer)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:meetings_article_change", args=[article.pk])
    client.post(url, form_data(client.get(url), "article_form") | {"lead": "Cũ."})
    draft_version = versions_of(article).get()
    article.refresh_from_db()
    article.submit(by=reviewer)
    article.publish(by=reviewer)
    client.post(url, form_data(client.get(url), "article_form") | {"lead": "Mới."})

    revision = reverse(
        "admin:meetings_article_revision", args=[article.pk, draft_version.pk]
    )
    response = client.post(revision, form_data(client.get(revision), "article_form"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead == "Cũ."
    assert article.status == Article.Status.PUBLISHED


def test_officials_and_positions_are_kept_and_recoverable(client, django_user_model):
    client.force_login(staff_user(django_user_model, CONTENT_ADMIN, "quan-tri"))
    person = PersonFactory(given_name="Lợi")
    position = PositionFactory(person=person)
    url = reverse("admin:meetings_person_change", args=[person.pk])
    client.post(url, form_data(client.get(url), "person_form") | {"biography": "Mới"})
    assert versions_of(person).count() == 1
    assert versions_of(position).count() == 1  # followed from the official

    client.post(
        reverse("admin:meetings_position_delete", args=[position.pk]), {"post": "yes"}
    )
    assert not Position.objects.exists()
    [deleted] = Version.objects.get_deleted(Position)
    recover_url = reverse("admin:meetings_position_recover", args=[deleted.pk])
    client.post(recover_url, form_data(client.get(recover_url), "position_form"))

    assert Position.objects.get().person_id == person.pk
    # Deleting and recovering the position changed the official: their
    # history shows both, after the edit.
    assert versions_of(person).count() == 3
    assert Person.objects.get().biography == "Mới"


def test_history_pages_need_staff_rights(client):
    session = SessionFactory()
    url = reverse("admin:meetings_session_history", args=[session.pk])
    assert client.get(url).status_code == 302


def test_a_recovered_session_drops_the_files_its_deletion_removed(
    editor_client, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    photo = PhotoFactory(session=session, caption="Toàn cảnh phiên họp")
    document = Document.objects.create(
        session=session,
        title="Báo cáo tháng 12/2020",
        file=ContentFile(b"%PDF-1.4 minimal", name="bao-cao.pdf"),
        original_filename="bao-cao.pdf",
        file_size=16,
    )
    storage = photo.image.storage
    photo_files = photo.stored_files()
    assert all(storage.exists(name) for name in photo_files)
    assert storage.exists(document.file.name)
    delete_url = reverse("admin:meetings_session_delete", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(delete_url, {"post": "yes"})
    assert not any(storage.exists(name) for name in photo_files)
    assert not storage.exists(document.file.name)

    [deleted] = editor_client.get(
        reverse("admin:meetings_session_recoverlist")
    ).context["deleted"]
    recover_url = reverse("admin:meetings_session_recover", args=[deleted.pk])
    page = editor_client.get(recover_url)
    response = editor_client.post(
        recover_url, form_data(page, "session_form"), follow=True
    )

    session = Session.objects.get(pk=session.pk)
    assert not session.photos.exists()
    document = session.documents.get()
    assert document.title == "Báo cáo tháng 12/2020"
    assert (document.file.name, document.file_size) == ("", 0)
    assert "2 ảnh hoặc tệp không khôi phục được" in response.content.decode()
