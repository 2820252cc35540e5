"""The session archive (/phien-hop/) and a session's record (/phien-hop/<slug>/)."""

import pytest
from django.urls import reverse

from meetings.models import Article, Attendance, Document, Session
from tests.factories import (
    AgendaItemFactory,
    ArticleFactory,
    AttendanceFactory,
    OrganizationFactory,
    PersonFactory,
    PhotoFactory,
    SessionFactory,
    local_datetime,
)
from tests.site_data import held_sessions, session_record

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("meetings:session_list")


def text(response) -> str:
    return response.content.decode()


# The record page --------------------------------------------------------------


def test_demo_record_lists_attendees_with_their_titles_of_that_day(
    client, demo_article
):
    session = demo_article.session
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "Phiên họp thường kỳ tháng 01/2021 của Thường trực HĐND tỉnh" in page
    assert "Sáng Thứ Năm, 07/01/2021, lúc 08:00" in page
    assert "Phòng họp Thường trực HĐND tỉnh" in page
    # Presiding official, apart from the others.
    assert "Ông Phạm Sỹ Lợi</a> - Chủ tịch HĐND tỉnh" in page
    # Attendees in record order, each with the title held that day.
    expected = [
        'Ông Đặng Thanh Sơn</a> <span class="attendee-title">- Ủy viên Ban '
        "Thường vụ Tỉnh ủy - Phó Chủ tịch Thường trực HĐND tỉnh",
        'Ông Nguyễn Anh Chức</a> <span class="attendee-title">- Ủy viên Ban '
        "Thường vụ Tỉnh ủy - Phó Chủ tịch UBND tỉnh",
        'Ông Bùi Văn Hoàng</a> <span class="attendee-title">- Tỉnh ủy viên - '
        "Phó Chủ tịch HĐND tỉnh",
    ]
    positions = [page.index(line) for line in expected]
    assert positions == sorted(positions)
    # Other attendee groups, one a line.
    assert "<li>Lãnh đạo Ủy ban Mặt trận tổ quốc tỉnh</li>" in page
    assert "<li>Lãnh đạo chuyên trách các ban của HĐND tỉnh</li>" in page


def test_demo_record_shows_agenda_documents_conclusion_tasks_photos_article(
    client, demo_article
):
    page = text(client.get(demo_article.session.get_absolute_url()))
    assert 'Trình bày: <a href="/dai-bieu/dang-thanh-son/">Đặng Thanh Sơn</a>' in page
    document = Document.objects.get(number="01/BC-HĐND")
    assert f'href="{document.get_absolute_url()}"' in page
    assert "Báo cáo số 01/BC-HĐND:" in page
    assert "(PDF, " in page
    assert 'Người kết luận: <a href="/dai-bieu/pham-sy-loi/">Ông Phạm Sỹ Lợi</a>' in (
        page
    )
    assert "Đề nghị các cơ quan, Thường trực HĐND các huyện" in page
    assert "Cơ quan chủ trì: Thường trực HĐND tỉnh" in page
    assert "Thời hạn: 30/06/2021" in page
    assert page.count('<figure class="photo">') == 3
    assert "<figcaption>Toàn cảnh phiên họp</figcaption>" in page
    assert f'href="{demo_article.get_absolute_url()}"' in page


def test_record_marks_absent_members_apart(client):
    session = session_record(4)
    page = text(client.get(session.get_absolute_url()))
    absent = session.attendances.get(role=Attendance.Role.ABSENT).person
    assert "<h3>Vắng mặt</h3>" in page
    assert page.index(absent.full_name) > page.index("<h3>Vắng mặt</h3>")


def test_record_shows_document_type_and_human_size(client):
    session = session_record(1)
    page = text(client.get(session.get_absolute_url()))
    assert "(PDF, 1,2 MB)" in page


def test_record_hides_unpublished_documents(client):
    session = session_record(1)
    Document.objects.update(is_public=False, title="Tài liệu mật")
    page = text(client.get(session.get_absolute_url()))
    assert "Tài liệu mật" not in page


