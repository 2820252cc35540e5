"""Search (/tim-kiem/): the matching rules, ranking, excerpts and bad input.

Every test here runs on PostgreSQL and on SQLite alike: the rules are the
same on both (tests/test_search_postgres.py has what only PostgreSQL does).
"""

import datetime
import html
import re
import unicodedata
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings import search, search_index
from meetings.models import (
    AgendaItem,
    Article,
    Document,
    SearchEntry,
    Session,
)
from tests.factories import (
    AgendaItemFactory,
    ArticleFactory,
    AttendanceFactory,
    CategoryFactory,
    PersonFactory,
    PositionFactory,
    SessionFactory,
    local_datetime,
)
from tests.site_data import held_sessions, published_articles

pytestmark = pytest.mark.django_db

SEARCH = reverse("meetings:search")
ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def no_leftover_changes():
    """Drop changes noted by earlier tests, whose transactions never committed."""
    search_index.discard_pending()


def index():
    """Build the search entries of everything the test made."""
    search_index.rebuild()


def text(response) -> str:
    return response.content.decode()


def titles(response) -> list[str]:
    """Return the result titles of a search page, as plain text, in order."""
    found = re.findall(
        r'<h2 class="search-hit-title"><a href="[^"]*">(.*?)</a></h2>', text(response)
    )
    return [html.unescape(re.sub(r"</?mark>", "", title)) for title in found]


def found(client, q, **params) -> list[str]:
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return titles(response)


def article(title, body="", *, published_at=None, **fields) -> Article:
    return ArticleFactory(
        title=title,
        lead="",
        body=body,
        published_at=published_at or timezone.now() - datetime.timedelta(days=1),
        **fields,
    )


@pytest.fixture
def corpus():
    """Three articles whose words exercise the folding rules."""
    records = {
        "meeting": article(
            "Phiên họp thường kỳ của Thường trực HĐND tỉnh",
            "Đánh giá công tác thủy lợi và hóa chất nông nghiệp tại xã Hòa Bình.",
        ),
        "inspection": article(
            "Đoàn giám sát làm việc tại huyện Đông Hòa",
            "Kiểm tra đường giao thông nông thôn và thuỷ lợi nội đồng.",
        ),
        "voters": article(
            "Tiếp xúc cử tri trước kỳ họp",
            "Cử tri kiến nghị về đất đai và hoá đơn điện.",
        ),
    }
    index()
    return {key: record.title for key, record in records.items()}


# Matching rules -----------------------------------------------------------------


def test_words_without_diacritics_find_words_with_them(client, corpus):
    assert found(client, "phien hop thuong truc") == [corpus["meeting"]]


def test_words_with_diacritics_find_them(client, corpus):
    assert found(client, "Phiên họp Thường trực") == [corpus["meeting"]]


def test_matching_ignores_case(client, corpus):
    assert found(client, "PHIÊN HỌP THƯỜNG TRỰC") == [corpus["meeting"]]
    assert found(client, "pHiÊn HọP tHưỜnG tRỰc") == [corpus["meeting"]]


def test_d_finds_d_with_stroke(client, corpus):
    assert found(client, "doan giam sat dong hoa") == [corpus["inspection"]]


def test_d_with_stroke_finds_d_with_stroke(client, corpus):
    assert found(client, "Đoàn giám sát Đông Hòa") == [corpus["inspection"]]


@pytest.mark.parametrize(
    ("old", "new"), [("Hoà Bình", "Hòa Bình"), ("thuỷ lợi", "thủy lợi")]
)
def test_old_tone_placement_finds_the_new_one(client, corpus, old, new):
    assert corpus["meeting"] in found(client, old)
    assert found(client, old) == found(client, new)


def test_new_tone_placement_finds_the_old_one(client, corpus):
    # The inspection article spells "thuỷ lợi", the voters one "hoá đơn".
    assert corpus["inspection"] in found(client, "thủy lợi nội đồng")
    assert found(client, "hóa đơn") == [corpus["voters"]]


def test_decomposed_query_finds_composed_text(client, corpus):
    query = unicodedata.normalize("NFD", "Phiên họp Thường trực")
    assert query != "Phiên họp Thường trực"
    assert found(client, query) == [corpus["meeting"]]


