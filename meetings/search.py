"""Vietnamese search: reading a query, matching, ranking, excerpts, suggestions.

The rules, the same on PostgreSQL and SQLite:

- The query and the stored text both go through vietnamese.fold(), so case,
  diacritics, đ/d, old and new tone placement and composed or decomposed
  Unicode never matter.
- A word matches a whole word of the record ("hop" finds "họp" and "hợp",
  not "hoptac"). Every word must match, in the title or the text. A quoted
  phrase must appear as consecutive words within the title or the text.
- Rank: records with every word (and phrase) in the title or name first,
  then the others; within each, newest first.

PostgreSQL matches with the tsvector columns and their GIN indexes, and
suggests a spelling from the known words with pg_trgm when nothing matches.
SQLite matches the folded columns with LIKE.

Each page costs a fixed number of queries: a count, capped at COUNT_LIMIT
so that a word found in every record is not counted one by one, and the
page of results. Finding nothing costs the count, then on PostgreSQL one
query for a suggestion and one to check it finds something.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import operator
import re
import unicodedata

from django.contrib.postgres.search import SearchQuery
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import SearchEntry, SearchWord
from meetings.vietnamese import fold, nfc

MAX_QUERY_LENGTH = 200
MAX_WORDS = 16
PAGE_SIZE = 20
# Past this many matches the page says "more than 1.000"; nobody pages further.
COUNT_LIMIT = 1000
EXCERPT_WORDS_BEFORE = 8
EXCERPT_WORDS = 40
# Words shorter than this are too short for trigram suggestions.
SUGGEST_MIN_LENGTH = 3

# Quotation marks a phone or a word processor may put in place of '"'.
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»＂〝〞", '"'))
_QUOTED = re.compile(r'"([^"]*)"')
# A word in stored text: letters and digits of any script, with any combining
# marks and invisible format characters inside, as fold() reads them.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff])+")
_SPACES = re.compile(r"\s+")
_STUCK = re.compile(r"\S*")


# Reading the query -----------------------------------------------------------

# Zero-width (non-)joiners hold emoji sequences and some scripts together.
_JOINERS = frozenset("\u200c\u200d")


def _is_control(char: str) -> bool:
    """Control, format (bidi overrides, zero-width) or surrogate characters."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


@dataclasses.dataclass(frozen=True)
class Query:
    """What a visitor asked for: the words to match, each folded."""

    text: str = ""
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def words(self) -> frozenset[str]:
        """Return every folded word of the query, for highlighting."""
        return frozenset(self.terms).union(*self.phrases)


def parse_query(text: str | None) -> Query:
    """Read what a visitor typed: clean it, cap it and fold its words.

    Control and format characters are dropped (but the joiners that emoji
    need), and whitespace runs become one space; the text is cut at
    MAX_QUERY_LENGTH characters and MAX_WORDS words (truncated says so). Text
    in double quotes (or typographic quotes) is a phrase; a quote left open
    is ignored. A query with nothing but punctuation, symbols or emoji has
    text but no words.
    """
    text = nfc((text or "")[: MAX_QUERY_LENGTH * 4])
    text = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or char in _JOINERS or not _is_control(char)
    )
    text = _SPACES.sub(" ", text).strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]

    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    budget = MAX_WORDS
    unquoted = _QUOTED.sub(" ", text.translate(_QUOTES))
    for quoted in _QUOTED.findall(text.translate(_QUOTES)):
        words = tuple(fold(quoted).split())
        truncated |= len(words) > budget
        words = words[: max(budget, 0)]
        budget -= len(words)
        if len(words) > 1:
            phrases.append(words)
        else:
            terms.extend(words)
    for word in fold(unquoted.replace('"', " ")).split():
        if budget <= 0:
            truncated = True
            break
        terms.append(word)
        budget -= 1
    terms = list(dict.fromkeys(terms))
    return Query(
        text=text,
        terms=tuple(terms),
        phrases=tuple(dict.fromkeys(phrases)),
        truncated=truncated,
    )


