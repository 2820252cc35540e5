"""The news composer: from a session's structured record to a Vietnamese draft."""

import datetime
import re
import unicodedata
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from meetings import demo
from meetings.composer import (
    Draft,
    close,
    compose,
    expand_abbreviations,
    lower_first,
)
from meetings.models import (
    AgendaItem,
    Attendance,
    HouseStyle,
    Organization,
    Person,
    Photo,
    Session,
)
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    OrganizationFactory,
    PersonFactory,
    PhotoFactory,
    PositionFactory,
    RoleFactory,
    SessionFactory,
    TaskFactory,
    TermFactory,
    local_datetime,
)

pytestmark = pytest.mark.django_db

# A byte-for-byte copy of ../shared/seeds/phien-hop-thang-01-2021.txt.
SEED = Path(__file__).parent / "data" / "phien-hop-thang-01-2021.txt"
DAY = datetime.date(2021, 1, 7)
TERM_START = datetime.date(2016, 7, 1)

SEED_STYLE = HouseStyle(name="Bản tin gốc")
COMRADE_STYLE = HouseStyle(
    name="Đồng chí",
    honorific=HouseStyle.Honorific.COMRADE,
    name_separator=HouseStyle.Separator.COMMA,
    title_separator=HouseStyle.Separator.COMMA,
    organization_names=HouseStyle.OrganizationNames.FULL,
    attendance_opening=HouseStyle.AttendanceOpening.COMRADES_ATTENDING,
    title_form=HouseStyle.TitleForm.ORDINAL,
)


def seed_lines() -> list[str]:
    """The seed article's lines exactly as published (page chrome included)."""
    return SEED.read_text(encoding="utf-8").splitlines()


def assert_clean(draft: Draft) -> None:
    """No empty sentence, no dangling punctuation, NFC, closed with "./."."""
    texts = [draft.title, draft.lead, *draft.paragraphs]
    for text in texts:
        assert text == text.strip(), text
        assert unicodedata.is_normalized("NFC", text), text
        assert "  " not in text, text
        assert not re.search(r"\s[,.;:]", text), text
        assert not re.search(r"[,;:]\s*[.;,]", text), text
        assert not re.search(r"\s-\s*[.;,]", text), text
        assert " - ;" not in text and ", ;" not in text, text
    assert all(draft.paragraphs), draft.paragraphs
    assert not draft.title.endswith((".", ",", ";", ":"))
    closing = draft.paragraphs[-1] if draft.paragraphs else draft.lead
    assert closing.endswith("./.")
    assert "./." not in " ".join(texts).replace(closing, "")
    for paragraph in [draft.lead, *draft.paragraphs]:
        assert paragraph.endswith((".", "…", "...", "./.")), paragraph


def council() -> dict[str, Organization]:
    """HĐND tỉnh, its standing committee, UBND tỉnh and the party bodies."""
    hdnd = OrganizationFactory(
        name="Hội đồng nhân dân tỉnh",
        short_name="HĐND tỉnh",
        kind=Organization.Kind.COUNCIL,
        precedence=30,
    )
    return {
        "hdnd": hdnd,
        "thuong_truc": OrganizationFactory(
            name="Thường trực Hội đồng nhân dân tỉnh",
            short_name="Thường trực HĐND tỉnh",
            kind=Organization.Kind.STANDING_COMMITTEE,
            parent=hdnd,
            precedence=31,
        ),
        "ubnd": OrganizationFactory(
            name="Ủy ban nhân dân tỉnh",
            short_name="UBND tỉnh",
            kind=Organization.Kind.PEOPLES_COMMITTEE,
            precedence=40,
        ),
        "btv": OrganizationFactory(
            name="Ban Thường vụ Tỉnh ủy",
            kind=Organization.Kind.PARTY_STANDING,
            precedence=10,
        ),
        "tinh_uy": OrganizationFactory(
            name="Tỉnh ủy", kind=Organization.Kind.PARTY_COMMITTEE, precedence=20
        ),
        "kinh_te": OrganizationFactory(
            name="Ban Kinh tế - Ngân sách HĐND tỉnh",
            kind=Organization.Kind.COUNCIL_COMMITTEE,
            parent=hdnd,
            precedence=33,
        ),
    }


def role(name: str, precedence: int):
    return RoleFactory(name=name, precedence=precedence)


def person(full_name: str, gender=Person.Gender.MALE, *positions, **kwargs) -> Person:
    """Make a person and their positions: (organization, role name[, override])."""
    family, *middle, given = full_name.split()
    someone = PersonFactory(
        family_name=family, middle_name=" ".join(middle), given_name=given, **kwargs
    )
    someone.gender = gender
    someone.save()
    precedences = {
        "Chủ tịch": 30,
        "Phó Chủ tịch Thường trực": 40,
        "Phó Chủ tịch": 50,
        "Trưởng ban": 60,
        "Ủy viên": 80,
    }
    for organization, role_name, *override in positions:
        PositionFactory(
            person=someone,
            organization=organization,
            role=role(role_name, precedences.get(role_name, 100)),
            title_override=override[0] if override else "",
            started_on=TERM_START,
        )
    return someone


