"""A reader's way through the public site, in Chromium, page by page.

Each page must load without console errors, failed requests or error
responses, with every image (lazy ones too) actually loaded.
"""

import re

from playwright.sync_api import expect

from meetings.demo import ARTICLE_TITLE, PHOTOS
from tests.e2e.browsing import (
    load_all_images,
)


def arrive(page, watch, where: str) -> None:
    """Let the page settle, then fail on anything the reader would have met."""
    page.wait_for_load_state()
    broken = load_all_images(page)
    assert not broken, f"{where}: images that did not load: {broken}"
    watch.check(where)


def test_reader_goes_from_home_to_article_record_official_archive_and_search(
    page, watch, demo_article
):
    session = demo_article.session

    page.goto("/")
    arrive(page, watch, "home")
    expect(page).to_have_title("Hội đồng nhân dân tỉnh")
    # The stylesheet arrived and applies: the masthead wears the brand red.
    expect(page.locator(".site-header")).to_have_css(
        "background-color", "rgb(163, 22, 27)"
    )
    news = page.get_by_role("region", name="Tin mới")
    news.get_by_role("link", name=ARTICLE_TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
    arrive(page, watch, "article")
    captions = page.locator("figure figcaption")
    expect(captions).to_have_count(len(PHOTOS))
    for _, caption, *_ in PHOTOS:
        expect(captions.filter(has_text=caption)).to_be_visible()
    page.locator(".record-link").get_by_role("link", name=session.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(session.title)
    arrive(page, watch, "session record")
    facts = page.locator(".facts")
    facts.get_by_role("link", name="Ông Phạm Sỹ Lợi").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Phạm Sỹ Lợi")
    arrive(page, watch, "official")
    expect(page.get_by_text("Chủ tịch HĐND tỉnh").first).to_be_visible()
    nav = page.get_by_role("navigation", name="Chuyên mục chính")
    nav.get_by_role("link", name="Phiên họp").click()

    arrive(page, watch, "archive")
    page.get_by_label("Năm").select_option("2021")
    page.get_by_label("Tháng", exact=True).select_option(label="Tháng 1")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"[?&]year=2021&month=1(&|$)"))
    arrive(page, watch, "archive filtered by year and month")
    expect(page.get_by_role("status")).to_have_text("Có 1 phiên họp.")
    expect(page.get_by_role("link", name=session.title)).to_be_visible()

    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("phien hop thang 01 thuong truc")
    search.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=phien"))
    arrive(page, watch, "search")
    expect(page.get_by_role("link", name=ARTICLE_TITLE).first).to_be_visible()
