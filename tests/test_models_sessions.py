import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.models import Attendance, Session
from tests.factories import (
    AttendanceFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    RoleFactory,
    SessionFactory,
    TermFactory,
    local_datetime,
)

pytestmark = pytest.mark.django_db


def test_regular_session_gets_its_title_and_slug(standing_committee):
    session = SessionFactory(
        organization=standing_committee, period_year=2021, period_month=1
    )
    assert session.title == (
        "Phiên họp thường kỳ tháng 01/2021 của Thường trực HĐND tỉnh"
    )
    assert session.slug == "phien-hop-thuong-ky-thang-01-2021-cua-thuong-truc-hdnd-tinh"


def test_plenary_title_names_its_number_and_term():
    council = OrganizationFactory(name="Hội đồng nhân dân tỉnh", short_name="HĐND tỉnh")
    term = TermFactory(organization=council, number=11, start_year=2016, end_year=2021)
    session = SessionFactory(
        organization=council,
        term=term,
        kind=Session.Kind.PLENARY,
        ordinal=18,
        period_year=None,
        period_month=None,
        starts_at=local_datetime(2020, 12, 10, 8),
    )
    assert session.title == "Kỳ họp thứ 18 HĐND tỉnh khóa XI, nhiệm kỳ 2016-2021"


def test_only_one_regular_session_per_body_per_month(standing_committee):
    SessionFactory(organization=standing_committee, period_year=2021, period_month=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(
            organization=standing_committee, period_year=2021, period_month=1
        )
    # A thematic session in the same month is fine.
    SessionFactory(
        organization=standing_committee,
        kind=Session.Kind.THEMATIC,
        period_year=2021,
        period_month=1,
    )
    assert Session.objects.count() == 2


def test_regular_session_needs_its_month(standing_committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(
            organization=standing_committee,
            period_month=None,
            starts_at=local_datetime(2021, 1, 7, 8),
        )


def test_month_must_be_a_real_month(standing_committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(
            organization=standing_committee,
            kind=Session.Kind.THEMATIC,
            period_month=13,
            starts_at=local_datetime(2021, 1, 7, 8),
        )


def test_ordinals_follow_the_date_order_within_a_term(standing_committee):
    term = TermFactory()
    first = SessionFactory(
        organization=standing_committee, term=term, period_year=2021, period_month=7
    )
    second = SessionFactory(
        organization=standing_committee, term=term, period_year=2021, period_month=8
    )
    typed = SessionFactory(
        organization=standing_committee,
        term=term,
        period_year=2021,
        period_month=9,
        ordinal=26,
    )
    assert (first.ordinal, second.ordinal, typed.ordinal) == (1, 2, 26)


def test_a_person_attends_a_session_once():
    attendance = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(session=attendance.session, person=attendance.person)


def test_a_session_has_one_presiding_official():
    first = AttendanceFactory(role=Attendance.Role.PRESIDING)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(session=first.session, role=Attendance.Role.PRESIDING)


def test_attendance_title_is_the_title_on_the_session_day(standing_committee):
    person = PersonFactory()
    PositionFactory(
        person=person,
        organization=standing_committee.parent,
        role=RoleFactory(name="Phó Chủ tịch"),
        started_on=datetime.date(2016, 7, 1),
    )
    session = SessionFactory(
        organization=standing_committee, period_year=2021, period_month=1
    )
    attendance = AttendanceFactory(session=session, person=person)
    assert attendance.title == "Phó Chủ tịch HĐND tỉnh"


def test_attendance_title_is_not_rewritten_when_positions_change(standing_committee):
    person = PersonFactory()
    position = PositionFactory(
        person=person,
        organization=standing_committee.parent,
        role=RoleFactory(name="Phó Chủ tịch"),
    )
    session = SessionFactory(
        organization=standing_committee, period_year=2021, period_month=1
    )
    attendance = AttendanceFactory(session=session, person=person)

    position.role = RoleFactory(name="Chủ tịch")
    position.save()
    attendance.save()
    attendance.refresh_from_db()

    assert attendance.title == "Phó Chủ tịch HĐND tỉnh"
    assert person.title_on(session.held_on) == "Chủ tịch HĐND tỉnh"


def test_a_typed_attendance_title_is_kept():
    attendance = AttendanceFactory(title="Đại biểu HĐND tỉnh")
    attendance.refresh_from_db()
    assert attendance.title == "Đại biểu HĐND tỉnh"


def test_presiding_title_is_the_one_in_the_presiding_body(standing_committee):
    person = PersonFactory()
    PositionFactory(
        person=person,
        organization=OrganizationFactory(name="Tỉnh ủy", precedence=20),
        role=RoleFactory(name="Phó Bí thư"),
    )
    PositionFactory(
        person=person,
        organization=standing_committee.parent,
        role=RoleFactory(name="Chủ tịch"),
    )
    session = SessionFactory(organization=standing_committee)
    presiding = AttendanceFactory(
        session=session, person=person, role=Attendance.Role.PRESIDING
    )
    attending = AttendanceFactory(
        session=SessionFactory(organization=standing_committee), person=person
    )
    assert presiding.title == "Chủ tịch HĐND tỉnh"
    assert attending.title == "Phó Bí thư Tỉnh ủy - Chủ tịch HĐND tỉnh"


def test_held_sessions_exclude_planned_ones():
    held = SessionFactory()
    SessionFactory(status=Session.Status.PLANNED)
    assert list(Session.objects.held()) == [held]


def test_attendance_title_fits_a_long_list_of_positions(standing_committee):
    person = PersonFactory()
    for n in range(12):
        PositionFactory(
            person=person,
            organization=OrganizationFactory(name=f"Ban chỉ đạo chuyên đề số {n}"),
            role=RoleFactory(name="Phó Trưởng ban Thường trực"),
        )
    attendance = AttendanceFactory(
        session=SessionFactory(organization=standing_committee), person=person
    )
    attendance.refresh_from_db()
    assert attendance.title.count(" - ") == 11
