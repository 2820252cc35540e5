"""From paper to the public site: one session, as staff and a reader do it.

An editor records the February 2021 session in the admin, adds its photos,
drafts the news with "Tạo bản tin", polishes the lead and sends it for
review; a reviewer publishes it; a reader finds it on the home page, reads
the captions, opens the session record and finds the article again by a
search typed without diacritics.
"""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tests.e2e.browsing import (
    PageWatch,
    load_all_images,
)
from tests.factories import jpeg_bytes

PASSWORD = "phien-hop-2021-e2e"
SESSION_TITLE = "Phiên họp thường kỳ tháng 02/2021 của Thường trực HĐND tỉnh"
ARTICLE_TITLE = "Phiên họp tháng 02 năm 2021 của Thường trực HĐND tỉnh"
CHAIR = "Phạm Sỹ Lợi"
# (who, typed into the autocomplete, role)
ATTENDEES = [
    (CHAIR, "Lợi", "Chủ trì"),
    ("Đặng Thanh Sơn", "Sơn", "Trình bày"),
    ("Nguyễn Anh Chức", "Chức", "Tham dự"),
    ("Bùi Văn Hoàng", "Hoàng", "Tham dự"),
]
AGENDA = [
    (
        "đánh giá kết quả thực hiện nhiệm vụ tháng 01/2021, triển khai chương trình "
        "công tác tháng 02/2021",
        "Đặng Thanh Sơn",
        "Tháng 01/2021, Thường trực HĐND tỉnh đã hoàn thành chương trình công tác.",
    ),
    (
        "chuẩn bị tổ chức kỳ họp thứ 19 HĐND tỉnh",
        None,
        "Thống nhất thời gian, nội dung và công tác chuẩn bị kỳ họp.",
    ),
]
CONCLUSION = (
    "đề nghị các Ban HĐND tỉnh khẩn trương chuẩn bị nội dung kỳ họp thứ 19, bảo "
    "đảm chất lượng và đúng thời gian quy định"
)
CAPTIONS = [
    "Toàn cảnh phiên họp tháng 02/2021",
    "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp tháng 02/2021",
]
LEAD = (
    "Sáng ngày 04/02/2021, Thường trực HĐND tỉnh họp phiên thường kỳ tháng 02/2021 "
    "để chuẩn bị kỳ họp thứ 19 HĐND tỉnh."
)
SEARCH_TYPED = "phien hop thuong ky thang 02/2021"


@pytest.fixture
def staff(transactional_db):
    """An editor and a reviewer, in the groups the migrations made."""
    users = {}
    for username, group in [("bientap", "Biên tập viên"), ("duyettin", "Duyệt tin")]:
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[group] = user
    return users


@pytest.fixture
def photo_files(tmp_path):
    files = []
    for number, color in enumerate(["#8a6e5a", "#5a6e8a"], start=1):
        path = tmp_path / f"IMG_20{number:02}.jpg"
        path.write_bytes(jpeg_bytes(1200, 800, color))
        files.append(path)
    return files


def log_in(new_context, username):
    page = new_context().new_page()
    # Select2 cancels a search when the next keystroke comes.
    watch = PageWatch(page, ignore_aborted_xhr=True)
    page.goto("/admin/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(
        page.get_by_role("heading", name="Hồ sơ phiên họp và tin tức")
    ).to_be_visible()
    watch.check("admin index")
    return page, watch


def choose(page, select, typed, option):
    """Pick in an autocomplete as staff do: open it, type, click the match."""
    widget = select.locator(
        "xpath=following-sibling::span[contains(@class, 'select2')]"
    )
    widget.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(
        typed
    )
    page.locator(".select2-container--open .select2-results__option").filter(
        has_text=option
    ).first.click()
    expect(widget.locator(".select2-selection__rendered")).to_contain_text(option)


def save_and_continue(page, watch, where):
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    errors = page.locator(".errornote, .errorlist")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert not errors.count(), f"{where}: {errors.all_inner_texts()}"
    watch.check(where)