def test_composed_query_finds_text_saved_decomposed(client):
    title = unicodedata.normalize("NFD", "Quyết định về đất đai")
    article(title)
    index()
    assert found(client, "Quyết định đất đai") == ["Quyết định về đất đai"]


def test_every_word_must_match(client, corpus):
    assert found(client, "phien hop dong hoa") == []
    assert found(client, "doan giam sat dong hoa") == [corpus["inspection"]]


def test_words_may_match_in_title_and_text_together(client, corpus):
    # "phiên họp" is in the title, "hóa chất" in the text.
    assert found(client, "phien hop hoa chat") == [corpus["meeting"]]


def test_a_word_matches_whole_words_only(client, corpus):
    # "thu" is a word of its own, not the start of "thường" or "thủy".
    assert found(client, "thu") == []
    assert found(client, "thuy") == [corpus["inspection"], corpus["meeting"]]


def test_a_quoted_phrase_matches_words_in_sequence(client, corpus):
    assert found(client, '"hop thuong ky"') == [corpus["meeting"]]


def test_a_quoted_phrase_in_another_order_does_not_match(client, corpus):
    assert found(client, '"thuong ky hop"') == []
    assert found(client, "thuong ky hop") == [corpus["meeting"]]


def test_typographic_quotes_make_a_phrase(client, corpus):
    assert found(client, "“ky hop”") == [corpus["voters"]]
    assert found(client, "“hop ky”") == []


def test_a_phrase_and_words_together(client, corpus):
    assert found(client, 'thuong truc "hop thuong ky" hoa binh') == [corpus["meeting"]]
    assert found(client, 'giam sat "hop thuong ky"') == []


def test_a_phrase_does_not_run_from_the_title_into_the_text(client, corpus):
    # The meeting's title ends "HĐND tỉnh" and its text starts "Đánh giá".
    assert found(client, "tinh danh gia") == [corpus["meeting"]]
    assert found(client, '"tinh danh gia"') == []


def test_a_phrase_in_the_text_matches(client, corpus):
    assert found(client, '"kien nghi ve dat dai"') == [corpus["voters"]]


# What is found ------------------------------------------------------------------


def test_finds_sessions_people_and_documents_with_their_kind(client):
    person = PersonFactory(family_name="Phạm", middle_name="Sỹ", given_name="Lợi")
    session = SessionFactory(place="Hội trường Hòa Bình")
    AttendanceFactory(session=session, person=person)
    Document.objects.create(
        session=session, number="01/BC-HĐND", title="Báo cáo tình hình Hòa Bình"
    )
    index()
    page = text(client.get(SEARCH, {"q": "hoa binh"}))
    assert page.count('class="search-hit ') == 2
    assert '<span class="search-hit-kind">Phiên họp</span>' in page
    assert '<span class="search-hit-kind">Tài liệu</span>' in page
    assert f'href="{session.get_absolute_url()}#chuong-trinh"' in page
    page = text(client.get(SEARCH, {"q": "pham sy loi"}))
    assert '<span class="search-hit-kind">Đại biểu</span>' in page
    assert f'href="{person.get_absolute_url()}"' in page
    assert found(client, "01/BC-HĐND") == [
        "Báo cáo số 01/BC-HĐND: Báo cáo tình hình Hòa Bình"
    ]


def test_only_what_the_public_may_read_is_found(client):
    now = timezone.now()
    article("Tin nháp về đê điều", status=Article.Status.DRAFT)
    article("Tin chờ duyệt về đê điều", status=Article.Status.REVIEW)
    article("Tin đã gỡ về đê điều", status=Article.Status.WITHDRAWN, published_at=now)
    article("Tin hẹn giờ về đê điều", published_at=now + datetime.timedelta(days=1))
    planned = SessionFactory(status=Session.Status.PLANNED, subject="đê điều")
    SessionFactory(status=Session.Status.POSTPONED, subject="đê điều")
    Document.objects.create(session=planned, title="Báo cáo đê điều")
    held = SessionFactory(subject="chủ đề khác")
    Document.objects.create(session=held, title="Báo cáo mật đê điều", is_public=False)
    article("Tin đã đăng về đê điều")
    index()
    assert found(client, "đê điều") == ["Tin đã đăng về đê điều"]


