from django.conf import settings


def site(request):
    """Expose the council's name to every template."""
    return {"site_name": settings.SITE_NAME}
