"""Turn a session's structured record into a Vietnamese news draft.

The draft follows the house style (meetings.models.HouseStyle): the default
style reproduces the seed article ("Ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh chủ
trì phiên họp."), another writes "Đồng chí ..., ..., ... chủ trì phiên họp."
Everything here is text work on a record loaded once (see load_record); it
writes nothing.
"""

from __future__ import annotations

import dataclasses
import re

from django.db.models import Prefetch, prefetch_related_objects

from meetings.models import (
    AgendaItem,
    Attendance,
    HouseStyle,
    Organization,
    Person,
    Photo,
    Position,
    Session,
    Task,
)
from meetings.vietnamese import month_phrase, month_title, part_of_day, vi_date

# Abbreviations in titles typed by staff, spelled out for the "full names"
# style. Positions found in the record use Organization.name instead.
ABBREVIATIONS = {
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "BTV": "Ban Thường vụ",
}
_ABBREVIATION = re.compile(r"(?<!\w)(" + "|".join(ABBREVIATIONS) + r")(?!\w)")

# Party bodies: a person's caption title is their state post, not their party one.
PARTY_KINDS = {Organization.Kind.PARTY_COMMITTEE, Organization.Kind.PARTY_STANDING}

CLOSING_MARK = "./."
SENTENCE_ENDS = (".", "!", "?", "…")
# Punctuation a list item or clause loses before it is joined into a sentence.
TRAILING_PUNCTUATION = " \t.;,:…"


@dataclasses.dataclass(frozen=True)
class Draft:
    """A news draft composed from a session record.

    photo_positions maps every photo of the session to its place in the body
    (0 = right after the lead, n = after the n-th paragraph; None = gallery
    only). suggested_captions covers only the photos that have no caption.
    """

    title: str
    lead: str
    paragraphs: list[str]
    photo_positions: dict[int, int | None]
    suggested_captions: dict[int, str]

    @property
    def body(self) -> str:
        """Return the paragraphs as Article.body stores them."""
        return "\n\n".join(self.paragraphs)


def compose(session: Session, style: HouseStyle | None = None) -> Draft:
    """Compose the news draft of a session in the given or the active house style.

    Reloads the session from the database in a fixed number of queries (see
    load_record), plus one for the active style when style is None.
    """
    if style is None:
        style = HouseStyle.objects.active()
    return _Composer(load_record(session), style).draft()


def load_record(session: Session) -> Session:
    """Return the session with all that compose() reads, in at most 7 queries.

    The session with its body, the body's parent, its term and the concluding
    official; attendances with people; agenda items with presenters and
    presenting bodies; tasks; photos; the people in the photos; and the
    positions (with organization and role) of every person met on the way.
    """
    record = (
        Session.objects.select_related("organization__parent", "term", "concluded_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person").order_by(
                    "order", "id"
                ),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related(
                    "presenter", "presenting_organization"
                ).order_by("order", "id"),
            ),
            Prefetch("tasks", queryset=Task.objects.order_by("order", "id")),
            Prefetch(
                "photos",
                queryset=Photo.objects.order_by("order", "id").prefetch_related(
                    "people"
                ),
            ),
        )
        .get(pk=session.pk)
    )
    people = [a.person for a in record.attendances.all()]
    people += [i.presenter for i in record.agenda_items.all() if i.presenter]
    people += [p for photo in record.photos.all() for p in photo.people.all()]
    if record.concluded_by:
        people.append(record.concluded_by)
    # One query for everybody's positions, whichever relation led to them.
    prefetch_related_objects(
        people,
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("organization", "role"),
        ),
    )
    return record


