"""The house style of news drafts: how the composer writes names, titles, headings."""

from django.db import models, transaction
from django.db.models import Q

from meetings.fields import NFCCharField
from meetings.models.base import TimeStampedModel


class HouseStyleQuerySet(models.QuerySet):
    def active(self) -> "HouseStyle":
        """Return the active style, or the built-in default one (unsaved) if none is.

        One query.
        """
        return self.filter(is_active=True).first() or HouseStyle()


class HouseStyle(TimeStampedModel):
    """How the news composer writes a draft; one style is active at a time.

    The field defaults are the seed article's style, so an unsaved
    HouseStyle() is the default style.
    """

    class Honorific(models.TextChoices):
        BY_GENDER = "ong_ba", "ông / bà (theo giới tính)"
        COMRADE = "dong_chi", "đồng chí"

    class Separator(models.TextChoices):
        DASH = "gach_ngang", "gạch ngang ( - )"
        COMMA = "dau_phay", "dấu phẩy ( , )"

    class OrganizationNames(models.TextChoices):
        SHORT = "viet_tat", "viết tắt (HĐND tỉnh)"
        FULL = "day_du", "đầy đủ (Hội đồng nhân dân tỉnh)"

    class AttendanceOpening(models.TextChoices):
        ALSO_ATTENDING = "tham_du_con_co", "Tham dự phiên họp còn có ông ...; bà ..."
        COMRADES_ATTENDING = "du_hop_co", "Dự họp có các đồng chí: ..."

    class TitleForm(models.TextChoices):
        MONTH = (
            "thang",
            "Theo tháng: Phiên họp tháng 01 năm 2021 của Thường trực HĐND tỉnh",
        )
        ORDINAL = (
            "so_thu_tu",
            "Theo số thứ tự: Phiên họp thứ 26, Thường trực HĐND tỉnh khóa XV, "
            "nhiệm kỳ 2021-2026",
        )

    SEPARATORS = {Separator.DASH: " - ", Separator.COMMA: ", "}

    name = NFCCharField(
        "tên mẫu",
        max_length=120,
        unique=True,
        help_text="Ví dụ: Cổng thông tin HĐND tỉnh.",
    )
    honorific = models.CharField(
        "cách gọi",
        max_length=10,
        choices=Honorific.choices,
        default=Honorific.BY_GENDER,
        help_text="“Ông Phạm Sỹ Lợi” hay “Đồng chí Phạm Sỹ Lợi”.",
    )
    name_separator = models.CharField(
        "dấu giữa tên và chức danh",
        max_length=10,
        choices=Separator.choices,
        default=Separator.DASH,
        help_text="“Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh” hay “Đồng chí Phạm Sỹ "
        "Lợi, Chủ tịch HĐND tỉnh”.",
    )
    title_separator = models.CharField(
        "dấu giữa các chức danh",
        max_length=10,
        choices=Separator.choices,
        default=Separator.DASH,
        help_text="“Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch HĐND tỉnh” hay "
        "“Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch HĐND tỉnh”.",
    )
    organization_names = models.CharField(
        "tên cơ quan",
        max_length=10,
        choices=OrganizationNames.choices,
        default=OrganizationNames.SHORT,
        help_text="Áp dụng cho sa pô, nội dung và chú thích ảnh. Tiêu đề luôn dùng "
        "tên viết tắt cho gọn.",
    )
    attendance_opening = models.CharField(
        "câu mở đầu thành phần dự họp",
        max_length=20,
        choices=AttendanceOpening.choices,
        default=AttendanceOpening.ALSO_ATTENDING,
    )
    title_form = models.CharField(
        "cách đặt tiêu đề phiên họp",
        max_length=10,
        choices=TitleForm.choices,
        default=TitleForm.MONTH,
        help_text="Kỳ họp HĐND luôn gọi theo số thứ tự: Kỳ họp thứ 18 HĐND tỉnh "
        "khóa XI, nhiệm kỳ 2016-2021.",
    )
    is_active = models.BooleanField(
        "đang dùng",
        default=False,
        help_text="Bản tin mới được viết theo mẫu đang dùng. Chọn mẫu khác bằng "
        "thao tác “Dùng mẫu đã chọn” trong danh sách.",
    )

    objects = HouseStyleQuerySet.as_manager()

    class Meta:
        verbose_name = "mẫu văn phong bản tin"
        verbose_name_plural = "mẫu văn phong bản tin"
        ordering = ["-is_active", "name"]
        constraints = [
            # The composer reads one style; two active ones would make drafts
            # depend on row order.
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="house_style_one_active",
                violation_error_message="Chỉ một mẫu văn phong được dùng tại một "
                "thời điểm.",
            ),
        ]

    def __str__(self):
        return self.name or "Mẫu mặc định"

    @property
    def name_separator_text(self) -> str:
        return self.SEPARATORS[self.name_separator]

    @property
    def title_separator_text(self) -> str:
        return self.SEPARATORS[self.title_separator]

    @property
    def full_organization_names(self) -> bool:
        return self.organization_names == self.OrganizationNames.FULL

    def activate(self) -> None:
        """Make this the active style and deactivate the one that was."""
        with transaction.atomic():
            others = HouseStyle.objects.select_for_update().filter(is_active=True)
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            # Evaluated under the lock first, then switched off, so the unique
            # constraint never sees two active rows.
            list(others)
            others.update(is_active=False)
            self.is_active = True
            self.save()
