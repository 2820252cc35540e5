"""Tags for search engines and link previews: JSON-LD and absolute URLs."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# Escape what could end the script element or open a comment in it; the
# result is still valid JSON (the same escapes as Django's json_script).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """Render value as a JSON-LD script element, safe for any text inside."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    data = data.translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{data}</script>')


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """Return url made absolute against the current request, if there is one."""
    request = context.get("request")
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)
