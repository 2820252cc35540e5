"""Keep the search entries in step with the records they describe.

An entry exists only for what the public may find: published articles
(scheduled ones too, with public_from set so they stay hidden until their
time), held sessions, public documents of held sessions, and people. Its text
goes through vietnamese.fold(), the same function the query goes through.

Entries follow every save through the ORM. Signal receivers only note which
records changed; once the transaction commits, one refresh() rewrites their
entries (a session saved in the admin with twenty inline rows is rewritten
once, not twenty times). Writes that bypass save() (QuerySet.update(),
bulk_create(), raw SQL, imports) need `manage.py rebuild_search`.
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections.abc import Iterable

from asgiref.local import Local
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Article,
    Attendance,
    Document,
    Person,
    Position,
    SearchEntry,
    SearchWord,
    Session,
    Task,
)
from meetings.vietnamese import fold, vi_date

logger = logging.getLogger(__name__)

Kind = SearchEntry.Kind

BATCH_SIZE = 500
# Longer "words" are noise (pasted links, hashes); no one types them.
MAX_WORD_LENGTH = SearchWord._meta.get_field("word").max_length
# Document entries link to the part of the session record that lists them.
DOCUMENTS_ANCHOR = "#chuong-trinh"

_WRITTEN_FIELDS = [
    "url",
    "title",
    "text",
    "title_folded",
    "text_folded",
    "dated_at",
    "public_from",
    "indexed_at",
]


def refresh(
    *,
    articles: Iterable[int] = (),
    sessions: Iterable[int] = (),
    people: Iterable[int] = (),
    documents: Iterable[int] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Rewrite the entries of these records (by id) from the database as it is now.

    A record that is gone or no longer public loses its entry. A session
    brings its documents along (they follow its status); a person whose name
    changed brings the sessions that name them.
    """
    sessions = set(sessions)
    documents = set(documents)
    people = set(people)
    with transaction.atomic(using=using):
        if people:
            renamed = _renamed_people(people, using)
            sessions |= _sessions_naming(renamed, using)
        if sessions:
            documents |= set(
                Document.objects.using(using)
                .filter(session_id__in=sessions)
                .values_list("pk", flat=True)
            )
        for kind, ids in (
            (Kind.ARTICLE, articles),
            (Kind.SESSION, sessions),
            (Kind.PERSON, people),
            (Kind.DOCUMENT, documents),
        ):
            for chunk in _chunks(ids, BATCH_SIZE):
                _write(kind, chunk, using=using)


def rebuild(
    *, batch_size: int = BATCH_SIZE, using: str = DEFAULT_DB_ALIAS, progress=None
) -> dict[str, int]:
    """Rewrite every entry and the word list in batches; return counts by kind.

    Search keeps answering meanwhile: entries are replaced batch by batch and
    the ones left over from before are removed at the end.
    """
    started = timezone.now()
    counts = {}
    known_words: set[str] = set()
    SearchWord.objects.using(using).all().delete()
    for kind, ids in _public_ids(using).items():
        counts[kind] = 0
        for chunk in _chunks(ids, batch_size):
            with transaction.atomic(using=using):
                counts[kind] += _write(kind, chunk, using=using, known=known_words)
            if progress:
                progress(kind, counts[kind], len(ids))
    SearchEntry.objects.using(using).filter(indexed_at__lt=started).delete()
    return counts


def _public_ids(using: str) -> dict[str, list[int]]:
    """Return the ids of the records that should have an entry, by kind."""

    def ids(queryset):
        return list(queryset.using(using).order_by("pk").values_list("pk", flat=True))

    return {
        Kind.ARTICLE: ids(Article.objects.filter(status=Article.Status.PUBLISHED)),
        Kind.SESSION: ids(Session.objects.held()),
        Kind.PERSON: ids(Person.objects.all()),
        Kind.DOCUMENT: ids(
            Document.objects.filter(is_public=True, session__status=Session.Status.HELD)
        ),
    }


def _write(kind: str, ids: list[int], *, using: str, known: set | None = None) -> int:
    """Upsert the entries of one batch of ids, delete the rest; return the upserts."""
    entries = _BUILDERS[kind](ids, using)
    now = timezone.now()
    for entry in entries:
        entry.indexed_at = now
    if entries:
        SearchEntry.objects.using(using).bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=_WRITTEN_FIELDS,
        )
    kept = {entry.object_id for entry in entries}
    if len(kept) < len(ids):
        SearchEntry.objects.using(using).filter(
            kind=kind, object_id__in=[pk for pk in ids if pk not in kept]
        ).delete()
    _add_words(entries, using=using, known=known)
    return len(entries)


