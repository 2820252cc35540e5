"""What the public reads: categories, articles and photos."""

from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from meetings.fields import NFCCharField, NFCTextField
from meetings.images import Picture
from meetings.models.base import (
    RecordChanged,
    SluggedModel,
    TimeStampedModel,
    VersionedModel,
)
from meetings.models.organizations import Person
from meetings.models.sessions import Session
from meetings.uploads import photo_upload_to


class CategoryQuerySet(models.QuerySet):
    def with_published_count(self):
        """Annotate published_count: articles the public may read now.

        One count per category, read from the article_category_published
        index alone, rather than a join through every article.
        """
        published = (
            Article.objects.published()
            .filter(category=OuterRef("pk"))
            .order_by()
            .values("category")
            .annotate(count=Count("*"))
            .values("count")
        )
        return self.annotate(published_count=Coalesce(Subquery(published), 0))


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

    def awaiting_review(self):
        """Articles submitted by an editor and not yet decided by a reviewer."""
        return self.filter(status=Article.Status.REVIEW)

    def scheduled(self):
        """Published articles whose publication time is still to come."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
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


class TransitionNotAllowed(Exception):
    """The article is not in a state this step may start from, or input is missing."""


class Article(VersionedModel, SluggedModel):
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
            # Categories with their published counts (an index-only count per
            # category) and the newest news of a category (related news).
            models.Index(
                fields=["category", "status", "published_at"],
                name="article_category_published",
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

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def submit(self, *, by, version: int | None = None) -> "ArticleTransition":
        """Send a draft to the reviewers (Nháp -> Chờ duyệt)."""
        return self._move(ArticleTransition.Action.SUBMIT, by=by, version=version)

    def publish(
        self, *, by, at=None, version: int | None = None
    ) -> "ArticleTransition":
        """Publish a reviewed article now, or at a later time `at` (scheduled)."""
        return self._move(
            ArticleTransition.Action.PUBLISH,
            by=by,
            version=version,
            published_at=at or timezone.now(),
        )

    def send_back(
        self, *, by, comment: str, version: int | None = None
    ) -> "ArticleTransition":
        """Return an article to its editor with what to change (-> Nháp)."""
        return self._move(
            ArticleTransition.Action.SEND_BACK, by=by, version=version, comment=comment
        )

    def withdraw(
        self, *, by, reason: str, version: int | None = None
    ) -> "ArticleTransition":
        """Take a published or scheduled article off the site (-> Gỡ xuống)."""
        return self._move(
            ArticleTransition.Action.WITHDRAW, by=by, version=version, comment=reason
        )

    def allowed_actions(self, user) -> list[str]:
        """Return the steps `user` may take from this article's current state."""
        return [
            action
            for action, rule in ArticleTransition.RULES.items()
            if self.status in rule.sources and user.has_perm(rule.permission)
        ]

    def _move(
        self, action, *, by, version=None, comment="", published_at=None
    ) -> "ArticleTransition":
        """Apply one workflow step under a row lock and record it.

        Raises PermissionDenied when `by` may not take the step,
        TransitionNotAllowed from the wrong state or without a required
        comment, and RecordChanged when `version` (the one the user saw) is
        no longer current.
        """
        rule = ArticleTransition.RULES[action]
        label = ArticleTransition.Action(action).label
        if not by.has_perm(rule.permission):
            raise PermissionDenied(f"Bạn không có quyền “{label}” tin bài.")
        comment = (comment or "").strip()
        if rule.needs_comment and not comment:
            raise TransitionNotAllowed(
                f"Hãy ghi rõ lý do khi chọn “{label}” để người biên tập biết cần "
                "làm gì."
            )
        with transaction.atomic():
            current = type(self)._base_manager.select_for_update().get(pk=self.pk)
            if version is not None and current.version != version:
                raise RecordChanged(current)
            if current.status not in rule.sources:
                raise TransitionNotAllowed(
                    f"Không thể “{label}” tin bài đang ở trạng thái "
                    f"“{current.get_status_display()}”."
                )
            previous = current.status
            current.status = rule.target
            if published_at is not None:
                current.published_at = published_at
            current.save(update_fields=["status", "published_at", "updated_at"])
            transition = ArticleTransition.objects.create(
                article=current,
                action=action,
                from_status=previous,
                to_status=rule.target,
                by=by,
                comment=comment,
                published_at=published_at,
            )
        for field in ("status", "published_at", "updated_at", "version"):
            setattr(self, field, getattr(current, field))
        return transition


