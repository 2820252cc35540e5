"""Checked uploads into storage, and their files out of it again.

Everything goes through Django's storage API (a local folder or an S3 bucket),
never a path on disk. Stored names are random (uuid4) in dated folders, with
the extension of the type the content was recognised as; the name the file
had on the uploader's computer is kept on the record for display and
download. A file is deleted only after the transaction that stopped using it
commits, so a rolled-back edit never loses a file.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import posixpath
import uuid
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_delete
from django.utils import timezone

from meetings import images

logger = logging.getLogger(__name__)


def random_stem(folder: str) -> str:
    """Return folder/YYYY/MM/<32 hex digits>, a name nobody can guess."""
    return f"{folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"


def _extension(filename: str) -> str:
    return posixpath.splitext(filename)[1].lstrip(".").lower() or "bin"


def photo_upload_to(instance, filename: str) -> str:
    return f"{random_stem('photos')}.{_extension(filename)}"


def portrait_upload_to(instance, filename: str) -> str:
    return f"{random_stem('portraits')}.{_extension(filename)}"


def document_upload_to(instance, filename: str) -> str:
    return f"{random_stem('documents')}.{_extension(filename)}"


@dataclasses.dataclass(frozen=True)
class StoredImage:
    """An original and its renditions, saved under one random stem."""

    name: str
    size: int
    renditions: list[dict]

    @property
    def names(self) -> list[str]:
        return [self.name, *(r["name"] for r in self.renditions)]


def store_image(
    checked: images.CheckedImage,
    *,
    storage: Storage,
    folder: str,
    specs: Iterable[images.RenditionSpec],
) -> StoredImage:
    """Save a checked image and its renditions; on any failure save nothing."""
    made = images.make_renditions(checked, specs)
    stem = random_stem(folder)
    saved: list[str] = []
    try:
        name = storage.save(
            f"{stem}.{checked.type.extension}", ContentFile(checked.content)
        )
        saved.append(name)
        renditions = []
        for rendition in made:
            rendition_name = storage.save(
                f"{stem}-{rendition.width}.{rendition.type.extension}",
                ContentFile(rendition.content),
            )
            saved.append(rendition_name)
            renditions.append(
                {
                    "name": rendition_name,
                    "type": rendition.type.content_type,
                    "width": rendition.width,
                    "height": rendition.height,
                    "size": len(rendition.content),
                }
            )
    except BaseException:
        delete_files(storage, saved)
        raise
    return StoredImage(name=name, size=len(checked.content), renditions=renditions)


@dataclasses.dataclass(frozen=True)
class Replacement:
    """Files just stored for a record, and the ones they replace.

    Until the record is saved, neither list is referenced by anything
    committed: discard() drops the new files if saving fails; finish()
    deletes the old ones once the save commits.
    """

    storage: Storage
    new: list[str]
    old: list[str]

    def discard(self) -> None:
        delete_files(self.storage, self.new)

    def finish(self) -> None:
        delete_on_commit(self.storage, [n for n in self.old if n not in self.new])


def save_with_files(save: Callable[[], None], replacement: Replacement | None) -> None:
    """Run save() for a record whose new files are stored; tidy storage after.

    Saving failed: the new files go at once. Saved: the replaced files go
    when the transaction commits.
    """
    if replacement is None:
        save()
        return
    try:
        save()
    except BaseException:
        replacement.discard()
        raise
    replacement.finish()


def put_photo_image(
    photo, checked: images.CheckedImage, *, replaces: list[str] | None = None
) -> Replacement:
    """Store a checked image and its renditions on photo, which is not saved.

    replaces: the files the photo had when loaded (default: those it has now).
    """
    old = photo.stored_files() if replaces is None else replaces
    stored = store_image(
        checked,
        storage=photo.image.storage,
        folder="photos",
        specs=images.PHOTO_RENDITIONS,
    )
    photo.image = stored.name
    photo.width, photo.height = checked.width, checked.height
    photo.file_size = stored.size
    photo.renditions = stored.renditions
    photo.original_filename = checked.original_filename
    return Replacement(photo.image.storage, stored.names, old)


def put_portrait(
    person, checked: images.CheckedImage, *, replaces: list[str] | None = None
) -> Replacement:
    """Store a checked portrait and its renditions on person, which is not saved."""
    old = person.stored_files() if replaces is None else replaces
    stored = store_image(
        checked,
        storage=person.portrait.storage,
        folder="portraits",
        specs=images.PORTRAIT_RENDITIONS,
    )
    person.portrait = stored.name
    person.portrait_renditions = stored.renditions
    return Replacement(person.portrait.storage, stored.names, old)


def put_document_file(
    document,
    upload,
    checked: images.CheckedDocument,
    *,
    replaces: list[str] | None = None,
) -> Replacement:
    """Store a checked document's file on document, which is not saved."""
    old = document.stored_files() if replaces is None else replaces
    storage = document.file.storage
    upload.seek(0)
    name = storage.save(f"{random_stem('documents')}.{checked.type.extension}", upload)
    document.file = name
    document.original_filename = checked.original_filename
    document.file_size = checked.size
    return Replacement(storage, [name], old)