def test_a_scheduled_article_is_found_from_its_time(client):
    at = timezone.now() + datetime.timedelta(hours=2)
    article("Tin hẹn giờ về thủy lợi", published_at=at)
    index()
    assert found(client, "thuy loi") == []
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert found(client, "thuy loi") == ["Tin hẹn giờ về thủy lợi"]


def test_kind_narrows_the_results(client, corpus):
    PersonFactory(family_name="Hòa", middle_name="Văn", given_name="Bình")
    index()
    assert found(client, "hoa binh") == ["Hòa Văn Bình", corpus["meeting"]]
    assert found(client, "hoa binh", kind="dai_bieu") == ["Hòa Văn Bình"]
    assert found(client, "hoa binh", kind="tin_tuc") == [corpus["meeting"]]
    assert found(client, "hoa binh", kind="xoa_het") == found(client, "hoa binh")


# Ranking ------------------------------------------------------------------------


def test_title_matches_come_first_then_newest_first(client):
    day = datetime.timedelta(days=1)
    now = timezone.now()
    article("Ngân sách năm 2020", published_at=now - 30 * day)
    article("Tin về giáo dục", "Bàn về ngân sách giáo dục.", published_at=now - day)
    article("Dự toán ngân sách năm 2021", published_at=now - 20 * day)
    article("Tin về y tế", "Ngân sách cho y tế cơ sở.", published_at=now - 2 * day)
    SessionFactory(
        kind=Session.Kind.THEMATIC,
        period_year=None,
        period_month=None,
        title="Phiên họp chuyên đề về ngân sách",
        starts_at=now - 25 * day,
    )
    PersonFactory(family_name="Lê", middle_name="Văn", given_name="Sách")
    index()
    assert found(client, "ngan sach") == [
        "Dự toán ngân sách năm 2021",
        "Phiên họp chuyên đề về ngân sách",
        "Ngân sách năm 2020",
        "Tin về giáo dục",
        "Tin về y tế",
    ]


def test_a_name_ranks_its_person_above_texts_that_mention_it(client):
    person = PersonFactory(family_name="Phạm", middle_name="Sỹ", given_name="Lợi")
    PositionFactory(person=person, started_on=datetime.date(2016, 7, 1))
    article("Phiên họp tháng 01", "Ông Phạm Sỹ Lợi chủ trì phiên họp.")
    index()
    assert found(client, "Phạm Sỹ Lợi") == ["Phạm Sỹ Lợi", "Phiên họp tháng 01"]


def test_results_paginate_with_the_query_kept(client):
    published_articles(25, photos=0, lead="", body="Nội dung về thủy lợi.")
    index()
    first = client.get(SEARCH, {"q": "thuy loi"})
    page = text(first)
    assert "25 kết quả cho “thuy loi”, trang 1/2." in page
    assert len(titles(first)) == 20
    assert 'href="?q=thuy+loi&amp;page=2"' in page
    second = client.get(SEARCH, {"q": "thuy loi", "page": 2})
    assert len(titles(second)) == 5


def test_a_count_past_the_limit_says_more_than(client, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 4)
    published_articles(4, photos=0, lead="", body="Nội dung về thủy lợi.")
    index()
    page = text(client.get(SEARCH, {"q": "thuy loi"}))
    assert "4 kết quả cho “thuy loi”, trang 1/1" not in page
    assert "4 kết quả cho “thuy loi”." in page
    published_articles(2, photos=0, lead="", body="Nội dung về thủy lợi.")
    index()
    page = text(client.get(SEARCH, {"q": "thuy loi"}))
    assert "Hơn 4 kết quả cho “thuy loi”." in page


@pytest.mark.parametrize("number", ["-1", "0", "abc", "1.5", str(10**9), "9" * 5000])
def test_hostile_page_number_shows_a_normal_page(client, number):
    published_articles(3, photos=0, body="thủy lợi")
    index()
    response = client.get(SEARCH, {"q": "thuy loi", "page": number})
    assert response.status_code == 200
    assert len(titles(response)) == 3


# Excerpts and highlighting ------------------------------------------------------