class TransitionRule(NamedTuple):
    """Where a workflow step may start, where it leads and who may take it."""

    sources: frozenset
    target: str
    permission: str
    needs_comment: bool = False


class ArticleTransition(models.Model):
    """One step of an article's review: who moved it, from what to what, when."""

    class Action(models.TextChoices):
        SUBMIT = "gui_duyet", "Gửi duyệt"
        PUBLISH = "xuat_ban", "Xuất bản"
        SEND_BACK = "tra_lai", "Trả lại biên tập"
        WITHDRAW = "go_xuong", "Gỡ xuống"

    # Editors write and submit; only reviewers (publish_article) decide.
    RULES = {
        Action.SUBMIT: TransitionRule(
            frozenset({Article.Status.DRAFT}),
            Article.Status.REVIEW,
            "meetings.change_article",
        ),
        Action.PUBLISH: TransitionRule(
            frozenset({Article.Status.REVIEW}),
            Article.Status.PUBLISHED,
            "meetings.publish_article",
        ),
        Action.SEND_BACK: TransitionRule(
            frozenset({Article.Status.REVIEW, Article.Status.WITHDRAWN}),
            Article.Status.DRAFT,
            "meetings.publish_article",
            needs_comment=True,
        ),
        Action.WITHDRAW: TransitionRule(
            frozenset({Article.Status.PUBLISHED}),
            Article.Status.WITHDRAWN,
            "meetings.publish_article",
            needs_comment=True,
        ),
    }

    article = models.ForeignKey(
        Article,
        verbose_name="tin bài",
        # The log goes with its article; a deleted article is recovered with
        # its log from the history (reversion follows "transitions").
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    from_status = models.CharField(
        "từ trạng thái", max_length=20, choices=Article.Status.choices
    )
    to_status = models.CharField(
        "sang trạng thái", max_length=20, choices=Article.Status.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        # Who decided must stay known: deactivate staff accounts, do not delete.
        on_delete=models.PROTECT,
        related_name="article_transitions",
    )
    created_at = models.DateTimeField("lúc", default=timezone.now)
    comment = NFCTextField(
        "ghi chú", blank=True, help_text="Lý do trả lại hoặc gỡ xuống."
    )
    published_at = models.DateTimeField(
        "hẹn xuất bản lúc",
        null=True,
        blank=True,
        help_text="Thời điểm xuất bản đã chọn khi duyệt.",
    )

    class Meta:
        verbose_name = "bước duyệt tin"
        verbose_name_plural = "lịch sử duyệt tin"
        ordering = ["-created_at", "-id"]
        indexes = [
            # An article's log, newest first; the dashboard's latest submission.
            models.Index(
                fields=["article", "-created_at"], name="transition_article_at"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.article}"


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

    # Set from the checked upload by meetings.uploads, not by ImageField's
    # width_field/height_field, which would read the file back from storage.
    image = models.ImageField(
        "ảnh",
        upload_to=photo_upload_to,
        help_text="Ảnh JPEG, PNG hoặc WebP. Khi lưu, ảnh được xoay đúng chiều và "
        "xóa thông tin vị trí (GPS) cùng mọi siêu dữ liệu.",
    )
    width = models.PositiveIntegerField("rộng (px)", null=True, editable=False)
    height = models.PositiveIntegerField("cao (px)", null=True, editable=False)
    file_size = models.PositiveBigIntegerField(
        "dung lượng (byte)", default=0, editable=False
    )
    # [{"name", "type", "width", "height", "size"}], made once when the image
    # is saved, so that pages build srcset without asking storage anything.
    renditions = models.JSONField(
        "các cỡ ảnh", default=list, blank=True, editable=False
    )
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

    @cached_property
    def picture(self) -> Picture:
        """Sources, fallback and thumbnail for pages; no storage call."""
        return Picture.build(
            self.renditions,
            url=self.image.storage.url,
            original_url=self.image.url if self.image else "",
            width=self.width,
            height=self.height,
        )

    def fallback_rendition(self) -> dict | None:
        """The JPEG rendition (for feeds and link previews), if made."""
        jpeg = [r for r in self.renditions if r["type"] == "image/jpeg"]
        return max(jpeg, key=lambda r: r["width"]) if jpeg else None

    def stored_files(self) -> list[str]:
        """Names of the files this photo owns in storage: original, renditions."""
        names = [self.image.name, *(r["name"] for r in self.renditions)]
        return [name for name in names if name]
