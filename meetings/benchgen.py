"""Generate a large body of published records for benchmarks.

generate(articles=N) makes N held monthly sessions of the communes' standing
committees, each with its attendees, agenda and a published article written
from a council vocabulary, so that word frequencies look like a real archive:
some words in every title, topics in a few percent of records, names rare.

Rows are written with bulk_create in batches: save() and its signals are
bypassed, so the caller builds the search entries afterwards
(search_index.rebuild()). Only run it against a database made for it; the
search_benchmark command checks that.
"""

from __future__ import annotations

import datetime
import itertools
import math
import random
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, transaction

from meetings.models import (
    AgendaItem,
    Article,
    Attendance,
    Category,
    Organization,
    Person,
    Session,
)
from meetings.vietnamese import name_sort_key, slugify_vi

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR = 2016
MONTHS = 120  # ten years of monthly sessions per body
SLUG_PREFIX = "mau-thu"  # every generated slug starts with it

COMMUNES = (
    "Tân Lập Hòa Bình Thủy Nguyên Đông Hòa An Khánh Quảng Xương Hoằng Hóa "
    "Thanh Thủy Kim Sơn Phú Lộc Yên Định Cẩm Giàng Tiên Du Lạc Thủy Mỹ Đức "
    "Đức Thọ Nghi Lộc Diễn Châu Quỳnh Lưu Hưng Nguyên Thạch Hà Kỳ Anh Lệ Thủy "
    "Hải Lăng Phong Điền Duy Xuyên Bình Sơn Tuy Phước Ninh Hòa Hàm Thuận "
    "Đức Trọng Châu Thành Cái Bè Mỏ Cày Trà Cú Long Phú Vĩnh Thạnh Hòn Đất"
).split()
COMMUNES = [" ".join(COMMUNES[i : i + 2]) for i in range(0, len(COMMUNES), 2)]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
FAMILY += ["Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu"]
GIVEN = (
    "An Bình Cường Dũng Đức Giang Hà Hải Hạnh Hòa Hoàng Hùng Hương Khánh Lan "
    "Linh Lợi Long Mai Nam Nga Ngọc Phong Phương Quang Sơn Tâm Thảo Thủy Trung "
    "Tuấn Vân Việt Xuân Yến"
).split()
ROLES = ["Chủ tịch HĐND xã", "Phó Chủ tịch HĐND xã", "Trưởng Ban Kinh tế - Xã hội"]

# Each session and its article are about one topic, drawn by weight: the
# first comes up in about one record in nine, the last two in one in a
# hundred.
TOPICS = [
    ("thu, chi ngân sách nhà nước", 12),
    ("giải ngân vốn đầu tư công", 10),
    ("giải quyết ý kiến, kiến nghị của cử tri", 10),
    ("xây dựng nông thôn mới", 8),
    ("cải cách hành chính", 8),
    ("quản lý đất đai, giải phóng mặt bằng", 7),
    ("giáo dục và đào tạo", 6),
    ("y tế cơ sở, phòng chống dịch bệnh", 6),
    ("phòng, chống thiên tai", 5),
    ("bảo vệ môi trường", 5),
    ("an toàn giao thông", 4),
    ("chuyển đổi số", 4),
    ("giảm nghèo bền vững", 4),
    ("tiếp công dân, giải quyết khiếu nại, tố cáo", 3),
    ("văn hóa, thể thao và du lịch", 3),
    ("nước sạch nông thôn", 2),
    ("kiên cố hóa kênh mương", 2),
    ("nhà ở xã hội", 1),
    ("dự án đường cao tốc", 1),
]
VERBS = [
    "đánh giá",
    "triển khai",
    "thảo luận",
    "thống nhất",
    "đề nghị làm rõ",
    "chỉ đạo",
    "tăng cường",
    "đôn đốc",
    "tập trung",
    "xem xét",
    "cho ý kiến về",
    "rà soát",
]
OBJECTS = [
    "kết quả thực hiện nhiệm vụ tháng trước",
    "chương trình công tác thời gian tới",
    "tiến độ thực hiện các nghị quyết của HĐND",
    "các báo cáo, tờ trình trình kỳ họp",
    "công tác phối hợp giữa các cơ quan",
    "những khó khăn, vướng mắc ở cơ sở",
    "việc chuẩn bị nội dung kỳ họp thường lệ",
]
ACTORS = [
    "Thường trực HĐND",
    "Ủy ban nhân dân",
    "các Ban của HĐND",
    "các cơ quan chuyên môn",
    "Ủy ban Mặt trận Tổ quốc",
    "các tổ đại biểu",
]
PLACES = ["Hội trường Ủy ban nhân dân xã", "Phòng họp Thường trực HĐND xã"]
CATEGORIES = ["Tổng hợp", "Hoạt động giám sát", "Kỳ họp", "Tiếp xúc cử tri"]