def attend(session, someone, role=Attendance.Role.ATTENDING, order=0, **kwargs):
    return AttendanceFactory(
        session=session, person=someone, role=role, order=order, **kwargs
    )


@pytest.fixture
def orgs():
    return council()


@pytest.fixture
def session(orgs):
    """A regular January 2021 session presided over by Phạm Sỹ Lợi."""
    term = TermFactory(organization=orgs["hdnd"], number=15)
    meeting = SessionFactory(
        organization=orgs["thuong_truc"],
        term=term,
        period_year=2021,
        period_month=1,
        starts_at=local_datetime(2021, 1, 7, 8, 0),
    )
    chair = person("Phạm Sỹ Lợi", Person.Gender.MALE, (orgs["hdnd"], "Chủ tịch"))
    attend(meeting, chair, Attendance.Role.PRESIDING, order=1)
    return meeting


def add_main_item(session, title="đánh giá kết quả thực hiện nhiệm vụ tháng 12/2020"):
    return AgendaItemFactory(session=session, title=title, is_main=True, order=1)


# The seed article --------------------------------------------------------


def test_demo_title_lead_and_attendance_are_the_seed_articles(demo_article):
    draft = compose(demo_article.session)

    lines = seed_lines()
    assert draft.title == demo.ARTICLE_TITLE
    assert draft.lead == demo.ARTICLE_LEAD
    assert draft.paragraphs[0] == demo.ATTENDANCE_PARAGRAPH
    # Character for character against the published page itself too.
    assert draft.title in lines
    assert draft.lead in lines
    assert draft.paragraphs[0] in lines


def test_demo_draft_carries_the_seed_summaries_and_conclusion(demo_article):
    draft = compose(demo_article.session)

    assert demo.RESULTS_SUMMARY in draft.paragraphs
    assert demo.COORDINATION_SUMMARY in draft.paragraphs
    assert draft.paragraphs[-1] == demo.CONCLUSION_PARAGRAPH
    tasks = next(p for p in draft.paragraphs if "nhiệm vụ trọng tâm" in p)
    assert tasks.startswith(
        "Triển khai chương trình công tác tháng 01/2021 và thời gian tới, phiên họp "
        "thống nhất đề ra các nhiệm vụ trọng tâm: Tăng cường thực hiện"
    )
    assert "; ".join(demo.FOCAL_TASKS) in tasks
    also = next(p for p in draft.paragraphs if p.startswith("Phiên họp cũng"))
    assert also.startswith(
        "Phiên họp cũng nghe UBND tỉnh báo cáo công tác phối hợp tổ chức kỳ họp thứ "
        "18 HĐND tỉnh"
    )
    assert_clean(draft)


def test_demo_photos_go_where_the_seed_has_them_with_its_captions(demo_article):
    photos = list(Photo.objects.filter(session=demo_article.session).order_by("order"))
    expected_positions = {p.pk: p.body_position for p in photos}
    seed_captions = {
        re.sub(r"\s+", " ", line).strip() for line in seed_lines() if line.strip()
    }
    Photo.objects.filter(session=demo_article.session).update(caption="")

    draft = compose(demo_article.session)

    assert (
        draft.photo_positions
        == expected_positions
        == {
            photos[0].pk: 0,
            photos[1].pk: 1,
            photos[2].pk: 5,
        }
    )
    assert [draft.suggested_captions[p.pk] for p in photos] == [
        "Toàn cảnh phiên họp",
        "Phó Chủ tịch Thường trực HĐND tỉnh Đặng Thanh Sơn trình bày báo cáo tại "
        "phiên họp",
        "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp",
    ]
    assert set(draft.suggested_captions.values()) <= seed_captions


def test_captions_are_suggested_only_for_photos_without_one(demo_article):
    overview = Photo.objects.filter(session=demo_article.session).order_by("order")[0]
    Photo.objects.filter(pk=overview.pk).update(caption="")

    draft = compose(demo_article.session)

    assert draft.suggested_captions == {overview.pk: "Toàn cảnh phiên họp"}


def test_the_default_style_is_the_active_built_in_one(demo_article):
    active = HouseStyle.objects.get(is_active=True)

    assert HouseStyle.objects.count() == 2
    assert (
        active.honorific,
        active.name_separator,
        active.title_separator,
        active.organization_names,
        active.attendance_opening,
        active.title_form,
    ) == (
        SEED_STYLE.honorific,
        SEED_STYLE.name_separator,
        SEED_STYLE.title_separator,
        SEED_STYLE.organization_names,
        SEED_STYLE.attendance_opening,
        SEED_STYLE.title_form,
    )
    assert compose(demo_article.session) == compose(demo_article.session, SEED_STYLE)


# Query count ---------------------------------------------------------------


