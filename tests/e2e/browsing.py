"""What the browser tests share: the public pages, and watching a page for faults."""

import dataclasses
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, Request, Response

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclasses.dataclass(frozen=True)
class PublicPage:
    name: str
    path: str


def public_pages(article) -> list[PublicPage]:
    """Every kind of public page, filled from the demo article and its session."""
    session = article.session
    chair = session.attendances.get(role="chu_tri").person
    archive = (
        reverse("meetings:session_list")
        + "?"
        + urlencode({"year": session.starts_at.year, "month": session.starts_at.month})
    )
    return [
        PublicPage("home", reverse("meetings:home")),
        PublicPage("news", reverse("meetings:article_list")),
        PublicPage("category", article.category.get_absolute_url()),
        PublicPage("categories", reverse("meetings:category_list")),
        PublicPage("article", article.get_absolute_url()),
        PublicPage("archive", archive),
        PublicPage("session", session.get_absolute_url()),
        PublicPage("officials", reverse("meetings:person_list")),
        PublicPage("official", chair.get_absolute_url()),
        PublicPage(
            "search", reverse("meetings:search") + "?" + urlencode({"q": "phien hop"})
        ),
    ]


# The pages the issue names for the journey and the axe checks.
CORE_PAGES = ["home", "article", "session", "official", "archive", "search"]


class PageWatch:
    """Record what a reader would see go wrong on a page.

    Console errors, uncaught script errors, requests that fail and responses
    of 400 or more, from the moment the page is watched. `check()` fails
    with all of them at once and starts afresh.
    """

    def __init__(self, page: Page, *, ignore_aborted_xhr: bool = False):
        self.page = page
        self.ignore_aborted_xhr = ignore_aborted_xhr
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({url})")

    def _page_error(self, error) -> None:
        self.problems.append(f"script error: {error}")

    def _request_failed(self, request: Request) -> None:
        failure = request.failure or ""
        # Select2 cancels its previous search while staff type; that is no fault.
        if (
            self.ignore_aborted_xhr
            and request.resource_type in ("xhr", "fetch")
            and "ERR_ABORTED" in failure
        ):
            return
        self.problems.append(f"request failed: {request.url} ({failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def check(self, where: str = "") -> None:
        problems, self.problems = self.problems, []
        where = where or self.page.url
        assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def load_all_images(page: Page) -> list[str]:
    """Load every image, lazy ones too; return the sources of those that broke.

    Waiting here also keeps a navigation from cutting image requests short,
    which would show up as failed requests.
    """
    return page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach((img) => { img.loading = "eager"; });
            await Promise.all(images.map((img) => img.decode().catch(() => null)));
            return images
                .filter((img) => !img.complete || img.naturalWidth === 0)
                .map((img) => img.currentSrc || img.src);
        }"""
    )


def open_page(page: Page, path: str, watch: PageWatch) -> None:
    """Go to a page as a reader would and fail on anything that went wrong."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response.status}"
    broken = load_all_images(page)
    assert not broken, f"{path}: images that did not load: {broken}"
    watch.check(path)