# Matching --------------------------------------------------------------------


def _is_postgres(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def _padded(field: str):
    """Return ' ' || field || ' ', so that LIKE '% word %' matches whole words."""
    return Concat(Value(" "), field, Value(" "), output_field=TextField())


def _contains_words(field_alias: str, words) -> Q:
    return Q(**{f"{field_alias}__contains": f" {' '.join(words)} "})


def _tsquery(query: Query):
    """Return the PostgreSQL tsquery of every word and phrase, all required."""
    parts = []
    if query.terms:
        parts.append(
            SearchQuery(" ".join(query.terms), config="simple", search_type="plain")
        )
    for phrase in query.phrases:
        parts.append(
            SearchQuery(" ".join(phrase), config="simple", search_type="phrase")
        )
    return functools.reduce(operator.and_, parts)


def _conditions(query: Query, using: str) -> tuple[Q, Q]:
    """Return (matches, matches in the title) for SearchEntry rows.

    Needs the padded_title and padded_text aliases (see _entries()).
    """
    phrase_anywhere = [
        _contains_words("padded_title", phrase) | _contains_words("padded_text", phrase)
        for phrase in query.phrases
    ]
    if _is_postgres(using):
        tsquery = _tsquery(query)
        # The document vector runs the title into the text, so a phrase could
        # straddle them there; the LIKE on the folded text settles it.
        matches = functools.reduce(
            operator.and_, phrase_anywhere, Q(search_document=tsquery)
        )
        return matches, Q(search_title=tsquery)
    word_anywhere = [
        _contains_words("padded_title", [term]) | _contains_words("padded_text", [term])
        for term in query.terms
    ]
    matches = functools.reduce(operator.and_, [*word_anywhere, *phrase_anywhere])
    in_title = functools.reduce(
        operator.and_,
        [
            _contains_words("padded_title", words)
            for words in [*([t] for t in query.terms), *query.phrases]
        ],
    )
    return matches, in_title


def _entries(kind: str | None, using: str):
    entries = (
        SearchEntry.objects.using(using)
        .visible()
        .alias(padded_title=_padded("title_folded"), padded_text=_padded("text_folded"))
    )
    return entries.filter(kind=kind) if kind else entries


def matching_ids(query: Query, *, kind: str, using: str = DEFAULT_DB_ALIAS):
    """Return a subquery of the ids of the records of one kind that match."""
    matches, _ = _conditions(query, using)
    return _entries(kind, using).filter(matches).values("object_id")


# Results ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Hit:
    """One result as the page shows it."""

    kind: str
    url: str
    title: SafeString
    excerpt: SafeString
    dated_at: datetime.datetime
    in_title: bool

    @property
    def kind_label(self) -> str:
        return SearchEntry.Kind(self.kind).label

    @property
    def shows_date(self) -> bool:
        return self.kind != SearchEntry.Kind.PERSON


_COLUMNS = ["id", "kind", "url", "title", "text", "dated_at"]


class Results:
    """The ranked matches of a query, for django.core.paginator.Paginator.

    count() runs the capped count; slicing runs one query for that page.
    """

    def __init__(self, query: Query, *, kind=None, using: str = DEFAULT_DB_ALIAS):
        self.query = query
        self.kind = kind
        self.using = using
        self._found = None

    def _count_up_to_limit(self) -> int:
        """Return how many records match, counting no further than COUNT_LIMIT + 1."""
        if self._found is None:
            if not self.query:
                self._found = 0
            else:
                matches, _ = _conditions(self.query, self.using)
                found = _entries(self.kind, self.using).filter(matches)
                self._found = found[: COUNT_LIMIT + 1].count()
        return self._found

    def count(self) -> int:
        """Return how many records match, at most COUNT_LIMIT."""
        return min(self._count_up_to_limit(), COUNT_LIMIT)

    @property
    def capped(self) -> bool:
        """Whether more records match than count() says."""
        return self._count_up_to_limit() > COUNT_LIMIT

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Results can only be sliced")
        offset, stop = index.start or 0, index.stop
        if stop is None or stop <= offset or not self.query:
            return []
        if _is_postgres(self.using):
            rows = self._page_postgres(offset, stop - offset)
        else:
            rows = self._page_sqlite(offset, stop - offset)
        return [hit_from_row(row, self.query) for row in rows]

    def _page_sqlite(self, offset: int, limit: int) -> list[tuple]:
        matches, in_title = _conditions(self.query, self.using)
        rows = (
            _entries(self.kind, self.using)
            .filter(matches)
            .annotate(
                tier=Case(
                    When(in_title, then=1), default=2, output_field=IntegerField()
                )
            )
            .order_by("tier", "-dated_at", "-id")
            .values_list(*_COLUMNS, "tier")[offset : offset + limit]
        )
        return list(rows)

    def _page_postgres(self, offset: int, limit: int) -> list[tuple]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(*self.ranked_sql(offset, limit))
            return cursor.fetchall()

    def ranked_sql(self, offset: int, limit: int) -> tuple[str, tuple]:
        """Return the PostgreSQL statement of one page, ranked, and its params.

        A single ORDER BY over "all words in the title?" and the date would
        score every match before the first row comes out (half a second for
        words in every title at 200,000 entries). Instead, each rank is its
        own query ordered by date, which PostgreSQL answers either by walking
        the date index until it has a page (common words) or from the GIN
        index (rare words), and the second rank is not run at all when the
        first fills the page.
        """
        matches, in_title = _conditions(self.query, self.using)
        wanted = offset + limit
        entries = _entries(self.kind, self.using).order_by("-dated_at", "-id")
        first = entries.filter(in_title).values_list(*_COLUMNS)[:wanted]
        second = entries.filter(matches).exclude(in_title).values_list(*_COLUMNS)
        first_sql, first_params = _sql(first, self.using)
        second_sql, second_params = _sql(second[:wanted], self.using)
        sql = (
            f"WITH first_tier AS MATERIALIZED ({first_sql}) "
            "SELECT ranked.* FROM ("
            " SELECT first_tier.*, 1 AS tier FROM first_tier"
            " UNION ALL"
            f" SELECT second_tier.*, 2 AS tier FROM ({second_sql}) AS second_tier"
            " WHERE (SELECT count(*) FROM first_tier) < %s"
            ") AS ranked ORDER BY ranked.tier, ranked.dated_at DESC, ranked.id DESC"
            " LIMIT %s OFFSET %s"
        )
        return sql, (*first_params, *second_params, wanted, limit, offset)


def _sql(queryset, using: str) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using=using).as_sql()


