"""Accessibility of the public pages: axe-core, the keyboard, text alternatives.

axe-core comes inside axe-playwright-python (no download). Its full report of
each page, minor findings included, is kept in test-artifacts/axe/ for review;
the tests fail on serious and critical violations only.
"""

import json
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import (
    ARTIFACTS,
    CORE_PAGES,
    load_all_images,
    public_pages,
)

BLOCKING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {"resultTypes": ["violations", "incomplete"]}


def core_pages(article):
    return [p for p in public_pages(article) if p.name in CORE_PAGES]


def describe(violation) -> str:
    targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
    more = len(violation["nodes"]) - len(targets)
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(targets)
        + (f" and {more} more" if more > 0 else "")
    )


def test_axe_finds_no_serious_or_critical_violations(page, watch, demo_article):
    axe = Axe()
    reports = ARTIFACTS / "axe"
    reports.mkdir(parents=True, exist_ok=True)
    blocking = []
    for public_page in core_pages(demo_article):
        page.goto(public_page.path)
        load_all_images(page)
        watch.check(public_page.name)
        results = axe.run(page, options=AXE_OPTIONS).response
        violations = results["violations"]
        # "incomplete" lists what axe could not decide, for a person to check.
        report = {key: results[key] for key in ("violations", "incomplete")}
        report["passed_rules"] = [rule["id"] for rule in results["passes"]]
        (reports / f"{public_page.name}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1)
        )
        blocking += [
            f"{public_page.name}: {describe(v)}"
            for v in violations
            if v["impact"] in BLOCKING_IMPACTS
        ]
    assert not blocking, "\n".join(blocking)


def test_skip_link_takes_keyboard_focus_to_the_main_content(page, demo_article):
    page.goto(demo_article.get_absolute_url())

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Bỏ qua, đến nội dung chính")
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#noi-dung$"))
    expect(page.locator(":focus")).to_have_id("noi-dung")
    expect(page.get_by_role("main")).to_be_focused()

    # The next Tab starts from the content, not from the header again.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.activeElement.closest('main') !== null")
    assert inside_main, page.evaluate("document.activeElement.outerHTML")


# Every img needs an alt; an empty one only where the picture adds nothing to
# text beside it (a portrait next to the name it links). SVG is either hidden
# from assistive technology or named.
FIND_IMAGES_WITHOUT_TEXT = """() => {
    const text = (el) => (el.innerText || "").trim();
    const faults = [];
    for (const img of document.querySelectorAll("img, input[type=image]")) {
        const alt = img.getAttribute("alt");
        const holder = img.closest("a, button, li, figure, p") || img.parentElement;
        if (alt === null) faults.push(`no alt: ${img.outerHTML}`);
        else if (!alt.trim() && (img.closest("figure") || !text(holder)))
            faults.push(`empty alt on a picture that stands alone: ${img.outerHTML}`);
    }
    for (const svg of document.querySelectorAll("svg")) {
        const hidden = svg.closest("[aria-hidden=true]");
        const named = svg.getAttribute("aria-label") || svg.querySelector("title");
        if (!hidden && !named)
            faults.push(`unnamed svg: ${svg.outerHTML.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll("[role=img]")) {
        if (!el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
            faults.push(`unnamed role=img: ${el.outerHTML.slice(0, 80)}`);
    }
    return faults;
}"""


def test_every_image_has_a_text_alternative(page, watch, demo_article):
    faults = []
    images_seen = 0
    for public_page in core_pages(demo_article):
        page.goto(public_page.path)
        load_all_images(page)
        watch.check(public_page.name)
        images_seen += page.locator("img").count()
        faults += [
            f"{public_page.name}: {f}" for f in page.evaluate(FIND_IMAGES_WITHOUT_TEXT)
        ]
    assert images_seen >= 6, "the demo's photos should be on these pages"
    assert not faults, "\n".join(faults)


# What the focused element shows: an outline or a box shadow that is drawn.
FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    return {
        element: el.outerHTML.slice(0, 100),
        visible: Boolean(outline || shadow),
        inBody: el !== document.body,
    };
}"""


def test_keyboard_focus_is_visible_on_links_and_controls(page, demo_article):
    invisible = []
    for path in ["/", demo_article.get_absolute_url()]:
        page.goto(path)
        for _ in range(15):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_STYLE)
            assert focus["inBody"], f"{path}: Tab left the page"
            if not focus["visible"]:
                invisible.append(f"{path}: {focus['element']}")
    assert not invisible, "focus not visible on:\n" + "\n".join(invisible)