def grow(session_id: int, n: int) -> None:
    """Add n attendees with two positions each, items, tasks and photos."""
    session = Session.objects.get(pk=session_id)
    ubnd = Organization.objects.get(slug="ubnd-tinh")
    btv = Organization.objects.get(slug="ban-thuong-vu-tinh-uy")
    for i in range(n):
        someone = person(
            f"Trần Văn Khách{i}",
            Person.Gender.MALE,
            (btv, "Ủy viên"),
            (ubnd, "Phó Chủ tịch"),
        )
        attend(session, someone, order=10 + i)
        AgendaItemFactory(
            session=session, order=10 + i, presenter=someone, summary="Tóm tắt."
        )
        TaskFactory(session=session, order=10 + i)
        photo = PhotoFactory(session=session, caption="", order=10 + i)
        photo.people.set([someone])


def test_compose_runs_a_fixed_number_of_queries(
    demo_article, django_assert_num_queries
):
    session = demo_article.session
    # 1 the active house style, 2 the session with its body, parent, term and
    # concluding official, 3 attendances with people, 4 agenda items with
    # presenters and bodies, 5 tasks, 6 photos, 7 people in the photos,
    # 8 everybody's positions with organizations and roles.
    with django_assert_num_queries(8):
        small = compose(session)
    grow(session.pk, 6)
    with django_assert_num_queries(8):
        large = compose(session)
    assert len(large.paragraphs) > len(small.paragraphs)
    assert len(large.photo_positions) == len(small.photo_positions) + 6


def test_compose_with_a_given_style_does_not_read_the_active_one(
    demo_article, django_assert_num_queries
):
    with django_assert_num_queries(7):
        compose(demo_article.session, COMRADE_STYLE)


# Lead ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "part"),
    [
        (7, 30, "Sáng"),
        (11, 59, "Sáng"),
        (14, 0, "Chiều"),
        (17, 30, "Chiều"),
        (19, 0, "Tối"),
    ],
)
def test_the_lead_opens_with_the_part_of_day(session, hour, minute, part):
    Session.objects.filter(pk=session.pk).update(
        starts_at=local_datetime(2021, 1, 7, hour, minute)
    )

    draft = compose(session, SEED_STYLE)

    assert draft.lead.startswith(
        f"{part} ngày 07/01/2021, Thường trực HĐND tỉnh tổ chức phiên họp thường kỳ "
        "tháng 01/2021."
    )


def test_an_afternoon_session(session):
    Session.objects.filter(pk=session.pk).update(
        starts_at=local_datetime(2021, 1, 7, 14, 30)
    )
    add_main_item(session)

    draft = compose(session, SEED_STYLE)

    assert draft.lead == (
        "Chiều ngày 07/01/2021, Thường trực HĐND tỉnh tổ chức phiên họp thường kỳ "
        "tháng 01/2021 đánh giá kết quả thực hiện nhiệm vụ tháng 12/2020. Ông Phạm "
        "Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì phiên họp./."
    )


def test_a_woman_presiding_is_bà(orgs):
    meeting = SessionFactory(
        organization=orgs["thuong_truc"], starts_at=local_datetime(2021, 1, 7, 8)
    )
    chair = person("Nguyễn Thị Hà", Person.Gender.FEMALE, (orgs["hdnd"], "Chủ tịch"))
    member = person("Lê Thị Mai", Person.Gender.FEMALE, (orgs["hdnd"], "Phó Chủ tịch"))
    attend(meeting, chair, Attendance.Role.PRESIDING, order=1)
    attend(meeting, member, order=2)

    draft = compose(meeting, SEED_STYLE)

    assert draft.lead.endswith(
        " Bà Nguyễn Thị Hà - Chủ tịch HĐND tỉnh chủ trì phiên họp."
    )
    # Capitalised only at the start of a sentence.
    assert draft.paragraphs[0] == (
        "Tham dự phiên họp còn có bà Lê Thị Mai - Phó Chủ tịch HĐND tỉnh./."
    )


def test_the_presiding_title_is_the_one_in_the_presiding_body(session, orgs):
    # Attendance.default_title picks the post in the standing committee's council.
    chair = Attendance.objects.get(session=session, role=Attendance.Role.PRESIDING)
    PositionFactory(
        person=chair.person,
        organization=orgs["btv"],
        role=role("Ủy viên", 80),
        started_on=TERM_START,
    )
    chair.title = ""
    chair.save()

    draft = compose(session, SEED_STYLE)

    assert "Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì phiên họp." in draft.lead


def test_the_purposes_are_the_main_items_joined_as_in_the_seed(session):
    AgendaItemFactory(session=session, order=1, title="mục một, mục hai")
    AgendaItemFactory(session=session, order=2, title="mục ba;", is_main=True)
    AgendaItemFactory(session=session, order=3, title="mục phụ", is_main=False)

    draft = compose(session, SEED_STYLE)

    assert "tháng 01/2021 mục một, mục hai; mục ba. Ông" in draft.lead
    assert "mục phụ" not in draft.lead


def test_no_presiding_official_leaves_no_empty_sentence(orgs):
    meeting = SessionFactory(
        organization=orgs["thuong_truc"],
        period_year=2021,
        period_month=1,
        starts_at=local_datetime(2021, 1, 7, 8),
    )

    draft = compose(meeting, SEED_STYLE)

    assert draft.lead == (
        "Sáng ngày 07/01/2021, Thường trực HĐND tỉnh tổ chức phiên họp thường kỳ "
        "tháng 01/2021./."
    )
    assert draft.paragraphs == []
    assert_clean(draft)


