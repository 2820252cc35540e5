"""The demo: the January 2021 standing-committee session from the seed article.

Everything is keyed on natural keys, so loading twice changes nothing.
The province is left unnamed, as in the seed; the term number, position
start dates, place, document numbers and photos are illustrative.
"""

import datetime
import io
import random
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFilter

from meetings import images, uploads
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
    Term,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
SESSION_DAY = datetime.date(2021, 1, 7)
TERM_START = datetime.date(2016, 6, 28)

ARTICLE_TITLE = "Phiên họp tháng 01 năm 2021 của Thường trực HĐND tỉnh"
ARTICLE_LEAD = (
    "Sáng ngày 07/01/2021, Thường trực HĐND tỉnh tổ chức phiên họp thường kỳ tháng "
    "01/2021 đánh giá kết quả thực hiện nhiệm vụ tháng 12/2020, triển khai chương "
    "trình công tác tháng 01/2021 và thời gian tới; đánh giá thực hiện Quy chế phối "
    "hợp giữa Thường trực HĐND, UBND và Ban Thường trực Ủy ban Mặt trận tổ quốc "
    "tỉnh. Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì phiên họp."
)
ATTENDANCE_PARAGRAPH = (
    "Tham dự phiên họp còn có ông Đặng Thanh Sơn - Ủy viên Ban Thường vụ Tỉnh ủy - "
    "Phó Chủ tịch Thường trực HĐND tỉnh; ông Nguyễn Anh Chức - Ủy viên Ban Thường "
    "vụ Tỉnh ủy - Phó Chủ tịch UBND tỉnh; ông Bùi Văn Hoàng - Tỉnh ủy viên - Phó "
    "Chủ tịch HĐND tỉnh; lãnh đạo Ủy ban Mặt trận tổ quốc tỉnh; lãnh đạo chuyên "
    "trách các ban của HĐND tỉnh; Chủ tịch HĐND các huyện, thành phố, thị xã, lãnh "
    "đạo Văn phòng HĐND, UBND tỉnh..."
)
RESULTS_SUMMARY = (
    "Tháng 12/2020, Thường trực HĐND tỉnh, các Ban HĐND tỉnh đã hoàn thành chương "
    "trình công tác đề ra trên tất cả các mặt. Trong đó đã tổ chức thành công kỳ họp "
    "thứ 18 HĐND tỉnh đảm bảo chất lượng. Cùng đó, tập trung giám sát, đôn đốc việc "
    "triển khai tổ chức thực hiện các Nghị quyết của HĐND tỉnh; tăng cường theo dõi, "
    "giám sát, đôn đốc việc giải quyết ý kiến, kiến nghị của cử tri. Bên cạnh đó tăng "
    "cường phối hợp, đôn đốc UBND tỉnh chỉ đạo các cơ quan chuyên môn, UBND các "
    "huyện, thành phố, thị xã tập trung giải quyết các ý kiến, kiến nghị chính đáng "
    "của cử tri; tập trung giải quyết công việc phát sinh giữa hai kỳ họp…"
)
FOCAL_TASKS = [
    "Tăng cường thực hiện quy chế phối hợp công tác giữa thường trực HĐND, UBND, Ban "
    "Thường trực Ủy ban Mặt trận tổ quốc tỉnh, đặc biệt là việc giải quyết các ý "
    "kiến, kiến nghị của cử tri",
    "giải quyết các việc phát sinh giữa hai kỳ họp",
    "triển khai thực hiện các nghị quyết của HĐND tỉnh, tập trung vào các nghị quyết "
    "được thông qua tại kỳ họp thứ 18, trọng tâm là nghị quyết về phát triển kinh tế "
    "- xã hội năm 2021",
    "phối hợp thực hiện kế hoạch tổ chức tổng kết nhiệm kỳ hoạt động của HĐND các "
    "cấp nhiệm kỳ 2016-2021",
    "chuẩn bị nội dung kỳ họp tổng kết nhiệm kỳ của HĐND tỉnh cũng như việc thực "
    "hiện các văn bản chỉ đạo, hướng dẫn về công tác chuẩn bị bầu cử đại biểu Quốc "
    "hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021-2026",
    "tập trung giám sát các quyết định quy phạm pháp luật, văn bản hành chính có nội "
    "dung quy phạm",
    "tăng cường giám sát việc tuân theo Hiến pháp, pháp luật ở địa phương",
]
FOCAL_TASKS_PARAGRAPH = (
    "Triển khai chương trình công tác tháng 1/2021 và thời gian tới, phiên họp thống "
    "nhất đề ra các nhiệm vụ trọng tâm: " + "; ".join(FOCAL_TASKS) + "…"
)
COORDINATION_SUMMARY = (
    "Năm 2020, Thường trực HĐND, UBND và Ban Thường trực Ủy ban Mặt trận tổ quốc "
    "tỉnh đã cơ bản duy trì thực hiện tốt quy chế phối hợp công tác, khắc phục những "
    "tồn tại, hạn chế trong công tác phối hợp năm 2019. Hiệu quả hoạt động của HĐND, "
    "UBND, Ủy ban Mặt trận tổ quốc tỉnh ngày càng được nâng lên, đảm bảo thiết thực, "
    "đáp ứng yêu cầu nhiệm vụ của mỗi cơ quan…"
)
REPORTS_PARAGRAPH = (
    "Phiên họp cũng nghe lãnh đạo UBND tỉnh báo cáo công tác phối hợp tổ chức kỳ họp "
    "thứ 18 HĐND tỉnh; việc triển khai thực hiện các nghị quyết của HĐND tỉnh; việc "
    "giải quyết ý kiến, kiến nghị của cử tri; nghe Ủy ban Mặt trận tổ quốc tỉnh "
    "thông báo tình hình các tầng lớp nhân dân; theo dõi giám sát việc giải quyết ý "
    "kiến, kiến nghị của cử tri tháng 12/2020. Phiên họp đã thảo luận, cho ý kiến về "
    "dự thảo báo cáo tổng kết nhiệm kỳ hoạt động 2016-2021 của HĐND tỉnh."
)
CONCLUSION = (
    "đề nghị các cơ quan, Thường trực HĐND các huyện, thành phố, thị xã tiếp thu các "
    "ý kiến đóng góp tại phiên họp, theo trách nhiệm của mình cần nhìn nhận và rút "
    "kinh nghiệm để đôn đốc, tập trung tổ chức thực hiện có hiệu quả hơn những vấn đề "
    "còn tồn tại. Tiếp tục thực hiện có hiệu quả Quy chế phối hợp giữa Thường trực "
    "HĐND, UBND và Ban Thường trực Ủy ban Mặt trận tổ quốc tỉnh, nhất là trong phối "
    "hợp giải quyết ý kiến, kiến nghị cử tri, tạo sự đồng thuận xã hội để hoàn thành "
    "thắng lợi nhiệm vụ phát triển kinh tế - xã hội ở địa phương. Chủ động làm tốt "
    "công tác chuẩn bị cho bầu cử đại biểu Quốc hội khóa XV và bầu cử đại biểu HĐND "
    "các cấp nhiệm kỳ 2021-2026 cùng với tổ chức tổng kết nhiệm kỳ hoạt động HĐND "
    "các cấp trong tỉnh…"
)
CONCLUSION_PARAGRAPH = (
    f"Phát biểu tại phiên họp, Chủ tịch HĐND tỉnh Phạm Sỹ Lợi {CONCLUSION}./."
)
ARTICLE_BODY = "\n\n".join(
    [
        ATTENDANCE_PARAGRAPH,
        RESULTS_SUMMARY,
        FOCAL_TASKS_PARAGRAPH,
        COORDINATION_SUMMARY,
        REPORTS_PARAGRAPH,
        CONCLUSION_PARAGRAPH,
    ]
)
ARTICLE_SLUG = "phien-hop-thang-01-nam-2021-cua-thuong-truc-hdnd-tinh"
OTHER_ATTENDEES = "\n".join(
    [
        "lãnh đạo Ủy ban Mặt trận tổ quốc tỉnh",
        "lãnh đạo chuyên trách các ban của HĐND tỉnh",
        "Chủ tịch HĐND các huyện, thành phố, thị xã, lãnh đạo Văn phòng HĐND, "
        "UBND tỉnh",
    ]
)

