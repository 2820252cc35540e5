"""The database connection: PostgreSQL plans each page's queries once."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from meetings.models import Category


def database_options(**env) -> dict:
    """Return the connection options settings.py gives for this environment."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "council.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements():
    options = database_options(DATABASE_URL="postgres://council@127.0.0.1:5432/c")
    assert options == {"server_side_binding": True, "prepare_threshold": 2}


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler():
    options = database_options(
        DATABASE_URL="postgres://council@127.0.0.1:5432/c",
        DATABASE_PREPARED_STATEMENTS="false",
    )
    assert options == {"server_side_binding": True, "prepare_threshold": None}


def test_sqlite_has_no_such_options():
    assert database_options(DATABASE_URL="sqlite:///:memory:") == {}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
@pytest.mark.django_db
def test_a_query_run_again_on_a_connection_is_prepared():
    for slug in ("a", "b", "c"):
        list(Category.objects.filter(slug=slug))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "meetings_category"' in s for s in statements), statements