def record_the_session(page, watch):
    page.locator("tr.model-session").get_by_role("link", name="Thêm").click()
    choose(
        page,
        page.locator("select[name=organization]"),
        "Thường trực",
        "Thường trực HĐND",
    )
    choose(page, page.locator("select[name=term]"), "Hội đồng", "2016")
    page.get_by_label("Loại").select_option(label="Phiên họp thường kỳ")
    page.get_by_label("Trạng thái").select_option(label="Đã họp")
    page.get_by_label("Tháng của kỳ").fill("2")
    page.get_by_label("Năm của kỳ").fill("2021")
    page.locator("#id_starts_at_0").fill("04/02/2021")
    page.locator("#id_starts_at_1").fill("08:00")
    page.get_by_label("Địa điểm").fill("Phòng họp Thường trực HĐND tỉnh")

    attendances = page.locator("#attendances-group")
    for number, (name, typed, role) in enumerate(ATTENDEES, start=1):
        attendances.locator(".add-row a").click()
        row = attendances.locator("tr.dynamic-attendances").last
        row.locator(".field-order input").fill(str(number))
        choose(page, row.locator("select[name$=-person]"), typed, name)
        row.locator(".field-role select").select_option(label=role)
    # The chair's title that day is filled in from his positions.
    first = attendances.locator("tr.dynamic-attendances").first
    expect(first.locator(".field-title input")).to_have_value("Chủ tịch HĐND tỉnh")

    agenda = page.locator("#agenda_items-group")
    for number, (title, presenter, summary) in enumerate(AGENDA, start=1):
        agenda.locator(".add-row a").click()
        item = agenda.locator(".inline-related.dynamic-agenda_items").last
        item.get_by_label("Thứ tự").fill(str(number))
        item.get_by_label(re.compile(r"^Nội dung:?$")).fill(title)
        if presenter:
            choose(
                page,
                item.locator("select[name$=-presenter]"),
                presenter.split()[-1],
                presenter,
            )
        item.get_by_label("Nội dung chính").check()
        item.get_by_label("Tóm tắt").fill(summary)

    choose(page, page.locator("select[name=concluded_by]"), "Lợi", CHAIR)
    page.get_by_role("textbox", name="Kết luận").fill(CONCLUSION)
    save_and_continue(page, watch, "session saved")
    expect(page.locator(".messagelist")).to_contain_text(SESSION_TITLE)


def add_photos(page, watch, photo_files):
    page.get_by_role("link", name="Tải nhiều ảnh").click()
    page.locator("input[type=file]").set_input_files(photo_files)
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        f"Đã thêm {len(photo_files)} ảnh"
    )
    watch.check("bulk upload")
    # Back on the session, the new photos wait for their captions.
    rows = page.locator("#photos-group tr.has_original")
    expect(rows).to_have_count(len(photo_files))
    for row, caption in zip(rows.all(), CAPTIONS, strict=True):
        row.locator(".field-caption input").fill(caption)
    save_and_continue(page, watch, "photos captioned")


def take_workflow_step(page, watch, button, status):
    """Press a review button and see the article move to its next state."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".workflow-status")).to_contain_text(f"Trạng thái: {status}")
    watch.check(button)


def test_a_session_goes_from_paper_to_the_public_site(
    new_context, demo_article, staff, photo_files
):
    # The editor records the session and drafts the news.
    page, watch = log_in(new_context, "bientap")
    record_the_session(page, watch)
    add_photos(page, watch, photo_files)

    page.get_by_role("button", name="Tạo bản tin").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Đã tạo bản tin nháp")
    watch.check("article drafted")
    lead = page.get_by_label("Sa pô")
    expect(lead).to_have_value(re.compile(r"Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh"))
    lead.fill(LEAD)
    save_and_continue(page, watch, "lead edited")
    take_workflow_step(page, watch, "Gửi duyệt", "Chờ duyệt")

    # The reviewer finds it waiting on the admin's front page and publishes it.
    page, watch = log_in(new_context, "duyettin")
    awaiting = page.locator("#awaiting-review")
    awaiting.get_by_role("link", name=ARTICLE_TITLE).click()
    expect(page.locator(".field-lead")).to_contain_text(LEAD)
    take_workflow_step(page, watch, "Xuất bản", "Đã xuất bản")

    # A reader finds it on the home page, reads it and its session record.
    page = new_context().new_page()
    watch = PageWatch(page)
    page.goto("/")
    featured = page.locator(".card--featured")
    featured.get_by_role("link", name=ARTICLE_TITLE).click()
    expect(page.locator(".lead")).to_have_text(LEAD)
    assert not load_all_images(page)
    watch.check("article")
    captions = page.locator("figure figcaption")
    for caption in CAPTIONS:
        expect(captions.filter(has_text=caption)).to_be_visible()

    page.locator(".record-link").get_by_role("link", name=SESSION_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SESSION_TITLE)
    assert not load_all_images(page)
    watch.check("session record")
    expect(page.locator(".facts")).to_contain_text(f"Ông {CHAIR} - Chủ tịch HĐND tỉnh")
    attendees = page.locator(".attendees")
    for name, _, _ in ATTENDEES[1:]:
        expect(attendees).to_contain_text(name)
    for title, _, _ in AGENDA:
        expect(page.locator(".agenda")).to_contain_text(title[1:])
    expect(page.locator(".conclusion")).to_contain_text(CONCLUSION[1:])

    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill(SEARCH_TYPED)
    search.press("Enter")
    assert not load_all_images(page)
    watch.check("search")
    results = page.get_by_role("main")
    expect(results.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
