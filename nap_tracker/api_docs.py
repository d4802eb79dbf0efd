"""The OpenAPI schema (/api/schema/) and Swagger UI (/api/docs/) of the /api/v1/ resources."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema: YAML by default, JSON with ``?format=json``."""


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI under the site's Content-Security-Policy.

    The split view serves the page and, at ``?script``, Swagger UI's start-up code as a
    JavaScript file, so no inline script is needed; the template (templates/api/) moves the
    default template's inline ``<style>`` to static/css/api-docs.css. Swagger UI's own files
    come from drf-spectacular-sidecar's static files, so nothing is loaded from a CDN.
    """

    template_name = "api/swagger_ui.html"
    url_name = "api-schema"
    title = "nap_tracker API"