def test_record_lists_documents_without_agenda_item_under_other_documents(client):
    session = session_record(1)
    Document.objects.create(session=session, title="Phụ lục chung")
    page = text(client.get(session.get_absolute_url()))
    assert page.index("Tài liệu khác") < page.index("Phụ lục chung")


def test_record_links_the_article_only_when_it_is_public(client):
    session = session_record(1)
    article = session.article
    assert f'href="{article.get_absolute_url()}"' in text(
        client.get(session.get_absolute_url())
    )
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert f'href="{article.get_absolute_url()}"' not in text(
        client.get(session.get_absolute_url())
    )


def test_empty_record_says_what_is_missing(client):
    session = SessionFactory()
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    assert "Chưa cập nhật thành phần tham dự." in text(response)
    assert "Chưa cập nhật nội dung chương trình." in text(response)


@pytest.mark.parametrize("status", [Session.Status.PLANNED, Session.Status.POSTPONED])
def test_sessions_not_held_are_404_for_the_public(client, status):
    session = SessionFactory(status=status)
    assert client.get(session.get_absolute_url()).status_code == 404


def test_staff_preview_a_planned_session_with_a_banner(admin_client):
    session = SessionFactory(status=Session.Status.PLANNED)
    response = admin_client.get(session.get_absolute_url())
    assert response.status_code == 200
    assert "Bản nháp" in text(response)
    assert "no-store" in response["Cache-Control"]


def test_unknown_session_is_404(client):
    response = client.get(reverse("meetings:session", kwargs={"slug": "khong-co"}))
    assert response.status_code == 404


def test_record_escapes_markup_from_the_database(client):
    session = SessionFactory(
        title="<script>alert('tiêu đề')</script>",
        place="<b>Hội trường</b>",
        other_attendees="<img src=x onerror=alert(1)>",
    )
    PhotoFactory(session=session, caption="<script>chú thích</script>")
    AgendaItemFactory(session=session, title="<i>nội dung</i>")
    page = text(client.get(session.get_absolute_url()))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;tiêu đề&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;chú thích&lt;/script&gt;" in page
    assert "&lt;b&gt;Hội trường&lt;/b&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;i&gt;nội dung&lt;/i&gt;" in page


@pytest.mark.parametrize("size", [1, 12])
def test_record_query_count_does_not_grow(client, django_assert_num_queries, size):
    session = session_record(size)
    # 1 session with body, term, concluding official and article
    # 2 attendances with people
    # 3 agenda items with presenters and presenting bodies
    # 4 public documents
    # 5 tasks with responsible bodies
    # 6 photos
    with django_assert_num_queries(6):
        response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    assert text(response).count('<figure class="photo">') == size


# The archive --------------------------------------------------------------------


def test_archive_lists_held_sessions_newest_first_with_count(client):
    older, newer = held_sessions(2)
    SessionFactory(status=Session.Status.PLANNED, subject="dự kiến")
    response = client.get(ARCHIVE)
    page = text(response)
    assert response.status_code == 200
    assert "Có 2 phiên họp." in page
    assert page.index(newer.title) < page.index(older.title)
    assert "dự kiến" not in page


def test_archive_empty_state(client):
    response = client.get(ARCHIVE)
    assert response.status_code == 200
    assert "Không có phiên họp nào phù hợp." in text(response)


def test_archive_paginates_and_keeps_the_filters(client):
    organization = OrganizationFactory()
    held_sessions(25, organization=organization)
    response = client.get(ARCHIVE, {"organization": organization.pk})
    page = text(response)
    assert "Có 25 phiên họp, trang 1/2." in page
    assert f'href="?organization={organization.pk}&amp;page=2"' in page
    second = text(client.get(ARCHIVE, {"organization": organization.pk, "page": 2}))
    assert second.count('class="session-row"') == 5


def test_archive_filters_by_year_and_month(client):
    january = SessionFactory(period_year=2021, period_month=1)
    SessionFactory(period_year=2021, period_month=2)
    SessionFactory(period_year=2022, period_month=1)
    page = text(client.get(ARCHIVE, {"year": 2021, "month": 1}))
    assert "Có 1 phiên họp." in page
    assert january.title in page