def hit_from_row(row, query: Query) -> Hit:
    _pk, kind, url, title, text, dated_at, tier = row
    return Hit(
        kind=kind,
        url=url,
        title=highlight(title, query),
        excerpt=excerpt(text, query, from_start=tier == 1),
        dated_at=dated_at,
        in_title=tier == 1,
    )


# Excerpts --------------------------------------------------------------------


@functools.lru_cache(maxsize=50_000)
def _folded_word(word: str) -> tuple[str, ...]:
    """Return fold(word) split, remembered: the same words come up page after page."""
    return tuple(fold(word).split())


def _marked_spans(spans, query: Query) -> set[int]:
    """Return the indexes of the words to mark: terms, and phrases in sequence."""
    folded = [_folded_word(span.group()) for span in spans]
    terms = set(query.terms)
    marked = {i for i, words in enumerate(folded) if terms.intersection(words)}
    firsts = [words[0] if words else "" for words in folded]
    for phrase in query.phrases:
        size = len(phrase)
        for i in range(len(firsts) - size + 1):
            if tuple(firsts[i : i + size]) == phrase:
                marked.update(range(i, i + size))
    return marked


def _html(text: str, spans, marked: set[int], start: int, end: int) -> str:
    """Return text from spans[start] to spans[end - 1] as HTML, marks included.

    Every piece of text is escaped on its own before any tag is added, so
    nothing from the database reaches the page unescaped and no mark can
    split an entity like &lt;. Whitespace runs become one space.
    """
    html = []
    position = spans[start].start()
    for index in range(start, end):
        span = spans[index]
        html.append(escape(_SPACES.sub(" ", text[position : span.start()])))
        word = escape(span.group())
        html.append(f"<mark>{word}</mark>" if index in marked else word)
        position = span.end()
    return "".join(html)