def _add_words(entries, *, using: str, known: set | None) -> None:
    words = set()
    for entry in entries:
        words.update(entry.title_folded.split())
        words.update(entry.text_folded.split())
    words = {word for word in words if len(word) <= MAX_WORD_LENGTH}
    if known is not None:
        words -= known
        known |= words
    if words:
        SearchWord.objects.using(using).bulk_create(
            [SearchWord(word=word) for word in sorted(words)],
            ignore_conflicts=True,
            batch_size=2000,
        )


def _entry(kind, pk, *, url, title, text, dated_at, public_from=None) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        object_id=pk,
        url=url,
        title=title,
        text=text,
        title_folded=fold(title),
        text_folded=fold(text),
        dated_at=dated_at,
        public_from=public_from,
    )


def _lines(*parts) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _article_entries(ids, using) -> list[SearchEntry]:
    articles = (
        Article.objects.using(using)
        .filter(pk__in=ids, status=Article.Status.PUBLISHED)
        .only("pk", "slug", "title", "lead", "body", "published_at")
    )
    return [
        _entry(
            Kind.ARTICLE,
            article.pk,
            url=article.get_absolute_url(),
            title=article.title,
            text=_lines(article.lead, article.body),
            dated_at=article.published_at,
            # Scheduled articles are indexed now and found from their time on.
            public_from=article.published_at,
        )
        for article in articles
    ]


def _session_entries(ids, using) -> list[SearchEntry]:
    sessions = (
        Session.objects.using(using)
        .held()
        .filter(pk__in=ids)
        .select_related("organization", "concluded_by")
        .prefetch_related(
            "attendances__person",
            "agenda_items__presenter",
            "agenda_items__presenting_organization",
            "tasks",
        )
    )
    return [
        _entry(
            Kind.SESSION,
            session.pk,
            url=session.get_absolute_url(),
            title=str(session),
            text=session_text(session),
            dated_at=session.starts_at,
        )
        for session in sessions
    ]


def session_text(session: Session) -> str:
    """Return what a session's record says, most telling first (for excerpts)."""
    agenda = []
    for item in session.agenda_items.all():
        by = item.presenter or item.presenting_organization
        agenda.append(_lines(f"{item.title} (trình bày: {by})" if by else item.title))
        agenda.append(item.summary)
    present = [
        f"{attendance.person} - {attendance.title}".rstrip(" -")
        for attendance in session.attendances.all()
        if attendance.role != Attendance.Role.ABSENT
    ]
    concluded = f"Kết luận: {session.concluded_by}" if session.concluded_by else ""
    return _lines(
        session.subject,
        *agenda,
        concluded,
        session.conclusion,
        *present,
        session.other_attendees,
        *(task.description for task in session.tasks.all()),
        session.place,
    )


def _person_entries(ids, using) -> list[SearchEntry]:
    people = Person.objects.using(using).filter(pk__in=ids).with_positions()
    entries = []
    for person in people:
        positions = sorted(
            person.positions.all(), key=lambda p: p.started_on, reverse=True
        )
        careers = [
            f"{p.title} (từ {vi_date(p.started_on)}"
            + (f" đến {vi_date(p.ended_on)})" if p.ended_on else ")")
            for p in positions
        ]
        latest = positions[0].started_on if positions else None
        entries.append(
            _entry(
                Kind.PERSON,
                person.pk,
                url=person.get_absolute_url(),
                title=str(person),
                text=_lines(*careers, person.biography),
                dated_at=_start_of(latest) if latest else person.created_at,
            )
        )
    return entries


def _document_entries(ids, using) -> list[SearchEntry]:
    documents = (
        Document.objects.using(using)
        .filter(pk__in=ids, is_public=True, session__status=Session.Status.HELD)
        .select_related("session__organization", "issuer")
    )
    entries = []
    for document in documents:
        session = document.session
        kind = document.get_kind_display()
        label = f"{kind} số {document.number}" if document.number else kind
        issued = (
            f"ban hành ngày {vi_date(document.issued_on)}" if document.issued_on else ""
        )
        entries.append(
            _entry(
                Kind.DOCUMENT,
                document.pk,
                url=session.get_absolute_url() + DOCUMENTS_ANCHOR,
                title=f"{label}: {document.title}",
                text=_lines(
                    " ".join(filter(None, [str(document.issuer or ""), issued])),
                    f"Tài liệu {session}",
                    document.original_filename,
                ),
                dated_at=_start_of(document.issued_on)
                if document.issued_on
                else session.starts_at,
            )
        )
    return entries


