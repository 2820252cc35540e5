"""Admin forms whose files are judged by their content before anything is stored.

A field's clean step checks the upload (meetings.images) and keeps the
result; the file reaches storage only when the object itself is saved, so a
refused upload, or a form refused for another field, leaves nothing behind.
"""

from django import forms
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from meetings import images, uploads
from meetings.models import Document, Person, Photo

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"
DOCUMENT_ACCEPT = ",".join(
    [f".{t.extension}" for t in images.DOCUMENT_TYPES.values()]
    + [t.content_type for t in images.DOCUMENT_TYPES.values()]
)


class _ShownFile:
    """A stored file as the widget shows it: its URL, under the uploaded name."""

    def __init__(self, url: str, name: str):
        self.url, self.name = url, name

    def __str__(self):
        return self.name


class OriginalNameFileInput(forms.ClearableFileInput):
    """Show a stored file by the name it was uploaded under, not its random one."""

    def format_value(self, value):
        value = super().format_value(value)
        name = getattr(getattr(value, "instance", None), "original_filename", "")
        return _ShownFile(value.url, name) if value and name else value


class CheckedFilesForm(forms.ModelForm):
    """Store the checked upload when the object is saved, and tidy storage.

    A ModelAdmin saves with commit=False and then save_model(): it must call
    put_files() and uploads.save_with_files() there (StoredFilesAdminMixin).
    An inline formset saves with commit=True, handled here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the record owned as loaded, before this form changes it.
        self.stored_before = self.instance.stored_files() if self.instance.pk else []

    def put_files(self, obj) -> uploads.Replacement | None:
        """Store the checked upload on obj; return None when there is none."""
        raise NotImplementedError

    def save(self, commit=True):
        obj = super().save(commit=False)
        if commit:

            def save():
                with transaction.atomic():
                    obj.save()
                    self.save_m2m()

            uploads.save_with_files(save, self.put_files(obj))
        return obj


class PhotoForm(CheckedFilesForm):
    """A photo: a real JPEG, PNG or WebP, cleaned and resized when saved."""

    image = forms.FileField(
        label="ảnh",
        help_text=Photo._meta.get_field("image").help_text,
        widget=OriginalNameFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )

    class Meta:
        model = Photo
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

    checked_image = None

    # In the inline's table a row's fields have no label of their own: name
    # the photo they belong to, for screen readers (and browser tests).
    ROW_LABELS = {
        "caption": "Chú thích",
        "credit": "Tác giả",
        "order": "Thứ tự",
        "body_position": "Vị trí trong bài",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            photo = self.instance.original_filename or f"số {self.instance.pk}"
            for name, label in self.ROW_LABELS.items():
                if name in self.fields:
                    self.fields[name].widget.attrs["aria-label"] = (
                        f"{label} ảnh {photo}"
                    )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            self.checked_image = images.check_photo(image)
            # The instance never holds the raw upload, only the cleaned pixels.
            return ContentFile(
                self.checked_image.content,
                name=f"anh.{self.checked_image.type.extension}",
            )
        return image

    def put_files(self, obj):
        if self.checked_image is None:
            return None
        return uploads.put_photo_image(
            obj, self.checked_image, replaces=self.stored_before
        )


class DocumentForm(CheckedFilesForm):
    """A session's document: PDF, DOCX, XLSX, ODT, DOC or XLS by its content."""

    file = forms.FileField(
        label="tệp",
        required=False,
        help_text=Document._meta.get_field("file").help_text,
        widget=OriginalNameFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )

    class Meta:
        model = Document
        fields = [
            "session",
            "agenda_item",
            "kind",
            "number",
            "title",
            "issuer",
            "issued_on",
            "file",
            "is_public",
        ]

    checked_document = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self.checked_document = images.check_document(upload)
            self.upload = upload
            # Named by its real type, should anything store it directly.
            return File(upload, name=f"tai-lieu.{self.checked_document.type.extension}")
        return upload

    def put_files(self, obj):
        if self.checked_document is not None:
            return uploads.put_document_file(
                obj, self.upload, self.checked_document, replaces=self.stored_before
            )
        if self.cleaned_data.get("file") is False and self.stored_before:
            # "Xóa" ticked: the record lets go of its file.
            obj.original_filename, obj.file_size = "", 0
            return uploads.Replacement(obj.file.storage, [], self.stored_before)
        return None


class PortraitForm(CheckedFilesForm):
    """An official, whose portrait is checked and resized like a photo."""

    portrait = forms.FileField(
        label="ảnh chân dung",
        required=False,
        help_text=Person._meta.get_field("portrait").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )

    class Meta:
        model = Person
        fields = [
            "family_name",
            "middle_name",
            "given_name",
            "gender",
            "slug",
            "born_on",
            "portrait",
            "biography",
        ]

    checked_image = None

    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        if isinstance(portrait, UploadedFile):
            self.checked_image = images.check_photo(portrait)
            return ContentFile(
                self.checked_image.content,
                name=f"chan-dung.{self.checked_image.type.extension}",
            )
        return portrait

    def put_files(self, obj):
        if self.checked_image is not None:
            return uploads.put_portrait(
                obj, self.checked_image, replaces=self.stored_before
            )
        if self.cleaned_data.get("portrait") is False and self.stored_before:
            obj.portrait_renditions = []
            return uploads.Replacement(obj.portrait.storage, [], self.stored_before)
        return None


class StoredFilesAdminMixin:
    """Have a ModelAdmin store its form's checked upload as it saves the object."""

    def save_model(self, request, obj, form, change):
        uploads.save_with_files(
            lambda: super(StoredFilesAdminMixin, self).save_model(
                request, obj, form, change
            ),
            form.put_files(obj),
        )