# (slug, name, short name, kind, parent slug, precedence)
ORGANIZATIONS = [
    ("ban-thuong-vu-tinh-uy", "Ban Thường vụ Tỉnh ủy", "", "ban_thuong_vu", None, 10),
    ("tinh-uy", "Tỉnh ủy", "", "cap_uy", None, 20),
    ("hdnd-tinh", "Hội đồng nhân dân tỉnh", "HĐND tỉnh", "hdnd", None, 30),
    (
        "thuong-truc-hdnd-tinh",
        "Thường trực Hội đồng nhân dân tỉnh",
        "Thường trực HĐND tỉnh",
        "thuong_truc_hdnd",
        "hdnd-tinh",
        31,
    ),
    ("ban-phap-che", "Ban Pháp chế HĐND tỉnh", "", "ban_hdnd", "hdnd-tinh", 32),
    (
        "ban-kinh-te-ngan-sach",
        "Ban Kinh tế - Ngân sách HĐND tỉnh",
        "",
        "ban_hdnd",
        "hdnd-tinh",
        33,
    ),
    (
        "ban-van-hoa-xa-hoi",
        "Ban Văn hóa - Xã hội HĐND tỉnh",
        "",
        "ban_hdnd",
        "hdnd-tinh",
        34,
    ),
    ("ban-dan-toc", "Ban Dân tộc HĐND tỉnh", "", "ban_hdnd", "hdnd-tinh", 35),
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh", "UBND tỉnh", "ubnd", None, 40),
    (
        "uy-ban-mttq-tinh",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Ủy ban MTTQ tỉnh",
        "mttq",
        None,
        50,
    ),
    ("van-phong-hdnd-tinh", "Văn phòng HĐND tỉnh", "", "van_phong", "hdnd-tinh", 60),
]

