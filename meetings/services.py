"""Writes that touch several models: the news article drafted from a session."""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re

from django.db import transaction
from django.utils import timezone

from meetings.composer import Draft, compose
from meetings.models import Article, Category, HouseStyle, Photo, Session
from meetings.models.base import bump_versions

DEFAULT_CATEGORY_SLUG = "tong-hop"
DEFAULT_CATEGORY_NAME = "Tổng hợp"

# An article in these states has been edited for the public: never overwritten.
LOCKED_STATUSES = (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)

_WORDS = re.compile(r"\s+|\S+\s*")


class ArticleLocked(Exception):
    """The session's article is published or withdrawn; its text stays as edited."""


class StalePlan(Exception):
    """The article changed after the plan was made; plan again and confirm again."""


@dataclasses.dataclass(frozen=True)
class ParagraphChange:
    """One step of the paragraph diff: kept, added, removed or rewritten."""

    KEPT = "giu_nguyen"
    ADDED = "them"
    REMOVED = "bo"
    REWRITTEN = "sua"

    kind: str
    old: str = ""
    new: str = ""


@dataclasses.dataclass(frozen=True)
class PhotoChange:
    """What applying a draft does to one of the session's photos."""

    photo: Photo
    old_position: int | None
    new_position: int | None
    new_caption: str  # "" when the photo keeps its caption

    @property
    def moves(self) -> bool:
        return self.old_position != self.new_position


@dataclasses.dataclass(frozen=True)
class ArticlePlan:
    """What composing a session's article would do, computed without writing."""

    CREATE = "tao_moi"
    REFRESH = "cap_nhat"
    UNCHANGED = "khong_doi"
    LOCKED = "khoa"

    session: Session
    draft: Draft
    article: Article | None
    photo_changes: list[PhotoChange]

    @property
    def action(self) -> str:
        if self.article is None:
            return self.CREATE
        if self.article.status in LOCKED_STATUSES:
            return self.LOCKED
        if self.title_changed or self.lead_changed or self.body_changed:
            return self.REFRESH
        return self.REFRESH if self.photo_changes else self.UNCHANGED

    @property
    def title_changed(self) -> bool:
        return self.article is not None and self.article.title != self.draft.title

    @property
    def lead_changed(self) -> bool:
        return self.article is not None and self.article.lead != self.draft.lead

    @property
    def body_changed(self) -> bool:
        return self.article is not None and self.article.body != self.draft.body

    @property
    def paragraph_changes(self) -> list[ParagraphChange]:
        """Diff the article's paragraphs against the draft's, in reading order."""
        old = self.article.paragraphs if self.article else []
        new = self.draft.paragraphs
        changes = []
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                changes += [
                    ParagraphChange(ParagraphChange.KEPT, p, p) for p in old[i1:i2]
                ]
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            changes += [
                ParagraphChange(ParagraphChange.REWRITTEN, old[i1 + k], new[j1 + k])
                for k in range(pairs)
            ]
            changes += [
                ParagraphChange(ParagraphChange.REMOVED, old=p)
                for p in old[i1 + pairs : i2]
            ]
            changes += [
                ParagraphChange(ParagraphChange.ADDED, new=p)
                for p in new[j1 + pairs : j2]
            ]
        return changes

    @property
    def fingerprint(self) -> str:
        """Return a digest of what the plan writes over what it found.

        A confirmation form carries it; if the record or the article changed
        in between, the digest differs and the change is shown again.
        """
        article = self.article
        state = {
            "article": [article.pk, article.status, article.updated_at.isoformat()]
            if article
            else None,
            "title": self.draft.title,
            "lead": self.draft.lead,
            "body": self.draft.body,
            "photos": [
                [c.photo.pk, c.old_position, c.new_position, c.new_caption]
                for c in self.photo_changes
            ],
        }
        payload = json.dumps(state, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


def plan_article(*, session: Session, style: HouseStyle | None = None) -> ArticlePlan:
    """Compose the session's draft and compare it with its article, if any.

    Runs compose()'s queries plus two: the article and the session's photos.
    """
    draft = compose(session, style)
    article = Article.objects.filter(session=session).first()
    photos = Photo.objects.filter(session=session).order_by("order", "id")
    changes = []
    for photo in photos:
        position = draft.photo_positions.get(photo.pk, photo.body_position)
        caption = draft.suggested_captions.get(photo.pk, "")
        if caption and photo.caption.strip():
            caption = ""
        if position != photo.body_position or caption:
            changes.append(PhotoChange(photo, photo.body_position, position, caption))
    return ArticlePlan(
        session=session, draft=draft, article=article, photo_changes=changes
    )


def default_category() -> Category:
    """Return the "Tổng hợp" category, creating it if needed."""
    category = (
        Category.objects.filter(slug=DEFAULT_CATEGORY_SLUG).first()
        or Category.objects.filter(name=DEFAULT_CATEGORY_NAME).first()
    )
    if category is None:
        category, _ = Category.objects.get_or_create(
            slug=DEFAULT_CATEGORY_SLUG, defaults={"name": DEFAULT_CATEGORY_NAME}
        )
    return category


@transaction.atomic
def apply_article_plan(
    *, plan: ArticlePlan, category: Category | None = None
) -> Article:
    """Create the session's draft article or refresh it, and place the photos.

    A new article is a draft in category (default "Tổng hợp"). An existing
    one keeps its category, slug and status; only its title, lead and body
    are replaced. Photos get their place in the body, and a caption only if
    they have none. Raises ArticleLocked for a published or withdrawn article
    and StalePlan if the article changed since the plan was made.
    """
    article = Article.objects.select_for_update().filter(session=plan.session).first()
    if article is not None and article.status in LOCKED_STATUSES:
        raise ArticleLocked(article)
    if (article is None) != (plan.article is None) or (
        article is not None
        and (article.pk, article.updated_at)
        != (plan.article.pk, plan.article.updated_at)
    ):
        raise StalePlan
    draft = plan.draft
    if article is None:
        article = Article(
            session=plan.session,
            category=category or default_category(),
            status=Article.Status.DRAFT,
        )
    article.title, article.lead, article.body = draft.title, draft.lead, draft.body
    article.save()

    photos = Photo.objects.select_for_update().filter(
        pk__in=[c.photo.pk for c in plan.photo_changes], session=plan.session
    )
    by_pk = {c.photo.pk: c for c in plan.photo_changes}
    now = timezone.now()
    changed = []
    for photo in photos:
        change = by_pk[photo.pk]
        photo.body_position = change.new_position
        # Only fill a caption that is still empty: one typed meanwhile stays.
        if change.new_caption and not photo.caption.strip():
            photo.caption = change.new_caption
        photo.updated_at = now
        changed.append(photo)
    Photo.objects.bulk_update(changed, ["body_position", "caption", "updated_at"])
    if changed:
        # The photos are edited on the session's page: a form of it opened
        # before this must not write their old places and captions back.
        bump_versions(Session, [plan.session.pk])
    return article


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Return the runs that turn old into new, word by word.

    Each run is ("equal" | "delete" | "insert", text). A word carries the
    spaces after it, so shared spaces do not break runs; joining the equal
    and delete runs gives old back, the equal and insert runs give new.
    """
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    runs = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < 0.5:
        # Mostly rewritten: a few shared words would only chop it into noise.
        return [
            (kind, text) for kind, text in [("delete", old), ("insert", new)] if text
        ]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("insert", "".join(b[j1:j2])))
    return [(kind, text) for kind, text in runs if text]
