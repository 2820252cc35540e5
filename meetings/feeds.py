"""RSS 2.0 feed of the latest published news (/rss/)."""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from meetings.models import Article
from meetings.models.publishing import attach_covers

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """The newest published articles with their full lead and cover photo.

    Two queries: the articles (with their category and cover id) and the
    cover photos. The enclosure is the cover's JPEG rendition, with the size
    recorded when it was made.
    """

    feed_type = Rss201rev2Feed
    language = "vi"

    def get_object(self, request, *args, **kwargs):
        # The feed object is shared between requests: hand the request to
        # items() as the "object" instead of storing it on self.
        return request

    def title(self):
        return f"{settings.SITE_NAME} - Tin tức"

    def description(self):
        return f"Tin tức mới nhất của {settings.SITE_NAME}."

    def link(self):
        return reverse("meetings:article_list")

    def items(self, request):
        articles = list(Article.objects.published().for_listing()[:FEED_SIZE])
        attach_covers(articles)
        for article in articles:
            article.cover_enclosure = cover_enclosure(request, article.cover)
        return articles

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]

    def item_enclosures(self, item):
        return [item.cover_enclosure] if item.cover_enclosure else []


def cover_enclosure(request, photo) -> Enclosure | None:
    """Return an RSS enclosure for a photo's JPEG rendition, or None.

    Sizes were recorded when the photo was saved, so no storage call is made;
    a photo saved before sizes were recorded (file_size 0) has no enclosure.
    """
    if photo is None or not photo.image:
        return None
    jpeg = photo.fallback_rendition()
    if jpeg is not None:
        url, length, mime_type = (
            photo.image.storage.url(jpeg["name"]),
            jpeg["size"],
            jpeg["type"],
        )
    elif photo.file_size:
        url, length = photo.image.url, photo.file_size
        mime_type = mimetypes.guess_type(photo.image.name)[0] or "image/jpeg"
    else:
        return None
    return Enclosure(
        url=request.build_absolute_uri(url), length=str(length), mime_type=mime_type
    )
