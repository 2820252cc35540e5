"""The search benchmark command, at a tiny scale so that it cannot rot."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from meetings import benchgen, search_index
from meetings.models import Article, SearchEntry, Session
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_leftover_changes():
    search_index.discard_pending()


def test_a_tiny_benchmark_runs_and_reports(capsys):
    out = io.StringIO()
    call_command(
        "search_benchmark",
        articles=30,
        iterations=3,
        warmup=1,
        queries=["ngân sách", "phien hop"],
        stdout=out,
    )
    report = out.getvalue()
    assert "Dữ liệu: 30 tin bài, 30 phiên họp" in report
    lines = [line for line in report.splitlines() if line.startswith("“")]
    assert len(lines) == 2
    for line in lines:
        assert re.search(r"trung vị [\d.]+ ms, p95 [\d.]+ ms", line), line
        assert "; 2 truy vấn SQL" in line, line
    assert Article.objects.published().count() == 30
    assert SearchEntry.objects.filter(kind="tin_tuc").count() == 30


def test_the_benchmark_refuses_a_database_with_records():
    ArticleFactory()
    with pytest.raises(CommandError, match="đang có dữ liệu .*--database-url"):
        call_command("search_benchmark", articles=5, iterations=1, warmup=0)
    assert Article.objects.count() == 1


def test_generated_records_look_like_an_archive():
    counts = benchgen.generate(articles=250, batch_size=100)
    assert counts == {
        "organizations": 3,
        "people": 9,
        "sessions": 250,
        "articles": 250,
    }
    session = Session.objects.order_by("pk").first()
    assert session.title.startswith("Phiên họp thường kỳ tháng 01/2016 của Thường")
    assert session.attendances.count() == 3
    assert session.agenda_items.count() == 2
    assert session.article.is_public
    # One regular session per body and month.
    assert (
        Session.objects.values("organization", "period_year", "period_month")
        .distinct()
        .count()
        == 250
    )


def generated(seed: int) -> list[tuple[str, str]]:
    with transaction.atomic():
        benchgen.generate(articles=5, seed=seed)
        rows = list(Article.objects.order_by("pk").values_list("title", "body"))
        transaction.set_rollback(True)
    return rows


def test_generation_is_repeatable():
    assert generated(7) == generated(7) != generated(8)
