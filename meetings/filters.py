"""Filters of the public session archive (/phien-hop/).

Every parameter is validated by a form field with a closed set of values, so
hostile input (year=abc, month=13, unknown ids, markup) ends as a form error
and an empty result, never as a query the database refuses.
"""

import django_filters
from django import forms

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


class SessionFilter(django_filters.FilterSet):
    """Narrow held sessions by words, year, month, kind, body and official."""

    q = WordsFilter(kind=SearchEntry.Kind.SESSION)

    year = django_filters.ChoiceFilter(
        label="Năm",
        field_name="starts_at",
        lookup_expr="year",
        empty_label="Tất cả các năm",
        error_messages={"invalid_choice": "Năm không hợp lệ hoặc không có phiên họp."},
    )
    month = django_filters.ChoiceFilter(
        label="Tháng",
        field_name="starts_at",
        lookup_expr="month",
        choices=MONTH_CHOICES,
        empty_label="Tất cả các tháng",
        error_messages={"invalid_choice": "Tháng phải từ 1 đến 12."},
    )
    kind = django_filters.ChoiceFilter(
        label="Loại phiên họp",
        choices=Session.Kind.choices,
        empty_label="Tất cả các loại",
        error_messages={"invalid_choice": "Loại phiên họp không hợp lệ."},
    )
    organization = django_filters.ModelChoiceFilter(
        label="Cơ quan họp",
        queryset=Organization.objects.filter(sessions__status=Session.Status.HELD)
        .distinct()
        .order_by("precedence", "name"),
        empty_label="Tất cả các cơ quan",
        error_messages={"invalid_choice": "Không tìm thấy cơ quan này."},
    )
    person = django_filters.ModelChoiceFilter(
        label="Đại biểu tham dự",
        queryset=Person.objects.filter(
            attendances__session__status=Session.Status.HELD,
            attendances__role__in=PRESENT_ROLES,
        )
        .distinct()
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
        # One query for the years, evaluated here once rather than each time
        # the field validates or renders.
        years = Session.objects.held().years()
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]

    def filter_person(self, queryset, name, value):
        """Keep the sessions the official attended (not those they missed)."""
        return queryset.filter(
            attendances__person=value, attendances__role__in=PRESENT_ROLES
        )


class ArticleFilter(django_filters.FilterSet):
    """Narrow the published news by words."""

    q = WordsFilter(kind=SearchEntry.Kind.ARTICLE, label="Tìm trong tin tức")

    class Meta:
        model = Article
        fields = ["q"]
