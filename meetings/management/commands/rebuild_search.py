from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from meetings import search_index
from meetings.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Dựng lại toàn bộ dữ liệu tìm kiếm (sau khi nhập dữ liệu hàng loạt). "
        "Trang tìm kiếm vẫn hoạt động trong lúc dựng lại."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=search_index.BATCH_SIZE,
            help="Số bản ghi mỗi lượt ghi (mặc định %(default)s).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Cơ sở dữ liệu cần dựng lại (mặc định “default”).",
        )

    def handle(self, *args, batch_size, database, verbosity, **options):
        if batch_size < 1:
            batch_size = search_index.BATCH_SIZE

        def progress(kind, done, total):
            if verbosity > 1:
                label = SearchEntry.Kind(kind).label
                self.stdout.write(f"  {label}: {done}/{total}")

        counts = search_index.rebuild(
            batch_size=batch_size, using=database, progress=progress
        )
        summary = ", ".join(
            f"{count} {SearchEntry.Kind(kind).label.lower()}"
            for kind, count in counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(f"Đã dựng lại dữ liệu tìm kiếm: {summary}.")
        )
