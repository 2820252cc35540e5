"""Staff editing: a whole session on one page, officials with their positions."""

from django.contrib import admin
from django.db.models import Count

from meetings.forms import AttendanceFormSet
from meetings.models import (
    AgendaItem,
    Article,
    Attendance,
    Category,
    Document,
    Organization,
    Person,
    Photo,
    Position,
    Role,
    Session,
    Task,
    Term,
)

admin.site.site_header = "Quản trị hồ sơ phiên họp HĐND"
admin.site.site_title = "Quản trị HĐND"
admin.site.index_title = "Hồ sơ phiên họp và tin tức"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "level", "precedence", "active_until"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "successor"]
    list_select_related = True


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_year", "end_year", "ended_on"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    search_fields = ["organization__name", "organization__short_name"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "precedence"]
    search_fields = ["name"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organization", "role"]
    fields = ["role", "organization", "title_override", "started_on", "ended_on"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "gender", "position_count"]
    list_filter = ["gender", "positions__organization"]
    search_fields = ["full_name", "family_name", "given_name"]
    fieldsets = [
        (None, {"fields": ["family_name", "middle_name", "given_name", "gender"]}),
        ("Thông tin thêm", {"fields": ["slug", "born_on", "portrait", "biography"]}),
    ]
    inlines = [PositionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(num_positions=Count("positions", distinct=True))
        )

    @admin.display(description="số chức vụ", ordering="num_positions")
    def position_count(self, obj):
        return obj.num_positions


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "started_on", "ended_on"]
    list_filter = ["organization", "role"]
    list_select_related = ["person", "organization", "role"]
    search_fields = ["person__full_name", "organization__name", "role__name"]
    autocomplete_fields = ["person", "organization", "role"]
    date_hierarchy = "started_on"


class AttendanceInline(admin.TabularInline):
    model = Attendance
    formset = AttendanceFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role", "title"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["presenter", "presenting_organization"]
    fields = [
        "order",
        "title",
        ("presenter", "presenting_organization"),
        "is_main",
        "summary",
    ]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    autocomplete_fields = ["issuer"]
    fields = ["kind", "number", "title", "issuer", "issued_on", "file", "is_public"]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    autocomplete_fields = ["responsible"]
    fields = ["order", "description", "responsible", "due_on", "status"]


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fk_name = "session"
    fields = ["image", "caption", "credit", "order", "body_position", "people"]
    autocomplete_fields = ["people"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "kind", "starts_at", "status"]
    list_filter = ["kind", "status", "organization", "term"]
    list_select_related = ["organization"]
    search_fields = ["title", "subject", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organization", "term", "concluded_by"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organization",
                    "term",
                    ("kind", "status"),
                    ("period_month", "period_year"),
                    "ordinal",
                    "title",
                    "subject",
                    "starts_at",
                    "place",
                    "slug",
                ]
            },
        ),
        ("Thành phần", {"fields": ["other_attendees"]}),
        ("Kết luận", {"fields": ["concluded_by", "conclusion"]}),
    ]
    inlines = [
        AttendanceInline,
        AgendaItemInline,
        DocumentInline,
        TaskInline,
        PhotoInline,
    ]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


class ArticlePhotoInline(PhotoInline):
    fk_name = "article"


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


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
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