class _Writer:
    """Compose the records of one generation run from one seeded random source."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.topics = [topic for topic, _ in TOPICS]
        self.weights = [weight for _, weight in TOPICS]

    def topic(self) -> str:
        return self.random.choices(self.topics, self.weights)[0]

    def sentence(self, topic: str | None = None) -> str:
        r = self.random
        text = f"{r.choice(ACTORS)} {r.choice(VERBS)} {r.choice(OBJECTS)}"
        if topic:
            text += f" về {topic}"
        if r.random() < 0.3:
            text += f", {r.choice(VERBS)} {r.choice(OBJECTS)}"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, topic: str | None, sentences: int) -> str:
        """Return sentences of council business; the first is about topic."""
        return " ".join(
            self.sentence(topic if i == 0 else None) for i in range(sentences)
        )

    def name(self) -> tuple[str, str, str]:
        r = self.random
        return r.choice(FAMILY), r.choice(MIDDLE), r.choice(GIVEN)


def generate(
    *,
    articles: int,
    seed: int = 0,
    batch_size: int = 1000,
    using: str = DEFAULT_DB_ALIAS,
    progress=None,
) -> dict[str, int]:
    """Create `articles` published articles with their held sessions; return counts.

    Bodies come in a fixed number of months (MONTHS, from January 2016) so
    that each body holds one regular session a month; the number of bodies
    grows with `articles`. Each session has three attendees and two agenda
    items. progress(done, total) is called after each batch.
    """
    writer = _Writer(seed)
    bodies = max(1, math.ceil(articles / MONTHS))
    with transaction.atomic(using=using):
        categories = [
            Category.objects.using(using).get_or_create(
                slug=f"{SLUG_PREFIX}-{slugify_vi(name)}", defaults={"name": name}
            )[0]
            for name in CATEGORIES
        ]
        organizations = _organizations(bodies, using)
        people = _people(writer, organizations, using)
    made = 0
    slots = ((index % bodies, index // bodies) for index in range(articles))
    while made < articles:
        batch = list(itertools.islice(slots, batch_size))
        with transaction.atomic(using=using):
            _sessions_and_articles(
                writer, batch, organizations, people, categories, using
            )
        made += len(batch)
        if progress:
            progress(made, articles)
    return {
        "organizations": bodies,
        "people": sum(len(group) for group in people),
        "sessions": articles,
        "articles": articles,
    }


def _organizations(count: int, using: str) -> list[Organization]:
    organizations = []
    for index in range(count):
        commune = COMMUNES[index % len(COMMUNES)]
        round_ = index // len(COMMUNES)
        name = f"xã {commune}" + (f" {round_ + 1}" if round_ else "")
        organizations.append(
            Organization(
                name=f"Thường trực Hội đồng nhân dân {name}",
                short_name=f"Thường trực HĐND {name}",
                kind=Organization.Kind.STANDING_COMMITTEE,
                level=Organization.Level.COMMUNE,
                slug=f"{SLUG_PREFIX}-to-chuc-{index}",
            )
        )
    return Organization.objects.using(using).bulk_create(organizations, batch_size=500)


def _people(writer: _Writer, organizations, using: str) -> list[list[Person]]:
    """Create three officials per body; return them grouped by body."""
    people = []
    for index, _ in enumerate(organizations):
        for rank in range(len(ROLES)):
            family, middle, given = writer.name()
            people.append(
                Person(
                    family_name=family,
                    middle_name=middle,
                    given_name=given,
                    full_name=f"{family} {middle} {given}",
                    sort_key=name_sort_key(family, middle, given),
                    gender=Person.Gender.FEMALE
                    if middle == "Thị"
                    else Person.Gender.MALE,
                    slug=f"{SLUG_PREFIX}-nguoi-{index}-{rank}",
                )
            )
    people = Person.objects.using(using).bulk_create(people, batch_size=500)
    return [people[i : i + len(ROLES)] for i in range(0, len(people), len(ROLES))]


def _sessions_and_articles(writer, slots, organizations, people, categories, using):
    r = writer.random
    sessions, plans = [], []
    for body, month_index in slots:
        organization = organizations[body]
        year, month = FIRST_YEAR + month_index // 12, month_index % 12 + 1
        starts_at = datetime.datetime(year, month, r.randint(3, 12), 8, tzinfo=LOCAL)
        topic = writer.topic()
        sessions.append(
            Session(
                organization=organization,
                kind=Session.Kind.REGULAR,
                ordinal=month_index + 1,
                title=f"Phiên họp thường kỳ tháng {month:02d}/{year} của "
                f"{organization.short_name}",
                period_year=year,
                period_month=month,
                starts_at=starts_at,
                place=r.choice(PLACES),
                conclusion=writer.paragraph(topic, 2),
                status=Session.Status.HELD,
                slug=f"{SLUG_PREFIX}-phien-hop-{body}-{month_index}",
            )
        )
        plans.append((body, month_index, topic))
    sessions = Session.objects.using(using).bulk_create(sessions)

    attendances, items, articles = [], [], []
    for session, (body, month_index, topic) in zip(sessions, plans, strict=True):
        officials = people[body]
        for order, (person, role) in enumerate(zip(officials, ROLES, strict=True)):
            attendances.append(
                Attendance(
                    session=session,
                    person=person,
                    role=Attendance.Role.PRESIDING
                    if order == 0
                    else Attendance.Role.ATTENDING,
                    title=role,
                    order=order,
                )
            )
        for order in range(2):
            items.append(
                AgendaItem(
                    session=session,
                    order=order,
                    title=f"{r.choice(VERBS)} {r.choice(OBJECTS)}",
                    presenter=officials[order + 1],
                    summary=writer.paragraph(topic if order == 0 else None, 2),
                )
            )
        month = session.starts_at.strftime("%m/%Y")
        if r.random() < 0.5:
            title = session.title
        else:
            title = (
                f"{organizations[body].short_name} {r.choice(VERBS)} "
                f"{topic} tháng {month}"
            )
        chair = officials[0]
        lead = (
            f"Ngày {session.starts_at.strftime('%d/%m/%Y')}, "
            f"{organizations[body].short_name} tổ chức phiên họp thường kỳ tháng "
            f"{month}. {chair.honorific(capital=True)} {chair.full_name} - "
            f"{ROLES[0]} chủ trì phiên họp."
        )
        body_text = "\n\n".join(
            writer.paragraph(topic if i == 0 else None, r.randint(3, 5))
            for i in range(r.randint(3, 6))
        )
        articles.append(
            Article(
                title=title,
                slug=f"{SLUG_PREFIX}-tin-{body}-{month_index}",
                category=r.choice(categories),
                lead=lead,
                body=body_text,
                session=session,
                status=Article.Status.PUBLISHED,
                published_at=session.starts_at + datetime.timedelta(hours=4),
                byline="Văn phòng HĐND",
            )
        )
    Attendance.objects.using(using).bulk_create(attendances)
    AgendaItem.objects.using(using).bulk_create(items)
    Article.objects.using(using).bulk_create(articles)