# Attendance and titles ----------------------------------------------------------


@pytest.mark.parametrize(
    ("posts", "titles", "comma_titles"),
    [
        (
            [("ubnd", "Phó Chủ tịch")],
            "Phó Chủ tịch UBND tỉnh",
            "Phó Chủ tịch UBND tỉnh",
        ),
        (
            [("btv", "Ủy viên"), ("ubnd", "Phó Chủ tịch")],
            "Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch UBND tỉnh",
            "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh",
        ),
        (
            [
                ("hdnd", "Phó Chủ tịch"),
                ("tinh_uy", "Ủy viên", "Tỉnh ủy viên"),
                ("kinh_te", "Trưởng ban", "Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh"),
            ],
            "Tỉnh ủy viên - Phó Chủ tịch HĐND tỉnh - Trưởng Ban Kinh tế - Ngân sách "
            "HĐND tỉnh",
            # The titles are re-read from the positions: the body's own " - " stays.
            "Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh, Trưởng Ban Kinh tế - Ngân sách "
            "HĐND tỉnh",
        ),
    ],
    ids=["one", "two", "three"],
)
def test_an_official_with_one_two_or_three_positions(
    session, orgs, posts, titles, comma_titles
):
    positions = [(orgs[key], *rest) for key, *rest in posts]
    someone = person("Nguyễn Anh Chức", Person.Gender.MALE, *positions)
    attend(session, someone, order=2)
    commas = HouseStyle(title_separator=HouseStyle.Separator.COMMA)

    draft = compose(session, SEED_STYLE)
    with_commas = compose(session, commas)

    assert draft.paragraphs[0] == (
        f"Tham dự phiên họp còn có ông Nguyễn Anh Chức - {titles}./."
    )
    assert with_commas.paragraphs[0] == (
        f"Tham dự phiên họp còn có ông Nguyễn Anh Chức - {comma_titles}./."
    )


def test_a_position_changed_the_week_before_shows_the_new_title(session, orgs):
    someone = person("Bùi Văn Hoàng", Person.Gender.MALE)
    PositionFactory(
        person=someone,
        organization=orgs["hdnd"],
        role=role("Ủy viên", 80),
        started_on=TERM_START,
        ended_on=DAY - datetime.timedelta(days=8),
    )
    PositionFactory(
        person=someone,
        organization=orgs["hdnd"],
        role=role("Phó Chủ tịch", 50),
        started_on=DAY - datetime.timedelta(days=7),
    )
    attend(session, someone, order=2)

    draft = compose(session, SEED_STYLE)

    photo = PhotoFactory(session=session, caption="")
    photo.people.set([someone])

    draft = compose(session, SEED_STYLE)

    assert draft.paragraphs[0] == (
        "Tham dự phiên họp còn có ông Bùi Văn Hoàng - Phó Chủ tịch HĐND tỉnh./."
    )
    assert draft.suggested_captions == {
        photo.pk: "Phó Chủ tịch HĐND tỉnh Bùi Văn Hoàng phát biểu tại phiên họp"
    }


def test_a_later_change_of_position_does_not_rewrite_the_session(session, orgs):
    someone = person(
        "Bùi Văn Hoàng", Person.Gender.MALE, (orgs["hdnd"], "Phó Chủ tịch")
    )
    attend(session, someone, order=2)
    someone.positions.update(ended_on=DAY + datetime.timedelta(days=30))
    PositionFactory(
        person=someone,
        organization=orgs["hdnd"],
        role=role("Chủ tịch", 30),
        started_on=DAY + datetime.timedelta(days=31),
    )

    assert compose(session, SEED_STYLE).paragraphs[0] == (
        "Tham dự phiên họp còn có ông Bùi Văn Hoàng - Phó Chủ tịch HĐND tỉnh./."
    )
    assert compose(session, COMRADE_STYLE).paragraphs[0] == (
        "Dự họp có các đồng chí: Bùi Văn Hoàng, Phó Chủ tịch Hội đồng nhân dân tỉnh./."
    )


def test_attendees_come_in_the_record_order_without_the_absent(session, orgs):
    first = person("Đặng Thanh Sơn", Person.Gender.MALE, (orgs["hdnd"], "Phó Chủ tịch"))
    second = person("Nguyễn Anh Chức", Person.Gender.MALE, (orgs["ubnd"], "Chủ tịch"))
    absent = person("Trần Văn Vắng", Person.Gender.MALE, (orgs["ubnd"], "Phó Chủ tịch"))
    attend(session, second, order=3)
    attend(session, absent, Attendance.Role.ABSENT, order=2)
    attend(session, first, Attendance.Role.PRESENTING, order=1)
    Session.objects.filter(pk=session.pk).update(
        other_attendees="lãnh đạo Ủy ban Mặt trận tổ quốc tỉnh\n\n  \nlãnh đạo các "
        "ban của HĐND tỉnh;"
    )

    draft = compose(session, SEED_STYLE)

    assert draft.paragraphs[0] == (
        "Tham dự phiên họp còn có ông Đặng Thanh Sơn - Phó Chủ tịch HĐND tỉnh; ông "
        "Nguyễn Anh Chức - Chủ tịch UBND tỉnh; lãnh đạo Ủy ban Mặt trận tổ quốc "
        "tỉnh; lãnh đạo các ban của HĐND tỉnh..../."
    )
    assert "Trần Văn Vắng" not in " ".join([draft.lead, *draft.paragraphs])


