"""Measure the search page on a large generated archive (a benchmark, not a test).

    manage.py search_benchmark --articles 100000
    manage.py search_benchmark --articles 100000 --database-url postgres://.../bench

The command fills an empty database with generated records (meetings.benchgen),
builds the search entries, then requests the first page of results of each
query many times through the whole Django stack and reports the median and
95th percentile time and the number of SQL queries. It refuses a database
that holds records already: give it a separate, empty one with --database-url
(it is migrated first) or run it under scripts/with-test-postgres.
"""

import os
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from meetings import benchgen, search, search_index
from meetings.models import Article, Organization, Person, SearchEntry, Session

DEFAULT_QUERIES = [
    # A topic of about one record in nine (see benchgen.TOPICS).
    "ngân sách",
    # Words in every session's title: the most matches to rank and count.
    "phien hop",
    # A topic of about one record in a hundred.
    "cao tốc",
]
RECORD_MODELS = (Article, Session, Person, Organization)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu lớn trong một cơ sở dữ liệu riêng và đo thời gian trả "
        "trang kết quả tìm kiếm đầu tiên (trung vị, p95, số truy vấn SQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument(
            "--query",
            action="append",
            dest="queries",
            help="Từ khóa cần đo; lặp lại để đo nhiều từ khóa.",
        )
        parser.add_argument("--iterations", type=int, default=200)
        parser.add_argument("--warmup", type=int, default=10)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--database-url",
            help="Cơ sở dữ liệu riêng, trống, dùng cho việc đo (sẽ được migrate).",
        )

    def handle(self, *args, **options):
        if options["database_url"]:
            return self._run_elsewhere(options)
        if options["articles"] < 1 or options["iterations"] < 1:
            raise CommandError("--articles và --iterations phải lớn hơn 0.")
        self._refuse_real_data()
        self._migrate()
        if connection.vendor != "postgresql":
            self.stderr.write(
                f"Lưu ý: đang đo trên {connection.vendor}, không phải PostgreSQL; "
                "con số chỉ để kiểm tra lệnh chạy được."
            )
        self._generate(options)
        for query in options["queries"] or DEFAULT_QUERIES:
            self._measure(query, options["iterations"], options["warmup"])

    def _run_elsewhere(self, options):
        """Run this command again in a child process whose default database is
        the given one, so that every part of the stack (views included) uses it."""
        argv = [
            sys.executable,
            "-m",
            "django",
            "search_benchmark",
            f"--articles={options['articles']}",
            f"--iterations={options['iterations']}",
            f"--warmup={options['warmup']}",
            f"--seed={options['seed']}",
            f"--batch-size={options['batch_size']}",
            *(f"--query={query}" for query in options["queries"] or []),
        ]
        env = {**os.environ, "DATABASE_URL": options["database_url"]}
        env.setdefault("DJANGO_SETTINGS_MODULE", os.environ["DJANGO_SETTINGS_MODULE"])
        completed = subprocess.run(argv, env=env, cwd=settings.BASE_DIR, check=False)
        if completed.returncode:
            raise CommandError(f"Lệnh đo dừng với mã {completed.returncode}.")

    def _refuse_real_data(self):
        tables = set(connection.introspection.table_names())
        held = {
            model._meta.verbose_name_plural: model.objects.count()
            for model in RECORD_MODELS
            if model._meta.db_table in tables
        }
        held = {name: count for name, count in held.items() if count}
        if held:
            summary = ", ".join(f"{count} {name}" for name, count in held.items())
            raise CommandError(
                f"Cơ sở dữ liệu “{connection.settings_dict['NAME']}” đang có dữ liệu "
                f"({summary}). Lệnh đo tạo hàng trăm nghìn bản ghi mẫu nên chỉ chạy "
                "trên một cơ sở dữ liệu riêng, trống: chỉ định bằng --database-url, "
                "hoặc chạy qua scripts/with-test-postgres."
            )

    def _migrate(self):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", verbosity=0, interactive=False)

    def _generate(self, options):
        started = time.perf_counter()
        counts = benchgen.generate(
            articles=options["articles"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=self._progress("Tạo dữ liệu"),
        )
        generated = time.perf_counter() - started
        started = time.perf_counter()
        entries = search_index.rebuild(batch_size=options["batch_size"])
        rebuilt = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # As autovacuum would leave it: GIN pending lists merged, statistics
            # fresh. VACUUM cannot run inside a transaction (the tests' one).
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                )
        self.stdout.write(
            f"Dữ liệu: {counts['articles']} tin bài, {counts['sessions']} phiên họp, "
            f"{counts['people']} đại biểu, {counts['organizations']} cơ quan; tạo "
            f"trong {generated:.0f} giây. Dữ liệu tìm kiếm: {sum(entries.values())} "
            f"mục, dựng trong {rebuilt:.0f} giây{self._table_size()}."
        )

    def _progress(self, label):
        step = {"next": 0.1}

        def report(done, total):
            if done / total >= step["next"] or done == total:
                step["next"] += 0.1
                self.stderr.write(f"  {label}: {done}/{total}")

        return report

    def _table_size(self) -> str:
        if connection.vendor != "postgresql":
            return ""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size(%s))",
                [SearchEntry._meta.db_table],
            )
            return f", {cursor.fetchone()[0]} kể cả chỉ mục"

    def _measure(self, text, iterations, warmup):
        url = reverse("meetings:search")
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts, DEBUG=False):
            client = Client()
            for _ in range(warmup):
                client.get(url, {"q": text})
            timings = []
            for _ in range(iterations):
                started = time.perf_counter()
                response = client.get(url, {"q": text})
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"Trang tìm kiếm trả mã {response.status_code}.")
            with CaptureQueriesContext(connection) as queries:
                client.get(url, {"q": text})
        sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        results = search.Results(search.parse_query(text))
        found = f"hơn {results.count()}" if results.capped else str(results.count())
        p95 = (
            statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        )
        self.stdout.write(
            f"“{text}”: {found} kết quả; trang đầu trung vị "
            f"{statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, tối đa "
            f"{max(timings):.1f} ms ({iterations} lần); "
            f"{len(queries.captured_queries)} truy vấn SQL, {sql_ms:.1f} ms trong CSDL."
        )
