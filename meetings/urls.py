from django.contrib.sitemaps.views import sitemap
from django.urls import path

from meetings import views
from meetings.feeds import LatestArticlesFeed
from meetings.sitemaps import SITEMAPS

app_name = "meetings"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tin-tuc/", views.ArticleListView.as_view(), name="article_list"),
    path("tin-tuc/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("linh-vuc/", views.CategoryListView.as_view(), name="category_list"),
    path("linh-vuc/<slug:slug>/", views.CategoryDetailView.as_view(), name="category"),
    path("phien-hop/", views.SessionArchiveView.as_view(), name="session_list"),
    path("phien-hop/<slug:slug>/", views.SessionDetailView.as_view(), name="session"),
    path("dai-bieu/", views.PersonListView.as_view(), name="person_list"),
    path("dai-bieu/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("tai-lieu/<int:pk>/", views.document_download, name="document"),
    path("tim-kiem/", views.SearchView.as_view(), name="search"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("_benchmark/hello", views.benchmark_hello, name="benchmark_hello"),
]