def test_no_other_attendee_groups_close_the_list_with_a_full_stop(session, orgs):
    someone = person(
        "Đặng Thanh Sơn", Person.Gender.MALE, (orgs["hdnd"], "Phó Chủ tịch")
    )
    attend(session, someone, order=2)
    add_main_item(session)
    TaskFactory(session=session, description="giám sát")

    draft = compose(session, SEED_STYLE)

    assert draft.paragraphs[0] == (
        "Tham dự phiên họp còn có ông Đặng Thanh Sơn - Phó Chủ tịch HĐND tỉnh."
    )
    assert_clean(draft)


def test_only_other_groups_attending(session):
    Session.objects.filter(pk=session.pk).update(
        other_attendees="lãnh đạo Văn phòng HĐND tỉnh..."
    )

    draft = compose(session, SEED_STYLE)

    assert draft.paragraphs == [
        "Tham dự phiên họp còn có lãnh đạo Văn phòng HĐND tỉnh..../."
    ]


def test_no_attendees_at_all_gives_no_attendance_paragraph(session):
    Attendance.objects.filter(session=session).update(role=Attendance.Role.ABSENT)
    add_main_item(session)
    AgendaItem.objects.filter(session=session).update(summary="Tóm tắt nội dung")

    draft = compose(session, SEED_STYLE)

    assert draft.lead.endswith("nhiệm vụ tháng 12/2020.")
    assert draft.paragraphs == ["Tóm tắt nội dung./."]
    assert_clean(draft)


# Kinds of session --------------------------------------------------------------


def test_a_thematic_session(session):
    Session.objects.filter(pk=session.pk).update(
        kind=Session.Kind.THEMATIC,
        subject="cho ý kiến về dự thảo nghị quyết về giá đất",
        period_year=None,
        period_month=None,
    )

    draft = compose(session, SEED_STYLE)

    assert draft.title == (
        "Phiên họp chuyên đề của Thường trực HĐND tỉnh: cho ý kiến về dự thảo nghị "
        "quyết về giá đất"
    )
    assert draft.lead.startswith(
        "Sáng ngày 07/01/2021, Thường trực HĐND tỉnh tổ chức phiên họp chuyên đề cho "
        "ý kiến về dự thảo nghị quyết về giá đất. Ông Phạm Sỹ Lợi"
    )
    assert_clean(draft)


def test_a_thematic_session_names_its_main_items_over_its_subject(session):
    Session.objects.filter(pk=session.pk).update(
        kind=Session.Kind.THEMATIC, subject="giá đất"
    )
    add_main_item(session, "cho ý kiến về bảng giá đất năm 2021")

    draft = compose(session, SEED_STYLE)

    assert draft.title == (
        "Phiên họp chuyên đề tháng 01 năm 2021 của Thường trực HĐND tỉnh: giá đất"
    )
    assert "tổ chức phiên họp chuyên đề cho ý kiến về bảng giá đất năm 2021." in (
        draft.lead
    )


def test_an_extraordinary_session(session):
    Session.objects.filter(pk=session.pk).update(
        kind=Session.Kind.EXTRAORDINARY,
        period_year=None,
        period_month=None,
        starts_at=local_datetime(2021, 1, 7, 19, 30),
    )
    add_main_item(session, "thống nhất phương án phòng, chống dịch COVID-19")
    TaskFactory(session=session, description="Giám sát việc phòng dịch.")

    draft = compose(session, SEED_STYLE)

    assert draft.title == "Phiên họp bất thường của Thường trực HĐND tỉnh"
    assert draft.lead.startswith(
        "Tối ngày 07/01/2021, Thường trực HĐND tỉnh tổ chức phiên họp bất thường "
        "thống nhất phương án phòng, chống dịch COVID-19. Ông Phạm Sỹ Lợi"
    )
    assert draft.paragraphs == [
        "Phiên họp thống nhất đề ra các nhiệm vụ trọng tâm: Giám sát việc phòng dịch./."
    ]


def test_an_extraordinary_session_by_ordinal(session):
    Session.objects.filter(pk=session.pk).update(
        kind=Session.Kind.EXTRAORDINARY, ordinal=27
    )
    style = HouseStyle(title_form=HouseStyle.TitleForm.ORDINAL)

    draft = compose(session, style)

    assert draft.title == (
        "Phiên họp thứ 27 (bất thường), Thường trực HĐND tỉnh khóa XV, nhiệm kỳ "
        "2021-2026"
    )