def highlight(text: str, query: Query) -> SafeString:
    """Return text escaped, with the words of the query in <mark>."""
    spans = list(_WORD.finditer(text))
    if not spans:
        return escape(text)
    marked = _marked_spans(spans, query)
    lead = escape(text[: spans[0].start()])
    tail = escape(text[spans[-1].end() :])
    return mark_safe(lead + _html(text, spans, marked, 0, len(spans)) + tail)


def excerpt(text: str, query: Query, *, from_start: bool = False) -> SafeString:
    """Return about EXCERPT_WORDS words of text around the first match, marked.

    With from_start (the title matched already), or without a match in the
    text, the text's opening. Reads the text only as far as the excerpt
    needs: article bodies run to thousands of words.
    """
    spans, firsts, marked = [], [], set()
    terms = set(query.terms)
    longest = max(map(len, query.phrases), default=1)
    first = 0 if from_start else None
    for span in _WORD.finditer(text):
        index = len(spans)
        spans.append(span)
        words = _folded_word(span.group())
        firsts.append(words[0] if words else "")
        if terms.intersection(words):
            marked.add(index)
        for phrase in query.phrases:
            begin = index + 1 - len(phrase)
            if begin >= 0 and tuple(firsts[begin:]) == phrase:
                marked.update(range(begin, index + 1))
        if first is None and marked:
            first = min(marked)
        if first is not None and index >= first + EXCERPT_WORDS + longest:
            break
    if not spans:
        return escape(_SPACES.sub(" ", text).strip())
    first = first or 0
    end = min(len(spans), max(first - EXCERPT_WORDS_BEFORE, 0) + EXCERPT_WORDS)
    start = max(0, end - EXCERPT_WORDS)
    html = _html(text, spans, marked, start, end)
    if end < len(spans):
        # Keep the punctuation stuck to the last word ("họp," not "họp").
        after = text[spans[end - 1].end() : spans[end].start()]
        html += escape(_STUCK.match(after).group()) + " …"
    else:
        html += escape(text[spans[-1].end() :].rstrip())
    return mark_safe(("… " if start else "") + html)


# Suggestions -----------------------------------------------------------------


def suggest(query: Query, *, kind=None, using: str = DEFAULT_DB_ALIAS) -> str:
    """Return a respelling of the query that finds something, or "".

    PostgreSQL only: each word the index does not know is replaced by the
    known word most like it (pg_trgm similarity, above its default threshold
    of 0.3); the respelled query is offered only if it matches. The visitor's
    other words keep their spelling.
    """
    if not query or not _is_postgres(using):
        return ""
    words = sorted(w for w in query.words if len(w) >= SUGGEST_MIN_LENGTH)
    if not words:
        return ""
    table = connections[using].ops.quote_name(SearchWord._meta.db_table)
    sql = (
        "SELECT DISTINCT ON (asked.word) asked.word, known.word "
        f"FROM unnest(%s::text[]) AS asked(word) JOIN {table} AS known "
        "ON known.word %% asked.word "
        "ORDER BY asked.word, similarity(known.word, asked.word) DESC, known.word"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [words])
        closest = dict(cursor.fetchall())
    fixes = {
        word: closest[word]
        for word in words
        if word in closest and closest[word] != word
    }
    if not fixes:
        return ""
    respelled = _respell(query.text, fixes)
    if not Results(parse_query(respelled), kind=kind, using=using).count():
        return ""
    return respelled


def _respell(text: str, fixes: dict[str, str]) -> str:
    """Replace the misspelled words of text, keeping everything else as typed."""

    def replace(match):
        folded = fold(match.group())
        return fixes.get(folded, match.group())

    return _WORD.sub(replace, text)
