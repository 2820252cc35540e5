"""Categories, articles and their review, and the house style of the news."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone

from meetings.admin.photos import ArticlePhotoInline
from meetings.admin.records import RecordAdmin
from meetings.models import (
    Article,
    ArticleTransition,
    Category,
    HouseStyle,
    RecordChanged,
    TransitionNotAllowed,
)

Action = ArticleTransition.Action

# What each workflow button asks for and says.
COMMENT_LABELS = {
    Action.SEND_BACK: "Cần sửa gì (gửi kèm cho biên tập viên)",
    Action.WITHDRAW: "Lý do gỡ xuống",
}
BUTTON_HINTS = {
    Action.SUBMIT: "Chuyển tin sang Chờ duyệt. Hãy bấm Lưu trước nếu vừa sửa nội "
    "dung: thay đổi chưa lưu không được gửi đi.",
    Action.PUBLISH: "Để trống thời điểm để xuất bản ngay; chọn một thời điểm sau "
    "này để tin tự hiện ra đúng lúc đó.",
    Action.SEND_BACK: "Chuyển tin về Nháp để biên tập viên sửa tiếp.",
    Action.WITHDRAW: "Tin không còn hiện trên trang cho đến khi được duyệt lại.",
}
RECORD_CHANGED_TRANSITION = (
    "Tin bài đã được người khác sửa hoặc chuyển trạng thái sau khi bạn mở trang, "
    "nên thao tác chưa được thực hiện. Trang đã được tải lại với nội dung mới "
    "nhất: hãy xem lại rồi thao tác lại."
)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y")


class TransitionForm(forms.Form):
    """What a workflow button posts: the version seen, a time, a comment."""

    version = forms.IntegerField(required=False)
    publish_at = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": "Thời điểm xuất bản không hợp lệ."},
    )
    comment = forms.CharField(required=False, max_length=2000)


class ArticleTransitionInline(admin.TabularInline):
    """The article's review log, read-only: it is written by the buttons."""

    model = ArticleTransition
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "action",
        "by",
        "from_status",
        "to_status",
        "published_at",
        "comment",
    ]
    readonly_fields = fields
    verbose_name_plural = "Lịch sử duyệt tin"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(RecordAdmin):
    list_display = ["title", "category", "status_shown", "published_at"]
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
    # The state changes only through the workflow buttons, which log it.
    readonly_fields = ["status", "published_at"]
    # A revert restores the text, never the state: publishing stays a decision.
    revert_keeps_fields = ["status", "published_at"]
    inlines = [ArticlePhotoInline, ArticleTransitionInline]

    @admin.display(description="trạng thái", ordering="status")
    def status_shown(self, obj):
        if obj.is_scheduled:
            return f"Hẹn giờ: {_local(obj.published_at)}"
        return obj.get_status_display()

    def has_change_permission(self, request, obj=None):
        """Editors change drafts only; once submitted, the text is the reviewer's."""
        if not super().has_change_permission(request, obj):
            return False
        return self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        """A submitted or published article is withdrawn, not deleted, by editors."""
        if not super().has_delete_permission(request, obj):
            return False
        return self._may_touch(request, obj)

    @staticmethod
    def _may_touch(request, obj) -> bool:
        return (
            obj is None
            or obj.status == Article.Status.DRAFT
            or request.user.has_perm("meetings.publish_article")
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_transition"
        view = self.admin_site.admin_view(self.transition_view)
        return [
            path("<path:object_id>/quy-trinh/<slug:action>/", view, name=name),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk:
            context["workflow"] = self._workflow(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow(self, request, article) -> dict:
        actions = [
            {
                "name": action,
                "label": Action(action).label,
                "url": reverse(
                    f"{self.admin_site.name}:meetings_article_transition",
                    args=[quote(article.pk), action],
                ),
                "is_publish": action == Action.PUBLISH,
                "comment_label": COMMENT_LABELS.get(action, ""),
                "hint": BUTTON_HINTS[action],
            }
            for action in article.allowed_actions(request.user)
        ]
        return {
            "status": article.get_status_display(),
            "is_scheduled": article.is_scheduled,
            "published_at": _local(article.published_at)
            if article.published_at
            else "",
            "version": article.version,
            "actions": actions,
        }

    def transition_view(self, request, object_id, action):
        """Take one workflow step from a button; POST only, checked server-side."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in ArticleTransition.RULES:
            raise Http404
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        rule = ArticleTransition.RULES[action]
        if not (
            self.has_view_or_change_permission(request, article)
            and request.user.has_perm(rule.permission)
        ):
            raise PermissionDenied
        change_url = reverse(
            f"{self.admin_site.name}:meetings_article_change",
            args=[quote(article.pk)],
        )
        form = TransitionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(change_url)
        data = form.cleaned_data
        step = {"by": request.user, "version": data["version"]}
        if action == Action.PUBLISH:
            step["at"] = data["publish_at"]
        elif action == Action.SEND_BACK:
            step["comment"] = data["comment"]
        elif action == Action.WITHDRAW:
            step["reason"] = data["comment"]
        method = {
            Action.SUBMIT: article.submit,
            Action.PUBLISH: article.publish,
            Action.SEND_BACK: article.send_back,
            Action.WITHDRAW: article.withdraw,
        }[action]
        try:
            with self.create_revision(request):
                transition = method(**step)
                self.log_change(request, article, _log_message(transition))
        except TransitionNotAllowed as refused:
            messages.error(request, str(refused))
        except RecordChanged:
            messages.error(request, RECORD_CHANGED_TRANSITION)
        else:
            messages.success(request, _success_message(article, transition))
        return redirect(change_url)


def _log_message(transition) -> str:
    text = transition.get_action_display()
    if transition.published_at and transition.published_at > transition.created_at:
        text += f" (hẹn giờ {_local(transition.published_at)})"
    if transition.comment:
        text += f": {transition.comment}"
    return text


def _success_message(article, transition) -> str:
    title = f"“{article.title}”"
    if transition.action == Action.SUBMIT:
        return f"Đã gửi {title} cho người duyệt."
    if transition.action == Action.PUBLISH:
        if article.is_scheduled:
            return (
                f"Đã duyệt {title}; tin sẽ tự hiện trên trang lúc "
                f"{_local(article.published_at)}."
            )
        return f"Đã xuất bản {title}."
    if transition.action == Action.SEND_BACK:
        return f"Đã trả {title} về cho biên tập viên kèm ghi chú."
    return f"Đã gỡ {title} khỏi trang."


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