def test_a_plenary_sitting(orgs):
    term = TermFactory(
        organization=orgs["hdnd"], number=11, start_year=2016, end_year=2021
    )
    sitting = SessionFactory(
        organization=orgs["hdnd"],
        term=term,
        kind=Session.Kind.PLENARY,
        ordinal=18,
        period_year=None,
        period_month=None,
        starts_at=local_datetime(2020, 12, 9, 8),
        conclusion="Bế mạc kỳ họp.",
    )
    chair = person("Phạm Sỹ Lợi", Person.Gender.MALE, (orgs["hdnd"], "Chủ tịch"))
    attend(sitting, chair, Attendance.Role.PRESIDING)
    Session.objects.filter(pk=sitting.pk).update(concluded_by=chair)
    add_main_item(sitting, "xem xét, quyết định các nội dung quan trọng")
    photo = PhotoFactory(session=sitting, caption="")
    photo.people.set([chair])

    for style in (SEED_STYLE, COMRADE_STYLE):
        draft = compose(sitting, style)
        assert draft.title == "Kỳ họp thứ 18 HĐND tỉnh khóa XI, nhiệm kỳ 2016-2021"
        assert_clean(draft)

    draft = compose(sitting, SEED_STYLE)
    assert draft.lead == (
        "Sáng ngày 09/12/2020, HĐND tỉnh khóa XI tổ chức kỳ họp thứ 18 xem xét, quyết "
        "định các nội dung quan trọng. Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì "
        "kỳ họp."
    )
    assert draft.paragraphs == [
        "Phát biểu tại kỳ họp, Chủ tịch HĐND tỉnh Phạm Sỹ Lợi bế mạc kỳ họp./."
    ]
    assert draft.suggested_captions == {
        photo.pk: "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận kỳ họp"
    }


@pytest.mark.parametrize(
    ("form", "title"),
    [
        (
            HouseStyle.TitleForm.MONTH,
            "Phiên họp tháng 01 năm 2021 của Thường trực HĐND tỉnh",
        ),
        (
            HouseStyle.TitleForm.ORDINAL,
            "Phiên họp thứ 26, Thường trực HĐND tỉnh khóa XV, nhiệm kỳ 2021-2026",
        ),
    ],
)
def test_a_regular_session_title_names_the_month_or_the_ordinal(session, form, title):
    Session.objects.filter(pk=session.pk).update(ordinal=26)

    assert compose(session, HouseStyle(title_form=form)).title == title


# Body, conclusion and photos ----------------------------------------------------


def test_a_session_without_a_conclusion(session, orgs):
    someone = person(
        "Đặng Thanh Sơn", Person.Gender.MALE, (orgs["hdnd"], "Phó Chủ tịch")
    )
    attend(session, someone, order=2)
    add_main_item(session)
    AgendaItemFactory(
        session=session,
        order=2,
        title="báo cáo tình hình kinh tế - xã hội",
        presenting_organization=orgs["ubnd"],
        is_main=False,
    )
    TaskFactory(session=session, order=1, description="Giám sát thu ngân sách;")
    TaskFactory(session=session, order=2, description="Chuẩn bị kỳ họp.")
    Session.objects.filter(pk=session.pk).update(concluded_by=someone)

    draft = compose(session, SEED_STYLE)

    assert draft.paragraphs == [
        "Tham dự phiên họp còn có ông Đặng Thanh Sơn - Phó Chủ tịch HĐND tỉnh.",
        "Phiên họp cũng nghe UBND tỉnh báo cáo tình hình kinh tế - xã hội.",
        "Triển khai chương trình công tác tháng 01/2021 và thời gian tới, phiên họp "
        "thống nhất đề ra các nhiệm vụ trọng tâm: Giám sát thu ngân sách; chuẩn bị kỳ "
        "họp./.",
    ]
    assert not any("Phát biểu" in p for p in draft.paragraphs)
    assert_clean(draft)


def test_a_conclusion_without_concluding_official_falls_to_the_presiding_one(session):
    Session.objects.filter(pk=session.pk).update(
        conclusion="Đề nghị các cơ quan tiếp thu ý kiến.\n\nGiao Văn phòng theo dõi"
    )

    draft = compose(session, SEED_STYLE)

    assert draft.paragraphs == [
        "Phát biểu tại phiên họp, Chủ tịch HĐND tỉnh Phạm Sỹ Lợi đề nghị các cơ quan "
        "tiếp thu ý kiến.",
        "Giao Văn phòng theo dõi./.",
    ]


def test_a_conclusion_with_nobody_to_give_it(orgs):
    meeting = SessionFactory(
        organization=orgs["thuong_truc"], conclusion="thống nhất các nội dung"
    )

    draft = compose(meeting, SEED_STYLE)

    assert draft.paragraphs == [
        "Kết luận phiên họp, Thường trực HĐND tỉnh thống nhất các nội dung./."
    ]


def test_a_session_without_photos(session):
    add_main_item(session)

    draft = compose(session, SEED_STYLE)

    assert draft.photo_positions == {}
    assert draft.suggested_captions == {}
    assert_clean(draft)