def test_matching_words_are_marked_in_title_and_excerpt(client, corpus):
    page = text(client.get(SEARCH, {"q": "thuy loi hoa binh"}))
    assert (
        '<span class="search-hit-kind">Tin tức</span>' in page
        and "Đánh giá công tác <mark>thủy</mark> <mark>lợi</mark> và <mark>hóa</mark> "
        "chất nông nghiệp tại xã <mark>Hòa</mark> <mark>Bình</mark>."
        in page
    )


def test_marks_keep_the_texts_own_spelling(client, corpus):
    page = text(client.get(SEARCH, {"q": "PHIEN HOP"}))
    assert "<mark>Phiên</mark> <mark>họp</mark> thường kỳ" in page


def test_a_phrase_is_marked_only_where_its_words_follow_each_other(client):
    article(
        "Kỳ họp thứ mười tám",
        "Chuẩn bị kỳ họp. Họp báo sau kỳ họp thứ mười tám của HĐND.",
    )
    index()
    page = text(client.get(SEARCH, {"q": '"ky hop thu"'}))
    assert "<mark>Kỳ</mark> <mark>họp</mark> <mark>thứ</mark> mười tám" in page
    assert (
        "Chuẩn bị kỳ họp. Họp báo sau <mark>kỳ</mark> <mark>họp</mark> "
        "<mark>thứ</mark> mười tám" in page
    )


def test_the_excerpt_is_cut_around_the_first_match(client):
    before = " ".join(f"mở{n}" for n in range(60))
    after = " ".join(f"kết{n}" for n in range(60))
    article("Tin dài", f"{before} giải ngân vốn {after}.")
    index()
    page = text(client.get(SEARCH, {"q": "giai ngan"}))
    excerpt = re.search(r'<p class="search-hit-excerpt">(.*?)</p>', page).group(1)
    assert excerpt.startswith("… mở52 ")
    assert "<mark>giải</mark> <mark>ngân</mark> vốn" in excerpt
    assert excerpt.endswith(" …")
    assert len(excerpt.split()) < 50


def test_a_title_match_shows_the_opening_of_the_text(client):
    article("Giải ngân vốn đầu tư", "Sáng nay, HĐND tỉnh họp bàn. " * 30)
    index()
    page = text(client.get(SEARCH, {"q": "giai ngan"}))
    assert '<p class="search-hit-excerpt">Sáng nay, HĐND tỉnh họp bàn.' in page


def test_markup_from_the_database_is_escaped_around_the_marks(client):
    article(
        "<b>Thủy lợi</b> & <script>alert('x')</script>",
        'Nội dung <img src=x onerror="alert(1)"> về thủy lợi &amp; đê điều.',
    )
    index()
    page = text(client.get(SEARCH, {"q": "thuy loi"}))
    assert "<script>alert" not in page
    assert "<b>" not in page and "<img" not in page
    assert (
        "&lt;b&gt;<mark>Thủy</mark> <mark>lợi</mark>&lt;/b&gt; &amp; "
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    )
    assert (
        "Nội dung &lt;img src=x onerror=&quot;alert(1)&quot;&gt; về "
        "<mark>thủy</mark> <mark>lợi</mark> &amp;amp; đê điều." in page
    )


def test_a_word_inside_an_entity_name_is_not_marked(client):
    # "lt" and "amp" must not be marked inside &lt; or &amp;.
    article("So sánh a < b & c", "Ký hiệu lt và amp trong văn bản < >.")
    index()
    page = text(client.get(SEARCH, {"q": "lt amp"}))
    assert "&lt; b &amp; c" in page
    assert (
        "Ký hiệu <mark>lt</mark> và <mark>amp</mark> trong văn bản &lt; &gt;." in page
    )


# Bad input ----------------------------------------------------------------------


@pytest.fixture
def searchable(corpus):
    return corpus


def assert_normal_page(response):
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="page-title">Tìm kiếm</h1>' in page
    return page


def test_empty_query_asks_for_words(client, searchable):
    page = assert_normal_page(client.get(SEARCH, {"q": ""}))
    assert "Nhập từ khóa để tìm tin tức, phiên họp, đại biểu và tài liệu." in page
    assert 'class="search-hit' not in page


def test_no_query_parameter_asks_for_words(client, searchable):
    page = assert_normal_page(client.get(SEARCH))
    assert "Nhập từ khóa để tìm" in page


