"""Shared model pieces: timestamps and stable unique slugs."""

from django.db import models, router, transaction
from django.db.models import F

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


class RecordChanged(Exception):
    """The row changed (or vanished) since this copy of it was read."""


class VersionedModel(models.Model):
    """Refuse to save over a change made since the record was read.

    Every save of an existing row claims it with one more query, UPDATE ...
    SET version = version + 1 WHERE version = <the version read>, and raises
    RecordChanged when no row matches. Two staff saving the same record at
    once cannot silently overwrite each other, whatever process serves them.
    """

    version = models.PositiveIntegerField(
        "phiên bản",
        default=1,
        editable=False,
        help_text="Tăng lên mỗi lần lưu; dùng để phát hiện hai người sửa cùng lúc.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        read = self.version
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            claimed = (
                type(self)
                ._base_manager.using(using)
                .filter(pk=self.pk, version=read)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise RecordChanged(self)
            self.version = read + 1
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version = read
                raise


def bump_versions(model: type[VersionedModel], pks) -> None:
    """Mark rows as changed, e.g. when their inline records change elsewhere."""
    pks = [pk for pk in pks if pk is not None]
    if pks:
        model._base_manager.filter(pk__in=pks).update(version=F("version") + 1)
