"""Sessions of the council's bodies and what happened in them."""

import posixpath

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from meetings.fields import NFCCharField, NFCTextField
from meetings.images import CONTENT_TYPES
from meetings.models.base import SluggedModel, TimeStampedModel, VersionedModel
from meetings.models.organizations import Organization, Person, Term
from meetings.uploads import document_upload_to
from meetings.vietnamese import month_phrase, vi_date


class SessionQuerySet(models.QuerySet):
    def held(self):
        """Sessions that took place, the ones the public reads."""
        return self.filter(status=Session.Status.HELD)

    def for_listing(self):
        """Join what a list row shows: the body and the article, if any."""
        return self.select_related("organization", "article").order_by(
            "-starts_at", "-id"
        )

    def years(self) -> list[int]:
        """Return the local years these sessions were held in, newest first."""
        years = (
            self.annotate(year=ExtractYear("starts_at"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return list(years)

    def with_record(self):
        """Load a whole record in a fixed number of queries, whatever its size.

        One query for the session with its body, term, concluding official and
        article, then one each for attendances, agenda items, public
        documents, tasks and photos.
        """
        return self.select_related(
            "organization", "term", "concluded_by", "article"
        ).prefetch_related(
            models.Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person"),
            ),
            models.Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related(
                    "presenter", "presenting_organization"
                ),
            ),
            models.Prefetch(
                "documents",
                queryset=Document.objects.filter(is_public=True),
                to_attr="public_documents",
            ),
            models.Prefetch(
                "tasks", queryset=Task.objects.select_related("responsible")
            ),
            "photos",
        )


class Session(VersionedModel, SluggedModel):
    """A sitting of a body: a monthly standing-committee session, a plenary..."""

    class Kind(models.TextChoices):
        REGULAR = "thuong_ky", "Phiên họp thường kỳ"
        THEMATIC = "chuyen_de", "Phiên họp chuyên đề"
        EXTRAORDINARY = "bat_thuong", "Phiên họp bất thường"
        PLENARY = "ky_hop", "Kỳ họp"

    class Status(models.TextChoices):
        PLANNED = "du_kien", "Dự kiến"
        HELD = "da_hop", "Đã họp"
        POSTPONED = "hoan", "Hoãn"

    organization = models.ForeignKey(
        Organization,
        verbose_name="cơ quan họp",
        on_delete=models.PROTECT,
        related_name="sessions",
        help_text="Ví dụ: Thường trực HĐND tỉnh.",
    )
    term = models.ForeignKey(
        Term,
        verbose_name="nhiệm kỳ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    kind = models.CharField(
        "loại", max_length=20, choices=Kind.choices, default=Kind.REGULAR
    )
    ordinal = models.PositiveSmallIntegerField(
        "số thứ tự",
        null=True,
        blank=True,
        help_text="Phiên họp thứ mấy trong nhiệm kỳ (kỳ họp: kỳ họp thứ mấy). "
        "Để trống để đánh số tự động theo ngày họp.",
    )
    title = NFCCharField(
        "tên phiên họp",
        max_length=250,
        blank=True,
        help_text="Để trống để đặt tự động, ví dụ: Phiên họp thường kỳ tháng "
        "01/2021 của Thường trực HĐND tỉnh.",
    )
    subject = NFCCharField(
        "chủ đề",
        max_length=250,
        blank=True,
        help_text="Với phiên họp chuyên đề hoặc bất thường: nội dung chính.",
    )
    period_year = models.PositiveSmallIntegerField("năm của kỳ", null=True, blank=True)
    period_month = models.PositiveSmallIntegerField(
        "tháng của kỳ",
        null=True,
        blank=True,
        help_text="Phiên họp thường kỳ: tháng mà phiên họp triển khai công tác.",
    )
    starts_at = models.DateTimeField(
        "thời gian bắt đầu", help_text="Ngày và giờ khai mạc (dd/mm/yyyy hh:mm)."
    )
    place = NFCCharField("địa điểm", max_length=250, blank=True)
    other_attendees = NFCTextField(
        "thành phần khác",
        blank=True,
        help_text="Các nhóm tham dự không ghi danh từng người, mỗi nhóm một dòng, "
        "theo thứ tự nghi thức. Ví dụ: lãnh đạo Ủy ban Mặt trận tổ quốc tỉnh.",
    )
    conclusion = NFCTextField(
        "kết luận", blank=True, help_text="Nội dung kết luận, chỉ đạo tại phiên họp."
    )
    concluded_by = models.ForeignKey(
        Person,
        verbose_name="người kết luận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concluded_sessions",
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.HELD
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "phiên họp"
        verbose_name_plural = "phiên họp"
        ordering = ["-starts_at"]
        get_latest_by = "starts_at"
        constraints = [
            # One regular session per body per month: the month names the session.
            models.UniqueConstraint(
                fields=["organization", "period_year", "period_month"],
                condition=Q(kind="thuong_ky"),
                name="session_one_regular_per_month",
                violation_error_message="Cơ quan này đã có phiên họp thường kỳ "
                "của tháng này.",
            ),
            # A regular session is named by its month, so it must have one.
            models.CheckConstraint(
                condition=~Q(kind="thuong_ky")
                | Q(period_year__isnull=False, period_month__isnull=False),
                name="session_regular_has_period",
                violation_error_message="Phiên họp thường kỳ cần có tháng và năm "
                "của kỳ.",
            ),
            models.CheckConstraint(
                condition=Q(period_month__isnull=True)
                | Q(period_month__gte=1, period_month__lte=12),
                name="session_period_month_valid",
                violation_error_message="Tháng phải từ 1 đến 12.",
            ),
        ]
        indexes = [
            # Archive: sessions of one body, newest first.
            models.Index(
                fields=["organization", "-starts_at"], name="session_org_starts"
            ),
            # Home page and the whole archive: the latest held sessions
            # first, and their count from the index alone (without it, every
            # session is read and sorted).
            models.Index(
                fields=["-starts_at", "-id"],
                condition=Q(status="da_hop"),
                name="session_recent_held",
            ),
        ]

    def __str__(self):
        return self.title or self.default_title()

    def save(self, *args, **kwargs):
        if not self.title:
            self.title = self.default_title()
        if self.ordinal is None:
            self.ordinal = self.next_ordinal()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:session", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return self.title or self.default_title()

    @property
    def held_on(self):
        return timezone.localtime(self.starts_at).date()

    def default_title(self) -> str:
        body = self.organization.display_name
        if self.kind == self.Kind.REGULAR and self.period_month:
            period = month_phrase(self.period_year, self.period_month)
            return f"Phiên họp thường kỳ {period} của {body}"
        if self.kind == self.Kind.PLENARY:
            number = f" thứ {self.ordinal}" if self.ordinal else ""
            term = f" {self.term.label}" if self.term_id else ""
            return f"Kỳ họp{number} {body}{term}"
        day = vi_date(self.starts_at) if self.starts_at else ""
        title = f"{self.get_kind_display()} ngày {day} của {body}"
        return f"{title}: {self.subject}" if self.subject else title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def public_article(self):
        """Return the article about this session if the public may read it."""
        try:
            article = self.article
        except ObjectDoesNotExist:
            return None
        return article if article.is_public else None

    @property
    def other_attendee_groups(self) -> list[str]:
        return [
            line.strip() for line in self.other_attendees.splitlines() if line.strip()
        ]

    def attendance_groups(self) -> dict:
        """Split attendances (prefetched) into presiding, present and absent.

        Present members keep the record's order; the presiding official is
        shown apart, as in the minutes. "concluding" is the attendance of the
        official who gave the conclusion, for the title they held that day.
        """
        groups = {"presiding": None, "present": [], "absent": [], "concluding": None}
        for attendance in self.attendances.all():
            if attendance.person_id == self.concluded_by_id:
                groups["concluding"] = attendance
            if attendance.role == Attendance.Role.PRESIDING:
                groups["presiding"] = attendance
            elif attendance.role == Attendance.Role.ABSENT:
                groups["absent"].append(attendance)
            else:
                groups["present"].append(attendance)
        return groups

    def agenda(self) -> tuple[list[tuple["AgendaItem", list["Document"]]], list]:
        """Pair agenda items with their public documents (from with_record()).

        Return the (item, documents) pairs in order, and the public documents
        not tied to any item.
        """
        documents = getattr(self, "public_documents", None)
        if documents is None:
            documents = list(self.documents.filter(is_public=True))
        by_item = {}
        for document in documents:
            by_item.setdefault(document.agenda_item_id, []).append(document)
        items = [(item, by_item.pop(item.pk, [])) for item in self.agenda_items.all()]
        others = [document for docs in by_item.values() for document in docs]
        return items, others

    def next_ordinal(self) -> int:
        """Number this session after the earlier ones of its body and term."""
        earlier = Session.objects.filter(
            organization_id=self.organization_id,
            term_id=self.term_id,
            starts_at__lt=self.starts_at,
        )
        is_plenary = self.kind == self.Kind.PLENARY
        earlier = (
            earlier.filter(kind=self.Kind.PLENARY)
            if is_plenary
            else (earlier.exclude(kind=self.Kind.PLENARY))
        )
        return earlier.exclude(pk=self.pk).count() + 1


class Attendance(models.Model):
    """A person at a session, with the role they had and the title shown that day."""

    class Role(models.TextChoices):
        PRESIDING = "chu_tri", "Chủ trì"
        ATTENDING = "tham_du", "Tham dự"
        PRESENTING = "trinh_bay", "Trình bày"
        ABSENT = "vang", "Vắng"

    session = models.ForeignKey(
        Session,
        verbose_name="phiên họp",
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        Person,
        verbose_name="đại biểu",
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    role = models.CharField(
        "vai trò", max_length=10, choices=Role.choices, default=Role.ATTENDING
    )
    title = NFCCharField(
        "chức danh ngày họp",
        max_length=1000,
        blank=True,
        help_text="Để trống để lấy chức danh của người này vào ngày họp. Giữ "
        "nguyên khi chức vụ thay đổi về sau.",
    )
    order = models.PositiveSmallIntegerField(
        "thứ tự", default=0, help_text="Thứ tự nghi thức khi liệt kê."
    )

    class Meta:
        verbose_name = "thành phần tham dự"
        verbose_name_plural = "thành phần tham dự"
        ordering = ["session", "order", "id"]
        constraints = [
            # A person attends a session once; roles are one per row.
            models.UniqueConstraint(
                fields=["session", "person"],
                name="attendance_once_per_session",
                violation_error_message="Người này đã có trong danh sách tham dự.",
            ),
            # A session has one presiding official.
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(role="chu_tri"),
                name="attendance_one_presiding",
                violation_error_message="Mỗi phiên họp chỉ có một người chủ trì.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        if not self.title:
            self.title = self.default_title()
        super().save(*args, **kwargs)

    def default_title(self) -> str:
        """Title on the session's day; the presiding one in the presiding body."""
        day = self.session.held_on
        positions = self.person.positions_on(day)
        if self.role == self.Role.PRESIDING:
            body = self.session.organization
            council = {body.pk, body.parent_id}
            in_body = [p for p in positions if p.organization_id in council]
            positions = in_body or positions
        return " - ".join(p.title for p in positions)


class AgendaItem(models.Model):
    """One item of a session's programme, with who presented it."""

    session = models.ForeignKey(
        Session,
        verbose_name="phiên họp",
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    title = NFCCharField(
        "nội dung",
        max_length=500,
        help_text="Viết như một mục đích, ví dụ: đánh giá kết quả thực hiện "
        "nhiệm vụ tháng 12/2020.",
    )
    presenter = models.ForeignKey(
        Person,
        verbose_name="người trình bày",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presented_items",
    )
    presenting_organization = models.ForeignKey(
        Organization,
        verbose_name="cơ quan trình bày",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presented_items",
    )
    summary = NFCTextField(
        "tóm tắt", blank=True, help_text="Tóm tắt nội dung và ý kiến thảo luận."
    )
    is_main = models.BooleanField(
        "nội dung chính",
        default=True,
        help_text="Nội dung chính được nêu trong đoạn mở đầu của bản tin.",
    )

    class Meta:
        verbose_name = "nội dung chương trình"
        verbose_name_plural = "nội dung chương trình"
        ordering = ["session", "order", "id"]

    def __str__(self):
        return self.title


class Document(TimeStampedModel):
    """A report, submission or draft put before a session."""

    class Kind(models.TextChoices):
        REPORT = "bao_cao", "Báo cáo"
        SUBMISSION = "to_trinh", "Tờ trình"
        DRAFT = "du_thao", "Dự thảo"
        RESOLUTION = "nghi_quyet", "Nghị quyết"
        CONCLUSION = "thong_bao_ket_luan", "Thông báo kết luận"
        OTHER = "khac", "Khác"

    session = models.ForeignKey(
        Session,
        verbose_name="phiên họp",
        on_delete=models.CASCADE,
        related_name="documents",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name="thuộc nội dung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    kind = models.CharField(
        "loại văn bản", max_length=20, choices=Kind.choices, default=Kind.REPORT
    )
    number = NFCCharField(
        "số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 12/BC-HĐND."
    )
    title = NFCCharField("trích yếu", max_length=500)
    issuer = models.ForeignKey(
        Organization,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    file = models.FileField(
        "tệp",
        upload_to=document_upload_to,
        blank=True,
        help_text="PDF, DOCX, XLSX, ODT, DOC hoặc XLS. Người xem tải về với tên "
        "tệp gốc.",
    )
    original_filename = NFCCharField("tên tệp gốc", max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    is_public = models.BooleanField(
        "công khai", default=True, help_text="Bỏ chọn nếu văn bản chưa được công bố."
    )

    class Meta:
        verbose_name = "tài liệu"
        verbose_name_plural = "tài liệu"
        ordering = ["session", "agenda_item", "id"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        """The download, served as an attachment under the original file name."""
        return reverse("meetings:document", kwargs={"pk": self.pk})

    @property
    def extension(self) -> str:
        """The stored file's extension: the type its content was recognised as."""
        return posixpath.splitext(self.file.name)[1].lstrip(".").lower()

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.extension, "application/octet-stream")

    @property
    def download_name(self) -> str:
        """The uploader's file name, with the extension of the real type."""
        stem = posixpath.splitext(self.original_filename)[0] or self.number
        stem = stem.replace("/", "-").strip() or "tai-lieu"
        return f"{stem}.{self.extension}" if self.extension else stem

    def stored_files(self) -> list[str]:
        """Names of the files this document owns in storage."""
        return [self.file.name] if self.file.name else []


class Task(TimeStampedModel):
    """A directive given at a session: who must do what, by when."""

    class Status(models.TextChoices):
        OPEN = "dang_thuc_hien", "Đang thực hiện"
        DONE = "hoan_thanh", "Hoàn thành"
        CANCELLED = "huy", "Không thực hiện"

    session = models.ForeignKey(
        Session,
        verbose_name="phiên họp",
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    description = NFCTextField("nhiệm vụ")
    responsible = models.ForeignKey(
        Organization,
        verbose_name="cơ quan chủ trì thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    due_on = models.DateField("thời hạn", null=True, blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["session", "order", "id"]

    def __str__(self):
        return self.description[:80]
