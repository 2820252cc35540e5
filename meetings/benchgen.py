"""Generate a large body of published records for benchmarks.

generate_archive(scale=1) makes a province's twenty-year archive for the page
benchmark (`manage.py benchmark`; see its section below).

generate(articles=N) makes N held monthly sessions of the communes' standing
committees, each with its attendees, agenda and a published article written
from a council vocabulary, so that word frequencies look like a real archive:
some words in every title, topics in a few percent of records, names rare.

Rows are written with bulk_create in batches: save() and its signals are
bypassed, so the caller builds the search entries afterwards
(search_index.rebuild()). Only run it against a database made for it; the
search_benchmark and benchmark commands check that.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import math
import random
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Article,
    Attendance,
    Category,
    Document,
    Organization,
    Person,
    Photo,
    Position,
    Role,
    Session,
    Task,
)
from meetings.vietnamese import name_sort_key, roman, slugify_vi

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


# A province's whole archive, for the page benchmark ---------------------------
#
# generate_archive() makes what `manage.py benchmark` measures the pages on:
# at scale 1, twenty years (up to last month) of the province's bodies (the
# standing committee's monthly and thematic sessions, the four committees'
# thematic sessions, three plenary sessions a year) and of ARCHIVE_COMMUNES
# commune councils (monthly and thematic sessions): about 30,000 held
# sessions with 300,000 attendances, their agendas, documents, tasks and
# 90,000 photos, an article about each session and other news up to 100,000
# articles and 100,000 photos, and the officials of each five-year term. No
# image file is written: photos carry renditions named as uploads name them,
# pointing to files that do not exist.

ARCHIVE_YEARS = 20
ARCHIVE_COMMUNES = 100
ARCHIVE_ARTICLES = 100_000
ARCHIVE_PHOTOS = 100_000
# Council terms run five years from 1 July; the one of 2021-2026 is khóa XV.
TERM_ANCHOR_YEAR, TERM_ANCHOR_NUMBER = 2021, 15
ARCHIVE_CATEGORIES = [
    "Hoạt động của Thường trực",
    "Hoạt động giám sát",
    "Kỳ họp",
    "Tiếp xúc cử tri",
    "Văn bản, nghị quyết",
    "Hoạt động đại biểu",
    "Tổng hợp",
]
COMMITTEES = ["Kinh tế - Ngân sách", "Pháp chế", "Văn hóa - Xã hội", "Dân tộc"]
ROLE_PRECEDENCE = {
    "Phó Bí thư": 6,
    "Chủ tịch": 10,
    "Phó Chủ tịch": 20,
    "Trưởng ban": 30,
    "Phó Trưởng ban": 40,
    "Chánh Văn phòng": 50,
    "Ủy viên": 80,
    "Đại biểu": 90,
}
OTHER_GROUPS = [
    "lãnh đạo Ủy ban Mặt trận Tổ quốc Việt Nam",
    "lãnh đạo các sở, ngành liên quan",
    "đại diện Văn phòng Đoàn đại biểu Quốc hội và HĐND",
    "phóng viên các cơ quan báo chí",
]
CAPTIONS = [
    "Toàn cảnh phiên họp",
    "Các đại biểu thảo luận tại phiên họp",
    "Đại diện cơ quan chuyên môn báo cáo tại phiên họp",
    "Quang cảnh buổi làm việc",
]
NEWS_OPENINGS = [
    "Đoàn giám sát của",
    "Đại biểu HĐND tỉnh tiếp xúc cử tri về",
    "Hội nghị chuyên đề của",
    "Làm việc với các sở, ngành về",
]
# (name stem, format, width) of the renditions an upload gets (images.py).
RENDITIONS = [("480", "webp", 480), ("960", "webp", 960), ("1600", "webp", 1600)]
RENDITIONS += [("1200", "jpg", 1200)]
RENDITION_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


@dataclasses.dataclass(eq=False)
class _Slot:
    """A post in a roster; who fills it may change with each term."""

    role: str
    organization: Organization
    title: str
    people: dict = dataclasses.field(default_factory=dict)  # term number: Person


@dataclasses.dataclass(eq=False)
class _Body:
    """A body that meets: how often, and who sits in each kind of session."""

    organization: Organization
    in_province: bool
    regular: int = 0  # regular sessions a year
    thematic: float = 0.0  # thematic sessions a year
    plenary_months: tuple = ()
    rosters: dict = dataclasses.field(default_factory=dict)  # Session.Kind: [_Slot]


@dataclasses.dataclass(frozen=True)
class _Term:
    number: int
    first: datetime.date
    last: datetime.date


def generate_archive(
    *,
    scale: float = 1.0,
    seed: int = 0,
    batch_size: int = 1000,
    using: str = DEFAULT_DB_ALIAS,
    progress=None,
) -> dict[str, int]:
    """Create a province's archive, `scale` times the default size; return counts.

    Below scale 1 there are fewer communes and only the latest sessions are
    kept, so a tiny scale is a recent slice of a real-looking archive; above
    it, more communes. Rows are written with bulk_create (no signals): build
    the search entries afterwards. progress(label, done, total) is called
    after each batch.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    return _Archive(seed=seed, batch_size=batch_size, using=using).generate(
        scale, progress
    )