# (name, precedence)
ROLES = [
    ("Bí thư", 10),
    ("Phó Bí thư", 20),
    ("Chủ tịch", 30),
    ("Phó Chủ tịch Thường trực", 40),
    ("Phó Chủ tịch", 50),
    ("Trưởng ban", 60),
    ("Phó Trưởng ban", 70),
    ("Ủy viên", 80),
    ("Chánh Văn phòng", 90),
]

# (family, middle, given, gender, [(organization slug, role, title override)])
PEOPLE = [
    ("Phạm", "Sỹ", "Lợi", "male", [("hdnd-tinh", "Chủ tịch", "")]),
    (
        "Đặng",
        "Thanh",
        "Sơn",
        "male",
        [
            ("ban-thuong-vu-tinh-uy", "Ủy viên", ""),
            ("hdnd-tinh", "Phó Chủ tịch Thường trực", ""),
        ],
    ),
    (
        "Nguyễn",
        "Anh",
        "Chức",
        "male",
        [
            ("ban-thuong-vu-tinh-uy", "Ủy viên", ""),
            ("ubnd-tinh", "Phó Chủ tịch", ""),
        ],
    ),
    (
        "Bùi",
        "Văn",
        "Hoàng",
        "male",
        [
            ("tinh-uy", "Ủy viên", "Tỉnh ủy viên"),
            ("hdnd-tinh", "Phó Chủ tịch", ""),
        ],
    ),
]

# (file name, caption, position in the body, people shown, seed for the drawing)
PHOTOS = [
    ("IMG_1861.jpg", "Toàn cảnh phiên họp", 0, [], 1861),
    (
        "IMG_1864.jpg",
        "Phó Chủ tịch Thường trực HĐND tỉnh Đặng Thanh Sơn trình bày báo cáo tại "
        "phiên họp",
        1,
        ["Đặng Thanh Sơn"],
        1864,
    ),
    (
        "IMG_1858.jpg",
        "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp",
        5,
        ["Phạm Sỹ Lợi"],
        1858,
    ),
]


@transaction.atomic
def load_demo() -> Article:
    """Create or refresh the demo records; return the demo article."""
    organizations = _load_organizations()
    roles = {
        name: Role.objects.update_or_create(name=name, defaults={"precedence": p})[0]
        for name, p in ROLES
    }
    people = _load_people(organizations, roles)
    term, _ = Term.objects.update_or_create(
        organization=organizations["hdnd-tinh"],
        number=11,
        defaults={"start_year": 2016, "end_year": 2021, "started_on": TERM_START},
    )
    session = _load_session(organizations, people, term)
    category, _ = Category.objects.get_or_create(
        slug="tong-hop", defaults={"name": "Tổng hợp", "order": 1}
    )
    article, _ = Article.objects.update_or_create(
        slug=ARTICLE_SLUG,
        defaults={
            "title": ARTICLE_TITLE,
            "category": category,
            "lead": ARTICLE_LEAD,
            "body": ARTICLE_BODY,
            "session": session,
            "status": Article.Status.PUBLISHED,
            "published_at": datetime.datetime(2021, 1, 7, 11, 30, tzinfo=LOCAL),
            "byline": "Văn phòng HĐND tỉnh",
        },
    )
    return article


