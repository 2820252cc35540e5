"""History and lost-update protection shared by the records' admin pages.

RecordAdmin gives a model admin django-reversion's history, revert and
"recover deleted" pages, a comparison of each version with the one before,
and, for models with a `version` column, refuses a save made from a form
that was opened before someone else saved the same record.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from meetings import history, uploads
from meetings.models import RecordChanged
from meetings.models.base import bump_versions

# Registered before any admin class is made, so that reversion follows the
# children listed in meetings.history rather than guessing from the inlines.
history.register_models()

RECORD_CHANGED_MESSAGE = (
    "Bản ghi đã được người khác sửa trong lúc bạn đang sửa, nên thay đổi của bạn "
    "chưa được lưu để không ghi đè lên thay đổi của họ. Nội dung bạn nhập vẫn còn "
    "nguyên trên trang này: hãy mở bản ghi trong một thẻ mới để xem bản hiện tại "
    "(và mục Lịch sử để xem họ đã sửa gì), rồi nhập lại thay đổi của bạn ở đó."
)


def is_versioned(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class RecordVersionFormMixin:
    """Carry the version the form was opened at and refuse a stale save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["record_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get("record_version")
        if self.instance.pk is None or seen is None:
            return cleaned_data
        # The row stays locked until the admin's transaction ends, so no
        # other save can slip in between this check and this save.
        with transaction.atomic():
            current = (
                type(self.instance)
                ._base_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
        if current != seen:
            raise ValidationError(RECORD_CHANGED_MESSAGE, code="record_changed")
        self.instance.version = seen
        return cleaned_data


def versioned_form(form_class):
    """Return form_class with the hidden record_version field and its check."""
    return type(
        form_class.__name__,
        (RecordVersionFormMixin, form_class),
        {
            "record_version": forms.IntegerField(
                required=False, widget=forms.HiddenInput
            ),
            "__module__": __name__,
        },
    )


class RecordAdmin(VersionAdmin):
    """Admin of a record whose every change is kept and can be undone."""

    history_latest_first = True
    object_history_template = "admin/meetings/object_history.html"
    # Fields a revert leaves as they are now (besides the version number).
    revert_keeps_fields: list[str] = []
    # Foreign keys to records whose page shows this one inline (a photo's
    # session): a change here is their change too, so their version moves on
    # (a form of theirs opened before is refused) and their history shows it.
    parent_fields: list[str] = []

    # Lost updates

    def get_form(self, request, obj=None, change=False, **kwargs):
        if is_versioned(self.model) and "form" not in kwargs:
            kwargs["form"] = versioned_form(self.form)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if (
            obj is None
            or not is_versioned(self.model)
            or "record_version" in flatten_fieldsets(fieldsets)
            or not fieldsets
        ):
            return fieldsets
        # A hidden field in the first fieldset: the admin renders it hidden.
        name, options = fieldsets[0]
        first = (name, {**options, "fields": [*options["fields"], "record_version"]})
        return [first, *fieldsets[1:]]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        restore = (extra_context or {}).get("restore_current")
        if restore and object_id is not None:
            # Reverting wrote the old version number (and state) back; the
            # revert is a new change on top of the current record, checked
            # against it.
            self.model._base_manager.filter(pk=unquote(object_id)).update(**restore)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordChanged:
            # Someone saved between the form's check and this save (possible
            # where the database cannot lock the row): show the refusal, with
            # everything typed still on the form.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        kept = [*(["version"] if is_versioned(self.model) else [])]
        kept += self.revert_keeps_fields
        if kept:
            current = (
                self.model._base_manager.filter(pk=unquote(object_id))
                .values(*kept)
                .first()
            )
            extra_context = {**(extra_context or {}), "restore_current": current}
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        response = super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )
        if request.method == "POST" and response.status_code == 302:
            restored = [v.object for v in version.revision.version_set.all()]
            lost = uploads.forget_missing_files(o for o in restored if o is not None)
            if lost:
                messages.warning(
                    request,
                    f"{lost} ảnh hoặc tệp không khôi phục được vì tệp đã bị xóa "
                    "cùng bản ghi; hãy tải lên lại nếu cần.",
                )
        return response

    # Deletion: keep what is deleted, so that it can be recovered.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._touch_parents(obj, form)

    def delete_model(self, request, obj):
        history.snapshot([obj], user=request.user, comment=f"Trước khi xóa “{obj}”.")
        super().delete_model(request, obj)
        self._touch_parents(obj, None)

    def _touch_parents(self, obj, form) -> None:
        for name in self.parent_fields:
            field = self.model._meta.get_field(name)
            parent_model = field.related_model
            pks = {getattr(obj, field.attname)}
            if form is not None:
                pks.add(form.initial.get(name))
            pks.discard(None)
            if not pks:
                continue
            if is_versioned(parent_model):
                bump_versions(parent_model, pks)
            if reversion.is_active():
                for parent in parent_model._base_manager.filter(pk__in=pks):
                    reversion.add_to_revision(parent)

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        history.snapshot(
            objects,
            user=request.user,
            comment=f"Trước khi xóa {len(objects)} {self.opts.verbose_name}.",
        )
        super().delete_queryset(request, queryset)

    # History and comparison

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path(
                "<path:object_id>/history/<int:version_id>/so-sanh/",
                compare,
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        versions = (
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision", "revision__user")
            .order_by("-pk")
        )
        action_list = [
            {
                "revision": version.revision,
                "url": self._url("revision", quote(object_id), version.pk),
                "compare_url": self._url("compare", quote(object_id), version.pk),
            }
            for version in versions
        ]
        return admin.ModelAdmin.history_view(
            self,
            request,
            quote(object_id),
            {"action_list": action_list, **(extra_context or {})},
        )

    def compare_view(self, request, object_id, version_id):
        """Show what one version changed, field by field, children included."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        version = get_object_or_404(
            Version.objects.get_for_object_reference(
                self.model, object_id
            ).select_related("revision", "revision__user"),
            pk=version_id,
        )
        previous = history.previous_version(version)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Thay đổi của “{version.object_repr}”",
            "subtitle": None,
            "opts": self.opts,
            "object_id": object_id,
            "version": version,
            "previous": previous,
            "changes": history.compare(previous, version),
            "history_url": self._url("history", quote(object_id)),
            "revert_url": self._url("revision", quote(object_id), version.pk)
            if self.has_change_permission(request)
            else None,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/meetings/compare.html", context)

    def _url(self, view, *args):
        info = self.admin_site.name, self.opts.app_label, self.opts.model_name
        return reverse("{}:{}_{}_".format(*info) + view, args=args)
