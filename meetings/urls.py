from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("tin-tuc/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
