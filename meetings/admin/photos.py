"""Photos: inlines for sessions and articles, and the photo list."""

from django.contrib import admin

from meetings.admin.records import RecordAdmin
from meetings.models import Photo


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fk_name = "session"
    fields = ["image", "caption", "credit", "order", "body_position", "people"]
    autocomplete_fields = ["people"]


class ArticlePhotoInline(PhotoInline):
    fk_name = "article"


@admin.register(Photo)
class PhotoAdmin(RecordAdmin):
    parent_fields = ["session", "article"]
    list_display = ["__str__", "session", "article", "order"]
    list_select_related = ["session", "article"]
    search_fields = ["caption", "original_filename"]
    autocomplete_fields = ["session", "article", "people"]
    fields = [
        "image",
        "caption",
        "credit",
        "session",
        "article",
        "order",
        "body_position",
        "people",
    ]
