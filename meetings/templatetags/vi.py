"""Template filters for Vietnamese display, backed by meetings.vietnamese."""

from django import template

from meetings import vietnamese

register = template.Library()


@register.filter
def vi_date(value):
    return vietnamese.vi_date(value) if value else ""


@register.filter
def vi_dateline(value):
    return vietnamese.vi_dateline(value) if value else ""


@register.filter
def file_size(value):
    return vietnamese.file_size_vi(value or 0)
