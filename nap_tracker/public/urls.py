"""URLs of the public site, one namespace: ``public:``."""

from django.urls import path

from nap_tracker.public.views import (
    compare,
    countries,
    home,
    indicator_pages,
    methodology,
    plan_compare,
    plans,
    profiles,
    releases,
    scorecards,
)

app_name = "public"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("methodology/", methodology.MethodologyView.as_view(), name="methodology"),
    path("indicators/", indicator_pages.IndicatorIndexView.as_view(), name="indicator_list"),
    path(
        "indicators/<str:code>/",
        indicator_pages.IndicatorDetailView.as_view(),
        name="indicator_detail",
    ),
    path("releases/", releases.ReleaseListView.as_view(), name="release_list"),
    path("releases/<str:version>/", releases.ReleaseDetailView.as_view(), name="release_detail"),
    path(
        "releases/<str:version>/files/<str:name>",
        releases.release_file,
        name="release_file",
    ),
    path("compare/", compare.CompareView.as_view(), name="compare"),
    path("countries/", countries.CountryListView.as_view(), name="country_list"),
    path("countries/<iso3:iso3>/", profiles.CountryDetailView.as_view(), name="country_detail"),
    path(
        "countries/<iso3:iso3>/plans/<plankey:key>/",
        plans.PlanDetailView.as_view(),
        name="plan_detail",
    ),
    path(
        "countries/<iso3:iso3>/plans/<plankey:key>/compare/",
        plan_compare.PlanCompareView.as_view(),
        name="plan_compare",
    ),
    path("countries/<iso3:iso3>/<int:year>/", scorecards.scorecard_year, name="scorecard_year"),
    path(
        "countries/<iso3:iso3>/<int:year>/<slug:org>/",
        scorecards.ScorecardView.as_view(),
        name="scorecard",
    ),
]
