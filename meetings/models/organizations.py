"""Who is who: organizations, council terms, people and their positions."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property

from meetings.fields import NFCCharField, NFCTextField
from meetings.images import Picture
from meetings.models.base import SluggedModel, TimeStampedModel, VersionedModel
from meetings.uploads import portrait_upload_to
from meetings.vietnamese import honorific, join_titles, name_sort_key, roman


class Organization(SluggedModel):
    """A body of the provincial system: council, its committees, party, government."""

    class Kind(models.TextChoices):
        COUNCIL = "hdnd", "Hội đồng nhân dân"
        STANDING_COMMITTEE = "thuong_truc_hdnd", "Thường trực HĐND"
        COUNCIL_COMMITTEE = "ban_hdnd", "Ban của HĐND"
        PEOPLES_COMMITTEE = "ubnd", "Ủy ban nhân dân"
        PARTY_COMMITTEE = "cap_uy", "Cấp ủy Đảng"
        PARTY_STANDING = "ban_thuong_vu", "Ban Thường vụ cấp ủy"
        FRONT = "mttq", "Ủy ban Mặt trận Tổ quốc"
        OFFICE = "van_phong", "Văn phòng"
        OTHER = "khac", "Khác"

    class Level(models.TextChoices):
        PROVINCE = "tinh", "Cấp tỉnh"
        DISTRICT = "huyen", "Cấp huyện"
        COMMUNE = "xa", "Cấp xã"

    name = NFCCharField(
        "tên đầy đủ",
        max_length=200,
        help_text="Ví dụ: Hội đồng nhân dân tỉnh.",
    )
    short_name = NFCCharField(
        "tên viết tắt",
        max_length=100,
        blank=True,
        help_text="Dùng trong chức danh, ví dụ: HĐND tỉnh. Để trống nếu dùng tên "
        "đầy đủ.",
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    level = models.CharField(
        "cấp", max_length=10, choices=Level.choices, default=Level.PROVINCE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Ví dụ: Thường trực HĐND tỉnh trực thuộc HĐND tỉnh.",
    )
    precedence = models.PositiveSmallIntegerField(
        "thứ tự nghi thức",
        default=100,
        help_text="Số nhỏ đứng trước khi ghép chức danh và khi liệt kê cơ quan. "
        "Ví dụ: Ban Thường vụ Tỉnh ủy 10, Tỉnh ủy 20, HĐND tỉnh 30.",
    )
    active_from = models.DateField("hoạt động từ ngày", null=True, blank=True)
    active_until = models.DateField(
        "hoạt động đến ngày",
        null=True,
        blank=True,
        help_text="Ngày cuối cùng cơ quan hoạt động (ví dụ cấp huyện kết thúc "
        "30/06/2025). Hồ sơ cũ vẫn được giữ và tra cứu được.",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name="cơ quan kế tục",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="Cơ quan tiếp nhận nhiệm vụ sau khi sáp nhập hoặc giải thể.",
    )
    address = NFCCharField("địa chỉ", max_length=250, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)

    class Meta:
        verbose_name = "cơ quan, tổ chức"
        verbose_name_plural = "cơ quan, tổ chức"
        ordering = ["precedence", "name"]
        constraints = [
            # A body cannot stop before it starts; keeps history queries sane.
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=F("active_from")),
                name="organization_active_range_ordered",
                violation_error_message="Ngày kết thúc hoạt động không được trước "
                "ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return self.display_name

    def slug_source(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        started = self.active_from is None or self.active_from <= day
        return started and (self.active_until is None or day <= self.active_until)


class Term(TimeStampedModel):
    """A council's convocation (khóa), e.g. khóa XV, nhiệm kỳ 2021-2026."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="hội đồng",
        on_delete=models.PROTECT,
        related_name="terms",
    )
    number = models.PositiveSmallIntegerField(
        "khóa", help_text="Số khóa, hiển thị bằng số La Mã (15 → XV)."
    )
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc")
    started_on = models.DateField("ngày bắt đầu", null=True, blank=True)
    ended_on = models.DateField(
        "ngày kết thúc thực tế",
        null=True,
        blank=True,
        help_text="Điền khi nhiệm kỳ đã kết thúc; có thể sớm hơn dự kiến.",
    )

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"
        ordering = ["organization", "-number"]
        constraints = [
            # One council has one "khóa XV".
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="term_unique_number",
                violation_error_message="Hội đồng này đã có nhiệm kỳ khóa này.",
            ),
            # "nhiệm kỳ 2021-2016" is a typing error.
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="term_years_ordered",
                violation_error_message="Năm kết thúc không được trước năm bắt đầu.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="term_dates_ordered",
                violation_error_message="Ngày kết thúc không được trước ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.label}"

    @property
    def roman_number(self) -> str:
        return roman(self.number)

    @property
    def label(self) -> str:
        """Return e.g. "khóa XV, nhiệm kỳ 2021-2026"."""
        return f"khóa {self.roman_number}, nhiệm kỳ {self.years}"

    @property
    def years(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class Role(TimeStampedModel):
    """A kind of post held in an organization: Chủ tịch, Phó Chủ tịch, Ủy viên..."""

    name = NFCCharField("tên chức vụ", max_length=120, unique=True)
    precedence = models.PositiveSmallIntegerField(
        "thứ tự",
        default=100,
        help_text="Trong cùng một cơ quan, số nhỏ đứng trước (Chủ tịch trước "
        "Phó Chủ tịch).",
    )

    class Meta:
        verbose_name = "chức vụ (danh mục)"
        verbose_name_plural = "danh mục chức vụ"
        ordering = ["precedence", "name"]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def with_positions(self):
        """Prefetch positions so title_on() runs without queries."""
        return self.prefetch_related(
            models.Prefetch(
                "positions",
                queryset=Position.objects.select_related("organization", "role"),
            )
        )


class Person(VersionedModel, SluggedModel):
    """An official or delegate, with the name kept in its parts."""

    class Gender(models.TextChoices):
        MALE = "male", "Nam"
        FEMALE = "female", "Nữ"

    family_name = NFCCharField("họ", max_length=50)
    middle_name = NFCCharField("tên đệm", max_length=80, blank=True)
    given_name = NFCCharField(
        "tên",
        max_length=50,
        help_text="Tên gọi, dùng để sắp xếp theo thứ tự chữ cái tiếng Việt; "
        "có thể gồm hai chữ.",
    )
    full_name = NFCCharField("họ và tên", max_length=200, editable=False)
    sort_key = models.CharField(
        max_length=400,
        editable=False,
        db_index=True,
        help_text="Khóa sắp xếp theo tên, rồi họ, rồi tên đệm.",
    )
    gender = models.CharField("giới tính", max_length=10, choices=Gender.choices)
    born_on = models.DateField("ngày sinh", null=True, blank=True)
    portrait = models.ImageField(
        "ảnh chân dung",
        upload_to=portrait_upload_to,
        blank=True,
        help_text="Ảnh JPEG, PNG hoặc WebP, tỉ lệ 3:4.",
    )
    # Made once when the portrait is saved, as Photo.renditions.
    portrait_renditions = models.JSONField(
        "các cỡ ảnh chân dung", default=list, blank=True, editable=False
    )
    biography = NFCTextField("tiểu sử", blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "đại biểu, cán bộ"
        verbose_name_plural = "đại biểu, cán bộ"
        ordering = ["sort_key"]

    def __str__(self):
        return self.full_name or self.compose_full_name()

    def save(self, *args, **kwargs):
        self.full_name = self.compose_full_name()
        self.sort_key = name_sort_key(
            self.family_name, self.middle_name, self.given_name
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:person", kwargs={"slug": self.slug})

    def slug_source(self) -> str:
        return self.compose_full_name()

    def compose_full_name(self) -> str:
        parts = (self.family_name, self.middle_name, self.given_name)
        return " ".join(p.strip() for p in parts if p and p.strip())

    def honorific(self, *, capital: bool = False) -> str:
        return honorific(self.gender, capital=capital)

    def positions_on(self, day: datetime.date) -> list["Position"]:
        """Return positions held on day, by precedence (uses prefetched positions)."""
        held = [p for p in self.positions.all() if p.is_held_on(day)]
        return sorted(held, key=Position.precedence_key)

    def title_on(self, day: datetime.date) -> str:
        """Return titles held on day joined by " - " (uses prefetched positions)."""
        return join_titles(p.title for p in self.positions_on(day))

    @cached_property
    def portrait_picture(self) -> Picture | None:
        """Sources and fallback of the portrait for pages; no storage call."""
        if not self.portrait:
            return None
        return Picture.build(
            self.portrait_renditions,
            url=self.portrait.storage.url,
            original_url=self.portrait.url,
            width=None,
            height=None,
        )

    def stored_files(self) -> list[str]:
        """Names of the files this person owns in storage: the portrait's."""
        names = [self.portrait.name, *(r["name"] for r in self.portrait_renditions)]
        return [name for name in names if name]


class PositionQuerySet(models.QuerySet):
    def held_on(self, day: datetime.date):
        """Positions valid on day: started by then and not ended before it."""
        return self.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day
        )

    def officials_on(self, day: datetime.date):
        """Positions held on day, in protocol order: body, role, then name.

        Bodies come by precedence; within a body, roles by precedence and,
        where protocol does not decide, people by Vietnamese name order.
        """
        return (
            self.held_on(day)
            .select_related("person", "organization", "role")
            .order_by(
                "organization__precedence",
                "organization__name",
                "organization_id",
                "role__precedence",
                "person__sort_key",
                "person_id",
            )
        )


class Position(TimeStampedModel):
    """A post a person holds in an organization between two dates."""

    person = models.ForeignKey(
        Person,
        verbose_name="người giữ chức vụ",
        on_delete=models.PROTECT,
        related_name="positions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="cơ quan",
        on_delete=models.PROTECT,
        related_name="positions",
    )
    role = models.ForeignKey(
        Role, verbose_name="chức vụ", on_delete=models.PROTECT, related_name="+"
    )
    title_override = NFCCharField(
        "chức danh hiển thị",
        max_length=200,
        blank=True,
        help_text="Để trống để ghép chức vụ với tên cơ quan (Phó Chủ tịch + HĐND "
        "tỉnh). Điền khi cách gọi khác, ví dụ: Tỉnh ủy viên.",
    )
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField(
        "đến ngày",
        null=True,
        blank=True,
        help_text="Ngày cuối cùng giữ chức vụ; để trống nếu đang đảm nhiệm.",
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"
        ordering = ["-started_on"]
        constraints = [
            # A position cannot end before it starts.
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="position_ends_after_start",
                violation_error_message="Chức vụ không thể kết thúc trước ngày bắt "
                "đầu.",
            ),
        ]
        indexes = [
            # title_on / "current officials": positions of a person valid on a day.
            models.Index(
                fields=["person", "started_on", "ended_on"],
                name="position_person_dates",
            ),
        ]

    def __str__(self):
        return f"{self.person} - {self.title}"

    @property
    def title(self) -> str:
        if self.title_override:
            return self.title_override
        return f"{self.role.name} {self.organization.display_name}"

    def is_held_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (
            self.ended_on is None or day <= self.ended_on
        )

    def precedence_key(self) -> tuple:
        return (self.organization.precedence, self.role.precedence, self.started_on)
