"""Officials: the list (/dai-bieu/) and one official's page (/dai-bieu/<slug>/)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from meetings.models import Article, Attendance, Person, Session
from tests.factories import (
    ArticleFactory,
    AttendanceFactory,
    OrganizationFactory,
    PersonFactory,
    PhotoFactory,
    PositionFactory,
    RoleFactory,
    SessionFactory,
    local_datetime,
)
from tests.site_data import held_sessions, officials

pytestmark = pytest.mark.django_db

PEOPLE = reverse("meetings:person_list")


def text(response) -> str:
    return response.content.decode()


# The list -----------------------------------------------------------------------


def test_demo_officials_are_grouped_by_body_in_order_of_precedence(
    client, demo_article
):
    page = text(client.get(PEOPLE))
    headings = [
        "Ban Thường vụ Tỉnh ủy</h2>",
        "Tỉnh ủy</h2>",
        "Hội đồng nhân dân tỉnh</h2>",
        "Ủy ban nhân dân tỉnh</h2>",
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    council = page[page.index("Hội đồng nhân dân tỉnh</h2>") :]
    council = council[: council.index("</section>")]
    # Chủ tịch, then Phó Chủ tịch Thường trực, then Phó Chủ tịch.
    names = ["Phạm Sỹ Lợi", "Đặng Thanh Sơn", "Bùi Văn Hoàng"]
    assert [council.index(name) for name in names] == sorted(
        council.index(name) for name in names
    )
    assert "Phó Chủ tịch Thường trực HĐND tỉnh" in council


def test_within_a_role_officials_follow_vietnamese_name_order(client):
    body = OrganizationFactory(name="Ban Pháp chế")
    role = RoleFactory(name="Ủy viên", precedence=80)
    for family, given in [("Trần", "Bình"), ("Lê", "An"), ("Nguyễn", "Ánh")]:
        person = PersonFactory(family_name=family, middle_name="", given_name=given)
        PositionFactory(person=person, organization=body, role=role)
    page = text(client.get(PEOPLE))
    order = [page.index(name) for name in ("Lê An", "Nguyễn Ánh", "Trần Bình")]
    assert order == sorted(order)


@time_machine.travel(local_datetime(2024, 3, 1, 9), tick=False)
def test_only_positions_held_today_are_listed(client):
    body = OrganizationFactory(name="Ban Kinh tế")
    current = PersonFactory(given_name="Hiện")
    PositionFactory(person=current, organization=body)
    ended = PersonFactory(given_name="Cũ")
    PositionFactory(
        person=ended,
        organization=body,
        started_on=datetime.date(2016, 7, 1),
        ended_on=datetime.date(2024, 2, 29),
    )
    last_day = PersonFactory(given_name="Cuối")
    PositionFactory(
        person=last_day,
        organization=body,
        started_on=datetime.date(2016, 7, 1),
        ended_on=datetime.date(2024, 3, 1),
    )
    future = PersonFactory(given_name="Sắp")
    PositionFactory(
        person=future, organization=body, started_on=datetime.date(2024, 3, 2)
    )
    page = text(client.get(PEOPLE))
    assert current.full_name in page
    assert last_day.full_name in page
    assert ended.full_name not in page
    assert future.full_name not in page
    assert "tính đến ngày 01/03/2024" in page


def test_people_list_empty_state(client):
    response = client.get(PEOPLE)
    assert response.status_code == 200
    assert "Chưa có thông tin đại biểu, cán bộ đang đảm nhiệm chức vụ." in text(
        response
    )


def test_people_list_escapes_names_and_bodies(client):
    body = OrganizationFactory(name="<script>cơ quan</script>")
    person = PersonFactory(given_name="<b>Tên</b>")
    PositionFactory(person=person, organization=body)
    page = text(client.get(PEOPLE))
    assert "<script>cơ quan" not in page
    assert "<b>Tên</b>" not in page
    assert "&lt;b&gt;Tên&lt;/b&gt;" in page


@pytest.mark.parametrize("size", [3, 40])
def test_people_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    officials(size)
    # 1 current positions with people, bodies and roles, in protocol order
    with django_assert_num_queries(1):
        response = client.get(PEOPLE)
    assert text(response).count('class="person-card"') == size


# One official -------------------------------------------------------------------


def test_demo_official_page(client, demo_article):
    son = Person.objects.get(slug="dang-thanh-son")
    response = client.get(reverse("meetings:person", kwargs={"slug": "dang-thanh-son"}))
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="page-title">Đặng Thanh Sơn</h1>' in page
    titles = page[page.index('class="current-titles"') :]
    assert titles.index("Ủy viên Ban Thường vụ Tỉnh ủy") < titles.index(
        "Phó Chủ tịch Thường trực HĐND tỉnh"
    )
    assert "<td>28/06/2016</td><td>nay</td>" in page
    assert demo_article.session.title in page
    assert "Trình bày" in page
    assert "Đặng Thanh Sơn trình bày báo cáo tại phiên họp</figcaption>" in page
    assert "Toàn cảnh phiên họp" not in page
    assert f'href="/phien-hop/?person={son.pk}"' in page


def test_position_history_shows_dates_newest_first(client):
    person = PersonFactory()
    PositionFactory(
        person=person,
        started_on=datetime.date(2011, 7, 1),
        ended_on=datetime.date(2016, 6, 30),
        title_override="Ủy viên Ban Pháp chế",
    )
    PositionFactory(
        person=person, started_on=datetime.date(2016, 7, 1), title_override="Trưởng ban"
    )
    page = text(client.get(person.get_absolute_url()))
    assert "<td>Trưởng ban</td><td>01/07/2016</td><td>nay</td>" in page
    assert "<td>Ủy viên Ban Pháp chế</td><td>01/07/2011</td><td>30/06/2016</td>" in (
        page
    )
    assert page.index("Trưởng ban</td>") < page.index("Ủy viên Ban Pháp chế</td>")


def test_official_sessions_leave_out_absences_and_sessions_not_held(client):
    person = PersonFactory()
    attended, missed = held_sessions(2)
    planned = SessionFactory(status=Session.Status.PLANNED, subject="dự kiến")
    AttendanceFactory(session=attended, person=person)
    AttendanceFactory(session=missed, person=person, role=Attendance.Role.ABSENT)
    AttendanceFactory(session=planned, person=person)
    page = text(client.get(person.get_absolute_url()))
    assert attended.title in page
    assert missed.title not in page
    assert "dự kiến" not in page


def test_official_photos_are_only_public_ones(client):
    person = PersonFactory()
    shown = PhotoFactory(caption="Ảnh phiên đã họp")
    hidden_session = PhotoFactory(
        caption="Ảnh phiên dự kiến",
        session=SessionFactory(status=Session.Status.PLANNED),
    )
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    hidden_article = PhotoFactory(caption="Ảnh tin nháp", session=None, article=draft)
    for photo in (shown, hidden_session, hidden_article):
        photo.people.add(person)
    page = text(client.get(person.get_absolute_url()))
    assert "Ảnh phiên đã họp" in page
    assert "Ảnh phiên dự kiến" not in page
    assert "Ảnh tin nháp" not in page


def test_official_page_empty_state(client):
    person = PersonFactory()
    page = text(client.get(person.get_absolute_url()))
    assert "Hiện không đảm nhiệm chức vụ nào trong hồ sơ." in page
    assert "Chưa cập nhật quá trình công tác." in page
    assert "Chưa có phiên họp nào được ghi nhận." in page


def test_unknown_official_is_404(client):
    url = reverse("meetings:person", kwargs={"slug": "khong-co"})
    assert client.get(url).status_code == 404


def test_official_page_escapes_markup(client):
    person = PersonFactory(given_name="<script>x</script>", biography="<b>tiểu sử</b>")
    page = text(client.get(person.get_absolute_url()))
    assert "<script>x</script>" not in page
    assert "<b>tiểu sử</b>" not in page
    assert "&lt;b&gt;tiểu sử&lt;/b&gt;" in page


@pytest.mark.parametrize("size", [1, 25])
def test_official_page_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    person = PersonFactory()
    for session in held_sessions(size, with_article=True):
        AttendanceFactory(session=session, person=person)
        PhotoFactory(session=session).people.add(person)
    # Positions after the attendances, whose titles would join them all.
    for _ in range(size):
        PositionFactory(person=person)
    # 1 the person
    # 2 their positions with bodies and roles
    # 3 their latest attended sessions with bodies and articles
    # 4 public photos they appear in
    with django_assert_num_queries(4):
        response = client.get(person.get_absolute_url())
    assert text(response).count('class="session-row"') == min(size, 20)