def test_whitespace_only_query_asks_for_words(client, searchable):
    page = assert_normal_page(client.get(SEARCH, {"q": "  \t\n\u3000 "}))
    assert "Nhập từ khóa để tìm" in page


def test_a_1000_character_query_is_cut_and_answered(client, searchable):
    query = "phiên họp " + "x" * 990
    page = assert_normal_page(client.get(SEARCH, {"q": query}))
    assert "Từ khóa quá dài nên chỉ dùng 200 ký tự và 16 từ đầu tiên." in page
    capped = "phiên họp " + "x" * 190
    assert f"Không tìm thấy kết quả nào cho “{capped}”." in page
    assert f'name="q" value="{capped}" maxlength="200"' in page


def test_many_words_are_cut_to_the_limit(client, searchable):
    query = "phien hop thuong truc " + " ".join(f"w{n}" for n in range(40))
    parsed = search.parse_query(query)
    assert len(parsed.terms) == search.MAX_WORDS
    assert parsed.truncated
    page = assert_normal_page(client.get(SEARCH, {"q": query}))
    assert "Từ khóa quá dài" in page


def test_a_long_phrase_is_cut_to_the_limit(client, searchable):
    parsed = search.parse_query('"' + " ".join(f"w{n}" for n in range(40)) + '" x')
    assert len(parsed.phrases[0]) == search.MAX_WORDS
    assert parsed.terms == ()
    assert parsed.truncated


def test_bidi_and_zero_width_characters_are_dropped_from_the_query(client, searchable):
    query = "\u202ephiên họp\u202c\u200f\ufeff"
    page = assert_normal_page(client.get(SEARCH, {"q": query}))
    assert "\u202e" not in page and "\u200f" not in page
    assert titles(client.get(SEARCH, {"q": query})) == [searchable["meeting"]]


def test_emoji_joiners_are_kept_for_display(client, searchable):
    family = "👨\u200d👩\u200d👧"
    page = assert_normal_page(client.get(SEARCH, {"q": family}))
    assert f"Không tìm thấy kết quả nào cho “{family}”." in page


def test_sql_looking_query_is_only_words(client, searchable):
    query = "'; DROP TABLE meetings_searchentry; -- \" OR 1=1 %_"
    page = assert_normal_page(client.get(SEARCH, {"q": query}))
    assert "Không tìm thấy kết quả nào" in page
    assert "&#x27;; DROP TABLE meetings_searchentry; --" in page
    assert SearchEntry.objects.count() == 3
    assert Article.objects.count() == 3


def test_like_wildcards_in_the_query_match_nothing_special(client, searchable):
    assert found(client, "%") == []
    assert found(client, "_ho_") == []
    assert found(client, "h%p") == []


def test_html_looking_query_is_escaped(client, searchable):
    query = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = assert_normal_page(client.get(SEARCH, {"q": query}))
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_emoji_query_has_no_words_and_finds_nothing(client, searchable):
    page = assert_normal_page(client.get(SEARCH, {"q": "🎉🇻🇳👍🏽"}))
    assert "Không tìm thấy kết quả nào cho “🎉🇻🇳👍🏽”." in page


def test_emoji_between_words_separates_them(client, searchable):
    assert found(client, "phiên🎉họp") == [searchable["meeting"]]


def test_control_characters_are_dropped(client, searchable):
    query = "phiên\x00 họp\x07 thường\x7f trực\u200b\x1f"
    page = assert_normal_page(client.get(SEARCH, {"q": query}))
    assert "\x00" not in page and "\x07" not in page
    assert titles(client.get(SEARCH, {"q": query})) == [searchable["meeting"]]


def test_mixed_script_query_finds_nothing_and_shows_it(client, searchable):
    query = "họp заседание 会议 اجتماع"
    page = assert_normal_page(client.get(SEARCH, {"q": query}))
    assert "Không tìm thấy kết quả nào cho “họp заседание 会议 اجتماع”." in page


def test_other_scripts_are_found_as_words(client):
    article("Đoàn đại biểu Nga thăm tỉnh", "Chào mừng đoàn: Добро пожаловать.")
    index()
    assert found(client, "ДОБРО") == ["Đoàn đại biểu Nga thăm tỉnh"]


def test_unmatched_quote_is_ignored(client, searchable):
    assert found(client, 'phien "hop') == [searchable["meeting"]]


