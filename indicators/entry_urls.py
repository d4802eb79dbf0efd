"""URLs of the entry pages: signed-in members of partner organizations enter assessments."""

from django.urls import path, re_path

from indicators import entry_views, import_views, publication_views

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
    path(
        "assessments/<iso3:iso3>/<int:year>/<slug:org>/publication/",
        publication_views.assessment_publication,
        name="assessment_publication",
    ),
    path("import/", import_views.ImportView.as_view(), name="import"),
    re_path(
        r"^import/values-template\.(?P<fmt>xlsx|csv)$",
        import_views.ValuesTemplateView.as_view(),
        name="values_template",
    ),
    re_path(
        r"^import/plans-template\.(?P<fmt>xlsx|csv)$",
        import_views.PlansTemplateView.as_view(),
        name="plans_template",
    ),
    path("export/<iso3:iso3>.xlsx", import_views.ExportView.as_view(), name="export"),
]
