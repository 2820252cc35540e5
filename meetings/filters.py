"""Filters of the public session archive (/phien-hop/).

Every parameter is validated by a form field with a closed set of values, so
hostile input (year=abc, month=13, unknown ids, markup) ends as a form error
and an empty result, never as a query the database refuses.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from meetings import search
from meetings.models import (
    Article,
    Attendance,
    Organization,
    Person,
    SearchEntry,
    Session,
)

MONTH_CHOICES = [(month, f"Tháng {month}") for month in range(1, 13)]
PRESENT_ROLES = [
    Attendance.Role.PRESIDING,
    Attendance.Role.ATTENDING,
    Attendance.Role.PRESENTING,
]


class WordsField(forms.CharField):
    """Take any text as words: control characters dropped, capped, never refused."""

    def to_python(self, value):
        return search.parse_query(super().to_python(value)).text


class WordsFilter(django_filters.CharFilter):
    """Keep the records whose search entry has every word (meetings.search rules).

    Any text is accepted: it is capped and folded, never refused, and a
    query without words (only punctuation or emoji) filters nothing.
    """

    field_class = WordsField

    def __init__(self, *, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("label", "Từ khóa")
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "search", "placeholder": "Nhập từ khóa"}),
        )
        super().__init__(**kwargs)

    def filter(self, qs, value):
        query = search.parse_query(value)
        if not query:
            return qs
        return qs.filter(pk__in=search.matching_ids(query, kind=self.kind, using=qs.db))


class QuickSelect(forms.Select):
    """A select written in Python, the very HTML Django's templates give.

    Django builds a dictionary and renders a template for each option: with
    the archive's hundred bodies and its officials, a page spent most of its
    time there. This reads the choices once and writes each option as a
    string (tests/test_filters.py checks the HTML against Django's).
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        html = [f'<select name="{conditional_escape(name)}"{_attrs(attrs)}>']
        html += self._options(set(self.format_value(value)))
        html.append("\n</select>")
        return mark_safe("".join(html))

    def _options(self, wanted: set[str]):
        """Yield each option's HTML, selected as Select.optgroups() decides."""
        has_selected = False
        for choice_value, choice_label in self.choices:
            if choice_value is None:
                choice_value = ""
            grouped = isinstance(choice_label, (list, tuple))
            if grouped and choice_value:
                yield f'\n  <optgroup label="{conditional_escape(choice_value)}">'
            for value, label in (
                choice_label if grouped else [(choice_value, choice_label)]
            ):
                value = str(value)
                selected = value in wanted and (
                    not has_selected or self.allow_multiple_selected
                )
                has_selected |= selected
                yield (
                    f'\n  <option value="{escape(value)}"'
                    f"{' selected' if selected else ''}>"
                    f"{conditional_escape(label)}</option>\n"
                )
            if grouped and choice_value:
                yield "\n  </optgroup>"


def _attrs(attrs: dict) -> str:
    """Render attributes as django/forms/widgets/attrs.html does."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class SessionFilter(django_filters.FilterSet):
    """Narrow held sessions by words, year, month, kind, body and official."""

    q = WordsFilter(kind=SearchEntry.Kind.SESSION)

    year = django_filters.ChoiceFilter(
        label="Năm",
        widget=QuickSelect,
        field_name="starts_at",
        lookup_expr="year",
        empty_label="Tất cả các năm",
        error_messages={"invalid_choice": "Năm không hợp lệ hoặc không có phiên họp."},
    )
    month = django_filters.ChoiceFilter(
        label="Tháng",
        widget=QuickSelect,
        field_name="starts_at",
        lookup_expr="month",
        choices=MONTH_CHOICES,
        empty_label="Tất cả các tháng",
        error_messages={"invalid_choice": "Tháng phải từ 1 đến 12."},
    )
    kind = django_filters.ChoiceFilter(
        label="Loại phiên họp",
        widget=QuickSelect,
        choices=Session.Kind.choices,
        empty_label="Tất cả các loại",
        error_messages={"invalid_choice": "Loại phiên họp không hợp lệ."},
    )
    # EXISTS rather than a join with DISTINCT: a semi-join stops at each
    # body's first session, where the join read every session of the archive.
    organization = django_filters.ModelChoiceFilter(
        label="Cơ quan họp",
        widget=QuickSelect,
        queryset=Organization.objects.filter(
            Exists(Session.objects.held().filter(organization=OuterRef("pk")))
        )
        .only("name", "short_name")
        .order_by("precedence", "name"),
        empty_label="Tất cả các cơ quan",
        error_messages={"invalid_choice": "Không tìm thấy cơ quan này."},
    )
    # Any official who attended is a valid choice (one lookup by id); the
    # options listed are narrowed to the chosen body (see form below).
    person = django_filters.ModelChoiceFilter(
        label="Đại biểu tham dự",
        widget=QuickSelect,
        queryset=Person.objects.filter(
            Exists(
                Attendance.objects.filter(
                    person=OuterRef("pk"),
                    role__in=PRESENT_ROLES,
                    session__status=Session.Status.HELD,
                )
            )
        )
        .only("full_name")
        .order_by("sort_key", "id"),
        method="filter_person",
        empty_label="Tất cả đại biểu",
        error_messages={"invalid_choice": "Không tìm thấy đại biểu này."},
    )

    class Meta:
        model = Session
        fields = ["q", "year", "month", "kind", "organization", "person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The years, and the officials offered, are those of the chosen body:
        # across a whole archive (a province and its communes: thousands of
        # officials, decades of sessions) the lists would cost a scan of
        # every session and attendance and a page of thousands of options.
        self.body = _chosen_id(self.data.get("organization") if self.data else None)
        held = Session.objects.held()
        if self.body is not None:
            held = held.filter(organization_id=self.body)
        # One query for the years, evaluated here once rather than each time
        # the field validates or renders.
        years = held.years()
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            bodies = form.fields["organization"]
            bodies.iterator = _ListedChoices
            bodies.widget.choices = bodies.choices
            field = form.fields["person"]
            field.widget.choices = _PersonChoices(form, self.body)
            if self.body is None:
                field.help_text = "Chọn cơ quan họp để chọn đại biểu."
        return self._form

    def filter_person(self, queryset, name, value):
        """Keep the sessions the official attended (not those they missed)."""
        return queryset.filter(
            attendances__person=value, attendances__role__in=PRESENT_ROLES
        )


def _chosen_id(value) -> int | None:
    """Return a submitted id if it is one (validation says why it is not)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


class _ListedChoices(ModelChoiceIterator):
    """Model choices read in one query, not through a server-side cursor.

    Django reads model choices with QuerySet.iterator(), which on PostgreSQL
    declares a cursor, fetches and closes it: three round trips for a
    hundred rows.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _PersonChoices(BaseChoiceIterator):
    """The officials offered in the archive's filter, read when it renders.

    With a body chosen: those who attended its held sessions (one query).
    Without: only the official already chosen, e.g. from their page's "all
    sessions" link (no query: validation fetched them).
    """

    def __init__(self, form, body: int | None):
        self.form, self.body = form, body

    def __iter__(self):
        yield ("", self.form.fields["person"].empty_label)
        if self.body is not None:
            people = Person.objects.filter(
                Exists(
                    Attendance.objects.filter(
                        person=OuterRef("pk"),
                        role__in=PRESENT_ROLES,
                        session__status=Session.Status.HELD,
                        session__organization_id=self.body,
                    )
                )
            )
            people = people.only("full_name").order_by("sort_key", "id")
        else:
            chosen = getattr(self.form, "cleaned_data", {}).get("person")
            people = [chosen] if chosen else []
        for person in people:
            yield (ModelChoiceIteratorValue(person.pk, person), str(person))


class ArticleFilter(django_filters.FilterSet):
    """Narrow the published news by words."""

    q = WordsFilter(kind=SearchEntry.Kind.ARTICLE, label="Tìm trong tin tức")

    class Meta:
        model = Article
        fields = ["q"]
