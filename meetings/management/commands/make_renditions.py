"""Clean stored photos again and make their renditions.

For photos stored before uploads were checked (no renditions yet), or, with
--all, after the rendition sizes change. Safe to repeat: a photo that has
renditions is skipped unless --all is given.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from meetings import uploads
from meetings.models import Photo


class Command(BaseCommand):
    help = "Make the renditions of photos that have none (or of all with --all)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="remake every photo's renditions"
        )

    def handle(self, *args, **options):
        photos = Photo.objects.exclude(image="").order_by("pk")
        if not options["all"]:
            photos = photos.filter(renditions=[])
        done = refused = 0
        for photo in photos.iterator():
            try:
                with transaction.atomic():
                    uploads.save_with_files(
                        lambda photo=photo: photo.save(),
                        uploads.reprocess_photo(photo),
                    )
            except (ValidationError, OSError) as problem:
                refused += 1
                reason = "; ".join(getattr(problem, "messages", [str(problem)]))
                self.stderr.write(f"Ảnh {photo.pk} ({photo.image.name}): {reason}")
            else:
                done += 1
        self.stdout.write(f"Đã tạo các cỡ ảnh cho {done} ảnh; {refused} ảnh lỗi.")
