"""What the public reads: categories, articles and photos."""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from meetings.fields import NFCCharField, NFCTextField
from meetings.models.base import SluggedModel, TimeStampedModel
from meetings.models.organizations import Person
from meetings.models.sessions import Session


class CategoryQuerySet(models.QuerySet):
    def with_published_count(self):
        """Annotate published_count: articles the public may read now."""
        return self.annotate(
            published_count=Count(
                "articles",
                filter=Q(
                    articles__status=Article.Status.PUBLISHED,
                    articles__published_at__lte=timezone.now(),
                ),
            )
        )


class Category(SluggedModel):
    """A field of news (lĩnh vực), e.g. Tổng hợp."""

    name = NFCCharField("tên lĩnh vực", max_length=120, unique=True)
    description = NFCTextField("mô tả", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:category", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may read now: published and not scheduled later."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def for_listing(self):
        """Join the category and annotate cover_photo_id, newest first.

        Pass the evaluated rows to attach_covers() to load the photos in one
        more query.
        """
        return (
            self.select_related("category")
            .annotate(cover_photo_id=Subquery(cover_photos().values("pk")[:1]))
            .order_by("-published_at", "-id")
        )


def cover_photos():
    """Photos of the outer article or of its session, cover first (for Subquery)."""
    return Photo.objects.filter(
        Q(article=OuterRef("pk")) | Q(session=OuterRef("session_id"))
    ).order_by("order", "id")


def attach_covers(articles) -> None:
    """Set .cover (a Photo or None) on articles from for_listing(); one query."""
    articles = list(articles)
    wanted = {a.cover_photo_id for a in articles if a.cover_photo_id}
    photos = Photo.objects.in_bulk(wanted) if wanted else {}
    for article in articles:
        article.cover = photos.get(article.cover_photo_id)


class Article(SluggedModel):
    """A news article (tin bài), usually about one session."""

    class Status(models.TextChoices):
        DRAFT = "nhap", "Nháp"
        REVIEW = "cho_duyet", "Chờ duyệt"
        PUBLISHED = "da_xuat_ban", "Đã xuất bản"
        WITHDRAWN = "go_xuong", "Gỡ xuống"

    title = NFCCharField("tiêu đề", max_length=300)
    category = models.ForeignKey(
        Category,
        verbose_name="lĩnh vực",
        on_delete=models.PROTECT,
        related_name="articles",
    )
    lead = NFCTextField(
        "sa pô", blank=True, help_text="Đoạn mở đầu, hiển thị đậm dưới tiêu đề."
    )
    body = NFCTextField(
        "nội dung",
        blank=True,
        help_text="Các đoạn văn cách nhau bởi một dòng trống.",
    )
    session = models.OneToOneField(
        Session,
        verbose_name="phiên họp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="article",
        help_text="Phiên họp mà tin bài này đưa tin.",
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        "thời điểm xuất bản",
        null=True,
        blank=True,
        help_text="Tin đã duyệt chỉ hiện ra công chúng từ thời điểm này.",
    )
    byline = NFCCharField(
        "tác giả", max_length=200, blank=True, help_text="Ví dụ: Văn phòng HĐND tỉnh."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [("publish_article", "Duyệt và xuất bản tin bài")]
        constraints = [
            # The public visibility rule relies on a date for every published item.
            models.CheckConstraint(
                condition=~Q(status="da_xuat_ban") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message="Tin đã xuất bản cần có thời điểm xuất bản.",
            ),
        ]
        indexes = [
            # Article.objects.published() ordered by date: home, lists, feed.
            models.Index(
                fields=["status", "-published_at"], name="article_status_published"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:article", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class PhotoQuerySet(models.QuerySet):
    def public(self):
        """Photos the public may see: of a held session or a published article."""
        return self.filter(
            Q(session__status=Session.Status.HELD)
            | Q(
                article__status=Article.Status.PUBLISHED,
                article__published_at__lte=timezone.now(),
            )
        )


class Photo(TimeStampedModel):
    """A photo of a session or article, with its caption and the people shown."""

    image = models.ImageField(
        "ảnh",
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField("rộng (px)", null=True, editable=False)
    height = models.PositiveIntegerField("cao (px)", null=True, editable=False)
    original_filename = NFCCharField(
        "tên tệp gốc", max_length=255, blank=True, editable=False
    )
    caption = NFCCharField(
        "chú thích",
        max_length=400,
        blank=True,
        help_text="Ví dụ: Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp.",
    )
    credit = NFCCharField("tác giả ảnh", max_length=150, blank=True)
    session = models.ForeignKey(
        Session,
        verbose_name="phiên họp",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    article = models.ForeignKey(
        Article,
        verbose_name="tin bài",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    body_position = models.PositiveSmallIntegerField(
        "đặt sau đoạn",
        null=True,
        blank=True,
        help_text="Vị trí trong bài: 0 = ngay sau sa pô, 1 = sau đoạn thứ nhất... "
        "Để trống để chỉ hiện trong bộ ảnh.",
    )
    people = models.ManyToManyField(
        Person,
        verbose_name="người trong ảnh",
        blank=True,
        related_name="photos",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"
        ordering = ["order", "id"]
        constraints = [
            # A photo nobody can reach would be an orphan file.
            models.CheckConstraint(
                condition=Q(session__isnull=False) | Q(article__isnull=False),
                name="photo_belongs_somewhere",
                violation_error_message="Ảnh phải thuộc một phiên họp hoặc một tin "
                "bài.",
            ),
        ]

    def __str__(self):
        return self.caption or self.original_filename or f"Ảnh {self.pk}"

    @property
    def alt_text(self) -> str:
        return self.caption or "Ảnh phiên họp"
