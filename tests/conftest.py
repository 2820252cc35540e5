import pytest

from tests import factories


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded and generated files out of var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Serve pages uncached, as the pinned query counts assume (see test_caching)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def demo_article(db):
    """The January 2021 session and its article, as `load_demo` makes them."""
    from meetings.demo import load_demo

    return load_demo()


@pytest.fixture
def standing_committee(db):
    return factories.standing_committee()
