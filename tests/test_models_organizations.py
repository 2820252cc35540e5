import datetime
import unicodedata

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from meetings.models import Organization, Person, Position
from tests.factories import (
    AttendanceFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    RoleFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date


@pytest.fixture
def bodies():
    return {
        "btv": OrganizationFactory(name="Ban Thường vụ Tỉnh ủy", precedence=10),
        "tu": OrganizationFactory(name="Tỉnh ủy", precedence=20),
        "hdnd": OrganizationFactory(
            name="Hội đồng nhân dân tỉnh", short_name="HĐND tỉnh", precedence=30
        ),
        "ubnd": OrganizationFactory(
            name="Ủy ban nhân dân tỉnh", short_name="UBND tỉnh", precedence=40
        ),
    }


def test_title_on_joins_positions_by_precedence(bodies):
    person = PersonFactory(family_name="Đặng", middle_name="Thanh", given_name="Sơn")
    PositionFactory(
        person=person,
        organization=bodies["hdnd"],
        role=RoleFactory(name="Phó Chủ tịch Thường trực", precedence=40),
    )
    PositionFactory(
        person=person, organization=bodies["btv"], role=RoleFactory(name="Ủy viên")
    )

    assert person.title_on(DAY(2021, 1, 7)) == (
        "Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch Thường trực HĐND tỉnh"
    )


def test_title_override_replaces_the_composed_title(bodies):
    person = PersonFactory()
    PositionFactory(
        person=person,
        organization=bodies["tu"],
        role=RoleFactory(name="Ủy viên"),
        title_override="Tỉnh ủy viên",
    )
    PositionFactory(
        person=person,
        organization=bodies["hdnd"],
        role=RoleFactory(name="Phó Chủ tịch", precedence=50),
    )

    assert person.title_on(DAY(2021, 1, 7)) == "Tỉnh ủy viên - Phó Chủ tịch HĐND tỉnh"


def test_title_follows_the_date_when_a_position_ends_and_another_starts(bodies):
    person = PersonFactory()
    deputy = RoleFactory(name="Phó Chủ tịch", precedence=50)
    chair = RoleFactory(name="Chủ tịch", precedence=30)
    PositionFactory(
        person=person,
        organization=bodies["ubnd"],
        role=deputy,
        started_on=DAY(2016, 7, 1),
        ended_on=DAY(2020, 12, 31),
    )
    PositionFactory(
        person=person,
        organization=bodies["hdnd"],
        role=chair,
        started_on=DAY(2021, 1, 1),
    )

    assert person.title_on(DAY(2020, 12, 31)) == "Phó Chủ tịch UBND tỉnh"
    assert person.title_on(DAY(2021, 1, 1)) == "Chủ tịch HĐND tỉnh"
    assert person.title_on(DAY(2016, 6, 30)) == ""


def test_title_on_with_prefetched_positions_runs_no_query(
    bodies, django_assert_num_queries
):
    person = PersonFactory()
    PositionFactory(person=person, organization=bodies["hdnd"])
    PositionFactory(person=person, organization=bodies["btv"])
    person = Person.objects.with_positions().get(pk=person.pk)

    with django_assert_num_queries(0):
        assert person.title_on(DAY(2021, 1, 7)).count(" - ") == 1


def test_position_cannot_end_before_it_starts_in_the_database(bodies):
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionFactory(started_on=DAY(2021, 1, 1), ended_on=DAY(2020, 1, 1))
    assert not Position.objects.exists()


def test_full_name_is_derived_from_the_parts():
    person = PersonFactory(family_name="Phạm", middle_name="Sỹ", given_name="Lợi")
    assert person.full_name == "Phạm Sỹ Lợi"
    assert str(person) == "Phạm Sỹ Lợi"
    person.middle_name = ""
    person.save()
    assert person.full_name == "Phạm Lợi"


def test_honorific_follows_gender():
    assert PersonFactory(gender="male").honorific() == "ông"
    assert PersonFactory(gender="female").honorific(capital=True) == "Bà"


def test_text_pasted_decomposed_is_stored_composed():
    decomposed = unicodedata.normalize("NFD", "Đặng Thanh Sơn")
    assert decomposed != "Đặng Thanh Sơn"
    person = PersonFactory(family_name="Đặng", middle_name="Thanh", given_name="Sơn")
    person.biography = unicodedata.normalize("NFD", "Quê quán: Hòa Bình")
    person.save()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, biography FROM meetings_person WHERE id = %s",
            [person.pk],
        )
        full_name, biography = cursor.fetchone()
    assert full_name == "Đặng Thanh Sơn"
    assert unicodedata.is_normalized("NFC", biography)
    # Lookups are normalised too: a decomposed query finds the composed row.
    assert Person.objects.filter(full_name=decomposed).get() == person