def test_photo_captions_follow_each_persons_role(session, orgs):
    chair = Attendance.objects.get(session=session).person
    presenter = person(
        "Đặng Thanh Sơn",
        Person.Gender.MALE,
        (orgs["btv"], "Ủy viên"),
        (orgs["hdnd"], "Phó Chủ tịch Thường trực"),
    )
    guest = person(
        "Nguyễn Anh Chức",
        Person.Gender.MALE,
        (orgs["btv"], "Ủy viên"),
        (orgs["ubnd"], "Phó Chủ tịch"),
    )
    nobody_knows = person("Lê Văn Khách", Person.Gender.MALE)
    attend(session, presenter, Attendance.Role.PRESENTING, order=2)
    attend(session, guest, order=3)
    add_main_item(session)
    AgendaItem.objects.filter(session=session).update(
        presenter=presenter, summary="Báo cáo kết quả."
    )
    photos = [PhotoFactory(session=session, caption="", order=n) for n in range(6)]
    photos[0].people.set([])
    photos[1].people.set([guest, chair])
    photos[2].people.set([presenter])
    photos[3].people.set([guest])
    photos[4].people.set([])
    photos[5].people.set([nobody_knows])

    draft = compose(session, SEED_STYLE)

    assert [draft.suggested_captions[p.pk] for p in photos] == [
        "Toàn cảnh phiên họp",
        "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi chủ trì phiên họp",
        "Phó Chủ tịch Thường trực HĐND tỉnh Đặng Thanh Sơn trình bày báo cáo tại "
        "phiên họp",
        # The state post, not the party one.
        "Phó Chủ tịch UBND tỉnh Nguyễn Anh Chức phát biểu tại phiên họp",
        "Đại biểu dự phiên họp",
        "Ông Lê Văn Khách phát biểu tại phiên họp",
    ]
    # Paragraphs: 1 attendance, 2 the presenter's item. The presiding one goes
    # after the lead that names him, the presenter before his item, the others
    # after the attendance paragraph; the second overview fills paragraph 2.
    assert [draft.photo_positions[p.pk] for p in photos] == [0, 0, 1, 1, 2, 1]


def test_comrade_captions_use_đồng_chí_when_untitled(orgs):
    meeting = SessionFactory(organization=orgs["thuong_truc"])
    someone = person("Lê Văn Khách", Person.Gender.MALE)
    attend(meeting, someone)
    photo = PhotoFactory(session=meeting, caption="")
    photo.people.set([someone])

    draft = compose(meeting, COMRADE_STYLE)

    assert draft.suggested_captions == {
        photo.pk: "Đồng chí Lê Văn Khách phát biểu tại phiên họp"
    }


# House styles -------------------------------------------------------------------


def test_the_comrade_style_on_the_demo(demo_article):
    Session.objects.filter(pk=demo_article.session_id).update(ordinal=26)

    draft = compose(demo_article.session, COMRADE_STYLE)

    assert draft.title == (
        "Phiên họp thứ 26, Thường trực HĐND tỉnh khóa XI, nhiệm kỳ 2016-2021"
    )
    assert draft.lead.startswith(
        "Sáng ngày 07/01/2021, Thường trực Hội đồng nhân dân tỉnh tổ chức phiên họp "
        "thường kỳ tháng 01/2021 đánh giá"
    )
    assert draft.lead.endswith(
        " Đồng chí Phạm Sỹ Lợi, Chủ tịch Hội đồng nhân dân tỉnh chủ trì phiên họp."
    )
    assert draft.paragraphs[0] == (
        "Dự họp có các đồng chí: Đặng Thanh Sơn, Ủy viên Ban Thường vụ Tỉnh ủy, Phó "
        "Chủ tịch Thường trực Hội đồng nhân dân tỉnh; Nguyễn Anh Chức, Ủy viên Ban "
        "Thường vụ Tỉnh ủy, Phó Chủ tịch Ủy ban nhân dân tỉnh; Bùi Văn Hoàng, Tỉnh ủy "
        "viên, Phó Chủ tịch Hội đồng nhân dân tỉnh; lãnh đạo Ủy ban Mặt trận tổ quốc "
        "tỉnh; lãnh đạo chuyên trách các ban của Hội đồng nhân dân tỉnh; Chủ tịch "
        "Hội đồng nhân dân các huyện, thành phố, thị xã, lãnh đạo Văn phòng Hội đồng "
        "nhân dân, Ủy ban nhân dân tỉnh..."
    )
    assert draft.paragraphs[-1].startswith(
        "Phát biểu tại phiên họp, Chủ tịch Hội đồng nhân dân tỉnh Phạm Sỹ Lợi đề nghị"
    )
    assert_clean(draft)


def test_the_comrade_style_with_the_title_the_record_gives(orgs):
    """The issue's example: a recorded title wider than the presiding body's."""
    meeting = SessionFactory(
        organization=orgs["thuong_truc"], starts_at=local_datetime(2021, 1, 7, 8)
    )
    chair = person(
        "Phạm Thị Minh Xuân",
        Person.Gender.FEMALE,
        (orgs["btv"], "Ủy viên"),
        (orgs["hdnd"], "Phó Chủ tịch"),
    )
    attend(
        meeting,
        chair,
        Attendance.Role.PRESIDING,
        title="Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch HĐND tỉnh",
    )

    comrade = compose(meeting, COMRADE_STYLE)
    seed = compose(meeting, SEED_STYLE)

    assert comrade.lead.endswith(
        " Đồng chí Phạm Thị Minh Xuân, Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch "
        "Hội đồng nhân dân tỉnh chủ trì phiên họp./."
    )
    assert seed.lead.endswith(
        " Bà Phạm Thị Minh Xuân - Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch HĐND "
        "tỉnh chủ trì phiên họp./."
    )


