"""URLs of the entry pages: signed-in members of partner organizations enter assessments."""

from django.urls import path

from indicators import entry_views

app_name = "entry"

urlpatterns = [
    path("", entry_views.EntryDashboardView.as_view(), name="dashboard"),
    path("assessments/new/", entry_views.AssessmentCreateView.as_view(), name="assessment_create"),
    path(
        "assessments/<iso3:iso3>/<int:year>/<slug:org>/",
        entry_views.AssessmentEditView.as_view(),
        name="assessment_edit",
    ),
    path(
        "assessments/<iso3:iso3>/<int:year>/<slug:org>/history/",
        entry_views.AssessmentHistoryView.as_view(),
        name="assessment_history",
    ),
]
