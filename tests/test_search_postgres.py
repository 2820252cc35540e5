"""What only PostgreSQL does for search: vectors, indexes and suggestions.

The matching rules themselves are in tests/test_search.py, which runs on
both databases.
"""

import pytest
from django.db import connection
from django.urls import reverse

from meetings import search, search_index
from meetings.models import SearchEntry, SearchWord
from tests.factories import ArticleFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="tsvector columns, GIN and trigram indexes and spelling suggestions "
        "exist on PostgreSQL only; SQLite matches with LIKE and suggests nothing",
    ),
]

SEARCH = reverse("meetings:search")


@pytest.fixture(autouse=True)
def no_leftover_changes():
    search_index.discard_pending()


@pytest.fixture
def corpus():
    ArticleFactory(
        title="Phiên họp thường kỳ của Thường trực HĐND tỉnh",
        lead="",
        body="Đánh giá công tác thủy lợi và giải ngân vốn đầu tư công.",
    )
    PersonFactory(family_name="Phạm", middle_name="Sỹ", given_name="Lợi")
    search_index.rebuild()


def text(response) -> str:
    return response.content.decode()


def test_a_trigger_fills_the_vectors_from_the_folded_text(corpus):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_title::text, search_document::text FROM "
            "meetings_searchentry WHERE kind = 'tin_tuc'"
        )
        title, document = cursor.fetchone()
    assert title.startswith("'cua':5 'hdnd':8 'hop':2 'ky':4 'phien':1")
    assert "'hop':2A" in document and "'thuy':14C" in document


def test_the_vectors_follow_an_update(corpus):
    SearchEntry.objects.filter(kind="tin_tuc").update(title_folded="de dieu")
    assert search.Results(search.parse_query("de dieu")).count() == 1
    assert search.Results(search.parse_query("phien hop")).count() == 0


def test_the_search_indexes_exist():
    with connection.cursor() as cursor:
        entries = connection.introspection.get_constraints(
            cursor, SearchEntry._meta.db_table
        )
        words = connection.introspection.get_constraints(
            cursor, SearchWord._meta.db_table
        )
    assert entries["searchentry_title_gin"]["type"] == "gin"
    assert entries["searchentry_document_gin"]["type"] == "gin"
    assert entries["searchentry_recent"]["columns"] == ["dated_at", "id"]
    assert words["searchword_trgm"]["type"] == "gin"


def test_the_known_words_are_kept(corpus):
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"phien", "hop", "thuy", "loi", "pham", "sy"} <= words


def test_a_near_miss_gets_a_suggestion(client, corpus, django_assert_num_queries):
    # 1 count (nothing), 2 the closest known words, 3 count of the respelling
    with django_assert_num_queries(3):
        response = client.get(SEARCH, {"q": "phieen hopj"})
    page = text(response)
    assert "Không tìm thấy kết quả nào cho “phieen hopj”." in page
    assert 'Có phải bạn muốn tìm: <a href="?q=phien+hop">phien hop</a>?' in page


def test_a_suggestion_keeps_the_words_spelled_right(client, corpus):
    page = text(client.get(SEARCH, {"q": "Thủy lợii Phiên"}))
    assert 'Có phải bạn muốn tìm: <a href="?q=Th%E1%BB%A7y+l' in page
    assert ">Thủy loi Phiên</a>?" in page


def test_a_suggestion_for_a_name(client, corpus):
    page = text(client.get(SEARCH, {"q": "Phạm Sỹ Lợiii"}))
    assert ">Phạm Sỹ loi</a>?" in page


def test_a_suggested_query_finds_something(client, corpus):
    suggestion = search.suggest(search.parse_query("phieen hopj"))
    assert search.Results(search.parse_query(suggestion)).count() == 1


def test_no_suggestion_when_nothing_is_close(client, corpus, django_assert_num_queries):
    # 1 count (nothing), 2 the closest known words (none)
    with django_assert_num_queries(2):
        page = text(client.get(SEARCH, {"q": "xyzzy qwrtp"}))
    assert "Có phải bạn muốn tìm" not in page


def test_no_suggestion_when_the_words_are_right_but_not_together(client, corpus):
    page = text(client.get(SEARCH, {"q": "pham sy loi giai ngan"}))
    assert "Không tìm thấy kết quả nào" in page
    assert "Có phải bạn muốn tìm" not in page


def test_no_suggestion_that_would_find_nothing_either(client, corpus):
    # "lợii" is close to "loi", but no record has both "loi" and "xyzzy".
    page = text(client.get(SEARCH, {"q": "lợii xyzzy"}))
    assert "Có phải bạn muốn tìm" not in page


def test_a_suggestion_stays_within_the_chosen_kind(client, corpus):
    page = text(client.get(SEARCH, {"q": "phieen hopj", "kind": "dai_bieu"}))
    assert "Có phải bạn muốn tìm" not in page


def test_a_suggestion_is_escaped(client, corpus):
    page = text(client.get(SEARCH, {"q": "phieen <&> hopj"}))
    assert "<&>" not in page
    assert 'href="?q=phien+%3C%26%3E+hop">phien &lt;&amp;&gt; hop</a>?' in page


def test_the_second_rank_is_not_read_when_the_first_fills_the_page(corpus):
    for n in range(25):
        ArticleFactory(title=f"Phiên họp số {n}", lead="", body="")
    search_index.rebuild()
    results = search.Results(search.parse_query("phien hop"))
    sql, params = results.ranked_sql(0, search.PAGE_SIZE)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "never executed" in plan
    assert len(results[0 : search.PAGE_SIZE]) == search.PAGE_SIZE