def test_header_search_box_keeps_the_query_escaped(client, searchable):
    page = text(client.get(SEARCH, {"q": '"><script>x</script>'}))
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in page


# Query counts -------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_search_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    published_articles(size, photos=2, body="Nội dung về thủy lợi.")
    sessions = held_sessions(size)
    for session in sessions:
        AgendaItemFactory(session=session, title="kiểm tra thủy lợi")
        AttendanceFactory(session=session)
    index()
    # 1 count of the matches, capped
    # 2 the page of ranked entries
    with django_assert_num_queries(2):
        response = client.get(SEARCH, {"q": "thuy loi"})
    assert len(titles(response)) == min(2 * size, search.PAGE_SIZE)


@pytest.mark.parametrize("size", [3, 30])
def test_search_page_query_count_on_a_later_page(
    client, django_assert_num_queries, size
):
    published_articles(size, photos=0, body="Nội dung về thủy lợi.")
    index()
    # 1 count, 2 the page
    with django_assert_num_queries(2):
        client.get(SEARCH, {"q": "thuy loi", "page": 2, "kind": "tin_tuc"})


def test_empty_query_runs_no_query(client, django_assert_num_queries, searchable):
    with django_assert_num_queries(0):
        client.get(SEARCH, {"q": "  "})
    with django_assert_num_queries(0):
        client.get(SEARCH, {"q": "🎉"})


@pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL also looks for a suggestion")
def test_nothing_found_costs_one_query_on_sqlite(
    client, django_assert_num_queries, searchable
):
    # 1 count of the matches (none)
    with django_assert_num_queries(1):
        client.get(SEARCH, {"q": "phieen hopj"})


# Staying current ----------------------------------------------------------------


