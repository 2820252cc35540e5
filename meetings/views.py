"""Public pages. Views stay thin: querysets and templates do the work."""

from django.db.models import Q
from django.views.generic import DetailView

from meetings.models import Article, Photo


class ArticleDetailView(DetailView):
    """One news article with its photos placed in the body."""

    template_name = "meetings/article_detail.html"

    def get_queryset(self):
        articles = Article.objects.select_related("category", "session")
        if self.request.user.is_staff:
            return articles
        return articles.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        photos = Photo.objects.filter(
            Q(article=article) | Q(session_id=article.session_id, session__isnull=False)
        ).order_by("order", "id")
        context["body_blocks"] = article_blocks(article, list(photos))
        context["is_preview"] = not article.is_public
        return context


def article_blocks(article, photos):
    """Interleave paragraphs and placed photos in reading order.

    Photos whose body_position is beyond the last paragraph go at the end;
    unplaced photos are left to the gallery.
    """
    paragraphs = article.paragraphs
    placed = {}
    for photo in photos:
        if photo.body_position is None:
            continue
        slot = min(photo.body_position, len(paragraphs))
        placed.setdefault(slot, []).append(photo)
    blocks = [("photo", p) for p in placed.get(0, [])]
    for index, text in enumerate(paragraphs, start=1):
        blocks.append(("paragraph", text))
        blocks.extend(("photo", p) for p in placed.get(index, []))
    return blocks
