from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Hồ sơ phiên họp và tin tức"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from meetings import caching, search_index, uploads

        # Files leave storage with their record, cascades included.
        uploads.connect_cleanup()
        # Search entries follow the records they describe.
        search_index.connect_signals()
        # Cached public pages too; connected after search, whose entries a
        # new page generation waits for.
        caching.connect_signals()
