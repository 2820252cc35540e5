"""Browser tests: Debian's Chromium, driven by Playwright, against live_server.

The browser is Debian's package at /usr/bin/chromium (CHROMIUM= to point
elsewhere), never one that Playwright downloads. `make test` installs the
package when it is missing and it can (scripts/ensure-chromium). Without a
browser these tests are skipped with one line saying why, except under CI,
where they fail: a CI run that silently skipped them would prove nothing.

One browser serves the whole run; each test gets fresh contexts (cookies,
storage) and the site on pytest-django's live_server, which also serves
static files and MEDIA_ROOT. The database is the one migrations leave
(staff groups, house styles), restored before each test.
"""

import os

import pytest

from tests.e2e.browsing import PageWatch

# Playwright's sync API keeps an event loop running in the test's thread, so
# Django would refuse ORM calls from the tests and their fixtures.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # Root (CI, this machine) cannot use Chromium's sandbox.
    "--no-sandbox",
    "--disable-gpu",
    # Nothing but the live server on loopback: no updates, sync or probes.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing_browser() -> str:
    """Return why the browser tests cannot run here, or "" when they can."""
    if os.access(CHROMIUM, os.X_OK):
        return ""
    return (
        f"browser tests need Chromium at {CHROMIUM}: run `make test` as root to "
        "install Debian's chromium, or `apt-get install chromium`"
    )


BROWSER_SKIP = pytest.StashKey[str]()


def pytest_report_header(config):
    if not missing_browser():
        return f"e2e: Chromium {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    browser_tests = [item for item in items if item.path.is_relative_to(here)]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    problem = missing_browser()
    if browser_tests and problem and not in_ci():
        # One line for all of them, rather than one skip line per test file.
        config.hook.pytest_deselected(items=browser_tests)
        items[:] = [item for item in items if item not in browser_tests]
        config.stash[BROWSER_SKIP] = f"{len(browser_tests)} {problem}"


def pytest_terminal_summary(terminalreporter, config):
    skipped = config.stash.get(BROWSER_SKIP, "")
    if skipped:
        terminalreporter.write_line(f"SKIPPED {skipped}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    problem = missing_browser()
    if problem:
        # Only under CI=true are the tests still here without a browser.
        pytest.fail(f"CI=true: {problem}", pytrace=False)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": DESKTOP,
    }


@pytest.fixture(autouse=True)
def _migrated_data(django_db_serialized_rollback):
    """Restore what migrations made (staff groups, house styles) before each test.

    live_server tests run in real transactions and end with a flush.
    """


@pytest.fixture(scope="session")
def _migrations_snapshot(django_db_setup):
    """Return what pytest-django saved of the migrated database, before Playwright."""
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="session", autouse=True)
def _hand_snapshot_to_playwright_connections(_migrations_snapshot, playwright):
    """Give the test thread's new connections the snapshot serialized rollback needs.

    Once Playwright's event loop runs in this thread, asgiref keys Django's
    connections by context instead of thread, so the tests get connection
    objects other than the one that took the snapshot; without it they would
    skip the restore and find no staff groups after the first flush.
    """
    from django.db import connections

    for alias, contents in _migrations_snapshot.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture
def demo_article(transactional_db):
    """The January 2021 session and its article, as `load_demo` makes them."""
    from meetings.demo import load_demo

    return load_demo()


@pytest.fixture
def watch(page):
    """The test's page, watched for console errors and failed requests."""
    return PageWatch(page)
