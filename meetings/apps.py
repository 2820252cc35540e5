from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Hồ sơ phiên họp và tin tức"
    default_auto_field = "django.db.models.BigAutoField"
