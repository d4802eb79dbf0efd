"""URLs of the public pages that combine plans, assessments and scores."""

from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
    path("countries/<iso3:iso3>/", views.CountryDetailView.as_view(), name="country_detail"),
    path(
        "countries/<iso3:iso3>/plans/<plankey:key>/",
        views.PlanDetailView.as_view(),
        name="plan_detail",
    ),
    path("countries/<iso3:iso3>/<int:year>/", views.scorecard_year, name="scorecard_year"),
    path(
        "countries/<iso3:iso3>/<int:year>/<slug:org>/",
        views.ScorecardView.as_view(),
        name="scorecard",
    ),
]
