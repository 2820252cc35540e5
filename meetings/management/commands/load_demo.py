import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from meetings.demo import load_demo

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "hdnd-demo-2021"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: phiên họp tháng 01/2021 của Thường trực HĐND tỉnh."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action="store_true",
            help="Tạo tài khoản quản trị mẫu (chỉ dùng cho bản chạy thử).",
        )

    def handle(self, *args, admin=False, **options):
        if settings.PRODUCTION:
            # The demo's records and its well-known admin password have no
            # place on a public site.
            raise CommandError(
                "Không nạp dữ liệu mẫu ở chế độ production (DJANGO_ENV=production): "
                "tài khoản quản trị mẫu và dữ liệu mẫu chỉ dành cho bản chạy thử."
            )
        article = load_demo()
        self.stdout.write(f"Đã nạp dữ liệu mẫu: {article.get_absolute_url()}")
        if admin:
            self._ensure_demo_admin()

    def _ensure_demo_admin(self):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=DEMO_USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            self.style.SUCCESS(
                f"Quản trị: http://127.0.0.1:{port}/admin/ "
                f"tài khoản {DEMO_USERNAME} / mật khẩu {DEMO_PASSWORD}"
            )
        )
