"""The history of records: what django-reversion keeps, and what changed.

Each write request is one revision (reversion.middleware.RevisionMiddleware,
or the admin's own). A session's revision holds the session and, through
FOLLOW, its attendances, agenda, documents, tasks and photos, so reverting
or recovering a session brings its whole record back.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime

import reversion
from django.db import models
from django.utils import timezone
from reversion.models import Version

from meetings.models import (
    AgendaItem,
    Article,
    ArticleTransition,
    Attendance,
    Document,
    Person,
    Photo,
    Position,
    Session,
    Task,
)
from meetings.services import word_diff

# Records whose revision also holds their children (reverse foreign keys).
FOLLOW = {
    Session: ["attendances", "agenda_items", "documents", "tasks", "photos"],
    Article: ["photos", "transitions"],
    Person: ["positions"],
}
CHILDREN = [Attendance, AgendaItem, Document, Task, Photo, Position, ArticleTransition]

# Bookkeeping columns: they change on every save and say nothing to staff.
SKIPPED_FIELDS = {"id", "version", "created_at", "updated_at"}


def register_models() -> None:
    """Register the tracked models with reversion (once; the admin calls it)."""
    for model in CHILDREN:
        if not reversion.is_registered(model):
            reversion.register(model)
    for model, follow in FOLLOW.items():
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)


def snapshot(objects, *, user, comment: str) -> None:
    """Save a revision of objects now, in the current transaction.

    Reversion keeps a revision only for rows that still exist when the
    outermost revision block ends, so a snapshot taken just before a delete
    must not join the request's revision: it runs in a context of its own,
    where its block is the outermost one.
    """

    def save():
        with reversion.create_revision():
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(comment)
            for obj in objects:
                reversion.add_to_revision(obj)

    contextvars.Context().run(save)


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, with a word diff for text."""

    label: str
    old: str
    new: str
    runs: list[tuple[str, str]] | None = None


@dataclasses.dataclass(frozen=True)
class RecordChange:
    """A record added, removed or changed between two versions."""

    ADDED = "them"
    REMOVED = "xoa"
    CHANGED = "sua"

    kind: str
    model_label: str
    label: str
    fields: list[FieldChange]

    @property
    def kind_label(self) -> str:
        return {self.ADDED: "Thêm", self.REMOVED: "Xóa", self.CHANGED: "Sửa"}[self.kind]


def previous_version(version: Version) -> Version | None:
    """Return the version of the same record saved just before this one."""
    return (
        Version.objects.get_for_object_reference(version._model, version.object_id)
        .filter(pk__lt=version.pk)
        .select_related("revision")
        .order_by("-pk")
        .first()
    )


def compare(old: Version | None, new: Version) -> list[RecordChange]:
    """List what changed from old to new: the record and its followed children.

    With old None (the first version), everything in new counts as added.
    """
    before = _record_versions(old) if old else {}
    after = _record_versions(new)
    names = _Names()
    changes = []
    for key in sorted(after.keys() | before.keys(), key=_key_order(new._model)):
        model = key[0]
        old_fields = before[key].field_dict if key in before else None
        new_fields = after[key].field_dict if key in after else None
        fields = _field_changes(model, old_fields, new_fields, names)
        if old_fields is None:
            kind = RecordChange.ADDED
        elif new_fields is None:
            kind = RecordChange.REMOVED
        elif fields:
            kind = RecordChange.CHANGED
        else:
            continue
        version = after.get(key) or before[key]
        changes.append(
            RecordChange(
                kind=kind,
                model_label=str(model._meta.verbose_name).capitalize(),
                label=version.object_repr,
                fields=fields,
            )
        )
    return changes


def _record_versions(version: Version) -> dict:
    """Map (model, object_id) to the versions in the revision of one record."""
    root = version._model
    records = {(root, version.object_id): version}
    children = [
        (relation.related_model, relation.field.attname)
        for relation in (root._meta.get_field(name) for name in FOLLOW.get(root, []))
    ]
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        for child_model, attname in children:
            if model is child_model and str(other.field_dict.get(attname)) == str(
                version.object_id
            ):
                records[(model, other.object_id)] = other
    return records


def _key_order(root):
    def order(key):
        model, object_id = key
        index = -1 if model is root else CHILDREN.index(model)
        return (index, int(object_id) if object_id.isdigit() else 0, object_id)

    return order


def _field_changes(model, old: dict | None, new: dict | None, names) -> list:
    changes = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name in SKIPPED_FIELDS or not field.editable:
            continue
        before = old.get(field.attname) if old is not None else None
        after = new.get(field.attname) if new is not None else None
        if old is not None and new is not None and _same(before, after):
            continue
        if old is None and new is not None and after in (None, "", []):
            continue
        if new is None and old is not None and before in (None, "", []):
            continue
        old_text = names.display(field, before) if old is not None else ""
        new_text = names.display(field, after) if new is not None else ""
        runs = None
        if (
            old is not None
            and new is not None
            and isinstance(before, str)
            and isinstance(after, str)
            and not field.choices
        ):
            runs = word_diff(before, after)
        changes.append(
            FieldChange(
                label=str(field.verbose_name).capitalize(),
                old=old_text,
                new=new_text,
                runs=runs,
            )
        )
    return changes


def _same(before, after) -> bool:
    if isinstance(before, list) and isinstance(after, list):
        return sorted(map(str, before)) == sorted(map(str, after))
    return before == after


class _Names:
    """Show stored values as staff read them, looking related records up once."""

    def __init__(self):
        self.cache = {}

    def display(self, field, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if field.many_to_many:
            return ", ".join(self.related(field.related_model, pk) for pk in value)
        if field.is_relation:
            return self.related(field.related_model, value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return "Có" if value else "Không"
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(field, models.FileField):
            return str(value).rsplit("/", 1)[-1]
        return str(value)

    def related(self, model, pk) -> str:
        key = (model, str(pk))
        if key not in self.cache:
            obj = model._base_manager.filter(pk=pk).first()
            self.cache[key] = str(obj) if obj is not None else f"#{pk} (đã xóa)"
        return self.cache[key]
