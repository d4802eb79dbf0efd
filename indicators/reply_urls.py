"""URLs of the government respondent's pages, under /replies/."""

from django.urls import path

from indicators import reply_views

app_name = "replies"

urlpatterns = [
    path("", reply_views.ReplyListView.as_view(), name="list"),
    path(
        "<iso3:iso3>/<int:year>/<slug:org>/",
        reply_views.ReplyDetailView.as_view(),
        name="detail",
    ),
    path("plan-reviews/<int:pk>/", reply_views.ReviewReplyView.as_view(), name="review"),
]
