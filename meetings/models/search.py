"""What search reads: one row per findable record, and the words it knows.

The rows are derived data, written by meetings.search (on every staff edit
and by `manage.py rebuild_search`); nobody edits them by hand.

On PostgreSQL, migration 0004 adds what SQLite cannot have: a trigger that
fills the two tsvector columns from the folded text on every insert and
update, GIN indexes on them, and a trigram index on the known words. On
SQLite the tsvector columns stay empty and search matches the folded text
with LIKE instead.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SearchEntryQuerySet(models.QuerySet):
    def visible(self):
        """Entries the public may find now: scheduled articles wait for their time."""
        return self.filter(
            Q(public_from__isnull=True) | Q(public_from__lte=timezone.now())
        )


class SearchEntry(models.Model):
    """A record as search sees it: its folded text, its date and its link."""

    class Kind(models.TextChoices):
        ARTICLE = "tin_tuc", "Tin tức"
        SESSION = "phien_hop", "Phiên họp"
        PERSON = "dai_bieu", "Đại biểu"
        DOCUMENT = "tai_lieu", "Tài liệu"

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField("mã bản ghi")
    url = models.CharField("đường dẫn", max_length=300)
    title = models.TextField("tiêu đề")
    text = models.TextField(
        "nội dung", blank=True, help_text="Văn bản để trích đoạn trong kết quả."
    )
    title_folded = models.TextField("tiêu đề đã chuẩn hóa", blank=True)
    text_folded = models.TextField("nội dung đã chuẩn hóa", blank=True)
    dated_at = models.DateTimeField(
        "thời điểm", help_text="Ngày xuất bản, ngày họp hoặc ngày ban hành."
    )
    public_from = models.DateTimeField(
        "hiện từ",
        null=True,
        blank=True,
        help_text="Tin hẹn giờ chỉ tìm thấy từ thời điểm này; để trống là tìm "
        "thấy ngay.",
    )
    indexed_at = models.DateTimeField("cập nhật lúc")
    # Filled by a PostgreSQL trigger from title_folded and text_folded; empty on
    # SQLite. Never select them: meetings.search reads only what it shows.
    search_title = SearchVectorField(null=True, editable=False)
    search_document = SearchVectorField(null=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "mục tìm kiếm"
        verbose_name_plural = "mục tìm kiếm"
        constraints = [
            # A record has one entry; indexing again replaces it (upsert key).
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="searchentry_one_per_record"
            ),
        ]
        indexes = [
            # Results newest first within a rank: for words found in many
            # records, PostgreSQL walks this index and stops at a page.
            models.Index(fields=["-dated_at", "-id"], name="searchentry_recent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class SearchWord(models.Model):
    """A folded word that some entry holds, for "did you mean" suggestions."""

    word = models.CharField("từ", max_length=60, primary_key=True)

    class Meta:
        verbose_name = "từ đã biết"
        verbose_name_plural = "từ đã biết"

    def __str__(self):
        return self.word
