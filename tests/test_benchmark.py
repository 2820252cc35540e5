"""The page benchmark command and its data, at a tiny scale so that they cannot rot.

The command makes, fills and drops a database of its own on the test
PostgreSQL server, and serves it with gunicorn on 127.0.0.1: about half a
minute. It uses the Python load generator, as a machine without wrk would.
"""

import io
import json
import os
import shutil
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings import benchgen, loadgen
from meetings.management.commands import benchmark
from meetings.models import Article, Attendance, Photo, Session

PAGES = ["hello", "home", "article", "session", "archive", "official", "search", "rss"]


def benchmark_databases() -> list[str]:
    with benchmark.connect(os.environ["DATABASE_URL"]) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [benchmark.DATABASE_PREFIX + "%"],
        ).fetchall()
    return [name for (name,) in rows]


def test_a_tiny_benchmark_serves_every_page_and_reports(tmp_path):
    before = benchmark_databases()
    out = io.StringIO()
    call_command(
        "benchmark",
        scale=0.001,
        duration=0.5,
        warmup=0,
        workers=1,
        load_generator="python",
        cache="database",
        json_file=str(tmp_path / "benchmark.json"),
        stdout=out,
        stderr=io.StringIO(),
    )

    report = json.loads((tmp_path / "benchmark.json").read_text())
    assert list(report["pages"]) == PAGES
    assert report["load_generator"].startswith("python")
    assert report["cache_backend"] == "DatabaseCache"
    assert report["data"]["sessions"] > 0
    for page, result in report["pages"].items():
        for mode in ("cached", "uncached"):
            figures = result[mode]
            assert figures["requests"] > 0, (page, mode)
            assert figures["errors"] == 0, (page, mode)
            assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
            assert figures["ratio"] > 0
        if page == "hello":
            assert result["queries"] == 0
        else:
            assert result["queries"] > 0
            # The database cache: the generation and the page in one read.
            assert result["queries_cached"] == 1
    assert report["pages"]["hello"]["cached"]["ratio"] == 1
    for mode in ("cached", "uncached"):
        assert len(report["rss_mb"][mode]) == 1
        assert 10 < report["rss_mb"][mode][0] < 1000
    assert {check["budget"] for check in report["budgets"]} >= {
        "p95 < 50 ms (bật bộ nhớ đệm)",
        "mỗi worker < 150 MB",
    }
    table = out.getvalue()
    assert "hello (mốc so sánh)" in table
    assert "tin bài không bộ nhớ đệm >= 20% hello" in table
    # Its database is gone.
    assert benchmark_databases() == before


def test_the_benchmark_starts_and_stops_a_redis_of_its_own():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    options = {"cache_url": "", "cache": "auto"}
    with benchmark.cache_server(options) as url:
        host, port = url.removeprefix("redis://").split("/")[0].split(":")
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            conn.sendall(b"PING\r\n")
            assert conn.recv(64) == b"+PONG\r\n"
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=1).close()
    with benchmark.cache_server({**options, "cache": "database"}) as url:
        assert url == ""


def test_the_benchmark_refuses_sqlite():
    with pytest.raises(CommandError, match="cần một máy chủ PostgreSQL"):
        call_command("benchmark", database_url="sqlite:///var/db.sqlite3")


def test_the_benchmark_measures_again_only_a_database_it_made():
    with pytest.raises(CommandError, match="không phải do lệnh đo tạo ra"):
        call_command("benchmark", reuse="postgres")


@pytest.mark.django_db
def test_the_inside_part_refuses_a_database_it_did_not_make():
    with pytest.raises(CommandError, match="không phải do lệnh đo tạo ra"):
        benchmark.Inside(benchmark.Command(), {}).refuse_other_databases()


@pytest.mark.django_db
def test_a_tiny_archive_is_a_recent_slice_of_a_province():
    counts = benchgen.generate_archive(scale=0.001, batch_size=50)

    assert 25 <= counts["sessions"] <= 40
    assert counts["articles"] == 100 + 3  # and three scheduled ones
    assert 80 <= counts["photos"] <= 120
    assert Session.objects.held().count() == counts["sessions"]
    assert Attendance.objects.count() == counts["attendances"]
    assert 8 <= counts["attendances"] / counts["sessions"] <= 16
    # Every session has its article, a presiding official and photos with
    # renditions (of files that were never written).
    session = Session.objects.order_by("-starts_at").first()
    assert session.article.is_public
    assert session.attendances.filter(role=Attendance.Role.PRESIDING).count() == 1
    photo = Photo.objects.filter(session=session).order_by("order")[1]
    assert photo.people.get() == session.concluded_by
    assert {r["type"] for r in photo.renditions} == {"image/webp", "image/jpeg"}
    assert photo.picture.webp_srcset
    # A few articles wait for their time.
    assert Article.objects.scheduled().count() == 3


def test_the_load_generator_reports_nearest_rank_percentiles():
    values = [i / 1000 for i in range(1, 101)]
    report = loadgen.summary(values, errors=2, seconds=2.0)
    assert report["requests"] == 100
    assert report["rps"] == 50.0
    assert (report["p50_ms"], report["p95_ms"], report["p99_ms"]) == (50, 95, 99)
    assert report["errors"] == 2


def test_the_load_generator_counts_a_refused_connection_as_an_error():
    with socket.socket() as bound:  # bound, not listening: connections are refused
        bound.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{bound.getsockname()[1]}/"
        # In its own process, as the benchmark runs it.
        result = subprocess.run(
            [sys.executable, "-m", "meetings.loadgen", url, "--duration=0.2"]
            + ["--concurrency=2", "--tool=python"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    report = json.loads(result.stdout)
    assert report["requests"] == 0
    assert report["errors"] > 0