class _Archive:
    """One generation run: the vocabulary, the dates and where rows are written."""

    def __init__(self, *, seed: int, batch_size: int, using: str):
        self.writer = _Writer(seed)
        self.random = self.writer.random
        self.batch_size = batch_size
        self.using = using
        self.now = timezone.now()
        self.end = timezone.localdate(self.now).replace(day=1)
        self.start = _add_months(self.end, -12 * ARCHIVE_YEARS)
        self.terms = _terms(self.start, self.end)
        self.counts = dict.fromkeys(
            [
                "organizations",
                "people",
                "positions",
                "sessions",
                "attendances",
                "agenda_items",
                "documents",
                "tasks",
                "photos",
                "photo_people",
                "articles",
            ],
            0,
        )

    def objects(self, model):
        return model.objects.using(self.using)

    def generate(self, scale: float, progress) -> dict[str, int]:
        communes = max(1, math.ceil(ARCHIVE_COMMUNES * scale))
        with transaction.atomic(using=self.using):
            self.categories = {
                name: self.objects(Category).get_or_create(
                    slug=f"{SLUG_PREFIX}-{slugify_vi(name)}",
                    defaults={"name": name, "order": order},
                )[0]
                for order, name in enumerate(ARCHIVE_CATEGORIES)
            }
            bodies = self.bodies(communes)
            self.officials(bodies)
        plan = self.plan(bodies)
        if scale < 1:
            # The size at scale 1 (all the communes), times scale: the latest.
            in_province = sum(1 for item in plan if item[1].in_province)
            per_commune = (len(plan) - in_province) / communes
            wanted = round((in_province + per_commune * ARCHIVE_COMMUNES) * scale)
            plan = plan[-max(1, wanted) :]
        articles = max(len(plan), round(ARCHIVE_ARTICLES * scale))
        photos = round(ARCHIVE_PHOTOS * scale)
        for begin in range(0, len(plan), self.batch_size):
            with transaction.atomic(using=self.using):
                self.sessions(plan[begin : begin + self.batch_size], begin)
            if progress:
                progress("phiên họp", self.counts["sessions"], len(plan))
        news = articles - len(plan)
        photo_share = max(0, photos - self.counts["photos"]) / max(1, news)
        for begin in range(0, news, self.batch_size):
            with transaction.atomic(using=self.using):
                self.news(range(begin, min(begin + self.batch_size, news)), photo_share)
            if progress:
                progress("tin bài khác", min(begin + self.batch_size, news), news)
        return dict(self.counts)

    # Bodies and officials

    def organization(self, name, short_name, kind, precedence, slug, **fields):
        self.counts["organizations"] += 1
        return self.objects(Organization).create(
            name=name,
            short_name=short_name,
            kind=kind,
            precedence=precedence,
            slug=f"{SLUG_PREFIX}-{slug}",
            **fields,
        )

    def bodies(self, communes: int) -> list[_Body]:
        """Create the province's and the communes' bodies; return those that meet."""
        Kind = Organization.Kind
        org = self.organization
        council = org("Hội đồng nhân dân tỉnh", "HĐND tỉnh", Kind.COUNCIL, 30, "hdnd")
        standing = org(
            "Thường trực Hội đồng nhân dân tỉnh",
            "Thường trực HĐND tỉnh",
            Kind.STANDING_COMMITTEE,
            31,
            "thuong-truc-hdnd",
            parent=council,
        )
        committees = [
            org(
                f"Ban {name} Hội đồng nhân dân tỉnh",
                f"Ban {name} HĐND tỉnh",
                Kind.COUNCIL_COMMITTEE,
                32 + index,
                f"ban-{index}",
                parent=council,
            )
            for index, name in enumerate(COMMITTEES)
        ]
        party = org("Tỉnh ủy", "Tỉnh ủy", Kind.PARTY_COMMITTEE, 20, "tinh-uy")
        government = org(
            "Ủy ban nhân dân tỉnh", "UBND tỉnh", Kind.PEOPLES_COMMITTEE, 40, "ubnd"
        )
        front = org(
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "Ủy ban MTTQ tỉnh",
            Kind.FRONT,
            50,
            "mttq",
        )
        office = org(
            "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            Kind.OFFICE,
            60,
            "van-phong",
        )
        chair = _slot("Chủ tịch", council)
        vices = [_slot("Phó Chủ tịch", council) for _ in range(2)]
        heads = [_slot("Trưởng ban", c, f"Trưởng {c.short_name}") for c in committees]
        deputies = [
            _slot("Phó Trưởng ban", c, f"Phó Trưởng {c.short_name}") for c in committees
        ]
        governor = _slot("Chủ tịch", government)
        vice_governors = [_slot("Phó Chủ tịch", government) for _ in range(2)]
        front_chair = _slot("Chủ tịch", front)
        standing_roster = [
            chair,
            *vices,
            *heads,
            deputies[0],
            _slot("Chánh Văn phòng", office),
            governor,
            vice_governors[0],
            front_chair,
        ]
        plenary_roster = [
            chair,
            *vices,
            *heads,
            _slot("Phó Bí thư", party, "Phó Bí thư Tỉnh ủy"),
            governor,
            *vice_governors,
            front_chair,
            *(_slot("Đại biểu", council, "Đại biểu HĐND tỉnh") for _ in range(14)),
        ]
        bodies = [
            _Body(
                standing,
                True,
                regular=12,
                thematic=4,
                rosters={
                    Session.Kind.REGULAR: standing_roster,
                    Session.Kind.THEMATIC: standing_roster,
                },
            ),
            _Body(
                council,
                True,
                plenary_months=(4, 7, 12),
                rosters={Session.Kind.PLENARY: plenary_roster},
            ),
        ]
        for index, committee in enumerate(committees):
            members = [
                _slot("Ủy viên", committee, f"Ủy viên {committee.short_name}")
                for _ in range(3)
            ]
            roster = [heads[index], deputies[index], *members, vices[index % 2]]
            bodies.append(
                _Body(
                    committee, True, thematic=8, rosters={Session.Kind.THEMATIC: roster}
                )
            )
        for index in range(communes):
            bodies.append(self.commune(index))
        return bodies

    def commune(self, index: int) -> _Body:
        Kind, Level = Organization.Kind, Organization.Level
        name = COMMUNES[index % len(COMMUNES)]
        if index >= len(COMMUNES):
            name += f" {index // len(COMMUNES) + 1}"
        commune = {"level": Level.COMMUNE}
        council = self.organization(
            f"Hội đồng nhân dân xã {name}",
            f"HĐND xã {name}",
            Kind.COUNCIL,
            300,
            f"hdnd-xa-{index}",
            **commune,
        )
        standing = self.organization(
            f"Thường trực Hội đồng nhân dân xã {name}",
            f"Thường trực HĐND xã {name}",
            Kind.STANDING_COMMITTEE,
            301,
            f"thuong-truc-xa-{index}",
            parent=council,
            **commune,
        )
        government = self.organization(
            f"Ủy ban nhân dân xã {name}",
            f"UBND xã {name}",
            Kind.PEOPLES_COMMITTEE,
            310,
            f"ubnd-xa-{index}",
            **commune,
        )
        roster = [
            _slot("Chủ tịch", council),
            _slot("Phó Chủ tịch", council),
            _slot("Trưởng ban", council, f"Trưởng Ban Kinh tế - Xã hội HĐND xã {name}"),
            _slot(
                "Phó Trưởng ban",
                council,
                f"Phó Trưởng Ban Kinh tế - Xã hội HĐND xã {name}",
            ),
            _slot("Trưởng ban", council, f"Trưởng Ban Pháp chế HĐND xã {name}"),
            _slot("Phó Trưởng ban", council, f"Phó Trưởng Ban Pháp chế HĐND xã {name}"),
            _slot("Chủ tịch", government),
            _slot("Phó Chủ tịch", government),
            _slot("Phó Chủ tịch", government),
            _slot("Đại biểu", council, f"Đại biểu HĐND xã {name}"),
        ]
        return _Body(
            standing,
            False,
            regular=12,
            thematic=2.5,
            rosters={Session.Kind.REGULAR: roster, Session.Kind.THEMATIC: roster},
        )

    def officials(self, bodies: list[_Body]) -> None:
        """Fill every post for every term, most officials staying on; save them."""
        roles = {
            name: self.objects(Role).get_or_create(
                name=name, defaults={"precedence": precedence}
            )[0]
            for name, precedence in ROLE_PRECEDENCE.items()
        }
        slots = list(
            dict.fromkeys(
                slot
                for body in bodies
                for roster in body.rosters.values()
                for slot in roster
            )
        )
        people = []
        for slot in slots:
            person = None
            for term in self.terms:
                if person is None or self.random.random() < 0.4:
                    person = self.person(len(people))
                    people.append(person)
                slot.people[term.number] = person
        self.objects(Person).bulk_create(people, batch_size=1000)
        today = timezone.localdate(self.now)
        positions = [
            Position(
                person=slot.people[term.number],
                organization=slot.organization,
                role=roles[slot.role],
                title_override=""
                if slot.title == f"{slot.role} {slot.organization.short_name}"
                else slot.title,
                started_on=term.first,
                ended_on=term.last if term.last < today else None,
            )
            for slot in slots
            for term in self.terms
        ]
        self.objects(Position).bulk_create(positions, batch_size=2000)
        self.counts["people"] += len(people)
        self.counts["positions"] += len(positions)

    def person(self, index: int) -> Person:
        family, middle, given = self.writer.name()
        return Person(
            family_name=family,
            middle_name=middle,
            given_name=given,
            full_name=f"{family} {middle} {given}",
            sort_key=name_sort_key(family, middle, given),
            gender=Person.Gender.FEMALE if middle == "Thị" else Person.Gender.MALE,
            slug=f"{SLUG_PREFIX}-dai-bieu-{index}",
        )

    # Sessions

    def plan(self, bodies: list[_Body]) -> list[tuple]:
        """Return (starts_at, body, kind, ordinal) of every session, oldest first."""
        r = self.random
        plan = []
        for body in bodies:
            month, plenary, term = self.start, 0, None
            while month < self.end:
                if body.regular:
                    day = month.replace(day=r.randint(3, 12))
                    plan.append((_at(day, 8), body, Session.Kind.REGULAR, None))
                if r.random() < body.thematic / 12:
                    day = month.replace(day=r.randint(13, 28))
                    plan.append((_at(day, 14), body, Session.Kind.THEMATIC, None))
                if month.month in body.plenary_months:
                    day = month.replace(day=r.randint(5, 10))
                    if _term_of(day, self.terms) != term:
                        term, plenary = _term_of(day, self.terms), 0
                    plenary += 1
                    plan.append((_at(day, 7), body, Session.Kind.PLENARY, plenary))
                month = _add_months(month, 1)
        plan.sort(key=lambda item: (item[0], item[1].organization.pk))
        return plan

    def sessions(self, batch: list[tuple], first_index: int) -> None:
        r = self.random
        sessions = []
        for index, (starts_at, body, kind, ordinal) in enumerate(batch, first_index):
            organization = body.organization
            day = starts_at.date()
            topic = self.writer.topic()
            if kind == Session.Kind.REGULAR:
                title = (
                    f"Phiên họp thường kỳ tháng {day:%m/%Y} của "
                    f"{organization.short_name}"
                )
                subject = ""
            elif kind == Session.Kind.PLENARY:
                term = _term_of(day, self.terms)
                title = (
                    f"Kỳ họp thứ {ordinal} {organization.short_name} khóa "
                    f"{roman(term.number)}, nhiệm kỳ {term.first.year}-{term.last.year}"
                )
                subject = ""
            else:
                subject = f"giám sát {topic}"
                title = (
                    f"Phiên họp chuyên đề ngày {day:%d/%m/%Y} của "
                    f"{organization.short_name}: {subject}"
                )
            sessions.append(
                Session(
                    organization=organization,
                    kind=kind,
                    ordinal=ordinal or day.month,
                    title=title,
                    subject=subject,
                    period_year=day.year if kind == Session.Kind.REGULAR else None,
                    period_month=day.month if kind == Session.Kind.REGULAR else None,
                    starts_at=starts_at,
                    place=r.choice(PLACES).replace("xã", "tỉnh")
                    if body.in_province
                    else r.choice(PLACES),
                    other_attendees="\n".join(r.sample(OTHER_GROUPS, r.randint(1, 3))),
                    conclusion=self.writer.paragraph(topic, r.randint(3, 5)),
                    status=Session.Status.HELD,
                    slug=f"{slugify_vi(title, max_length=70)}-{index}",
                )
            )
            term = _term_of(day, self.terms)
            roster = body.rosters[kind]
            sessions[-1].concluded_by = roster[0].people[term.number]
            sessions[-1]._plan = (body, topic, roster, term)
        self.objects(Session).bulk_create(sessions)
        attendances, items, documents, tasks, photos, articles = [], [], [], [], [], []
        for session in sessions:
            body, topic, roster, term = session._plan
            present = [slot.people[term.number] for slot in roster]
            chair = present[0]
            for order, (slot, person) in enumerate(zip(roster, present, strict=True)):
                if order == 0:
                    role = Attendance.Role.PRESIDING
                elif r.random() < 0.05:
                    role = Attendance.Role.ABSENT
                else:
                    role = Attendance.Role.ATTENDING
                attendances.append(
                    Attendance(
                        session=session,
                        person=person,
                        role=role,
                        title=slot.title,
                        order=order,
                    )
                )
            for order in range(r.randint(2, 4)):
                presenter = r.choice(present[1:])
                items.append(
                    AgendaItem(
                        session=session,
                        order=order,
                        title=f"{r.choice(VERBS)} {r.choice(OBJECTS)}",
                        presenter=presenter,
                        summary=self.writer.paragraph(
                            topic if order == 0 else None, r.randint(2, 4)
                        ),
                        is_main=order == 0,
                    )
                )
            for order in range(r.randint(1, 2)):
                tasks.append(
                    Task(
                        session=session,
                        order=order,
                        description=self.writer.sentence(topic),
                        responsible=body.organization,
                        due_on=session.starts_at.date() + datetime.timedelta(days=60),
                        status=Task.Status.DONE,
                    )
                )
            for order in range(r.randint(2, 4)):
                photos.append(
                    self.photo(
                        session.starts_at,
                        order,
                        f"{chair.honorific(capital=True)} {chair.full_name} kết luận "
                        "phiên họp"
                        if order == 1
                        else r.choice(CAPTIONS),
                        session=session,
                        body_position=(0, 2)[order] if order < 2 else None,
                        tagged=chair if order == 1 else None,
                    )
                )
            articles.append(self.session_article(session, body, topic, chair))
        self.objects(Attendance).bulk_create(attendances, batch_size=2000)
        self.objects(AgendaItem).bulk_create(items, batch_size=2000)
        for item in items:
            documents.append(self.document(item))
        self.objects(Document).bulk_create(documents, batch_size=2000)
        self.objects(Task).bulk_create(tasks, batch_size=2000)
        self.objects(Article).bulk_create(articles, batch_size=1000)
        self.save_photos(photos)
        self.counts["sessions"] += len(sessions)
        self.counts["attendances"] += len(attendances)
        self.counts["agenda_items"] += len(items)
        self.counts["documents"] += len(documents)
        self.counts["tasks"] += len(tasks)
        self.counts["articles"] += len(articles)

    def document(self, item: AgendaItem) -> Document:
        r = self.random
        day = item.session.starts_at.date() - datetime.timedelta(days=r.randint(2, 9))
        kind = r.choice([Document.Kind.REPORT, Document.Kind.SUBMISSION])
        code = "BC" if kind == Document.Kind.REPORT else "TTr"
        return Document(
            session=item.session,
            agenda_item=item,
            kind=kind,
            number=f"{r.randint(1, 300)}/{code}-UBND",
            title=f"Báo cáo {r.choice(OBJECTS)}",
            issuer=item.session.organization,
            issued_on=day,
        )

    def session_article(self, session, body, topic, chair) -> Article:
        r = self.random
        kind = session.kind
        if kind == Session.Kind.PLENARY:
            category = "Kỳ họp"
        elif body.in_province and kind == Session.Kind.THEMATIC:
            category = "Hoạt động giám sát"
        else:
            category = "Hoạt động của Thường trực"
        organization = session.organization
        day = session.starts_at.date()
        if r.random() < 0.5:
            title = session.title
        else:
            title = (
                f"{organization.short_name} {r.choice(VERBS)} {topic} tháng {day:%m/%Y}"
            )
        lead = (
            f"Ngày {day:%d/%m/%Y}, {organization.short_name} tổ chức "
            f"{session.title[0].lower()}{session.title[1:]}. "
            f"{chair.honorific(capital=True)} {chair.full_name} chủ trì."
        )
        body_text = "\n\n".join(
            self.writer.paragraph(topic if i == 0 else None, r.randint(3, 5))
            for i in range(r.randint(3, 6))
        )
        return Article(
            title=title,
            slug=f"{slugify_vi(title, max_length=70)}-p{session.pk}",
            category=self.categories[category],
            lead=lead,
            body=body_text,
            session=session,
            status=Article.Status.PUBLISHED,
            published_at=session.starts_at + datetime.timedelta(hours=5),
            byline="Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        )

    # Other news

    def news(self, indexes: range, photo_share: float) -> None:
        r = self.random
        span = (self.end - self.start).days
        articles, photos = [], []
        for index in indexes:
            day = self.start + datetime.timedelta(days=r.randrange(span))
            published_at = _at(day, r.randint(7, 17))
            topic = self.writer.topic()
            title = f"{r.choice(NEWS_OPENINGS)} {topic}"
            status = Article.Status.PUBLISHED
            roll = r.random()
            if roll < 0.01:
                status, published_at = Article.Status.DRAFT, None
            elif roll < 0.015:
                status = Article.Status.WITHDRAWN
            article = Article(
                title=title[0].upper() + title[1:],
                slug=f"{slugify_vi(title, max_length=70)}-t{index}",
                category=self.categories[r.choice(ARCHIVE_CATEGORIES[1:])],
                lead=self.writer.sentence(topic),
                body="\n\n".join(
                    self.writer.paragraph(topic if i == 0 else None, r.randint(3, 5))
                    for i in range(r.randint(3, 6))
                ),
                status=status,
                published_at=published_at,
                byline="Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            )
            articles.append(article)
            if r.random() < photo_share:
                photos.append(
                    (article, self.photo(published_at, 0, r.choice(CAPTIONS)))
                )
        if indexes.start == 0:
            # A few scheduled ones, which appear by themselves in the coming days.
            for days in (1, 2, 3):
                articles.append(
                    Article(
                        title=f"Tin hẹn giờ số {days}: {self.writer.topic()}",
                        slug=f"{SLUG_PREFIX}-hen-gio-{days}",
                        category=self.categories["Tổng hợp"],
                        lead=self.writer.sentence(),
                        body=self.writer.paragraph(None, 4),
                        status=Article.Status.PUBLISHED,
                        published_at=self.now + datetime.timedelta(days=days),
                    )
                )
        self.objects(Article).bulk_create(articles, batch_size=1000)
        for article, photo in photos:
            photo.article = article
        self.save_photos([photo for _, photo in photos])
        self.counts["articles"] += len(articles)

    # Photos

    def photo(self, taken_at, order, caption, *, tagged=None, **fields) -> Photo:
        r = self.random
        taken_at = taken_at or self.now
        stem = f"photos/{taken_at:%Y/%m}/{r.getrandbits(128):032x}"
        width, height = 4000, 2667
        renditions = [
            {
                "name": f"{stem}-{name}.{extension}",
                "type": RENDITION_TYPES[extension],
                "width": size,
                "height": round(height * size / width),
                "size": size * (180 if extension == "jpg" else 90),
            }
            for name, extension, size in RENDITIONS
        ]
        photo = Photo(
            image=f"{stem}.jpg",
            width=width,
            height=height,
            file_size=r.randint(2_000_000, 6_000_000),
            renditions=renditions,
            original_filename=f"DSC_{r.randint(1000, 9999)}.JPG",
            caption=caption,
            credit="Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            order=order,
            **fields,
        )
        photo._tagged = tagged
        return photo

    def save_photos(self, photos: list[Photo]) -> None:
        self.objects(Photo).bulk_create(photos, batch_size=2000)
        Tag = Photo.people.through
        tags = [
            Tag(photo_id=photo.pk, person_id=photo._tagged.pk)
            for photo in photos
            if photo._tagged is not None
        ]
        self.objects(Tag).bulk_create(tags, batch_size=2000)
        self.counts["photos"] += len(photos)
        self.counts["photo_people"] += len(tags)


def _slot(role: str, organization: Organization, title: str = "") -> _Slot:
    return _Slot(role, organization, title or f"{role} {organization.short_name}")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), LOCAL)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _terms(start: datetime.date, end: datetime.date) -> list[_Term]:
    """Return the council terms from the one holding start to the one holding end."""
    year = TERM_ANCHOR_YEAR - 5 * math.ceil((TERM_ANCHOR_YEAR - start.year + 1) / 5)
    terms = []
    while datetime.date(year, 7, 1) <= end:
        number = TERM_ANCHOR_NUMBER + (year - TERM_ANCHOR_YEAR) // 5
        terms.append(
            _Term(number, datetime.date(year, 7, 1), datetime.date(year + 5, 6, 30))
        )
        year += 5
    return terms


def _term_of(day: datetime.date, terms: list[_Term]) -> _Term:
    for term in terms:
        if term.first <= day <= term.last:
            return term
    return terms[0] if day < terms[0].first else terms[-1]
