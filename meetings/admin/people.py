"""Officials, organizations, positions, roles and terms."""

from django.contrib import admin
from django.db.models import Count

from meetings import search
from meetings.admin.records import RecordAdmin
from meetings.models import (
    Organization,
    Person,
    Position,
    Role,
    SearchEntry,
    Term,
)
from meetings.upload_forms import PortraitForm, StoredFilesAdminMixin


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
class PersonAdmin(StoredFilesAdminMixin, RecordAdmin):
    form = PortraitForm
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
            # The aggregate drops Meta.ordering; autocompletes need the name order.
            .order_by("sort_key", "id")
        )

    def get_search_results(self, request, queryset, search_term):
        """Also find names typed without diacritics, as the public search does."""
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        query = search.parse_query(search_term)
        if query:
            kind = SearchEntry.Kind.PERSON
            folded = queryset.filter(pk__in=search.matching_ids(query, kind=kind))
            results = results | folded
        return results, may_have_duplicates

    @admin.display(description="số chức vụ", ordering="num_positions")
    def position_count(self, obj):
        return obj.num_positions


@admin.register(Position)
class PositionAdmin(RecordAdmin):
    parent_fields = ["person"]
    list_display = ["person", "title", "started_on", "ended_on"]
    list_filter = ["organization", "role"]
    list_select_related = ["person", "organization", "role"]
    search_fields = ["person__full_name", "organization__name", "role__name"]
    autocomplete_fields = ["person", "organization", "role"]
    date_hierarchy = "started_on"
