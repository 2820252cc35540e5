"""Make every cached public page stale (after writes that bypass save())."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from meetings import caching


class Command(BaseCommand):
    help = (
        "Làm mới mọi trang công khai đang lưu trong bộ nhớ đệm (sau khi nhập "
        "hoặc sửa dữ liệu hàng loạt không qua giao diện quản trị)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Cơ sở dữ liệu có tin hẹn giờ cần tính (mặc định “default”).",
        )

    def handle(self, *args, database, verbosity, **options):
        caching.expire_pages(database)
        if verbosity:
            self.stdout.write("Đã làm mới bộ nhớ đệm của các trang công khai.")
