"""Every public page on a phone (390 x 844) and on a desktop (1280 px).

On the phone nothing scrolls sideways and text stays readable. Full-page
screenshots of both widths go to test-artifacts/screenshots/ for review.
"""

import pytest

from tests.e2e.browsing import (
    ARTIFACTS,
    load_all_images,
    public_pages,
)

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SMALLEST_READABLE_PX = 12

# Elements that show text of their own, on screen (the visually-hidden text
# for screen readers is clipped to one pixel and left out), with their size.
TEXT_SIZES = """() => {
    const sizes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
        seen.add(el);
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const shown = box.width > 1 && box.height > 1 && style.visibility !== "hidden";
        if (!shown) continue;
        if (el.closest(".visually-hidden, .skip-link")) continue;
        sizes.push({
            text: walker.currentNode.textContent.trim().slice(0, 40),
            size: parseFloat(style.fontSize),
        });
    }
    return sizes;
}"""

# What sticks out past the right edge, to name the culprit when a page scrolls.
WIDE_ELEMENTS = """() => {
    const limit = document.documentElement.clientWidth;
    return [...document.body.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
        .slice(0, 5)
        .map((el) => el.outerHTML.slice(0, 100));
}"""


@pytest.mark.parametrize(
    "width",
    [
        pytest.param(390, marks=pytest.mark.browser_context_args(**PHONE), id="phone"),
        pytest.param(
            1280, marks=pytest.mark.browser_context_args(**DESKTOP), id="desktop"
        ),
    ],
)
def test_public_pages_fit_the_screen_and_read_well(page, watch, demo_article, width):
    shots = ARTIFACTS / "screenshots" / str(width)
    shots.mkdir(parents=True, exist_ok=True)
    faults = []
    for public_page in public_pages(demo_article):
        name = public_page.name
        page.goto(public_page.path)
        broken = load_all_images(page)
        assert not broken, f"{name}: images that did not load: {broken}"
        watch.check(name)
        page.screenshot(path=shots / f"{name}.png", full_page=True)

        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        if scroll_width > client_width:
            faults.append(
                f"{name}: scrolls sideways ({scroll_width} > {client_width} px): "
                f"{page.evaluate(WIDE_ELEMENTS)}"
            )
        small = [
            t for t in page.evaluate(TEXT_SIZES) if t["size"] < SMALLEST_READABLE_PX
        ]
        if small:
            faults.append(f"{name}: text under {SMALLEST_READABLE_PX} px: {small[:5]}")
    assert not faults, "\n".join(faults)
