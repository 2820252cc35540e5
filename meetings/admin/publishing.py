"""Categories, articles, photos and the house style of the news."""

from django.contrib import admin, messages

from meetings.admin.photos import ArticlePhotoInline
from meetings.models import (
    Article,
    Category,
    HouseStyle,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "published_at"]
    list_filter = ["status", "category"]
    list_select_related = ["category"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["session"]
    fields = [
        "title",
        "slug",
        "category",
        "session",
        "lead",
        "body",
        "byline",
        "status",
        "published_at",
    ]
    inlines = [ArticlePhotoInline]


@admin.register(HouseStyle)
class HouseStyleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "is_active",
        "honorific",
        "name_separator",
        "title_separator",
        "organization_names",
        "attendance_opening",
        "title_form",
    ]
    readonly_fields = ["is_active"]
    fields = [
        "name",
        "is_active",
        "honorific",
        "name_separator",
        "title_separator",
        "organization_names",
        "attendance_opening",
        "title_form",
    ]
    actions = ["activate_style"]

    @admin.action(description="Dùng mẫu đã chọn cho bản tin", permissions=["change"])
    def activate_style(self, request, queryset):
        styles = list(queryset[:2])
        if len(styles) != 1:
            messages.error(request, "Hãy chọn đúng một mẫu văn phong để dùng.")
            return
        style = styles[0]
        style.activate()
        messages.success(request, f"Từ nay bản tin được viết theo mẫu “{style}”.")

    def has_delete_permission(self, request, obj=None):
        # The active style stays until another one is chosen.
        if obj is not None and obj.is_active:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(is_active=True).exists():
            messages.warning(
                request,
                "Mẫu đang dùng không bị xóa; hãy chọn mẫu khác trước khi xóa mẫu này.",
            )
        super().delete_queryset(request, queryset.filter(is_active=False))
