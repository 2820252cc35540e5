"""Request-level protections: the client's address and the admin's CSP."""

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.urls import reverse


def client_ip(request) -> str | None:
    """Return the address the request came from, as the trusted proxies saw it.

    With TRUSTED_PROXY_COUNT = n, the n-th address from the right of
    X-Forwarded-For is the one the outermost trusted proxy received the
    request from; whatever lies to its left was sent by the client and may be
    forged. With no trusted proxy, only the connection's address counts.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


class AdminInlineStylesMiddleware:
    """Allow inline styles in the admin only.

    Django's admin widgets (calendar, autocomplete) set style attributes in
    the markup they build; the public site needs none, so its policy stays
    strict. Scripts stay restricted to this site everywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(reverse("admin:index")):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response
