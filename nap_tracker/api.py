"""The one API router: every /api/v1/ resource is registered here."""

from django.urls import path, re_path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from rest_framework.routers import APIRootView, DefaultRouter

from indicators.api.assessment_values import AssessmentSubmitView, AssessmentValuesView
from indicators.api.exports import ScoreViewSet, ValueViewSet
from indicators.api.releases import ReleaseViewSet
from indicators.api.resources import (
    AssessmentDetailView,
    AssessmentScoresView,
    AssessmentViewSet,
    MethodologyViewSet,
    OrganizationViewSet,
    PlanDetailView,
    PlanViewSet,
)
from indicators.api.views import CountryViewSet, IndicatorViewSet, ScorePreviewView
from nap_tracker import snapshots
from nap_tracker.archive import DownloadView
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.converters import ISO3Converter, PlanKeyConverter
from plans.api.reviews import PlanReviewDetailView, PlanReviewViewSet, ReviewCriterionViewSet


class RootView(ConditionalGetMixin, APIRootView):
    """The resources of nap_tracker's API, version 1.

    Interactive documentation: /api/docs/. OpenAPI 3 schema: /api/schema/. Every list also
    comes as CSV (`?format=csv`); everything published, in one ZIP: /api/v1/download/.
    """

    def get_view_description(self, html=False):
        if not html:
            return super().get_view_description(html)
        return format_html(
            "<p>{}</p><p>{}</p><p>{}</p><p>{}</p>",
            gettext("The resources of nap_tracker's API, version 1."),
            format_html(
                gettext("Read the {docs} (Swagger UI) or download the {schema}."),
                docs=format_html('<a href="{}">{}</a>', reverse("api-docs"), gettext("API docs")),
                schema=format_html(
                    '<a href="{}">{}</a>', reverse("api-schema"), gettext("OpenAPI schema")
                ),
            ),
            format_html(
                gettext(
                    "Every list also comes as CSV (add ?format=csv). {download}: every "
                    "published list as CSV in one ZIP, with a README on the methodology, the "
                    "sources and how to cite them."
                ),
                download=format_html(
                    '<a href="{}">{}</a>', reverse("api:download"), gettext("Download everything")
                ),
            ),
            format_html(
                gettext(
                    "{releases}: frozen, citable copies of the published data; add "
                    "?release=<version> to a list or an item to get it as at that release."
                ),
                releases=format_html(
                    '<a href="{}">{}</a>',
                    reverse("public:release_list"),
                    gettext("Dataset releases"),
                ),
            ),
        )


router = DefaultRouter()
router.APIRootView = RootView
router.register("countries", CountryViewSet, basename="country")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("methodologies", MethodologyViewSet, basename="methodology")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("plans", PlanViewSet, basename="plan")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("values", ValueViewSet, basename="value")
router.register("scores", ScoreViewSet, basename="score")
router.register("plan-reviews", PlanReviewViewSet, basename="plan-review")
router.register("review-criteria", ReviewCriterionViewSet, basename="review-criterion")
router.register("releases", ReleaseViewSet, basename="release")

# The lists of the download archive (/api/v1/download/), one CSV each, in this order: router
# prefixes, so a new list joins the archive by its prefix here.
ARCHIVE_RESOURCES = [
    "countries",
    "plans",
    "indicators",
    "methodologies",
    "organizations",
    "assessments",
    "scores",
    "values",
    "review-criteria",
    "plan-reviews",
]

ASSESSMENT = (
    rf"^assessments/(?P<iso3>{ISO3Converter.regex})/(?P<year>[0-9]{{4}})/(?P<org>[-a-zA-Z0-9_]+)"
)

app_name = "api"
urlpatterns = [
    path("score-preview/", ScorePreviewView.as_view(), name="score-preview"),
    path("download/", DownloadView.as_view(), name="download"),
    # Two natural keys (country, plan), so not a router route: see PlanViewSet.
    # (A regex: the converters are registered by nap_tracker.urls, which may import this later.)
    re_path(
        rf"^plans/(?P<iso3>{ISO3Converter.regex})/(?P<key>{PlanKeyConverter.regex})/$",
        PlanDetailView.as_view(),
        name="plan-detail",
    ),
    re_path(
        rf"^plan-reviews/(?P<iso3>{ISO3Converter.regex})/(?P<key>{PlanKeyConverter.regex})"
        r"/(?P<org>[-a-zA-Z0-9_]+)/$",
        PlanReviewDetailView.as_view(),
        name="plan-review-detail",
    ),
    re_path(rf"{ASSESSMENT}/$", AssessmentDetailView.as_view(), name="assessment-detail"),
    re_path(rf"{ASSESSMENT}/scores/$", AssessmentScoresView.as_view(), name="assessment-scores"),
    re_path(rf"{ASSESSMENT}/values/$", AssessmentValuesView.as_view(), name="assessment-values"),
    re_path(rf"{ASSESSMENT}/submit/$", AssessmentSubmitView.as_view(), name="assessment-submit"),
    *router.urls,
]
# ?release=<version> on every list and detail of ARCHIVE_RESOURCES (nap_tracker.snapshots).
urlpatterns = snapshots.with_releases(urlpatterns, router, ARCHIVE_RESOURCES)
