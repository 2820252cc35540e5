"""Check that the tests run on the database the harness promises."""

import os

import pytest
from django.db import connection


def expects_postgresql() -> bool:
    """Return whether this run must be on PostgreSQL (CI, or a postgres URL)."""
    ci = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
    url = os.environ.get("DATABASE_URL", "")
    return ci or url.startswith(("postgres://", "postgresql://", "postgis://"))


pytestmark = pytest.mark.skipif(
    not expects_postgresql(),
    reason="runs on PostgreSQL only: use `make test` or set DATABASE_URL",
)


@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")


@pytest.mark.django_db
def test_database_folds_vietnamese_case():
    # icontains compares UPPER() on both sides: a C-locale cluster would only
    # fold ASCII and miss "HỘI" in "Hội đồng".
    with connection.cursor() as cursor:
        cursor.execute("SELECT UPPER(%s), current_setting('server_encoding')", ["đ"])
        upper, encoding = cursor.fetchone()
    assert (upper, encoding) == ("Đ", "UTF8")
