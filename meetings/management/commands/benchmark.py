"""Measure the public pages on a generated archive, served by gunicorn.

    manage.py benchmark                       # DATABASE_URL names a PostgreSQL
    manage.py benchmark --database-url postgres://user@host/db --json out.json
    scripts/with-test-postgres .venv/bin/python manage.py benchmark

Never on the user's data: on the PostgreSQL server that --database-url (or
DATABASE_URL) names, the command creates a database of its own, marks it as
a benchmark database, fills it (meetings.benchgen.generate_archive: at scale
1, twenty years of a province and 100 communes) and drops it at the end
(--keep keeps it; --reuse NAME measures a kept one again). It refuses SQLite
and any database it did not make.

In that database (a child process whose DATABASE_URL is it) it counts each
page's SQL queries in-process, then serves the site with gunicorn on
127.0.0.1 (2 x cores + 1 sync workers by default), once with the page cache
on and once with it off, and loads each page from another process
(meetings.loadgen: wrk when installed, else its own asyncio client) for a
fixed time at a fixed concurrency. Pages: a bare "hello" view served by the
same server (the baseline), home, article, session record, archive filtered
by year and body, official, search and RSS. Then it reads each worker's peak
resident memory (VmHWM) and prints the table with each page's throughput as
a share of the baseline's, and the budgets met or missed; --json FILE writes
the same.

The page cache is Redis, as in production, when redis-server is installed
(a throwaway one on 127.0.0.1, or --cache-url), else the database table a
small office runs on (--cache chooses). A machine without wrk or Redis (CI)
still runs it whole, with the Python load generator and the database cache.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from meetings import benchgen, caching, loadgen, search_index
from meetings.models import Article, Session

MARKER = "council-records benchmark database"
DATABASE_PREFIX = "council_benchmark_"
CONCURRENCY = 8
HELLO = "hello"
PAGES = ["home", "article", "session", "archive", "official", "search", "rss"]
PAGE_LABELS = {
    HELLO: "hello (mốc so sánh)",
    "home": "trang chủ",
    "article": "tin bài",
    "session": "hồ sơ phiên họp",
    "archive": "lưu trữ theo năm, cơ quan",
    "official": "trang đại biểu",
    "search": "tìm kiếm",
    "rss": "RSS",
}
SEARCH_WORDS = "ngân sách"
MODES = {"cached": "bật bộ nhớ đệm", "uncached": "tắt bộ nhớ đệm"}
# The targets of issue 9 on a 2-core machine.
BUDGET_P95_MS = {"cached": 50.0, "uncached": 150.0}
BUDGET_CACHED_SHARE = 0.70
BUDGET_UNCACHED_ARTICLE_SHARE = 0.20
BUDGET_RSS_MB = 150.0


class Command(BaseCommand):
    help = (
        "Tạo một kho dữ liệu mẫu lớn trong cơ sở dữ liệu PostgreSQL riêng, chạy "
        "trang web bằng gunicorn và đo số yêu cầu mỗi giây, độ trễ p50/p95/p99, "
        "số truy vấn SQL và bộ nhớ của mỗi worker, khi bật và khi tắt bộ nhớ đệm."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url",
            help="Máy chủ PostgreSQL (mặc định: DATABASE_URL). Lệnh tạo một cơ sở "
            "dữ liệu riêng trên đó và xóa khi xong; không đụng đến dữ liệu có sẵn.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Quy mô dữ liệu so với mặc định (1 = 20 năm, 100 xã, khoảng "
            "30.000 phiên họp và 100.000 tin bài).",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--duration",
            type=float,
            default=10.0,
            help="Số giây đo mỗi trang (mặc định %(default)s).",
        )
        parser.add_argument(
            "--warmup",
            type=float,
            default=2.0,
            help="Số giây chạy nóng mỗi trang trước khi đo (mặc định %(default)s).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=CONCURRENCY,
            help="Số yêu cầu đồng thời (mặc định %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2 * (os.cpu_count() or 1) + 1,
            help="Số worker gunicorn (mặc định 2 x số lõi + 1 = %(default)s).",
        )
        parser.add_argument(
            "--load-generator",
            choices=["auto", "wrk", "python"],
            default="auto",
            help="Công cụ tạo tải: wrk nếu đã cài, nếu không thì bộ tạo tải "
            "Python có sẵn (mặc định auto).",
        )
        parser.add_argument(
            "--cache",
            choices=["auto", "redis", "database"],
            default="auto",
            help="Bộ nhớ đệm khi đo: redis (một máy chủ redis-server tạm trên "
            "127.0.0.1, như khi chạy thật), database (bảng trong cơ sở dữ liệu "
            "đo, mặc định của bản cài nhỏ); auto: redis nếu đã cài redis-server.",
        )
        parser.add_argument(
            "--cache-url",
            default="",
            help="Dùng một Redis có sẵn, ví dụ redis://127.0.0.1:6379/0 (khóa có "
            "tiền tố riêng cho lần đo).",
        )
        parser.add_argument("--json", dest="json_file", help="Ghi kết quả ra tệp JSON.")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Giữ lại cơ sở dữ liệu đo để đo lại bằng --reuse.",
        )
        parser.add_argument(
            "--reuse",
            metavar="NAME",
            help="Đo lại trên một cơ sở dữ liệu đo đã giữ lại (--keep).",
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        # The part that runs inside the benchmark database (a child process).
        parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["inside"]:
            return Inside(self, options).run()
        self.check_options(options)
        server = options["database_url"] or os.environ.get("DATABASE_URL", "")
        if not server or not is_postgresql(server):
            raise CommandError(
                "Lệnh đo cần một máy chủ PostgreSQL: chỉ định --database-url hoặc "
                "DATABASE_URL=postgres://..., hoặc chạy qua "
                "scripts/with-test-postgres. Không đo trên SQLite."
            )
        if options["reuse"]:
            name = options["reuse"]
            if not is_benchmark_database(server, name):
                raise CommandError(
                    f"Cơ sở dữ liệu “{name}” không phải do lệnh đo tạo ra; lệnh đo "
                    "không dùng dữ liệu nào khác."
                )
        else:
            name = create_database(server)
            self.stderr.write(f"Đã tạo cơ sở dữ liệu đo “{name}”.")
        keep = options["keep"] or bool(options["reuse"])
        try:
            with cache_server(options) as cache_url:
                self.run_inside(server, name, {**options, "cache_url": cache_url})
        finally:
            if keep:
                self.stdout.write(
                    f"Giữ lại cơ sở dữ liệu đo “{name}”; đo lại với --reuse {name}."
                )
            else:
                drop_database(server, name)

    @staticmethod
    def check_options(options):
        if options["scale"] <= 0:
            raise CommandError("--scale phải lớn hơn 0.")
        if options["duration"] <= 0 or options["warmup"] < 0:
            raise CommandError("--duration phải lớn hơn 0 và --warmup không âm.")
        if options["concurrency"] < 1 or options["workers"] < 1:
            raise CommandError("--concurrency và --workers phải từ 1 trở lên.")
        if options["load_generator"] == "wrk" and not loadgen.wrk_version():
            raise CommandError("Chưa cài wrk (apt-get install wrk).")
        if options["cache"] == "redis" and not options["cache_url"]:
            if not shutil.which("redis-server"):
                raise CommandError(
                    "Chưa cài redis-server (apt-get install redis-server)."
                )

    def run_inside(self, server: str, name: str, options) -> None:
        """Run the measuring part in a child process whose database is `name`."""
        json_file = options["json_file"]
        argv = [
            sys.executable,
            "-m",
            "django",
            "benchmark",
            "--inside",
            f"--scale={options['scale']}",
            f"--seed={options['seed']}",
            f"--duration={options['duration']}",
            f"--warmup={options['warmup']}",
            f"--concurrency={options['concurrency']}",
            f"--workers={options['workers']}",
            f"--load-generator={options['load_generator']}",
            f"--batch-size={options['batch_size']}",
            f"--cache-url={options['cache_url']}",
            *([f"--json={Path(json_file).resolve()}"] if json_file else []),
        ]
        # Progress goes to standard error as it comes; the report is relayed.
        completed = subprocess.run(
            argv,
            env=server_env(server, name, options),
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.stdout.write(completed.stdout, ending="")
        if completed.returncode:
            raise CommandError(f"Lệnh đo dừng với mã {completed.returncode}.")


@contextlib.contextmanager
def cache_server(options):
    """Yield the cache URL to measure with, starting a throwaway Redis if asked.

    The Redis listens on 127.0.0.1 only, keeps nothing on disk and is
    stopped afterwards; "" means the database cache.
    """
    if options["cache_url"]:
        yield options["cache_url"]
        return
    wanted = options["cache"]
    if wanted == "database" or (wanted == "auto" and not shutil.which("redis-server")):
        yield ""
        return
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="benchmark-redis-") as folder:
        process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port)]
            + ["--save", "", "--appendonly", "no", "--dir", folder]
            + ["--maxmemory", "512mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise CommandError(
                            "redis-server không khởi động được."
                        ) from None
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


# The benchmark database --------------------------------------------------------


def is_postgresql(url: str) -> bool:
    return "postgresql" in dj_database_url.parse(url)["ENGINE"]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(url: str):
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        dbname=config["NAME"],
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    )


def create_database(server: str) -> str:
    """Create and mark an empty database for the benchmark; return its name."""
    from psycopg import sql

    name = f"{DATABASE_PREFIX}{secrets.token_hex(4)}"
    try:
        with connect(server) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(MARKER)
                )
            )
    except Exception as error:
        raise CommandError(
            f"Không tạo được cơ sở dữ liệu đo trên máy chủ PostgreSQL ({error}). "
            "Vai trò kết nối cần quyền CREATEDB."
        ) from error
    return name


def is_benchmark_database(server: str, name: str) -> bool:
    with connect(server) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name],
        ).fetchone()
    return bool(row) and row[0] == MARKER


def drop_database(server: str, name: str) -> None:
    from psycopg import sql

    if not (name.startswith(DATABASE_PREFIX) and is_benchmark_database(server, name)):
        return
    with connect(server) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def server_env(server: str, name: str, options) -> dict:
    """Return the environment of the child and of gunicorn: the benchmark's own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CACHE_", "REDIS_URL", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=os.environ.get(
            "DJANGO_SETTINGS_MODULE", "council.settings"
        ),
        DATABASE_URL=with_database(server, name),
        # As on a server: no debug (which keeps every query in memory).
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_BENCHMARK_HELLO="true",
        CACHE_URL=options["cache_url"] or "db://",
        # Never read another site's entries in a shared Redis.
        CACHE_KEY_PREFIX=f"{name}:",
    )
    return env