_BUILDERS = {
    Kind.ARTICLE: _article_entries,
    Kind.SESSION: _session_entries,
    Kind.PERSON: _person_entries,
    Kind.DOCUMENT: _document_entries,
}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _renamed_people(ids, using) -> set[int]:
    """Return the people whose entry shows another name than they now have."""
    shown = dict(
        SearchEntry.objects.using(using)
        .filter(kind=Kind.PERSON, object_id__in=ids)
        .values_list("object_id", "title")
    )
    names = dict(
        Person.objects.using(using).filter(pk__in=ids).values_list("pk", "full_name")
    )
    return {pk for pk, name in names.items() if pk in shown and shown[pk] != name}


def _sessions_naming(people: set[int], using: str) -> set[int]:
    """Return the sessions whose text names one of these people."""
    if not people:
        return set()
    sessions = Session.objects.using(using)
    found = set()
    for lookup in ("attendances__person__in", "agenda_items__presenter__in"):
        found |= set(sessions.filter(**{lookup: people}).values_list("pk", flat=True))
    found |= set(sessions.filter(concluded_by__in=people).values_list("pk", flat=True))
    return found


def _chunks(ids: Iterable[int], size: int):
    iterator = iter(sorted(set(ids)))
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# Following saves --------------------------------------------------------------

# The records changed in this thread and not yet refreshed, by database alias.
_state = Local()


def _pending(using: str) -> set[tuple[str, int]]:
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = {}
    return pending.setdefault(using, set())


def _record_keys(instance) -> list[tuple[str, int]]:
    """Return the (kind, id) of the entries a saved or deleted instance affects."""
    match instance:
        case Article():
            return [(Kind.ARTICLE, instance.pk)]
        case Session():
            return [(Kind.SESSION, instance.pk)]
        case Attendance() | AgendaItem() | Task():
            return [(Kind.SESSION, instance.session_id)]
        case Document():
            return [(Kind.DOCUMENT, instance.pk)]
        case Person():
            return [(Kind.PERSON, instance.pk)]
        case Position():
            return [(Kind.PERSON, instance.person_id)]
    return []


def record_changed(sender, instance, using=DEFAULT_DB_ALIAS, raw=False, **kwargs):
    """Note that instance changed; its entries are refreshed when the work commits.

    The receiver of post_save and post_delete: it runs no query. Inside a
    transaction the refresh waits for the commit (and is dropped with a
    rollback); outside one it runs at once.
    """
    if raw:  # loaddata: the fixture's other rows may not be there yet
        return
    _pending(using).update(key for key in _record_keys(instance) if key[1])
    transaction.on_commit(lambda: flush(using), using=using, robust=True)


def flush(using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the entries of every record noted since the last flush.

    Every save registers a call; the first one after a commit does the work
    for all of them and the others find nothing left. A failure is logged by
    Django (robust on_commit) and leaves the entries as they were until the
    next save of the record or a rebuild.
    """
    pending = _pending(using)
    if not pending:
        return
    keys = set(pending)
    pending.clear()
    by_kind = {kind: [] for kind in Kind.values}
    for kind, pk in keys:
        by_kind[kind].append(pk)
    refresh(
        articles=by_kind[Kind.ARTICLE],
        sessions=by_kind[Kind.SESSION],
        people=by_kind[Kind.PERSON],
        documents=by_kind[Kind.DOCUMENT],
        using=using,
    )


def discard_pending() -> None:
    """Forget the noted changes, e.g. those of test transactions rolled back."""
    _state.pending = {}


def connect_signals() -> None:
    """Follow saves and deletions of the records that have or feed entries."""
    followed = (Article, Session, Attendance, AgendaItem, Task, Document, Person)
    for model in (*followed, Position):
        uid = f"search-{model._meta.label_lower}"
        post_save.connect(record_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(record_changed, sender=model, dispatch_uid=uid)
