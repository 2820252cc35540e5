import re
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings import demo
from meetings.models import (
    AgendaItem,
    Article,
    Attendance,
    Document,
    Organization,
    Person,
    Photo,
    Position,
    Session,
    Task,
)

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parent / "data" / "phien-hop-thang-01-2021.txt"
MODELS = [
    Organization,
    Person,
    Position,
    Session,
    Attendance,
    AgendaItem,
    Document,
    Task,
    Photo,
    Article,
]


def seed_lines() -> list[str]:
    """The seed article's lines, with the portal's stray double spaces removed."""
    text = SEED.read_text(encoding="utf-8")
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]


def page_text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def test_demo_texts_are_the_seed_articles():
    lines = seed_lines()
    assert demo.ARTICLE_TITLE in lines
    assert demo.ARTICLE_LEAD in lines
    for paragraph in demo.ARTICLE_BODY.split("\n\n"):
        assert paragraph in lines, paragraph[:60]


def test_load_demo_twice_creates_nothing_new(capsys):
    call_command("load_demo")
    counts = {model: model.objects.count() for model in MODELS}
    files = {photo.image.name for photo in Photo.objects.all()}

    call_command("load_demo")

    assert {model: model.objects.count() for model in MODELS} == counts
    assert {photo.image.name for photo in Photo.objects.all()} == files
    assert counts[Attendance] == 4 and counts[Photo] == 3 and counts[Article] == 1


def test_load_demo_admin_prints_the_login(capsys, django_user_model):
    call_command("load_demo", "--admin")
    call_command("load_demo", "--admin")

    output = capsys.readouterr().out
    assert "admin" in output and "mật khẩu" in output
    assert django_user_model.objects.filter(is_superuser=True).count() == 1


def test_demo_attendees_have_their_titles_of_that_day(demo_article):
    titles = [
        (a.person.full_name, a.title)
        for a in demo_article.session.attendances.order_by("order")
    ]
    assert titles == [
        ("Phạm Sỹ Lợi", "Chủ tịch HĐND tỉnh"),
        (
            "Đặng Thanh Sơn",
            "Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch Thường trực HĐND tỉnh",
        ),
        ("Nguyễn Anh Chức", "Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch UBND tỉnh"),
        ("Bùi Văn Hoàng", "Tỉnh ủy viên - Phó Chủ tịch HĐND tỉnh"),
    ]


def test_article_page_shows_the_seed_texts_and_captions(client, demo_article):
    assert demo_article.slug == "phien-hop-thang-01-nam-2021-cua-thuong-truc-hdnd-tinh"
    response = client.get(
        reverse("meetings:article", kwargs={"slug": demo_article.slug})
    )

    assert response.status_code == 200
    html = page_text(response)
    assert '<html lang="vi">' in html
    lines = seed_lines()
    lead = next(line for line in lines if line.startswith("Sáng ngày 07/01/2021"))
    attendance = next(line for line in lines if line.startswith("Tham dự phiên họp"))
    assert lead in html
    assert attendance in html
    for caption in [
        "Toàn cảnh phiên họp",
        "Phó Chủ tịch Thường trực HĐND tỉnh Đặng Thanh Sơn trình bày báo cáo tại "
        "phiên họp",
        "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp",
    ]:
        assert caption in lines
        assert f"<figcaption>{caption}</figcaption>" in html


def test_article_photos_stand_where_the_seed_shows_them(client, demo_article):
    response = client.get(demo_article.get_absolute_url())
    html = page_text(response)

    def at(text):
        position = html.find(text)
        assert position >= 0, text
        return position

    assert (
        at("Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ trì phiên họp.")
        < at("<figcaption>Toàn cảnh phiên họp")
        < at("Tham dự phiên họp còn có")
        < at("<figcaption>Phó Chủ tịch Thường trực")
        < at("Tháng 12/2020, Thường trực HĐND tỉnh")
        < at("dự thảo báo cáo tổng kết nhiệm kỳ hoạt động 2016-2021 của HĐND tỉnh.")
        < at("<figcaption>Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận")
        < at("Phát biểu tại phiên họp")
    )
