"""Public pages. Views stay thin: querysets and templates do the work.

Each page runs a fixed number of queries whatever the size of what it lists;
the count is pinned in tests/test_views_*.py.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from meetings import search
from meetings.context_processors import site_settings
from meetings.filters import PRESENT_ROLES, ArticleFilter, SessionFilter
from meetings.models import (
    Article,
    Attendance,
    Category,
    Document,
    Person,
    Photo,
    Position,
    SearchEntry,
    Session,
)
from meetings.models.publishing import attach_covers

HOME_ARTICLES = 7
HOME_SESSIONS = 6
RELATED_ARTICLES = 5
PERSON_SESSIONS = 20
PERSON_PHOTOS = 12


class SectionMixin:
    """Name the navigation section a page belongs to, to mark it current."""

    section = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("section", self.section)
        return super().get_context_data(**kwargs)


class SafePaginationMixin:
    """Paginate without 404s: a bad or out-of-range page shows the nearest one.

    Hostile values (page=-1, page=10**9, page=abc) must give a normal page.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=1, on_ends=1
            )
        return context


class PreviewMixin:
    """Keep previews of unpublished records out of shared caches and indexes."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
        return response


def is_staff(request) -> bool:
    """Return whether the request comes from staff, who may preview drafts."""
    return request.user.is_authenticated and request.user.is_staff


class HomeView(SectionMixin, TemplateView):
    """Latest news with covers, latest sessions and the categories."""

    template_name = "meetings/home.html"
    section = "home"

    def get_context_data(self, **kwargs):
        articles = list(Article.objects.published().for_listing()[:HOME_ARTICLES])
        attach_covers(articles)
        return super().get_context_data(
            featured=articles[0] if articles else None,
            latest=articles[1:],
            sessions=Session.objects.held().for_listing()[:HOME_SESSIONS],
            # Without counts: counting the published news of each category
            # reads every article (12 ms at 100,000); /linh-vuc/ shows them.
            categories=Category.objects.all(),
            **kwargs,
        )


class ArticleListView(SectionMixin, SafePaginationMixin, ListView):
    """All published news, newest first, narrowed by words (?q=) if asked."""

    template_name = "meetings/article_list.html"
    context_object_name = "articles"
    paginate_by = 12
    section = "news"

    def get_queryset(self):
        self.filterset = ArticleFilter(
            self.request.GET, queryset=Article.objects.published().for_listing()
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_covers(context["articles"])
        context["filter"] = self.filterset
        context["words"] = search.parse_query(self.request.GET.get("q")).text
        return context


class CategoryDetailView(ArticleListView):
    """Published news of one category (lĩnh vực)."""

    template_name = "meetings/category_detail.html"
    section = "categories"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        kwargs["category"] = self.category
        return super().get_context_data(**kwargs)


class SearchView(SectionMixin, TemplateView):
    """Search news, sessions, officials and documents (/tim-kiem/?q=).

    Two queries for a page of results (a capped count, then the ranked page);
    none for an empty query; when nothing matches, the count and on
    PostgreSQL up to two more for a spelling suggestion (meetings.search).
    """

    template_name = "meetings/search.html"
    section = "search"

    def get_context_data(self, **kwargs):
        query = search.parse_query(self.request.GET.get("q"))
        kind = self.request.GET.get("kind")
        if kind not in SearchEntry.Kind.values:
            kind = None
        results = search.Results(query, kind=kind)
        page = Paginator(results, search.PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        found = page.paginator.count
        return super().get_context_data(
            query=query,
            kind=kind,
            kinds=SearchEntry.Kind.choices,
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(
                page.number, on_each_side=1, on_ends=1
            ),
            hits=page.object_list,
            found=found,
            more_than_found=results.capped,
            count_limit=f"{search.COUNT_LIMIT:,}".replace(",", "."),
            max_length=search.MAX_QUERY_LENGTH,
            max_words=search.MAX_WORDS,
            suggestion="" if found else search.suggest(query, kind=kind),
            **kwargs,
        )


class CategoryListView(SectionMixin, ListView):
    """The categories with how many published articles each holds."""

    template_name = "meetings/category_list.html"
    context_object_name = "categories"
    section = "categories"

    def get_queryset(self):
        return Category.objects.with_published_count()


class ArticleDetailView(SectionMixin, PreviewMixin, DetailView):
    """One news article with its photos placed in the body."""

    template_name = "meetings/article_detail.html"
    section = "news"

    def get_queryset(self):
        articles = Article.objects.select_related("category", "session")
        if is_staff(self.request):
            return articles
        return articles.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        photos = list(
            Photo.objects.filter(
                Q(article=article)
                | Q(session_id=article.session_id, session__isnull=False)
            ).order_by("order", "id")
        )
        canonical_url = self.request.build_absolute_uri(article.get_absolute_url())
        session = article.session
        context.update(
            body_blocks=article_blocks(article, photos),
            gallery=[p for p in photos if p.body_position is None],
            cover=photos[0] if photos else None,
            is_preview=not article.is_public,
            canonical_url=canonical_url,
            session_record=session if session and session.is_public else None,
            related=Article.objects.published()
            .filter(category_id=article.category_id)
            .exclude(pk=article.pk)
            .order_by("-published_at", "-id")[:RELATED_ARTICLES],
            structured_data=news_article_data(
                self.request, article, photos, canonical_url
            ),
        )
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


def news_article_data(request, article, photos, url) -> dict:
    """Return schema.org NewsArticle data for the article page's JSON-LD."""
    publisher = {"@type": "Organization", "name": settings.SITE_NAME}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "articleSection": article.category.name,
        "dateModified": timezone.localtime(article.updated_at).isoformat(),
        "author": {"@type": "Organization", "name": article.byline}
        if article.byline
        else publisher,
        "publisher": publisher,
        "image": [request.build_absolute_uri(p.picture.src) for p in photos],
    }
    if article.published_at:
        data["datePublished"] = timezone.localtime(article.published_at).isoformat()
    return data


