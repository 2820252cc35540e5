"""Template filters for search boxes, backed by meetings.search."""

from django import template

from meetings.search import parse_query

register = template.Library()


@register.filter
def query_text(value) -> str:
    """Return a query as search reads it: control characters out, length capped."""
    return parse_query(value).text
