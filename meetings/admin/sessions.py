"""A whole session on one page, and turning it into a news draft."""

import hashlib

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from meetings.admin.photos import PhotoInline
from meetings.admin.records import RecordAdmin
from meetings.forms import AttendanceFormSet, AttendanceTitleQuery
from meetings.models import (
    AgendaItem,
    Article,
    Attendance,
    Document,
    HouseStyle,
    Session,
    Task,
)
from meetings.services import (
    DEFAULT_CATEGORY_NAME,
    ArticleLocked,
    ArticlePlan,
    StalePlan,
    apply_article_plan,
    plan_article,
    word_diff,
)
from meetings.upload_forms import DocumentForm


class AttendanceInline(admin.TabularInline):
    model = Attendance
    formset = AttendanceFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role", "title"]

    class Media:
        # The script reads django.jQuery as it loads: naming jquery.init.js
        # first makes Django's media merge put it before (it did not, and the
        # prefill never ran in a browser).
        js = ["admin/js/jquery.init.js", "meetings/admin/attendance-title.js"]


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
    form = DocumentForm
    extra = 0
    autocomplete_fields = ["issuer"]
    fields = ["kind", "number", "title", "issuer", "issued_on", "file", "is_public"]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    autocomplete_fields = ["responsible"]
    fields = ["order", "description", "responsible", "due_on", "status"]


