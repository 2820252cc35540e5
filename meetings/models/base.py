"""Shared model pieces: timestamps and stable unique slugs."""

from django.db import models

from meetings.vietnamese import slugify_vi


class TimeStampedModel(models.Model):
    """Carry created_at and updated_at, which the open data API will page on."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True, db_index=True)

    class Meta:
        abstract = True


def unique_slug(instance: models.Model, text: str, *, max_length: int = 80) -> str:
    """Return a slug for text that no other row of the instance's model uses.

    Runs one query per collision; collisions are rare.
    """
    base = slugify_vi(text, max_length=max_length) or "muc"
    model = type(instance)
    others = model._default_manager.exclude(pk=instance.pk)
    slug, n = base, 1
    while others.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug


class SluggedModel(TimeStampedModel):
    """Give a model a slug made once from its title and kept when the title changes."""

    slug = models.SlugField(
        "đường dẫn",
        max_length=100,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ tiêu đề; giữ nguyên khi tiêu đề đổi "
        "để liên kết cũ không bị hỏng.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.slug_source())
        super().save(*args, **kwargs)

    def slug_source(self) -> str:
        raise NotImplementedError
