"""URLs of the reviewer pages: the queue, one review, and its actions."""

from django.urls import path

from indicators import review_views

app_name = "review"

ASSESSMENT = "<iso3:iso3>/<int:year>/<slug:org>/"

urlpatterns = [
    path("", review_views.ReviewQueueView.as_view(), name="queue"),
    path(ASSESSMENT, review_views.review_detail, name="detail"),
    *[
        path(f"{ASSESSMENT}{action}/", review_views.review_action, {"action": action}, name=action)
        for action in review_views.ACTIONS
    ],
]