# Inside the benchmark database ------------------------------------------------


class Inside:
    """Generate, count queries, serve and load: the child process's work."""

    def __init__(self, command: Command, options):
        self.command = command
        self.options = options
        self.stdout = command.stdout
        self.stderr = command.stderr

    def run(self) -> None:
        if not is_postgresql(os.environ.get("DATABASE_URL", "")):
            raise CommandError("Phần đo chỉ chạy trên cơ sở dữ liệu đo PostgreSQL.")
        self.refuse_other_databases()
        call_command("migrate", verbosity=0, interactive=False)
        data = self.generate()
        urls = self.urls()
        report = {
            "scale": self.options["scale"],
            "seed": self.options["seed"],
            "duration_s": self.options["duration"],
            "concurrency": self.options["concurrency"],
            "workers": self.options["workers"],
            "cpu_count": os.cpu_count(),
            "load_generator": self.tool_name(),
            "cache_backend": cache_backend_name(),
            "data": data,
            "pages": {
                page: {"url": url, **self.count_queries(url)}
                for page, url in urls.items()
            },
            "rss_mb": {},
        }
        # As after a deploy: no page stored yet (each mode warms up first).
        caching.expire_pages()
        for mode in MODES:
            # Whatever else keeps the machine busy (a test suite) skews the
            # figures: measured for a second before the server starts.
            report[f"busy_before_{mode}"] = machine_busy()
            with Server(self.options, mode, self.stderr) as server:
                for page, url in urls.items():
                    self.stderr.write(f"  {MODES[mode]}: {page} {url}")
                    result = server.load(url)
                    report["pages"][page][mode] = result
                report["rss_mb"][mode] = server.peak_rss_mb()
        for mode in MODES:
            baseline = report["pages"][HELLO][mode]["rps"]
            for page in urls:
                result = report["pages"][page][mode]
                result["ratio"] = round(result["rps"] / baseline, 3) if baseline else 0
        report["budgets"] = budgets(report)
        self.stdout.write(table(report))
        if self.options["json_file"]:
            Path(self.options["json_file"]).write_text(
                json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
            self.stdout.write(f"Đã ghi kết quả vào {self.options['json_file']}.")

    def refuse_other_databases(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            )
            (comment,) = cursor.fetchone()
        if comment != MARKER:
            raise CommandError(
                f"Cơ sở dữ liệu “{connection.settings_dict['NAME']}” không phải do "
                "lệnh đo tạo ra; lệnh đo không ghi vào đó."
            )

    def generate(self) -> dict:
        """Fill the database unless a kept one is measured again; return counts."""
        if Article.objects.exists():
            self.stderr.write("Dùng lại dữ liệu đã tạo.")
            return {"sessions": Session.objects.count(), "reused": True}
        started = time.perf_counter()
        step = {"label": "", "next": 0.0}

        def progress(label, done, total):
            if label != step["label"]:
                step.update(label=label, next=0.0)
            if done / max(1, total) >= step["next"]:
                step["next"] += 0.25
                self.stderr.write(f"  {label}: {min(done, total)}/{total}")

        counts = benchgen.generate_archive(
            scale=self.options["scale"],
            seed=self.options["seed"],
            batch_size=self.options["batch_size"],
            progress=progress,
        )
        generated = time.perf_counter() - started
        started = time.perf_counter()
        search_index.rebuild(batch_size=self.options["batch_size"])
        indexed = time.perf_counter() - started
        with connection.cursor() as cursor:
            # As autovacuum would leave it: statistics fresh, GIN lists merged.
            cursor.execute("VACUUM ANALYZE")
            cursor.execute(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            )
            (size,) = cursor.fetchone()
        self.stdout.write(
            "Dữ liệu: "
            + ", ".join(f"{value} {key}" for key, value in counts.items())
            + f"; tạo trong {generated:.0f} giây, dữ liệu tìm kiếm {indexed:.0f} "
            f"giây; cơ sở dữ liệu {size}."
        )
        return {
            **counts,
            "generation_s": round(generated, 1),
            "search_index_s": round(indexed, 1),
            "database_size": size,
        }

    def urls(self) -> dict[str, str]:
        """Pick one typical URL per page: the latest of the province's records."""
        held = Session.objects.held()
        session = (
            held.filter(organization__level="tinh", kind=Session.Kind.REGULAR)
            .order_by("-starts_at")
            .first()
            or held.order_by("-starts_at").first()
        )
        article = (
            Article.objects.published()
            .filter(session__isnull=False)
            .order_by("-published_at")
            .first()
        )
        if session is None or article is None:
            raise CommandError("Không có dữ liệu để đo.")
        official = session.attendances.order_by("order").first().person
        archive = (
            f"{reverse('meetings:session_list')}?year={session.starts_at.year}"
            f"&organization={session.organization_id}"
        )
        search = f"{reverse('meetings:search')}?{urlencode({'q': SEARCH_WORDS})}"
        return {
            HELLO: reverse("meetings:benchmark_hello"),
            "home": reverse("meetings:home"),
            "article": article.get_absolute_url(),
            "session": session.get_absolute_url(),
            "archive": archive,
            "official": official.get_absolute_url(),
            "search": search,
            "rss": reverse("meetings:feed"),
        }

    def count_queries(self, url: str) -> dict:
        """Count a page's queries uncached and from the cache, in this process."""
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        counts = {}
        # Each request resets the query log: count before the next one.
        for label, seconds in (("queries", 0), ("queries_cached", 600)):
            with override_settings(ALLOWED_HOSTS=hosts, PAGE_CACHE_SECONDS=seconds):
                client.get(url)  # imports and templates, or filling the cache
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                counts[label] = len(queries.captured_queries)
            if response.status_code != 200:
                raise CommandError(f"{url} trả mã {response.status_code}.")
        return {**counts, "kb": round(len(response.content) / 1024, 1)}

    def tool_name(self) -> str:
        tool = self.options["load_generator"]
        version = loadgen.wrk_version()
        if tool == "wrk" or (tool == "auto" and version):
            return version
        return "python (asyncio, meetings.loadgen)"


def cache_backend_name() -> str:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if backend != "RedisCache":
        return backend
    from django.core.cache import cache

    version = cache._cache.get_client().info("server")["redis_version"]
    return f"{backend} (Redis {version})"


class Server:
    """gunicorn on a free loopback port, with the page cache on or off."""

    def __init__(self, options, mode: str, stderr):
        self.options = options
        self.mode = mode
        self.stderr = stderr
        self.process = None

    def __enter__(self):
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(
            "w+", prefix="benchmark-gunicorn-", suffix=".log"
        )
        env = dict(os.environ)
        env["DJANGO_PAGE_CACHE_SECONDS"] = "600" if self.mode == "cached" else "0"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "council.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={self.options['workers']}",
                "--worker-class=sync",
                "--timeout=120",
                "--graceful-timeout=10",
                "--log-level=warning",
                f"--error-logfile={self.log.name}",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        self.log.close()

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        workers = self.options["workers"]
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise CommandError(f"gunicorn dừng:\n{self.log.read()[-3000:]}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as r:
                    if r.status == 200 and len(self.workers()) >= workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise CommandError("gunicorn không sẵn sàng sau 60 giây.")

    def load(self, path: str) -> dict:
        url = self.base + path
        if self.options["warmup"]:
            self.run_loadgen(url, self.options["warmup"])
        return self.run_loadgen(url, self.options["duration"])

    def run_loadgen(self, url: str, duration: float) -> dict:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "meetings.loadgen",
                url,
                f"--duration={duration}",
                f"--concurrency={self.options['concurrency']}",
                f"--tool={self.options['load_generator']}",
            ],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=duration + 180,
        )
        if result.returncode:
            raise CommandError(f"Bộ tạo tải lỗi: {result.stderr[-2000:]}")
        return json.loads(result.stdout)

    def workers(self) -> list[int]:
        """Return the pids of the master's children (the workers), from /proc."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(
                line.split(":", 1) for line in status.splitlines() if ":" in line
            )
            if fields.get("PPid", "").strip() == str(self.process.pid):
                pids.append(int(entry.name))
        return pids

    def peak_rss_mb(self) -> list[float]:
        """Return each worker's peak resident memory (VmHWM) in MB."""
        peaks = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(round(int(line.split()[1]) / 1024, 1))
        return sorted(peaks)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def machine_busy(seconds: float = 1.0) -> float:
    """Return the share of CPU time the machine spent busy over `seconds`."""

    def times():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    try:
        idle, total = times()
        time.sleep(seconds)
        idle2, total2 = times()
    except OSError:
        return 0.0
    return round(1 - (idle2 - idle) / max(1, total2 - total), 3)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The report ------------------------------------------------------------------


