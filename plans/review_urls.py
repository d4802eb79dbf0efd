"""URLs of the plan-review pages: entry (editors) and review (reviewers)."""

from django.urls import path

from plans import review_views

app_name = "plan_review"

REVIEW = "<iso3:iso3>/<plankey:key>/<slug:org>/"

urlpatterns = [
    path("entry/plan-reviews/", review_views.PlanReviewListView.as_view(), name="list"),
    path("entry/plan-reviews/new/", review_views.PlanReviewCreateView.as_view(), name="create"),
    path(f"entry/plan-reviews/{REVIEW}", review_views.PlanReviewEditView.as_view(), name="edit"),
    path(
        f"entry/plan-reviews/{REVIEW}submit/",
        review_views.plan_review_submit_view,
        name="submit",
    ),
    path(
        f"entry/plan-reviews/{REVIEW}publication/",
        review_views.plan_review_publication,
        name="publication",
    ),
    path(
        f"entry/plan-reviews/{REVIEW}history/",
        review_views.PlanReviewHistoryView.as_view(),
        name="history",
    ),
    path("review/plan-reviews/", review_views.PlanReviewQueueView.as_view(), name="queue"),
    path(f"review/plan-reviews/{REVIEW}", review_views.plan_review_decide, name="decide"),
    *[
        path(
            f"review/plan-reviews/{REVIEW}{action}/",
            review_views.plan_review_action,
            {"action": action},
            name=action,
        )
        for action in review_views.ACTIONS
    ],
]