class SessionArchiveView(SectionMixin, SafePaginationMixin, FilterView):
    """Held sessions, filtered by year, month, kind, body and official."""

    template_name = "meetings/session_filter.html"
    filterset_class = SessionFilter
    context_object_name = "sessions"
    paginate_by = 20
    section = "sessions"

    def get_queryset(self):
        return Session.objects.held().for_listing()


class SessionDetailView(SectionMixin, PreviewMixin, DetailView):
    """A session's record: who was there, what was discussed and decided.

    Only held sessions are public: a planned or postponed session has no
    record yet (its date, place and agenda may change), so it is 404 for the
    public and absent from the archive, the sitemap and the officials' pages.
    Staff may preview it, with the draft banner.
    """

    template_name = "meetings/session_detail.html"
    section = "sessions"

    def get_queryset(self):
        sessions = Session.objects.with_record()
        if is_staff(self.request):
            return sessions
        return sessions.held()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        agenda, other_documents = session.agenda()
        context.update(
            attendance=session.attendance_groups(),
            agenda=agenda,
            other_documents=other_documents,
            is_preview=not session.is_public,
            canonical_url=self.request.build_absolute_uri(session.get_absolute_url()),
        )
        return context


class PersonListView(SectionMixin, TemplateView):
    """Current officials, grouped by body in order of precedence."""

    template_name = "meetings/person_list.html"
    section = "people"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            positions=Position.objects.officials_on(today), today=today, **kwargs
        )


class PersonDetailView(SectionMixin, DetailView):
    """An official: portrait, titles, positions, sessions and photos."""

    template_name = "meetings/person_detail.html"
    section = "people"

    def get_queryset(self):
        return Person.objects.with_positions()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        today = timezone.localdate()
        context.update(
            current_positions=person.positions_on(today),
            positions=sorted(person.positions.all(), key=history_order),
            attendances=Attendance.objects.filter(
                person=person,
                role__in=PRESENT_ROLES,
                session__status=Session.Status.HELD,
            )
            .select_related("session__organization", "session__article")
            .order_by("-session__starts_at", "-session_id")[:PERSON_SESSIONS],
            photos=Photo.objects.public()
            .filter(people=person)
            .order_by(F("session__starts_at").desc(nulls_last=True), "order", "id")[
                :PERSON_PHOTOS
            ],
            canonical_url=self.request.build_absolute_uri(person.get_absolute_url()),
        )
        return context


def history_order(position) -> tuple:
    """Sort a career newest first; posts taken the same day by precedence."""
    return (-position.started_on.toordinal(), position.precedence_key())


def document_download(request, pk):
    """Send a document as a download, under its original name and real type.

    Streamed from storage (local or S3) so the file's own URL is never
    needed. The public gets public documents of held sessions; staff, any.
    """
    documents = Document.objects.select_related("session").exclude(file="")
    if not is_staff(request):
        documents = documents.filter(
            is_public=True, session__status=Session.Status.HELD
        )
    document = get_object_or_404(documents, pk=pk)
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp của tài liệu không còn trong kho lưu trữ.") from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    if not (document.is_public and document.session.is_public):
        patch_cache_control(response, private=True, no_store=True)
    return response


def robots_txt(request):
    """Point crawlers at the sitemap and away from the admin."""
    sitemap = request.build_absolute_uri(reverse("meetings:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tim-kiem/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """Answer 200 "ok" when the database answers SELECT 1, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")


def benchmark_hello(request):
    """Answer "hello": the baseline page of `manage.py benchmark`.

    It goes through the whole middleware stack but runs no query and no
    template. 404 unless settings.BENCHMARK_HELLO is on.
    """
    if not settings.BENCHMARK_HELLO:
        raise Http404
    return HttpResponse("hello", content_type="text/plain")


def server_error(request):
    """Render the 500 page from settings alone: the database may be the fault."""
    html = loader.get_template("500.html").render(site_settings())
    return HttpResponseServerError(html)