def budgets(report) -> list[dict]:
    """Check the figures against the issue's budgets."""
    pages = report["pages"]
    measured = [page for page in pages if page != HELLO]
    checks = []
    for mode, limit in BUDGET_P95_MS.items():
        worst = max(measured, key=lambda page: pages[page][mode]["p95_ms"])
        value = pages[worst][mode]["p95_ms"]
        checks.append(
            {
                "budget": f"p95 < {limit:g} ms ({MODES[mode]})",
                "met": value < limit,
                "worst": f"{worst}: {value:.1f} ms",
            }
        )
    worst = min(measured, key=lambda page: pages[page]["cached"]["ratio"])
    value = pages[worst]["cached"]["ratio"]
    checks.append(
        {
            "budget": f"trang có bộ nhớ đệm >= {BUDGET_CACHED_SHARE:.0%} hello",
            "met": value >= BUDGET_CACHED_SHARE,
            "worst": f"{worst}: {value:.0%}",
        }
    )
    value = pages["article"]["uncached"]["ratio"]
    checks.append(
        {
            "budget": "tin bài không bộ nhớ đệm >= "
            f"{BUDGET_UNCACHED_ARTICLE_SHARE:.0%} hello",
            "met": value >= BUDGET_UNCACHED_ARTICLE_SHARE,
            "worst": f"article: {value:.0%}",
        }
    )
    peak = max(max(values, default=0) for values in report["rss_mb"].values())
    checks.append(
        {
            "budget": f"mỗi worker < {BUDGET_RSS_MB:g} MB",
            "met": peak < BUDGET_RSS_MB,
            "worst": f"{peak:.0f} MB",
        }
    )
    errors = sum(pages[page][mode]["errors"] for page in pages for mode in MODES)
    checks.append(
        {"budget": "không có yêu cầu lỗi", "met": errors == 0, "worst": str(errors)}
    )
    return checks


