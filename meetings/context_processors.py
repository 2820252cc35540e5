"""Values every public template needs, read from settings only.

No database access here: the 500 page renders this context without a request
when the database is down.
"""

from django.conf import settings


def site_settings() -> dict:
    """Return the council's name and the office's contact from settings."""
    return {
        "site_name": settings.SITE_NAME,
        "office": {
            "name": settings.SITE_OFFICE_NAME,
            "address": settings.SITE_OFFICE_ADDRESS,
            "phone": settings.SITE_OFFICE_PHONE,
            "email": settings.SITE_OFFICE_EMAIL,
        },
    }


def site(request):
    """Expose the council's name and the office's contact to every template."""
    return site_settings()
