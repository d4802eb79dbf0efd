"""Root URL configuration."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter

from nap_tracker import health
from nap_tracker.api_docs import DocsView, SchemaView
from nap_tracker.converters import ISO3Converter, PlanKeyConverter
from nap_tracker.sitemaps import SITEMAPS

register_converter(ISO3Converter, "iso3")
register_converter(PlanKeyConverter, "plankey")

# JSON under /api/, the site's pages elsewhere; 503 when the database is down (nap_tracker.errors).
handler400 = "nap_tracker.errors.bad_request"
handler403 = "nap_tracker.errors.permission_denied"
handler404 = "nap_tracker.errors.page_not_found"
handler500 = "nap_tracker.errors.server_error"

urlpatterns = [
    # For load balancers: the process is up / the database answers (nap_tracker.health).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", include("nap_tracker.api")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/tokens/", include("organizations.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # Plan reviews (issue 10, part 1): entry/plan-reviews/… and review/plan-reviews/….
    path("", include("plans.review_urls")),
    path("entry/plans/", include("plans.entry_urls")),
    path("entry/", include("indicators.entry_urls")),
    path("review/", include("indicators.review_urls")),
    # A government respondent's draft results and replies (issue 10, part 2).
    path("replies/", include("indicators.reply_urls")),
    # An org admin's members and coverage pages, and invitation links (issue 9, part 2).
    path("", include("organizations.member_urls")),
    path("", include("plans.coverage_urls")),
    path("", include("nap_tracker.public.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