def test_a_title_typed_by_staff_is_spelled_out_but_not_cut(session, orgs):
    someone = person("Trần Văn Nam", Person.Gender.MALE)
    attend(session, someone, title="Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh")

    paragraph = compose(session, COMRADE_STYLE).paragraphs[0]

    assert paragraph == (
        "Dự họp có các đồng chí: Trần Văn Nam, Trưởng Ban Kinh tế - Ngân sách Hội "
        "đồng nhân dân tỉnh./."
    )


@pytest.mark.parametrize(
    ("options", "lead_end", "attendance"),
    [
        (
            {"honorific": HouseStyle.Honorific.COMRADE},
            "Đồng chí Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì phiên họp.",
            "Tham dự phiên họp còn có đồng chí Đặng Thanh Sơn - Ủy viên Ban Thường vụ "
            "Tỉnh ủy - Phó Chủ tịch HĐND tỉnh.",
        ),
        (
            {"name_separator": HouseStyle.Separator.COMMA},
            "Ông Phạm Sỹ Lợi, Chủ tịch HĐND tỉnh chủ trì phiên họp.",
            "Tham dự phiên họp còn có ông Đặng Thanh Sơn, Ủy viên Ban Thường vụ Tỉnh "
            "ủy - Phó Chủ tịch HĐND tỉnh.",
        ),
        (
            {"title_separator": HouseStyle.Separator.COMMA},
            "Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì phiên họp.",
            "Tham dự phiên họp còn có ông Đặng Thanh Sơn - Ủy viên Ban Thường vụ Tỉnh "
            "ủy, Phó Chủ tịch HĐND tỉnh.",
        ),
        (
            {"organization_names": HouseStyle.OrganizationNames.FULL},
            "Ông Phạm Sỹ Lợi - Chủ tịch Hội đồng nhân dân tỉnh chủ trì phiên họp.",
            "Tham dự phiên họp còn có ông Đặng Thanh Sơn - Ủy viên Ban Thường vụ Tỉnh "
            "ủy - Phó Chủ tịch Hội đồng nhân dân tỉnh.",
        ),
        (
            {"attendance_opening": HouseStyle.AttendanceOpening.COMRADES_ATTENDING},
            "Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì phiên họp.",
            "Dự họp có: ông Đặng Thanh Sơn - Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ "
            "tịch HĐND tỉnh.",
        ),
    ],
    ids=["honorific", "name-separator", "title-separator", "full-names", "opening"],
)
def test_each_house_style_setting(session, orgs, options, lead_end, attendance):
    someone = person(
        "Đặng Thanh Sơn",
        Person.Gender.MALE,
        (orgs["btv"], "Ủy viên"),
        (orgs["hdnd"], "Phó Chủ tịch"),
    )
    attend(session, someone, order=2)
    TaskFactory(session=session, description="giám sát")

    draft = compose(session, HouseStyle(**options))

    assert draft.lead.endswith(lead_end)
    assert draft.paragraphs[0] == attendance


def test_only_one_style_is_active(demo_article):
    comrade = HouseStyle.objects.get(is_active=False)

    comrade.activate()

    assert list(HouseStyle.objects.filter(is_active=True)) == [comrade]
    assert compose(demo_article.session).lead.endswith(
        " Đồng chí Phạm Sỹ Lợi, Chủ tịch Hội đồng nhân dân tỉnh chủ trì phiên họp."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseStyle.objects.exclude(pk=comrade.pk).update(is_active=True)


def test_without_an_active_style_the_seed_style_applies(demo_article):
    HouseStyle.objects.update(is_active=False)

    assert compose(demo_article.session).lead == demo.ARTICLE_LEAD


# Text helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("trong tỉnh…", "trong tỉnh…./."),
        ("ở địa phương.", "ở địa phương./."),
        ("thị xã...", "thị xã..../."),
        ("kết luận", "kết luận./."),
        ("đã đóng./.", "đã đóng./."),
    ],
)
def test_the_closing_mark(text, closed):
    assert close(text) == closed


@pytest.mark.parametrize(
    ("text", "lowered"),
    [
        ("Đề nghị các cơ quan", "đề nghị các cơ quan"),
        ("HĐND tỉnh đề nghị", "HĐND tỉnh đề nghị"),
        ("đề nghị", "đề nghị"),
        ("A", "A"),
    ],
)
def test_lower_first(text, lowered):
    assert lower_first(text) == lowered


def test_expand_abbreviations_only_whole_words():
    assert expand_abbreviations("Phó Chủ tịch HĐND, UBND tỉnh; Ủy ban MTTQ") == (
        "Phó Chủ tịch Hội đồng nhân dân, Ủy ban nhân dân tỉnh; Ủy ban Mặt trận Tổ quốc"
    )
    assert expand_abbreviations("HĐNDX") == "HĐNDX"
