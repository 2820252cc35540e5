import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from meetings.models import (
    AgendaItem,
    Attendance,
    Document,
    Person,
    Position,
    Session,
    Task,
)
from tests.factories import (
    AttendanceFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    RoleFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    model for model in admin.site._registry if model._meta.app_label == "meetings"
]


def inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def session_form(organization, **fields) -> dict:
    data = {
        "organization": organization.pk,
        "kind": Session.Kind.REGULAR,
        "status": Session.Status.HELD,
        "period_month": "1",
        "period_year": "2021",
        "starts_at_0": "07/01/2021",
        "starts_at_1": "08:00",
        "title": "",
        "subject": "",
        "place": "Phòng họp Thường trực HĐND tỉnh",
        "slug": "",
        "other_attendees": "lãnh đạo Ủy ban Mặt trận tổ quốc tỉnh",
        "conclusion": "",
    }
    for prefix in ("attendances", "agenda_items", "documents", "tasks", "photos"):
        data.update(inline_management(prefix))
    data.update(fields)
    return data


def position_form(person, organization, role, **fields) -> dict:
    data = {
        "person": person.pk,
        "organization": organization.pk,
        "role": role.pk,
        "title_override": "",
        "started_on": "01/07/2016",
        "ended_on": "",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_changelist_answers(admin_client, model):
    url = reverse(f"admin:meetings_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_add_page_answers(admin_client, model):
    url = reverse(f"admin:meetings_{model._meta.model_name}_add")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


def test_changelists_answer_with_the_demo_data(admin_client, demo_article):
    for model in MODELS:
        url = reverse(f"admin:meetings_{model._meta.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, model


def test_demo_session_change_page_answers(admin_client, demo_article):
    url = reverse("admin:meetings_session_change", args=[demo_article.session_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Phạm Sỹ Lợi" in response.content.decode()


def test_a_whole_session_is_saved_on_one_page(admin_client, standing_committee):
    chair, deputy, member = (
        PersonFactory(family_name="Phạm", middle_name="Sỹ", given_name="Lợi"),
        PersonFactory(family_name="Đặng", middle_name="Thanh", given_name="Sơn"),
        PersonFactory(family_name="Bùi", middle_name="Văn", given_name="Hoàng"),
    )
    PositionFactory(
        person=chair,
        organization=standing_committee.parent,
        role=RoleFactory(name="Chủ tịch", precedence=30),
    )
    data = session_form(
        standing_committee,
        concluded_by=chair.pk,
        conclusion="đề nghị các cơ quan tiếp thu các ý kiến đóng góp.",
    )
    data.update(inline_management("attendances", 3))
    for index, (person, role) in enumerate(
        [
            (chair, Attendance.Role.PRESIDING),
            (deputy, Attendance.Role.PRESENTING),
            (member, Attendance.Role.ATTENDING),
        ]
    ):
        data.update(
            {
                f"attendances-{index}-order": str(index + 1),
                f"attendances-{index}-person": str(person.pk),
                f"attendances-{index}-role": role,
                f"attendances-{index}-title": "",
            }
        )
    data.update(inline_management("agenda_items", 2))
    for index, title in enumerate(
        ["đánh giá kết quả tháng 12/2020", "triển khai chương trình tháng 01/2021"]
    ):
        data.update(
            {
                f"agenda_items-{index}-order": str(index + 1),
                f"agenda_items-{index}-title": title,
                f"agenda_items-{index}-presenter": str(deputy.pk),
                f"agenda_items-{index}-is_main": "on",
                f"agenda_items-{index}-summary": "Tóm tắt.",
            }
        )
    data.update(inline_management("tasks", 1))
    data.update(
        {
            "tasks-0-order": "1",
            "tasks-0-description": "giải quyết các việc phát sinh giữa hai kỳ họp",
            "tasks-0-responsible": str(standing_committee.pk),
            "tasks-0-due_on": "30/06/2021",
            "tasks-0-status": "dang_thuc_hien",
        }
    )
    data.update(inline_management("documents", 1))
    data.update(
        {
            "documents-0-kind": Document.Kind.REPORT,
            "documents-0-number": "01/BC-HĐND",
            "documents-0-title": "Báo cáo kết quả tháng 12/2020",
            "documents-0-issued_on": "05/01/2021",
            "documents-0-is_public": "on",
        }
    )

    response = admin_client.post(reverse("admin:meetings_session_add"), data)

    assert response.status_code == 302, response.context["errors"]
    session = Session.objects.get()
    assert session.starts_at.day == 7 and session.starts_at.month == 1
    assert session.title == (
        "Phiên họp thường kỳ tháng 01/2021 của Thường trực HĐND tỉnh"
    )
    attendances = list(session.attendances.order_by("order"))
    assert [a.person for a in attendances] == [chair, deputy, member]
    assert attendances[0].title == "Chủ tịch HĐND tỉnh"
    assert AgendaItem.objects.filter(session=session).count() == 2
    assert Task.objects.get().due_on.isoformat() == "2021-06-30"
    assert Document.objects.get().number == "01/BC-HĐND"


def test_a_second_regular_session_in_a_month_gets_a_clear_message(
    admin_client, standing_committee
):
    SessionFactory(organization=standing_committee, period_year=2021, period_month=1)

    response = admin_client.post(
        reverse("admin:meetings_session_add"), session_form(standing_committee)
    )

    assert response.status_code == 200
    assert "đã có phiên họp thường kỳ của tháng này" in response.content.decode()
    assert Session.objects.count() == 1


def test_month_13_gets_a_clear_message(admin_client, standing_committee):
    response = admin_client.post(
        reverse("admin:meetings_session_add"),
        session_form(standing_committee, period_month="13"),
    )

    assert response.status_code == 200
    assert "Tháng phải từ 1 đến 12." in response.content.decode()
    assert not Session.objects.exists()


def test_a_month_first_date_is_refused_not_misread(admin_client, standing_committee):
    response = admin_client.post(
        reverse("admin:meetings_session_add"),
        session_form(standing_committee, starts_at_0="01/13/2021"),
    )

    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.content.decode()
    assert not Session.objects.exists()


def test_the_same_person_twice_gets_a_clear_message(admin_client, standing_committee):
    person = PersonFactory()
    data = session_form(standing_committee)
    data.update(inline_management("attendances", 2))
    for index in range(2):
        data.update(
            {
                f"attendances-{index}-order": str(index),
                f"attendances-{index}-person": str(person.pk),
                f"attendances-{index}-role": Attendance.Role.ATTENDING,
            }
        )

    response = admin_client.post(reverse("admin:meetings_session_add"), data)

    assert response.status_code == 200
    assert "Vui lòng sửa" in response.content.decode()
    assert not Session.objects.exists()
    assert not Attendance.objects.exists()


def test_two_presiding_officials_get_a_clear_message(admin_client, standing_committee):
    session = SessionFactory(organization=standing_committee)
    AttendanceFactory(session=session, role=Attendance.Role.PRESIDING)
    other = PersonFactory()
    url = reverse("admin:meetings_session_change", args=[session.pk])
    data = session_form(
        standing_committee,
        period_month=str(session.period_month),
        period_year=str(session.period_year),
    )
    existing = session.attendances.get()
    data.update(
        {
            "attendances-TOTAL_FORMS": "2",
            "attendances-INITIAL_FORMS": "1",
            "attendances-0-id": str(existing.pk),
            "attendances-0-session": str(session.pk),
            "attendances-0-order": "1",
            "attendances-0-person": str(existing.person_id),
            "attendances-0-role": Attendance.Role.PRESIDING,
            "attendances-0-title": existing.title,
            "attendances-1-session": str(session.pk),
            "attendances-1-order": "2",
            "attendances-1-person": str(other.pk),
            "attendances-1-role": Attendance.Role.PRESIDING,
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Mỗi phiên họp chỉ có một người chủ trì." in response.content.decode()
    assert session.attendances.count() == 1


def test_a_position_ending_before_it_starts_gets_a_clear_message(admin_client):
    person, organization, role = PersonFactory(), OrganizationFactory(), RoleFactory()

    response = admin_client.post(
        reverse("admin:meetings_position_add"),
        position_form(person, organization, role, ended_on="30/06/2016"),
    )

    assert response.status_code == 200
    assert "Chức vụ không thể kết thúc trước ngày bắt đầu." in (
        response.content.decode()
    )
    assert not Position.objects.exists()


def test_deleting_a_referenced_person_is_refused_naming_the_references(admin_client):
    attendance = AttendanceFactory()
    url = reverse("admin:meetings_person_delete", args=[attendance.person_id])

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})

    assert "Không thể xóa" in page or "bảo vệ" in page
    assert str(attendance) in page
    assert Person.objects.filter(pk=attendance.person_id).exists()


def test_staff_groups_exist_with_their_permissions():
    editors = Group.objects.get(name="Biên tập viên")
    reviewers = Group.objects.get(name="Duyệt tin")
    content_admins = Group.objects.get(name="Quản trị nội dung")
    publish = Permission.objects.get(codename="publish_article")

    assert editors.permissions.filter(codename="change_session").exists()
    assert not editors.permissions.filter(pk=publish.pk).exists()
    assert reviewers.permissions.filter(pk=publish.pk).exists()
    assert not editors.permissions.filter(codename="change_person").exists()
    assert content_admins.permissions.filter(codename="change_person").exists()
    assert content_admins.permissions.filter(codename="add_organization").exists()


def test_an_editor_can_open_the_session_form_but_not_edit_officials(
    client, django_user_model
):
    editor = django_user_model.objects.create_user(
        "bientap", password="x", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)

    assert client.get(reverse("admin:meetings_session_add")).status_code == 200
    assert client.get(reverse("admin:meetings_person_add")).status_code == 403


def test_the_attendance_title_is_prefilled_from_positions(
    admin_client, standing_committee
):
    person = PersonFactory()
    PositionFactory(
        person=person,
        organization=standing_committee.parent,
        role=RoleFactory(name="Phó Chủ tịch"),
        started_on=datetime.date(2016, 7, 1),
        ended_on=datetime.date(2021, 1, 31),
    )
    url = reverse("admin:meetings_session_attendance_title")
    query = {"person": person.pk, "organization": standing_committee.pk}

    on_the_day = admin_client.get(url, {**query, "date": "07/01/2021"})
    after = admin_client.get(url, {**query, "date": "01/02/2021"})

    assert on_the_day.json() == {"title": "Phó Chủ tịch HĐND tỉnh"}
    assert after.json() == {"title": ""}


def test_the_title_prefill_refuses_bad_input_and_outsiders(client, admin_client):
    url = reverse("admin:meetings_session_attendance_title")

    assert (
        admin_client.get(url, {"person": "x", "date": "13/13/2021"}).status_code == 400
    )
    assert client.get(url).status_code == 302  # to the login page


def test_the_people_autocomplete_finds_names_typed_without_diacritics(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PersonFactory(family_name="Đặng", middle_name="Thanh", given_name="Sơn")
        PersonFactory(family_name="Bùi", middle_name="Văn", given_name="Hoàng")
    url = reverse("admin:autocomplete")
    params = {
        "app_label": "meetings",
        "model_name": "session",
        "field_name": "concluded_by",
    }

    def found(term):
        response = admin_client.get(url, {**params, "term": term})
        return [result["text"] for result in response.json()["results"]]

    assert found("dang thanh son") == ["Đặng Thanh Sơn"]
    assert found("Hoàng") == ["Bùi Văn Hoàng"]
    assert found("hoang") == ["Bùi Văn Hoàng"]
    assert found("nobody") == []
