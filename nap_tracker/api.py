"""The one API router: every /api/v1/ resource is registered here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from indicators.api.views import CountryViewSet, IndicatorViewSet, ScorePreviewView

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("indicators", IndicatorViewSet, basename="indicator")

app_name = "api"
urlpatterns = [
    path("score-preview/", ScorePreviewView.as_view(), name="score-preview"),
    *router.urls,
]