def add_photos(
    *, files, session=None, article=None, credit: str = "", uploaded_by=None
) -> tuple[list, list[str]]:
    """Check each file and add the accepted ones as photos, after the last one.

    Return the photos created and the reasons the others were refused (each
    naming its file). Nothing is stored for a refused file; if a database
    write fails, the files already stored go too.
    """
    from meetings.models import Photo  # models import this module

    siblings = Photo.objects.filter(session=session, article=article)
    last = siblings.aggregate(last=Max("order"))["last"]
    order = 0 if last is None else last + 1
    created, refused, stored = [], [], []
    storage = Photo._meta.get_field("image").storage
    try:
        with transaction.atomic():
            for upload in files:
                try:
                    checked = images.check_photo(upload)
                except ValidationError as refusal:
                    refused.extend(refusal.messages)
                    continue
                photo = Photo(
                    session=session,
                    article=article,
                    credit=credit,
                    order=order,
                    uploaded_by=uploaded_by,
                )
                stored.extend(put_photo_image(photo, checked).new)
                photo.save()
                created.append(photo)
                order += 1
    except BaseException:
        delete_files(storage, stored)
        raise
    return created, refused


def reprocess_photo(photo) -> Replacement:
    """Clean a stored photo again and remake its renditions (photo not saved).

    For photos stored before the upload checks existed, or after the rendition
    specs change: the original is read through storage, checked, stripped of
    its metadata and stored anew with fresh renditions. Raise ValidationError
    if the stored file would be refused today.
    """
    with photo.image.storage.open(photo.image.name, "rb") as original:
        content = original.read()
    name = photo.original_filename or posixpath.basename(photo.image.name)
    checked = images.check_photo(ContentFile(content, name=name))
    return put_photo_image(photo, checked)


def delete_on_commit(storage: Storage, names: Iterable[str]) -> None:
    """Delete files once the current transaction commits (at once outside one)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(
            functools.partial(delete_files, storage, names), robust=True
        )


def delete_files(storage: Storage, names: Iterable[str]) -> None:
    """Delete files from storage; a failure is logged, never raised."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete %s from media storage", name)


def delete_stored_files(sender, instance, *, field: str, **kwargs) -> None:
    """Delete a deleted record's files after commit (a post_delete receiver).

    A receiver rather than a delete() override: a session or an article
    deleted in the admin takes its photos and documents with it by cascade,
    and a queryset delete() never calls delete() on the rows.
    """
    storage = getattr(instance, field).storage
    delete_on_commit(storage, instance.stored_files())


# The file field of each model that owns files in storage.
FILE_FIELDS = {
    "meetings.photo": "image",
    "meetings.document": "file",
    "meetings.person": "portrait",
}
# What a record keeps when its file is gone (a photo without its image goes).
FILE_CLEARED = {
    "meetings.document": {"file": "", "original_filename": "", "file_size": 0},
    "meetings.person": {"portrait": "", "portrait_renditions": []},
}


def connect_cleanup() -> None:
    """Delete the files of every deleted record that owns some."""
    for label, field in FILE_FIELDS.items():
        model = apps.get_model(label)
        post_delete.connect(
            functools.partial(delete_stored_files, field=field),
            sender=model,
            weak=False,
            dispatch_uid=f"delete_stored_files_{model._meta.label_lower}",
        )


def forget_missing_files(objects: Iterable) -> int:
    """Drop what a restored record says it has in storage but no longer does.

    Deleting a record deletes its files (uploads are not kept for nobody);
    recovering the record from history brings its rows back, not its files.
    A photo without its image is deleted again; a document or a portrait
    keeps its record and loses the file reference. Return how many were lost.
    Checks storage once per restored file: an admin action, never a page.
    """
    lost = 0
    for obj in objects:
        field = FILE_FIELDS.get(obj._meta.label_lower)
        file = getattr(obj, field, None) if field else None
        if not file or file.storage.exists(file.name):
            continue
        lost += 1
        cleared = FILE_CLEARED.get(obj._meta.label_lower)
        if cleared is None:
            obj.delete()
        else:
            type(obj)._base_manager.filter(pk=obj.pk).update(**cleared)
    return lost
