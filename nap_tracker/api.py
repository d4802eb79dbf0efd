"""The one API router: every /api/v1/ resource is registered here."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from rest_framework.routers import APIRootView, DefaultRouter

from indicators.api.views import CountryViewSet, IndicatorViewSet, ScorePreviewView
from nap_tracker.conditional import ConditionalGetMixin


class RootView(ConditionalGetMixin, APIRootView):
    """The resources of nap_tracker's API, version 1.

    Interactive documentation: /api/docs/. OpenAPI 3 schema: /api/schema/.
    """

    def get_view_description(self, html=False):
        if not html:
            return super().get_view_description(html)
        return format_html(
            "<p>{}</p><p>{}</p>",
            gettext("The resources of nap_tracker's API, version 1."),
            format_html(
                gettext("Read the {docs} (Swagger UI) or download the {schema}."),
                docs=format_html('<a href="{}">{}</a>', reverse("api-docs"), gettext("API docs")),
                schema=format_html(
                    '<a href="{}">{}</a>', reverse("api-schema"), gettext("OpenAPI schema")
                ),
            ),
        )


router = DefaultRouter()
router.APIRootView = RootView
router.register("countries", CountryViewSet, basename="country")
router.register("indicators", IndicatorViewSet, basename="indicator")

app_name = "api"
urlpatterns = [
    path("score-preview/", ScorePreviewView.as_view(), name="score-preview"),
    *router.urls,
]