def _load_organizations() -> dict[str, Organization]:
    found = {}
    for slug, name, short_name, kind, parent, precedence in ORGANIZATIONS:
        found[slug], _ = Organization.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "level": Organization.Level.PROVINCE,
                "parent": found.get(parent),
                "precedence": precedence,
            },
        )
    return found


def _load_people(organizations, roles) -> dict[str, Person]:
    people = {}
    for family, middle, given, gender, positions in PEOPLE:
        person = Person.objects.filter(
            family_name=family, middle_name=middle, given_name=given
        ).first() or Person(family_name=family, middle_name=middle, given_name=given)
        person.gender = gender
        person.save()
        for org_slug, role_name, override in positions:
            Position.objects.update_or_create(
                person=person,
                organization=organizations[org_slug],
                role=roles[role_name],
                started_on=TERM_START,
                defaults={"title_override": override},
            )
        people[person.full_name] = person
    return people


def _load_session(organizations, people, term) -> Session:
    standing = organizations["thuong-truc-hdnd-tinh"]
    chair = people["Phạm Sỹ Lợi"]
    session, _ = Session.objects.update_or_create(
        organization=standing,
        kind=Session.Kind.REGULAR,
        period_year=2021,
        period_month=1,
        defaults={
            "term": term,
            "starts_at": datetime.datetime(2021, 1, 7, 8, 0, tzinfo=LOCAL),
            "place": "Phòng họp Thường trực HĐND tỉnh",
            "other_attendees": OTHER_ATTENDEES,
            "conclusion": CONCLUSION,
            "concluded_by": chair,
            "status": Session.Status.HELD,
        },
    )
    attendees = [
        ("Phạm Sỹ Lợi", Attendance.Role.PRESIDING),
        ("Đặng Thanh Sơn", Attendance.Role.PRESENTING),
        ("Nguyễn Anh Chức", Attendance.Role.ATTENDING),
        ("Bùi Văn Hoàng", Attendance.Role.ATTENDING),
    ]
    for order, (name, role) in enumerate(attendees, start=1):
        Attendance.objects.update_or_create(
            session=session,
            person=people[name],
            defaults={"role": role, "order": order},
        )
    items = _load_agenda(session, organizations, people)
    _load_documents(session, organizations, items)
    for order, description in enumerate(FOCAL_TASKS, start=1):
        Task.objects.update_or_create(
            session=session,
            order=order,
            defaults={
                "description": description,
                "responsible": standing,
                "due_on": datetime.date(2021, 6, 30),
            },
        )
    _load_photos(session, people)
    return session


def _load_agenda(session, organizations, people) -> list[AgendaItem]:
    ubnd, mttq = organizations["ubnd-tinh"], organizations["uy-ban-mttq-tinh"]
    standing = organizations["thuong-truc-hdnd-tinh"]
    # (title, presenter, presenting organization, main item, summary)
    agenda = [
        (
            "đánh giá kết quả thực hiện nhiệm vụ tháng 12/2020, triển khai chương "
            "trình công tác tháng 01/2021 và thời gian tới",
            people["Đặng Thanh Sơn"],
            standing,
            True,
            RESULTS_SUMMARY,
        ),
        (
            "đánh giá thực hiện Quy chế phối hợp giữa Thường trực HĐND, UBND và Ban "
            "Thường trực Ủy ban Mặt trận tổ quốc tỉnh",
            None,
            standing,
            True,
            COORDINATION_SUMMARY,
        ),
        (
            "báo cáo công tác phối hợp tổ chức kỳ họp thứ 18 HĐND tỉnh; việc triển "
            "khai thực hiện các nghị quyết của HĐND tỉnh; việc giải quyết ý kiến, kiến "
            "nghị của cử tri",
            None,
            ubnd,
            False,
            "",
        ),
        (
            "thông báo tình hình các tầng lớp nhân dân; theo dõi giám sát việc giải "
            "quyết ý kiến, kiến nghị của cử tri tháng 12/2020",
            None,
            mttq,
            False,
            "",
        ),
        (
            "thảo luận, cho ý kiến về dự thảo báo cáo tổng kết nhiệm kỳ hoạt động "
            "2016-2021 của HĐND tỉnh",
            None,
            None,
            False,
            "",
        ),
    ]
    items = []
    for order, (title, presenter, org, is_main, summary) in enumerate(agenda, 1):
        item, _ = AgendaItem.objects.update_or_create(
            session=session,
            order=order,
            defaults={
                "title": title,
                "presenter": presenter,
                "presenting_organization": org,
                "is_main": is_main,
                "summary": summary,
            },
        )
        items.append(item)
    return items


