"""Template filters for Vietnamese display, backed by meetings.vietnamese."""

import posixpath

from django import template
from django.utils import timezone

from meetings import vietnamese

register = template.Library()


@register.filter
def vi_date(value):
    return vietnamese.vi_date(value) if value else ""


@register.filter
def vi_dateline(value):
    return vietnamese.vi_dateline(value) if value else ""


@register.filter
def vi_weekday(value):
    return vietnamese.vi_weekday(value) if value else ""


@register.filter
def part_of_day(value):
    """Return "Sáng", "Chiều" or "Tối" for a datetime (local time)."""
    return vietnamese.part_of_day(value) if value else ""


@register.filter
def vi_time(value):
    """Return the local time of a datetime as "08:00"."""
    if not value:
        return ""
    return timezone.localtime(value).strftime("%H:%M")


@register.filter
def file_size(value):
    return vietnamese.file_size_vi(value or 0)


@register.filter
def file_type(name):
    """Return a file's type from its name, e.g. "PDF" for "01-BC-HĐND.pdf"."""
    extension = posixpath.splitext(str(name or ""))[1].lstrip(".")
    return extension.upper()