def expand_abbreviations(text: str) -> str:
    """Spell out HĐND, UBND, MTTQ and BTV: "HĐND tỉnh" -> "Hội đồng nhân dân tỉnh"."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


def close(text: str) -> str:
    """End the last sentence of an article with the closing mark "./."."""
    text = text.rstrip()
    if text.endswith(CLOSING_MARK):
        return text
    if text.endswith(".") and not text.endswith(".."):
        return text + "/."
    return text + CLOSING_MARK


def end_sentence(text: str) -> str:
    """Return text with a full stop unless it already ends a sentence."""
    text = text.strip()
    return text if text.endswith(SENTENCE_ENDS) else f"{text}."


def clause(text: str) -> str:
    """Return text stripped of the punctuation that would dangle inside a sentence."""
    return text.strip().rstrip(TRAILING_PUNCTUATION).strip()


def lower_first(text: str) -> str:
    """Lower-case the first word if it is capitalised only as a sentence start.

    "Đề nghị ..." becomes "đề nghị ..."; "HĐND ..." is left alone.
    """
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:] == word[1:].lower():
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


class _Composer:
    """Compose one draft; holds the record, the style and what paragraphs mention."""

    def __init__(self, session: Session, style: HouseStyle):
        self.session = session
        self.style = style
        self.day = session.held_on
        self.is_plenary = session.kind == Session.Kind.PLENARY
        self.noun = "kỳ họp" if self.is_plenary else "phiên họp"
        self.attendances = list(session.attendances.all())
        self.by_person = {a.person_id: a for a in self.attendances}
        self.presiding = next(
            (a for a in self.attendances if a.role == Attendance.Role.PRESIDING), None
        )
        self.listed = [
            a
            for a in self.attendances
            if a.role not in (Attendance.Role.PRESIDING, Attendance.Role.ABSENT)
        ]
        self.items = list(session.agenda_items.all())
        body = session.organization
        self.council_ids = {body.pk, body.parent_id} - {None}

    # Names and titles ------------------------------------------------------

    def organization_name(self, organization: Organization) -> str:
        if self.style.full_organization_names:
            return organization.name
        return organization.display_name

    def spell(self, text: str) -> str:
        """Return free text naming bodies, spelled out if the style says so."""
        if self.style.full_organization_names:
            return expand_abbreviations(text)
        return text

    def honorific(self, person: Person, *, capital: bool = False) -> str:
        if self.style.honorific == HouseStyle.Honorific.COMRADE:
            return "Đồng chí" if capital else "đồng chí"
        return person.honorific(capital=capital)

    def position_title(self, position: Position) -> str:
        if not self.style.full_organization_names:
            return position.title
        if position.title_override:
            return expand_abbreviations(position.title_override)
        return f"{position.role.name} {position.organization.name}"

    def titles(self, person: Person, recorded: str) -> str:
        """Return a person's titles as recorded for the session, in the house style.

        The recorded title is stored as text ("A - B"); when it is made of the
        person's positions, they are rewritten one by one (full names, the
        style's separator). Text that is not, staff's own wording, is only
        spelled out: splitting it on " - " could cut a body's name in two
        ("Ban Kinh tế - Ngân sách").
        """
        recorded = recorded.strip()
        if not recorded:
            positions = person.positions_on(self.day)
        else:
            positions = _parse_titles(recorded, list(person.positions.all()))
            if positions is None:
                return self.spell(recorded)
        return self.style.title_separator_text.join(
            self.position_title(p) for p in positions
        )

    def named(
        self,
        person: Person,
        recorded_title: str,
        *,
        capital: bool = False,
        honorific: bool = True,
    ) -> str:
        """Return "ông Phạm Sỹ Lợi - Chủ tịch HĐND tỉnh" in the house style."""
        words = [self.honorific(person, capital=capital)] if honorific else []
        words.append(person.full_name)
        text = " ".join(w for w in words if w)
        titles = self.titles(person, recorded_title)
        return f"{text}{self.style.name_separator_text}{titles}" if titles else text

    def short_title(self, person: Person) -> str:
        """Return the one title a caption uses: the post in the session's council.

        Failing that, the first state post held that day, then any post, then
        the title recorded at the session.
        """
        held = person.positions_on(self.day)
        in_council = [
            p
            for p in held
            if p.organization_id in self.council_ids
            or p.organization.parent_id in self.council_ids
        ]
        state = [p for p in held if p.organization.kind not in PARTY_KINDS]
        for candidates in (in_council, state, held):
            if candidates:
                return self.position_title(candidates[0])
        attendance = self.by_person.get(person.pk)
        return self.spell(attendance.title.strip()) if attendance else ""

    def title_and_name(self, person: Person, *, capital: bool = False) -> str:
        """Return "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi", or "ông Phạm Sỹ Lợi" untitled."""
        title = self.short_title(person)
        if title:
            return f"{title} {person.full_name}"
        honorific = self.honorific(person, capital=capital)
        return f"{honorific} {person.full_name}".strip()

    # Parts of the draft ----------------------------------------------------

    def draft(self) -> Draft:
        paragraphs: list[str] = []
        anchors = _Anchors()

        attendance = self.attendance_paragraph()
        if attendance:
            paragraphs.append(attendance)
            anchors.attendance = len(paragraphs) - 1

        for item in self.items:
            summary = split_paragraphs(item.summary)
            if not summary:
                continue
            if item.presenter_id:
                anchors.presenters.setdefault(item.presenter_id, len(paragraphs))
            paragraphs.extend(end_sentence(p) for p in summary)

        also = self.also_paragraph(mentioned_before=bool(paragraphs or self.purposes()))
        if also:
            for item in self.unsummarised_items():
                if item.presenter_id:
                    anchors.presenters.setdefault(item.presenter_id, len(paragraphs))
            paragraphs.append(also)

        tasks = self.tasks_paragraph()
        if tasks:
            paragraphs.append(tasks)

        conclusion = self.conclusion_paragraphs()
        if conclusion:
            anchors.conclusion = len(paragraphs)
            paragraphs.extend(conclusion)

        lead = self.lead()
        if paragraphs:
            paragraphs[-1] = close(paragraphs[-1])
        else:
            lead = close(lead)
        positions, captions = self.photos(paragraphs, anchors)
        return Draft(
            title=self.title(),
            lead=lead,
            paragraphs=paragraphs,
            photo_positions=positions,
            suggested_captions=captions,
        )

    def title(self) -> str:
        """Return the headline; headlines always use the bodies' short names."""
        session = self.session
        body = session.organization.display_name
        term = f" {session.term.label}" if session.term else ""
        if self.is_plenary:
            number = f" thứ {session.ordinal}" if session.ordinal else ""
            return f"Kỳ họp{number} {body}{term}"
        kind = {
            Session.Kind.THEMATIC: "chuyên đề",
            Session.Kind.EXTRAORDINARY: "bất thường",
        }.get(session.kind, "")
        if self.style.title_form == HouseStyle.TitleForm.ORDINAL and session.ordinal:
            label = f" ({kind})" if kind else ""
            return f"Phiên họp thứ {session.ordinal}{label}, {body}{term}"
        month = ""
        if session.period_year and session.period_month:
            month = f" {month_title(session.period_year, session.period_month)}"
        heading = f"Phiên họp {kind}".strip() if kind or month else "Phiên họp"
        title = f"{heading}{month} của {body}"
        subject = clause(session.subject)
        return f"{title}: {subject}" if kind and subject else title

    def kind_phrase(self) -> str:
        session = self.session
        if self.is_plenary:
            return f"kỳ họp thứ {session.ordinal}" if session.ordinal else "kỳ họp"
        if session.kind == Session.Kind.REGULAR:
            if session.period_year and session.period_month:
                month = month_phrase(session.period_year, session.period_month)
                return f"phiên họp thường kỳ {month}"
            return "phiên họp thường kỳ"
        return session.get_kind_display().lower()

    def convener(self) -> str:
        name = self.organization_name(self.session.organization)
        if self.is_plenary and self.session.term:
            return f"{name} khóa {self.session.term.roman_number}"
        return name

    def purposes(self) -> str:
        """Return the main agenda items as the lead names them: "a, b; c"."""
        main = [clause(item.title) for item in self.items if item.is_main]
        main = [text for text in main if text]
        return "; ".join(main) if main else clause(self.session.subject)

    def lead(self) -> str:
        starts_at = self.session.starts_at
        opening = (
            f"{part_of_day(starts_at)} ngày {vi_date(starts_at)}, {self.convener()} "
            f"tổ chức {self.kind_phrase()}"
        )
        purposes = self.purposes()
        sentences = [f"{opening} {purposes}." if purposes else f"{opening}."]
        if self.presiding:
            presiding = self.named(
                self.presiding.person, self.presiding.title, capital=True
            )
            sentences.append(f"{presiding} chủ trì {self.noun}.")
        return " ".join(sentences)

    def attendance_paragraph(self) -> str | None:
        """Return "Tham dự phiên họp còn có ông ...; <groups>..." or None.

        Named attendees come in the record's order, without the presiding one
        and the absent ones; the other groups close an open list ("...").
        """
        groups = [
            self.spell(clause(line))
            for line in self.session.other_attendees.splitlines()
            if clause(line)
        ]
        if not self.listed and not groups:
            return None
        opening = self.style.attendance_opening
        comrades = (
            opening == HouseStyle.AttendanceOpening.COMRADES_ATTENDING
            and self.style.honorific == HouseStyle.Honorific.COMRADE
            and self.listed
        )
        people = [
            self.named(a.person, a.title, honorific=not comrades) for a in self.listed
        ]
        listing = "; ".join(people + groups)
        if opening == HouseStyle.AttendanceOpening.ALSO_ATTENDING:
            text = f"Tham dự {self.noun} còn có {listing}"
        elif comrades:
            text = f"Dự họp có các đồng chí: {listing}"
        else:
            text = f"Dự họp có: {listing}"
        return f"{text}..." if groups else f"{text}."

    def unsummarised_items(self) -> list[AgendaItem]:
        """Secondary items without a summary: the lead does not name them either."""
        return [i for i in self.items if not i.is_main and not i.summary.strip()]

    def also_paragraph(self, *, mentioned_before: bool) -> str | None:
        """Return "Phiên họp cũng nghe UBND tỉnh báo cáo ...; thảo luận ..." or None."""
        parts = []
        for item in self.unsummarised_items():
            text = clause(item.title)
            if not text:
                continue
            if item.presenter:
                text = f"nghe {self.title_and_name(item.presenter)} {text}"
            elif item.presenting_organization:
                body = self.organization_name(item.presenting_organization)
                text = f"nghe {body} {text}"
            parts.append(text)
        if not parts:
            return None
        also = " cũng" if mentioned_before else ""
        return f"{upper_first(self.noun)}{also} {'; '.join(parts)}."

    def tasks_paragraph(self) -> str | None:
        tasks = [clause(t.description) for t in self.session.tasks.all()]
        tasks = [t for t in tasks if t]
        if not tasks:
            return None
        session = self.session
        opening = f"{upper_first(self.noun)} thống nhất đề ra các nhiệm vụ trọng tâm"
        if (
            session.kind == Session.Kind.REGULAR
            and session.period_year
            and session.period_month
        ):
            month = month_phrase(session.period_year, session.period_month)
            opening = (
                f"Triển khai chương trình công tác {month} và thời gian tới, "
                f"{self.noun} thống nhất đề ra các nhiệm vụ trọng tâm"
            )
        listing = "; ".join(
            [upper_first(tasks[0])] + [lower_first(t) for t in tasks[1:]]
        )
        return f"{opening}: {listing}."

    def conclusion_paragraphs(self) -> list[str]:
        """Return "Phát biểu tại phiên họp, Chủ tịch HĐND tỉnh Phạm Sỹ Lợi ..." on."""
        paragraphs = split_paragraphs(self.session.conclusion)
        if not paragraphs:
            return []
        speaker = self.session.concluded_by or (
            self.presiding.person if self.presiding else None
        )
        first = lower_first(paragraphs[0])
        if speaker:
            first = f"Phát biểu tại {self.noun}, {self.title_and_name(speaker)} {first}"
        else:
            body = self.organization_name(self.session.organization)
            first = f"Kết luận {self.noun}, {body} {first}"
        paragraphs = [first, *paragraphs[1:]]
        # The last one gets the closing mark (see draft()) instead of a full stop.
        return [end_sentence(p) for p in paragraphs[:-1]] + paragraphs[-1:]

    def photos(
        self, paragraphs: list[str], anchors: _Anchors
    ) -> tuple[dict[int, int | None], dict[int, str]]:
        """Place each photo next to the paragraph about who it shows; caption it.

        The first photo without people is the overview after the lead. A person
        who concluded goes before the conclusion, the presiding one after the
        lead, a presenter before their item, anyone else after the attendance
        paragraph. Other photos fill the paragraphs that have none yet, in
        order, and what is left goes to the gallery (None).
        """
        positions: dict[int, int | None] = {}
        captions: dict[int, str] = {}
        unplaced = []
        overview_done = False
        concluder = (
            self.session.concluded_by_id if anchors.conclusion is not None else None
        )
        presiding_id = self.presiding.person_id if self.presiding else None
        for photo in self.session.photos.all():
            people = sorted(
                photo.people.all(),
                key=lambda p: self._photo_rank(p, concluder, presiding_id, anchors),
            )
            if not people:
                if overview_done:
                    caption = f"Đại biểu dự {self.noun}"
                    unplaced.append(photo.pk)
                else:
                    caption = f"Toàn cảnh {self.noun}"
                    positions[photo.pk] = 0
                    overview_done = True
            else:
                person = people[0]
                action, position = self._action(
                    person, concluder, presiding_id, anchors
                )
                caption = upper_first(
                    f"{self.title_and_name(person, capital=True)} {action}"
                )
                if position is None:
                    unplaced.append(photo.pk)
                else:
                    positions[photo.pk] = position
            if not photo.caption.strip():
                captions[photo.pk] = caption
        used = set(positions.values())
        free = [n for n in range(1, len(paragraphs) + 1) if n not in used]
        for pk in unplaced:
            positions[pk] = free.pop(0) if free else None
        return positions, captions

    def _photo_rank(self, person, concluder, presiding_id, anchors) -> tuple:
        """Order the people in a photo: who concluded, presided, presented, others."""
        if person.pk == concluder:
            role = 0
        elif person.pk == presiding_id:
            role = 1
        elif self._is_presenter(person, anchors):
            role = 2
        else:
            role = 3
        attendance = self.by_person.get(person.pk)
        order = (attendance.order, attendance.pk) if attendance else (65535, 0)
        return (role, *order, person.pk)

    def _is_presenter(self, person, anchors) -> bool:
        attendance = self.by_person.get(person.pk)
        return person.pk in anchors.presenters or bool(
            attendance and attendance.role == Attendance.Role.PRESENTING
        )

    def _action(
        self, person, concluder, presiding_id, anchors
    ) -> tuple[str, int | None]:
        """Return what the person does in the photo and where the photo goes."""
        noun = self.noun
        after_attendance = (
            anchors.attendance + 1 if anchors.attendance is not None else None
        )
        if person.pk == concluder:
            return f"kết luận {noun}", anchors.conclusion
        if person.pk == presiding_id:
            return f"chủ trì {noun}", 0
        if self._is_presenter(person, anchors):
            position = anchors.presenters.get(person.pk, after_attendance)
            return f"trình bày báo cáo tại {noun}", position
        return f"phát biểu tại {noun}", after_attendance


@dataclasses.dataclass
class _Anchors:
    """Where paragraphs about people start, as 0-based paragraph indexes.

    A photo placed "before paragraph i" has body_position i.
    """

    attendance: int | None = None
    conclusion: int | None = None
    presenters: dict[int, int] = dataclasses.field(default_factory=dict)


def _parse_titles(text: str, positions: list[Position]) -> list[Position] | None:
    """Read "A - B - C" as titles of the given positions, or return None.

    Tries the longest titles first at each step and backtracks, since one
    title can be the start of another ("Phó Chủ tịch HĐND tỉnh" and "Phó Chủ
    tịch HĐND tỉnh khóa XI" are both possible).
    """
    candidates = sorted(positions, key=lambda p: len(p.title), reverse=True)

    def parse(start: int) -> list[Position] | None:
        if start == len(text):
            return []
        for position in candidates:
            title = position.title
            end = start + len(title)
            if not title or not text.startswith(title, start):
                continue
            if end == len(text):
                return [position]
            if text.startswith(" - ", end):
                rest = parse(end + 3)
                if rest is not None:
                    return [position, *rest]
        return None

    return parse(0)
