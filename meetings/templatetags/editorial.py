"""Staff-side display: the review dashboard on the admin home, durations."""

from django import template
from django.db.models import OuterRef, Subquery

from meetings.models import Article, ArticleTransition

register = template.Library()

DASHBOARD_ROWS = 20


@register.inclusion_tag(
    "admin/meetings/includes/editorial_dashboard.html", takes_context=True
)
def editorial_dashboard(context):
    """What awaits review, what is scheduled and what was sent back.

    Three queries, whatever the number of articles: one per list, each with
    its category joined and the latest review step read by subqueries.
    """
    user = context["request"].user
    if not user.has_perm("meetings.view_article"):
        return {"show": False}
    latest = ArticleTransition.objects.filter(article=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    awaiting_review = (
        Article.objects.awaiting_review()
        .select_related("category")
        .annotate(
            submitted_at=Subquery(latest.values("created_at")[:1]),
            submitted_by=Subquery(latest.values("by__username")[:1]),
        )
        .order_by("submitted_at", "id")[:DASHBOARD_ROWS]
    )
    scheduled = (
        Article.objects.scheduled()
        .select_related("category")
        .order_by("published_at", "id")[:DASHBOARD_ROWS]
    )
    sent_back = (
        Article.objects.filter(status=Article.Status.DRAFT)
        .annotate(
            last_action=Subquery(latest.values("action")[:1]),
            last_comment=Subquery(latest.values("comment")[:1]),
            last_at=Subquery(latest.values("created_at")[:1]),
        )
        .filter(last_action=ArticleTransition.Action.SEND_BACK)
        .order_by("-last_at", "-id")[:DASHBOARD_ROWS]
    )
    return {
        "show": True,
        "awaiting_review": list(awaiting_review),
        "scheduled": list(scheduled),
        "sent_back": list(sent_back),
    }


@register.filter
def minutes(duration) -> int:
    """Return a timedelta's length in whole minutes (for the lockout page)."""
    return int(duration.total_seconds() // 60)