def _load_documents(session, organizations, items) -> None:
    # (number, kind, title, issuer, agenda item index)
    documents = [
        (
            "01/BC-HĐND",
            Document.Kind.REPORT,
            "Báo cáo kết quả thực hiện nhiệm vụ tháng 12/2020, chương trình công tác "
            "tháng 01/2021 của Thường trực HĐND tỉnh",
            organizations["thuong-truc-hdnd-tinh"],
            0,
        ),
        (
            "02/BC-HĐND",
            Document.Kind.DRAFT,
            "Dự thảo báo cáo tổng kết nhiệm kỳ hoạt động 2016-2021 của HĐND tỉnh",
            organizations["thuong-truc-hdnd-tinh"],
            4,
        ),
    ]
    for number, kind, title, issuer, item_index in documents:
        document, created = Document.objects.get_or_create(
            session=session,
            number=number,
            defaults={
                "kind": kind,
                "title": title,
                "issuer": issuer,
                "issued_on": datetime.date(2021, 1, 5),
                "agenda_item": items[item_index],
            },
        )
        if not document.file:
            # The same checks and random names as an upload in the admin.
            upload = ContentFile(
                _document_pdf(title), name=f"{number.replace('/', '-')}.pdf"
            )
            checked = images.check_document(upload)
            uploads.save_with_files(
                document.save, uploads.put_document_file(document, upload, checked)
            )


def _load_photos(session, people) -> None:
    for order, (filename, caption, position, shown, seed) in enumerate(PHOTOS, 1):
        photo = Photo.objects.filter(
            session=session, original_filename=filename
        ).first() or Photo(session=session, original_filename=filename)
        photo.caption = caption
        photo.order = order
        photo.body_position = position
        # The same pipeline as an upload: checked, cleaned, renditions made.
        replacement = None
        if not photo.image:
            upload = ContentFile(_meeting_photo(seed), name=filename)
            replacement = uploads.put_photo_image(photo, images.check_photo(upload))
        elif not photo.renditions:
            replacement = uploads.reprocess_photo(photo)  # a demo from before
        uploads.save_with_files(photo.save, replacement)
        photo.people.set([people[name] for name in shown])


def _meeting_photo(seed: int) -> bytes:
    """Draw a plausible meeting-room photo: wall, flags, a long table, delegates."""
    rng = random.Random(seed)
    width, height = 1600, 1067
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(205 - 60 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade, shade - 12, shade - 30))
    # Red backdrop with a gold star, as in Vietnamese meeting halls.
    draw.rectangle([500, 60, 1100, 420], fill=(176, 28, 32))
    cx, cy, r = 800, 240, 110
    star = []
    for i in range(10):
        import math

        angle = math.pi / 2 + i * math.pi / 5
        radius = r if i % 2 == 0 else r * 0.38
        star.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(star, fill=(250, 215, 60))
    draw.rectangle([0, 640, width, 760], fill=(120, 70, 40))
    for i in range(rng.randint(9, 13)):
        x = 90 + i * 120 + rng.randint(-20, 20)
        skin = (rng.randint(190, 225), rng.randint(150, 180), rng.randint(120, 150))
        suit = rng.choice([(40, 45, 60), (235, 235, 240), (70, 80, 100)])
        draw.ellipse([x - 32, 500, x + 32, 572], fill=skin)
        draw.ellipse([x - 34, 492, x + 34, 530], fill=(30, 25, 25))
        draw.rectangle([x - 55, 575, x + 55, 660], fill=suit)
        draw.rectangle([x - 25, 650, x + 25, 668], fill=(245, 245, 245))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _document_pdf(title: str) -> bytes:
    """Render a one-page PDF standing in for the report."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.text((120, 120), "HOI DONG NHAN DAN TINH", fill="black")
    draw.text((120, 200), "BAO CAO (tai lieu minh hoa)", fill="black")
    y = 300
    for line in range(0, len(title), 70):
        draw.text((120, y), title[line : line + 70], fill="black")
        y += 30
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()