class FormReader(HTMLParser):
    """Read the fields of the admin's change form as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def change_form(admin_client, obj) -> tuple[str, dict]:
    """Return the admin change URL of obj and the data its form would post."""
    url = reverse(f"admin:meetings_{obj._meta.model_name}_change", args=[obj.pk])
    reader = FormReader()
    reader.feed(text(admin_client.get(url)))
    data = {k: v for k, v in reader.data.items() if "__prefix__" not in k}
    data["_save"] = "Lưu"
    return url, data


def test_an_article_edited_in_the_admin_is_found_by_its_new_words(
    admin_client, client, django_capture_on_commit_callbacks
):
    edited = article("Tin về thủy lợi", "Nội dung cũ.")
    index()
    url, data = change_form(admin_client, edited)
    data.update(title="Tin về đê điều", body="Nội dung mới về phòng chống lụt bão.")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(client, "thuy loi") == []
    assert found(client, "de dieu") == ["Tin về đê điều"]
    assert found(client, "lut bao") == ["Tin về đê điều"]


def test_a_withdrawn_article_disappears_at_once(
    client, admin_user, django_capture_on_commit_callbacks
):
    withdrawn = article("Tin về thủy lợi")
    index()
    assert found(client, "thuy loi") == ["Tin về thủy lợi"]
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.withdraw(by=admin_user, reason="Thông tin chưa chính xác.")
    assert found(client, "thuy loi") == []


def test_an_unpublished_article_disappears_at_once(
    client, django_capture_on_commit_callbacks
):
    unpublished = article("Tin về thủy lợi")
    index()
    unpublished.status = Article.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        unpublished.save()
    assert found(client, "thuy loi") == []


def test_a_published_article_is_found_at_once(
    client, admin_user, django_capture_on_commit_callbacks
):
    draft = ArticleFactory(
        title="Tin về thủy lợi", status=Article.Status.REVIEW, published_at=None
    )
    index()
    assert found(client, "thuy loi") == []
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=draft.pk).publish(by=admin_user)
    assert found(client, "thuy loi") == ["Tin về thủy lợi"]


def test_a_person_renamed_in_the_admin_is_found_by_the_new_name(
    admin_client, client, django_capture_on_commit_callbacks
):
    person = PersonFactory(family_name="Phạm", middle_name="Sỹ", given_name="Lợi")
    session = SessionFactory(title="Phiên họp tháng 01/2021")
    AttendanceFactory(session=session, person=person)
    index()
    url, data = change_form(admin_client, person)
    data.update(family_name="Phan", given_name="Lộc")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(client, "pham sy loi") == []
    assert found(client, "phan sy loc") == ["Phan Sỹ Lộc", "Phiên họp tháng 01/2021"]


def test_a_session_agenda_edited_in_the_admin_is_found(
    admin_client, client, django_capture_on_commit_callbacks
):
    session = SessionFactory(title="Phiên họp tháng 02/2021")
    item = AgendaItemFactory(session=session, title="đánh giá công tác tháng 01")
    index()
    assert found(client, "ke hoach giai ngan") == []
    url, data = change_form(admin_client, session)
    prefix = next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.endswith("-id") and value == str(item.pk)
    )
    data[f"{prefix}-title"] = "kế hoạch giải ngân vốn đầu tư công"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AgendaItem.objects.get(pk=item.pk).title.startswith("kế hoạch")
    assert found(client, "ke hoach giai ngan") == ["Phiên họp tháng 02/2021"]
    assert found(client, "danh gia cong tac thang 01") == []


def test_a_session_no_longer_held_takes_its_documents_along(
    client, django_capture_on_commit_callbacks
):
    session = SessionFactory(title="Phiên họp về đê điều")
    Document.objects.create(session=session, title="Báo cáo đê điều")
    index()
    assert len(found(client, "de dieu")) == 2
    session.status = Session.Status.POSTPONED
    with django_capture_on_commit_callbacks(execute=True):
        session.save()
    assert found(client, "de dieu") == []


def test_a_deleted_record_leaves_search(client, django_capture_on_commit_callbacks):
    gone = article("Tin về đê điều")
    index()
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    assert found(client, "de dieu") == []
    assert not SearchEntry.objects.exists()


def test_changes_are_written_once_per_transaction(
    django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    session = SessionFactory()
    index()
    with django_capture_on_commit_callbacks() as callbacks:
        for n in range(10):
            AgendaItemFactory(session=session, title=f"nội dung số {n}")
    assert len(callbacks) == 10
    # The first callback refreshes the session once; the other nine find
    # nothing left to do.
    with django_assert_max_num_queries(12):
        for callback in callbacks:
            callback()
    assert "noi dung so 9" in SearchEntry.objects.get(kind="phien_hop").text_folded


# Rebuilding ---------------------------------------------------------------------


def test_rebuild_search_writes_every_kind_and_drops_stale_entries(capsys):
    from django.core.management import call_command

    published_articles(2, photos=0)
    person = PersonFactory()
    session = SessionFactory()
    Document.objects.create(session=session, title="Báo cáo")
    SearchEntry.objects.create(
        kind=SearchEntry.Kind.ARTICLE,
        object_id=987654,
        url="/tin-tuc/da-xoa/",
        title="Tin đã xóa",
        dated_at=timezone.now(),
        indexed_at=timezone.now() - datetime.timedelta(days=1),
    )
    call_command("rebuild_search", batch_size=1)
    assert (
        "Đã dựng lại dữ liệu tìm kiếm: 2 tin tức, 1 phiên họp"
        in capsys.readouterr().out
    )
    kinds = sorted(SearchEntry.objects.values_list("kind", flat=True))
    assert kinds == ["dai_bieu", "phien_hop", "tai_lieu", "tin_tuc", "tin_tuc"]
    assert not SearchEntry.objects.filter(object_id=987654).exists()
    entry = SearchEntry.objects.get(kind="dai_bieu")
    assert (entry.object_id, entry.url) == (person.pk, person.get_absolute_url())
    call_command("rebuild_search")
    assert SearchEntry.objects.count() == 5


def test_entries_hold_folded_text(client):
    article("Phiên họp của HĐND", "Đánh giá\n\nkết quả.")
    index()
    entry = SearchEntry.objects.get()
    assert entry.title_folded == "phien hop cua hdnd"
    assert entry.text_folded == "danh gia ket qua"
    assert entry.text == "Đánh giá\n\nkết quả."


# The archives -------------------------------------------------------------------

ARCHIVE = reverse("meetings:session_list")
NEWS = reverse("meetings:article_list")


def test_session_archive_filters_by_words(client):
    water, roads = held_sessions(2)
    AgendaItemFactory(session=water, title="kiểm tra công trình thủy lợi")
    AgendaItemFactory(session=roads, title="an toàn giao thông")
    index()
    page = text(client.get(ARCHIVE, {"q": "thuy loi"}))
    assert "Có 1 phiên họp." in page
    assert water.title in page and roads.title not in page


def test_session_archive_combines_words_with_other_filters(client):
    older = SessionFactory(
        period_year=2020, period_month=5, subject="thủy lợi", title="Phiên 2020"
    )
    newer = SessionFactory(
        period_year=2021, period_month=5, subject="thủy lợi", title="Phiên 2021"
    )
    SessionFactory(period_year=2021, period_month=6, subject="giao thông")
    index()
    page = text(client.get(ARCHIVE, {"q": "thuy loi", "year": 2021}))
    assert "Có 1 phiên họp." in page
    assert newer.title in page and older.title not in page
    assert 'value="thuy loi"' in page


@pytest.mark.parametrize(
    "query", ["", "   ", "🎉", "<script>x</script>", "x" * 1000, "\x00"]
)
def test_session_archive_takes_any_words(client, query):
    held_sessions(2)
    index()
    response = client.get(ARCHIVE, {"q": query})
    assert response.status_code == 200
    assert "Bộ lọc chưa hợp lệ" not in text(response)
    assert "<script>x" not in text(response)


@pytest.mark.parametrize("size", [2, 30])
def test_session_archive_with_words_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    for session in held_sessions(size, with_article=True):
        AgendaItemFactory(session=session, title="thủy lợi")
        AttendanceFactory(session=session)
    index()
    # 1 year choices, 2 count of matching sessions, 3 the page of sessions,
    # 4 organization choices (officials are offered once a body is chosen)
    with django_assert_num_queries(4):
        response = client.get(ARCHIVE, {"q": "thuy loi"})
    assert f"Có {size} phiên họp" in text(response)


def test_news_list_filters_by_words(client):
    article("Tin về thủy lợi")
    article("Tin về giao thông")
    index()
    page = text(client.get(NEWS, {"q": "thuy loi"}))
    assert "Tin về thủy lợi" in page and "Tin về giao thông" not in page
    assert 'value="thuy loi"' in page


def test_news_list_without_a_match_says_so(client):
    article("Tin về thủy lợi")
    index()
    page = text(client.get(NEWS, {"q": "<b>đê điều</b>"}))
    assert "Không có tin bài nào phù hợp với “&lt;b&gt;đê điều&lt;/b&gt;”." in page


def test_category_page_combines_words_with_its_category(client):
    category = CategoryFactory(name="Giám sát")
    article("Giám sát thủy lợi", category=category)
    article("Tin khác về thủy lợi")
    article("Giám sát giao thông", category=category)
    index()
    page = text(client.get(category.get_absolute_url(), {"q": "thuy loi"}))
    assert "Giám sát thủy lợi" in page
    assert "Tin khác về thủy lợi" not in page
    assert "Giám sát giao thông" not in page


@pytest.mark.parametrize("size", [2, 12])
def test_news_list_with_words_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    published_articles(size, photos=2, body="thủy lợi")
    index()
    # 1 count, 2 the page of articles with categories and cover ids, 3 covers
    with django_assert_num_queries(3):
        response = client.get(NEWS, {"q": "thuy loi"})
    assert text(response).count('<figure class="photo">') == size


def test_search_form_in_the_header_leads_to_the_search_page(client):
    page = text(client.get(reverse("meetings:home")))
    assert f'<form class="search" role="search" action="{SEARCH}" method="get">' in page


def test_search_page_is_not_indexed_by_robots(client):
    page = text(client.get(SEARCH, {"q": "x"}))
    assert '<meta name="robots" content="noindex, follow">' in page


def test_dates_and_people_in_results(client):
    article("Tin về đê điều", published_at=local_datetime(2021, 1, 7, 11, 30))
    PersonFactory(family_name="Đê", middle_name="Văn", given_name="Điều")
    index()
    page = text(client.get(SEARCH, {"q": "de dieu"}))
    assert '<time datetime="2021-01-07T11:30:00+07:00">07/01/2021</time>' in page
    person_hit = page[page.index("search-hit--dai_bieu") :]
    assert "<time" not in person_hit.split("</li>")[0]
