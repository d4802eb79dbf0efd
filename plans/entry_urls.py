"""URLs of the plan entry pages (editors of organizations that cover the country)."""

from django.urls import path

from plans import entry_views

app_name = "plan_entry"

urlpatterns = [
    path("<iso3:iso3>/new/", entry_views.PlanFormView.as_view(), name="create"),
    path("<iso3:iso3>/<plankey:key>/", entry_views.PlanFormView.as_view(), name="edit"),
    path(
        "<iso3:iso3>/<plankey:key>/documents/new/",
        entry_views.PlanDocumentAddView.as_view(),
        name="document_add",
    ),
]
