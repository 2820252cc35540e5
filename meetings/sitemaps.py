"""Sitemaps of the public pages (/sitemap.xml), each with lastmod."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings.models import Article, Category, Person, Session


class ArticleSitemap(Sitemap):
    """Published articles only: drafts and scheduled news stay unlisted."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SessionSitemap(Sitemap):
    """Held sessions' records."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Session.objects.held().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(Sitemap):
    """Officials' pages."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Person.objects.only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    """News by category."""

    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Category.objects.only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(Sitemap):
    """The home page and the section indexes."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return [
            "meetings:home",
            "meetings:article_list",
            "meetings:session_list",
            "meetings:person_list",
            "meetings:category_list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "sessions": SessionSitemap,
    "people": PersonSitemap,
    "categories": CategorySitemap,
}