def table(report) -> str:
    """Return the results as a plain-text table, in Vietnamese."""
    head = f"{'trang':<27}{'truy vấn':>9}{'KB':>7}" + "".join(
        f" | {'req/s':>7}{'tỉ lệ':>7}{'p50':>7}{'p95':>7}{'p99':>7}" for _ in MODES
    )
    title = " " * 43 + "".join(f" | {label:<35}" for label in MODES.values())
    lines = [
        f"Đo {report['duration_s']:g} giây mỗi trang, {report['concurrency']} yêu cầu "
        f"đồng thời, {report['workers']} worker gunicorn, {report['cpu_count']} lõi; "
        f"tải: {report['load_generator']}; bộ nhớ đệm: {report['cache_backend']}. "
        "Độ trễ tính bằng ms; tỉ lệ = req/s so với hello; truy vấn: khi không có "
        "/ khi lấy từ bộ nhớ đệm.",
        title,
        head,
        "-" * len(head),
    ]
    for page, result in report["pages"].items():
        queries = f"{result['queries']}/{result['queries_cached']}"
        row = f"{PAGE_LABELS.get(page, page):<27}{queries:>9}{result['kb']:>7}"
        for mode in MODES:
            m = result[mode]
            row += (
                f" | {m['rps']:>7.0f}{m['ratio']:>7.0%}{m['p50_ms']:>7.1f}"
                f"{m['p95_ms']:>7.1f}{m['p99_ms']:>7.1f}"
            )
            if m["errors"]:
                row += f" ({m['errors']} lỗi)"
        lines.append(row)
    for mode, label in MODES.items():
        values = ", ".join(f"{value:.0f}" for value in report["rss_mb"][mode])
        lines.append(f"Bộ nhớ tối đa (VmHWM) mỗi worker, {label}: {values} MB")
    busy = [report[f"busy_before_{mode}"] for mode in MODES]
    lines.append(
        "Máy bận việc khác trước khi đo: "
        + ", ".join(f"{value:.0%}" for value in busy)
        + (
            " (nhiều: các con số kém tin cậy, hãy đo lại khi máy rảnh)."
            if max(busy) > 0.2
            else "."
        )
    )
    lines.append("Ngân sách:")
    for check in report["budgets"]:
        verdict = "đạt" if check["met"] else "KHÔNG ĐẠT"
        lines.append(f"  {verdict:<10} {check['budget']} (kém nhất: {check['worst']})")
    return "\n".join(lines)