def test_archive_year_choices_are_the_years_with_sessions(client):
    SessionFactory(period_year=2020, period_month=12)
    SessionFactory(period_year=2021, period_month=1)
    page = text(client.get(ARCHIVE))
    assert '<option value="2021">2021</option>' in page
    assert '<option value="2020">2020</option>' in page
    assert '<option value="2019">' not in page


def test_archive_filters_by_kind(client):
    SessionFactory(kind=Session.Kind.REGULAR)
    thematic = SessionFactory(
        kind=Session.Kind.THEMATIC, period_year=None, period_month=None
    )
    page = text(client.get(ARCHIVE, {"kind": "chuyen_de"}))
    assert "Có 1 phiên họp." in page
    assert thematic.title in page


def test_archive_filters_by_organization(client):
    mine, other = held_sessions(1), held_sessions(1)
    page = text(client.get(ARCHIVE, {"organization": mine[0].organization_id}))
    assert mine[0].title in page
    assert other[0].title not in page


def test_archive_filters_by_person_who_attended_not_who_was_absent(client):
    person = PersonFactory()
    attended, missed, _ = held_sessions(3)
    AttendanceFactory(session=attended, person=person)
    AttendanceFactory(session=missed, person=person, role=Attendance.Role.ABSENT)
    page = text(client.get(ARCHIVE, {"person": person.pk}))
    assert "Có 1 phiên họp." in page
    assert attended.title in page
    assert missed.title not in page


HOSTILE = [
    ({"year": "abc"}, "Năm không hợp lệ hoặc không có phiên họp."),
    ({"year": "2021abc"}, "Năm không hợp lệ hoặc không có phiên họp."),
    ({"year": "99999999999999999999"}, "Năm không hợp lệ hoặc không có phiên họp."),
    ({"month": "13"}, "Tháng phải từ 1 đến 12."),
    ({"month": "0"}, "Tháng phải từ 1 đến 12."),
    ({"month": "-1"}, "Tháng phải từ 1 đến 12."),
    ({"kind": "xoa_het"}, "Loại phiên họp không hợp lệ."),
    ({"organization": "999999"}, "Không tìm thấy cơ quan này."),
    ({"organization": "abc"}, "Không tìm thấy cơ quan này."),
    ({"organization": "1" * 40}, "Không tìm thấy cơ quan này."),
    ({"person": "999999"}, "Không tìm thấy đại biểu này."),
    ({"person": "-5"}, "Không tìm thấy đại biểu này."),
    ({"person": "1' OR '1'='1"}, "Không tìm thấy đại biểu này."),
]


@pytest.mark.parametrize(("params", "message"), HOSTILE)
def test_archive_hostile_filter_gives_form_message_and_empty_result(
    client, params, message
):
    held_sessions(2)
    response = client.get(ARCHIVE, params)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "Bộ lọc chưa hợp lệ" in page
    assert "Không có phiên họp nào phù hợp." in page
    assert 'class="session-row"' not in page


@pytest.mark.parametrize("page_number", ["-1", "0", "abc", "1.5", "10" * 5, "9" * 5000])
def test_archive_hostile_page_number_shows_a_normal_page(client, page_number):
    held_sessions(3)
    response = client.get(ARCHIVE, {"page": page_number})
    assert response.status_code == 200
    assert text(response).count('class="session-row"') == 3


def test_archive_page_out_of_range_shows_the_last_page(client):
    held_sessions(25)
    response = client.get(ARCHIVE, {"page": 10**9})
    assert response.status_code == 200
    assert text(response).count('class="session-row"') == 5


def test_archive_markup_in_values_is_escaped(client):
    held_sessions(1)
    response = client.get(
        ARCHIVE, {"kind": "<script>alert(1)</script>", "year": '"><b>x</b>'}
    )
    page = text(response)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert "<b>x</b>" not in page
    assert "Loại phiên họp không hợp lệ." in page


