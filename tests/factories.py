"""Model factories: the smallest valid records, overridable field by field."""

import datetime
import io
from zoneinfo import ZoneInfo

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from meetings import images, uploads
from meetings.models import (
    AgendaItem,
    Article,
    Attendance,
    Category,
    Organization,
    Person,
    Photo,
    Position,
    Role,
    Session,
    Task,
    Term,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def local_datetime(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LOCAL)


def jpeg_bytes(width: int = 64, height: int = 48, color="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    kind = Organization.Kind.OTHER
    precedence = 100


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ["name"]

    name = "Ủy viên"
    precedence = 80


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name = "Nguyễn"
    middle_name = "Văn"
    given_name = factory.Iterator(["An", "Bình", "Cường", "Dũng", "Đức", "Hà"])
    gender = Person.Gender.MALE


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = factory.SubFactory(RoleFactory)
    started_on = datetime.date(2016, 7, 1)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    organization = factory.SubFactory(
        OrganizationFactory, kind=Organization.Kind.COUNCIL
    )
    number = 15
    start_year = 2021
    end_year = 2026


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    organization = factory.SubFactory(
        OrganizationFactory, kind=Organization.Kind.STANDING_COMMITTEE
    )
    kind = Session.Kind.REGULAR
    period_year = 2021
    period_month = factory.Sequence(lambda n: n % 12 + 1)
    starts_at = factory.LazyAttribute(
        lambda s: local_datetime(s.period_year or 2021, s.period_month or 1, 7, 8)
    )


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"nội dung thứ {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    session = factory.SubFactory(SessionFactory)
    description = factory.Sequence(lambda n: f"nhiệm vụ {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Tin bài số {n}")
    category = factory.SubFactory(CategoryFactory)
    lead = "Sa pô của tin bài."
    body = "Đoạn thứ nhất.\n\nĐoạn thứ hai."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(hours=1)
    )


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    session = factory.SubFactory(SessionFactory)
    caption = factory.Sequence(lambda n: f"Ảnh số {n}")
    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="anh.jpg"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Store the image as an upload is: checked, cleaned, with renditions."""
        image = kwargs.pop("image")
        photo = model_class(*args, **kwargs)
        uploads.put_photo_image(photo, images.check_photo(image))
        photo.save()
        return photo


def standing_committee() -> Organization:
    """HĐND tỉnh and its standing committee, as in the seed."""
    council = OrganizationFactory(
        name="Hội đồng nhân dân tỉnh",
        short_name="HĐND tỉnh",
        kind=Organization.Kind.COUNCIL,
        precedence=30,
    )
    return OrganizationFactory(
        name="Thường trực Hội đồng nhân dân tỉnh",
        short_name="Thường trực HĐND tỉnh",
        kind=Organization.Kind.STANDING_COMMITTEE,
        parent=council,
        precedence=31,
    )
