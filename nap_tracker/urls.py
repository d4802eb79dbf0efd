"""Root URL configuration."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter

from nap_tracker.api_docs import DocsView, SchemaView
from nap_tracker.converters import ISO3Converter, PlanKeyConverter

register_converter(ISO3Converter, "iso3")
register_converter(PlanKeyConverter, "plankey")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("nap_tracker.api")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("entry/plans/", include("plans.entry_urls")),
    path("entry/", include("indicators.entry_urls")),
    path("review/", include("indicators.review_urls")),
    path("", include("nap_tracker.public.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