def test_archive_unknown_parameters_are_ignored(client):
    held_sessions(2)
    response = client.get(ARCHIVE, {"sort": "<x>", "utm_source": "zalo"})
    assert "Có 2 phiên họp." in text(response)


def test_archive_shows_link_to_the_published_article(client):
    (session,) = held_sessions(1, with_article=True)
    page = text(client.get(ARCHIVE))
    assert f'href="{session.article.get_absolute_url()}"' in page


def test_archive_offers_the_years_and_officials_of_the_chosen_body(client):
    body, other = OrganizationFactory(), OrganizationFactory()
    ours = SessionFactory(organization=body, period_year=2020, period_month=5)
    theirs = SessionFactory(organization=other, period_year=2021, period_month=5)
    member = PersonFactory(family_name="Trần", given_name="Thành")
    outsider = PersonFactory(family_name="Lê", given_name="Ngoại")
    AttendanceFactory(session=ours, person=member)
    AttendanceFactory(session=theirs, person=outsider)

    page = text(client.get(ARCHIVE, {"organization": body.pk}))

    assert f'<option value="{member.pk}">{member.full_name}</option>' in page
    assert outsider.full_name not in page
    assert '<option value="2020">2020</option>' in page
    assert '<option value="2021">' not in page


def test_archive_without_a_body_offers_only_the_chosen_official(client):
    person, other = PersonFactory(given_name="Chọn"), PersonFactory(given_name="Khác")
    for who in (person, other):
        AttendanceFactory(session=SessionFactory(), person=who)

    page = text(client.get(ARCHIVE, {"person": person.pk}))

    assert f'<option value="{person.pk}" selected>{person.full_name}</option>' in page
    assert other.full_name not in page
    assert "Chọn cơ quan họp để chọn đại biểu." in page
    assert "Có 1 phiên họp." in page


def test_archive_escapes_session_titles(client):
    SessionFactory(title="<script>x</script>")
    page = text(client.get(ARCHIVE))
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.parametrize("size", [2, 30])
def test_archive_query_count_does_not_grow(client, django_assert_num_queries, size):
    organization = OrganizationFactory()
    sessions = held_sessions(size, organization=organization, with_article=True)
    for session in sessions:
        AttendanceFactory(session=session)
    # 1 years that have sessions (year choices)
    # 2 count of matching sessions
    # 3 the page of sessions with bodies and articles
    # 4 bodies that held sessions (organization choices)
    # (officials are offered once a body is chosen)
    with django_assert_num_queries(4):
        response = client.get(ARCHIVE)
    assert text(response).count('class="session-row"') == min(size, 20)


@pytest.mark.parametrize("size", [2, 30])
def test_filtered_archive_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    organization = OrganizationFactory()
    person = PersonFactory()
    for session in held_sessions(size, organization=organization):
        AttendanceFactory(session=session, person=person)
    params = {"year": 2021, "organization": organization.pk, "person": person.pk}
    # 1 year choices (of the body), 2 organization lookup, 3 person lookup
    # (validation), 4 count, 5 page, 6 organization choices, 7 person choices
    # (of the body)
    with django_assert_num_queries(7):
        response = client.get(ARCHIVE, params)
    assert f"Có {size} phiên họp" in text(response)


def test_archive_session_dates_are_local(client):
    SessionFactory(
        period_year=2021, period_month=1, starts_at=local_datetime(2021, 1, 1, 6)
    )
    # 06:00 on 1 January in Hà Nội is still 31 December in UTC.
    page = text(client.get(ARCHIVE, {"year": 2021}))
    assert "Có 1 phiên họp." in page
    day = '<span class="date-day">01</span><span class="date-month">01/2021</span>'
    assert day in page


def test_record_page_has_canonical_url(client):
    session = SessionFactory()
    page = text(client.get(session.get_absolute_url()))
    url = f"http://testserver{session.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page


def test_article_of_a_session_that_is_a_draft_does_not_show(client):
    session = SessionFactory()
    ArticleFactory(session=session, status=Article.Status.REVIEW, published_at=None)
    page = text(client.get(session.get_absolute_url()))
    assert "Tin bài:" not in page