def test_slug_transliterates_vietnamese():
    person = PersonFactory(family_name="Đặng", middle_name="Thanh", given_name="Sơn")
    org = OrganizationFactory(name="Hội đồng nhân dân tỉnh", short_name="HĐND tỉnh")
    assert person.slug == "dang-thanh-son"
    assert org.slug == "hdnd-tinh"


def test_slugs_are_unique_with_a_suffix():
    first = PersonFactory(family_name="Nguyễn", middle_name="Văn", given_name="An")
    second = PersonFactory(family_name="Nguyễn", middle_name="Văn", given_name="An")
    assert first.slug == "nguyen-van-an"
    assert second.slug == "nguyen-van-an-2"


def test_slug_stays_when_the_name_is_edited():
    person = PersonFactory(family_name="Nguyễn", middle_name="Văn", given_name="An")
    person.given_name = "Bình"
    person.save()
    person.refresh_from_db()
    assert person.slug == "nguyen-van-an"


def test_officials_sort_by_given_name_in_vietnamese_order():
    for family, given in [
        ("Trần", "Đức"),
        ("Lê", "Dũng"),
        ("Nguyễn", "Ánh"),
        ("Bùi", "An"),
        ("Võ", "Yến"),
        ("Phạm", "Ân"),
        ("Đỗ", "Ăn"),
        ("Hồ", "Hà"),
        ("Lý", "Ha"),
    ]:
        PersonFactory(family_name=family, middle_name="", given_name=given)

    names = [p.full_name for p in Person.objects.all()]

    assert names == [
        "Bùi An",
        "Nguyễn Ánh",
        "Đỗ Ăn",
        "Phạm Ân",
        "Lê Dũng",
        "Trần Đức",
        "Lý Ha",
        "Hồ Hà",
        "Võ Yến",
    ]


def test_same_given_name_sorts_by_family_then_middle_name():
    PersonFactory(family_name="Trần", middle_name="Văn", given_name="Hòa")
    PersonFactory(family_name="Lê", middle_name="Thị", given_name="Hòa")
    PersonFactory(family_name="Lê", middle_name="Anh", given_name="Hòa")

    names = [p.full_name for p in Person.objects.all()]

    assert names == ["Lê Anh Hòa", "Lê Thị Hòa", "Trần Văn Hòa"]


def test_deleting_a_person_who_attended_a_session_is_refused():
    attendance = AttendanceFactory()
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        attendance.person.delete()
    assert attendance in refused.value.protected_objects
    assert Person.objects.filter(pk=attendance.person_id).exists()


def test_deleting_an_organization_with_sessions_is_refused():
    attendance = AttendanceFactory()
    organization = attendance.session.organization
    with pytest.raises(ProtectedError), transaction.atomic():
        organization.delete()
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_organization_keeps_its_history():
    province = OrganizationFactory(name="HĐND tỉnh mới")
    district = OrganizationFactory(
        name="HĐND huyện",
        level=Organization.Level.DISTRICT,
        active_from=DAY(1997, 1, 1),
        active_until=DAY(2025, 6, 30),
        successor=province,
    )

    assert district.is_active_on(DAY(2025, 6, 30))
    assert not district.is_active_on(DAY(2025, 7, 1))
    assert list(province.predecessors.all()) == [district]


def test_organization_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(active_from=DAY(2020, 1, 1), active_until=DAY(2019, 1, 1))


def test_term_shows_its_number_in_roman_numerals():
    term = TermFactory(number=15, start_year=2021, end_year=2026)
    assert term.label == "khóa XV, nhiệm kỳ 2021-2026"


def test_term_years_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        TermFactory(start_year=2026, end_year=2021)