@admin.register(Session)
class SessionAdmin(RecordAdmin):
    list_display = [
        "__str__",
        "organization",
        "kind",
        "starts_at",
        "status",
        "article_status",
    ]
    list_filter = ["kind", "status", "organization", "term"]
    list_select_related = ["organization", "article"]
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
    actions = ["compose_articles"]

    @admin.display(description="tin bài")
    def article_status(self, obj):
        try:
            return obj.article.get_status_display()
        except Article.DoesNotExist:
            return "—"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_compose"
        compose = self.admin_site.admin_view(self.compose_view)
        title = self.admin_site.admin_view(self.attendance_title_view)
        return [
            path("chuc-danh/", title, name="meetings_session_attendance_title"),
            path("<path:object_id>/tao-ban-tin/", compose, name=name),
            *super().get_urls(),
        ]

    def attendance_title_view(self, request):
        """Answer the title an attendee held on the session's day, to prefill it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        form = AttendanceTitleQuery(request.GET)
        if not form.is_valid():
            return JsonResponse({"title": "", "errors": form.errors}, status=400)
        return JsonResponse({"title": form.title()})

    def has_compose_permission(self, request, obj=None) -> bool:
        """Composing writes the article and places the session's photos."""
        article = Article._meta
        return (
            self.has_change_permission(request, obj)
            and request.user.has_perm(f"{article.app_label}.add_{article.model_name}")
            and request.user.has_perm(
                f"{article.app_label}.change_{article.model_name}"
            )
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk and self.has_compose_permission(request, obj):
            context["compose_url"] = reverse(
                f"{self.admin_site.name}:meetings_session_compose",
                args=[quote(obj.pk)],
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def compose_view(self, request, object_id):
        """Create the session's draft article, or refresh it after a confirmation.

        POST from the "Tạo bản tin" button creates a missing article at once;
        an unpublished one is shown as a diff first and written only when the
        confirmation comes back with the same fingerprint. GET only shows.
        """
        session = self.get_object(request, unquote(object_id))
        if session is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_compose_permission(request, session):
            raise PermissionDenied
        session_url = reverse(
            f"{self.admin_site.name}:meetings_session_change", args=[quote(session.pk)]
        )
        plan = plan_article(session=session)
        if plan.action == ArticlePlan.LOCKED:
            _message_locked(request, plan.article)
            return redirect(session_url)
        if plan.action == ArticlePlan.UNCHANGED:
            _message_unchanged(request, plan.article)
            return redirect(self._article_url(plan.article))
        stale = False
        if request.method == "POST":
            confirmed = request.POST.get("confirm") == "yes"
            fingerprint_ok = request.POST.get("fingerprint") == plan.fingerprint
            if plan.action == ArticlePlan.CREATE or (confirmed and fingerprint_ok):
                try:
                    article = apply_article_plan(plan=plan)
                except ArticleLocked as locked:
                    _message_locked(request, locked.args[0])
                    return redirect(session_url)
                except StalePlan:
                    stale = True
                    plan = plan_article(session=session)
                else:
                    _message_applied(request, plan, article)
                    return redirect(self._article_url(article))
            else:
                stale = confirmed
        return self._confirmation(
            request,
            [plan],
            form_action=request.path,
            hidden_fields=[],
            stale=stale,
            cancel_url=session_url,
            original=session,
        )

    @admin.action(
        description="Tạo bản tin từ các phiên họp đã chọn", permissions=["compose"]
    )
    def compose_articles(self, request, queryset):
        sessions = list(queryset)
        if not all(self.has_compose_permission(request, s) for s in sessions):
            raise PermissionDenied
        style = HouseStyle.objects.active()
        plans = [plan_article(session=s, style=style) for s in sessions]
        to_confirm = [p for p in plans if p.action == ArticlePlan.REFRESH]
        fingerprint = _combined_fingerprint(to_confirm)
        confirmed = request.POST.get("confirm") == "yes"
        if to_confirm and not (
            confirmed and request.POST.get("fingerprint") == fingerprint
        ):
            return self._confirmation(
                request,
                plans,
                form_action=reverse(
                    f"{self.admin_site.name}:meetings_session_changelist"
                ),
                hidden_fields=[
                    ("action", "compose_articles"),
                    *((ACTION_CHECKBOX_NAME, s.pk) for s in sessions),
                ],
                stale=confirmed,
                cancel_url=request.get_full_path(),
                fingerprint=fingerprint,
            )
        for plan in plans:
            if plan.action == ArticlePlan.LOCKED:
                _message_locked(request, plan.article)
            elif plan.action == ArticlePlan.UNCHANGED:
                _message_unchanged(request, plan.article)
            else:
                try:
                    article = apply_article_plan(plan=plan)
                except ArticleLocked as locked:
                    _message_locked(request, locked.args[0])
                except StalePlan:
                    messages.warning(
                        request,
                        f"Tin bài của “{plan.session}” vừa được sửa nên chưa cập "
                        "nhật. Vui lòng thử lại.",
                    )
                else:
                    _message_applied(request, plan, article)
        return None

    def _article_url(self, article):
        return reverse(
            f"{self.admin_site.name}:meetings_article_change", args=[quote(article.pk)]
        )

    def _confirmation(
        self,
        request,
        plans,
        *,
        form_action,
        hidden_fields,
        stale,
        cancel_url,
        original=None,
        fingerprint=None,
    ):
        rows = [_plan_row(plan) for plan in plans]
        needs_confirmation = any(
            p.action in (ArticlePlan.CREATE, ArticlePlan.REFRESH) for p in plans
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Tạo bản tin từ hồ sơ phiên họp",
            "subtitle": None,
            "opts": self.opts,
            "original": original,
            "rows": rows,
            "stale": stale,
            "form_action": form_action,
            "hidden_fields": hidden_fields,
            "fingerprint": fingerprint or (plans[0].fingerprint if plans else ""),
            "needs_confirmation": needs_confirmation,
            "cancel_url": cancel_url,
            "category_name": DEFAULT_CATEGORY_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/meetings/session/compose_confirmation.html", context
        )


POSITION_LABELS = {None: "chỉ trong bộ ảnh", 0: "ngay sau sa pô"}


def _position_label(position):
    return POSITION_LABELS.get(position, f"sau đoạn {position}")


def _plan_row(plan: ArticlePlan) -> dict:
    """Return what the confirmation page shows of one plan."""
    article = plan.article
    return {
        "plan": plan,
        "action": plan.action,
        "session": plan.session,
        "article": article,
        "draft": plan.draft,
        "title_diff": word_diff(article.title, plan.draft.title) if article else None,
        "lead_diff": word_diff(article.lead, plan.draft.lead) if article else None,
        "paragraphs": [
            {
                "change": change,
                "diff": word_diff(change.old, change.new)
                if change.kind == change.REWRITTEN
                else None,
            }
            for change in plan.paragraph_changes
        ],
        "photos": [
            {
                "change": change,
                "old_position": _position_label(change.old_position),
                "new_position": _position_label(change.new_position),
            }
            for change in plan.photo_changes
        ],
    }


def _combined_fingerprint(plans) -> str:
    joined = "".join(plan.fingerprint for plan in plans)
    return hashlib.sha256(joined.encode()).hexdigest()


def _message_locked(request, article) -> None:
    messages.warning(
        request,
        f"Tin bài “{article.title}” đang ở trạng thái "
        f"“{article.get_status_display()}”: nội dung đã biên tập không bị ghi đè. "
        "Hãy sửa trực tiếp trong tin bài nếu cần.",
    )


def _message_unchanged(request, article) -> None:
    messages.info(
        request,
        f"Tin bài “{article.title}” đã khớp với hồ sơ phiên họp, không có gì thay đổi.",
    )


def _message_applied(request, plan: ArticlePlan, article) -> None:
    if plan.action == ArticlePlan.CREATE:
        text = f"Đã tạo bản tin nháp “{article.title}” từ hồ sơ phiên họp."
    else:
        text = f"Đã cập nhật tin bài “{article.title}” theo hồ sơ phiên họp."
    messages.success(request, f"{text} Vui lòng biên tập trước khi xuất bản.")
