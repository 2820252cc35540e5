"""Photos: inlines for sessions and articles, the photo list, and bulk upload."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from meetings import uploads
from meetings.admin.records import RecordAdmin
from meetings.models import Article, Photo, Session
from meetings.upload_forms import (
    IMAGE_ACCEPT,
    PhotoForm,
    StoredFilesAdminMixin,
)

# Where a bulk upload puts its photos: URL word -> (model, Photo's foreign key).
BULK_TARGETS = {"phien-hop": (Session, "session"), "tin-bai": (Article, "article")}


@admin.display(description="xem trước")
def thumbnail(photo):
    """The smallest rendition, at thumbnail size; no storage call."""
    if not photo.pk or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="120" loading="lazy" decoding="async" '
        'style="height:auto">',
        photo.picture.thumbnail,
    )


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoForm
    extra = 0
    fk_name = "session"
    fields = [
        "thumbnail",
        "image",
        "caption",
        "credit",
        "order",
        "body_position",
        "people",
    ]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["people"]
    template = "admin/meetings/photo/tabular_inline.html"
    bulk_target = "phien-hop"

    thumbnail = staticmethod(thumbnail)


class ArticlePhotoInline(PhotoInline):
    fk_name = "article"
    bulk_target = "tin-bai"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; each checked later."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": IMAGE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("Hãy chọn ít nhất một ảnh.", code="required")
        limit = settings.PHOTO_BULK_MAX_FILES
        if len(files) > limit:
            raise forms.ValidationError(
                f"Mỗi lần tải lên tối đa {limit} ảnh; bạn đã chọn {len(files)} tệp.",
                code="too_many",
            )
        return files


class BulkUploadForm(forms.Form):
    images = MultipleFileField(
        label="Ảnh",
        help_text="Chọn nhiều ảnh JPEG, PNG hoặc WebP cùng lúc (giữ Ctrl hoặc Shift "
        "khi chọn).",
    )
    credit = forms.CharField(
        label="Tác giả ảnh",
        max_length=150,
        required=False,
        help_text="Ghi cho tất cả ảnh tải lên lần này; có thể sửa từng ảnh sau.",
    )


@admin.register(Photo)
class PhotoAdmin(StoredFilesAdminMixin, RecordAdmin):
    form = PhotoForm
    parent_fields = ["session", "article"]
    list_display = [thumbnail, "__str__", "session", "article", "order"]
    list_display_links = [thumbnail, "__str__"]
    list_select_related = ["session", "article"]
    search_fields = ["caption", "original_filename"]
    autocomplete_fields = ["session", "article", "people"]
    fields = [
        "thumbnail",
        "image",
        "original_filename",
        "caption",
        "credit",
        "session",
        "article",
        "order",
        "body_position",
        "people",
    ]
    readonly_fields = ["thumbnail", "original_filename"]

    thumbnail = staticmethod(thumbnail)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.bulk_upload_view)
        return [
            path(
                "tai-nhieu-anh/<str:target>/<path:object_id>/",
                view,
                name="{}_{}_bulk_upload".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_bulk_upload_permission(self, request, parent) -> bool:
        """Adding photos changes the session or article they go into."""
        try:
            parent_admin = self.admin_site.get_model_admin(type(parent))
        except admin.sites.NotRegistered:
            return False
        return self.has_add_permission(request) and parent_admin.has_change_permission(
            request, parent
        )

    def bulk_upload_view(self, request, target, object_id):
        """Take many photos at once into a session or an article.

        Each file is checked on its own: the accepted ones become photos
        after the existing ones, the refused ones are listed with their
        reason. Then back to the change page, where captions, order and the
        people shown are edited in the photos inline.
        """
        if target not in BULK_TARGETS:
            raise Http404
        model, field = BULK_TARGETS[target]
        parent = model._default_manager.filter(pk=unquote(object_id)).first()
        if parent is None:
            raise Http404
        if not self.has_bulk_upload_permission(request, parent):
            raise PermissionDenied
        change_url = reverse(
            f"{self.admin_site.name}:{model._meta.app_label}_"
            f"{model._meta.model_name}_change",
            args=[quote(parent.pk)],
        )
        refused = []
        if request.method == "POST":
            form = BulkUploadForm(request.POST, request.FILES)
            if form.is_valid():
                created, refused = uploads.add_photos(
                    files=form.cleaned_data["images"],
                    credit=form.cleaned_data["credit"],
                    uploaded_by=request.user,
                    **{field: parent},
                )
                if created:
                    messages.success(
                        request,
                        f"Đã thêm {len(created)} ảnh vào {model._meta.verbose_name} "
                        f"“{parent}”. Hãy nhập chú thích, thứ tự và người trong ảnh "
                        "ở mục Ảnh bên dưới.",
                    )
                    for reason in refused:
                        messages.error(request, reason)
                    return redirect(f"{change_url}#photos-group")
        else:
            form = BulkUploadForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Tải nhiều ảnh",
            "subtitle": str(parent),
            "opts": self.opts,
            "parent": parent,
            "parent_opts": model._meta,
            "change_url": change_url,
            "form": form,
            "refused": refused,
            "max_files": settings.PHOTO_BULK_MAX_FILES,
            "max_size": settings.PHOTO_MAX_UPLOAD_SIZE,
            "photo_count": Photo.objects.filter(**{field: parent}).count(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/meetings/photo/bulk_upload.html", context
        )
