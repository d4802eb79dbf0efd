"""URL of an organization's coverage page."""

from django.urls import path

from plans import coverage_views as views

app_name = "coverage"

urlpatterns = [
    path("organizations/<slug:slug>/coverage/", views.CoverageView.as_view(), name="list"),
    path(
        "organizations/<slug:slug>/coverage/<iso3:iso3>/anonymity/",
        views.CoverageAnonymityView.as_view(),
        name="anonymity",
    ),
]
