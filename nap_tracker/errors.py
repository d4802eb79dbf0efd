"""Error answers: JSON under /api/, the HTML pages elsewhere, 503 while the database is down.

``handler400/403/404/500`` (nap_tracker.urls) answer ``{"detail": ...}`` for every path
under ``/api/`` and the site's templates elsewhere. ``ServiceErrorsMiddleware`` turns a
database that cannot be reached (``OperationalError``, ``InterfaceError``) into a 503 with
``Retry-After`` instead of a 500, and a request body the client stopped sending
(``UnreadablePostError``, e.g. gunicorn's body timeout) into a 400; ``handler500`` gives
the 503 for a database error raised outside a view (a middleware reading the session, a
404 page showing the user).
Nothing here touches the database, and every request tries the database afresh, so the
site recovers by itself once the database is back.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse, UnreadablePostError
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext, ngettext
from django.views import defaults
from rest_framework import exceptions, views

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# What a client should wait before trying again; a database restart takes seconds.
RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _stylesheet() -> str | None:
    """The site's stylesheet, or None if even that cannot be worked out (no manifest)."""
    try:
        return static("css/site.css")
    except Exception:  # noqa: BLE001 - a page without styles beats no page
        return None


def database_unavailable(request) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, a standalone page elsewhere."""
    if is_api(request):
        response = api_error(
            gettext("The database is unavailable just now; try again shortly."), 503
        )
    else:
        context = {
            "retry_after": RETRY_AFTER_SECONDS,
            "stylesheet": _stylesheet(),
            "path": request.get_full_path() if request.method == "GET" else "/",
        }
        try:
            body = loader.render_to_string("503.html", context)  # no request: no user
        except Exception:  # noqa: BLE001 - the plainest answer rather than none
            logger.exception("The 503 page could not be rendered")
            body = "Service unavailable: the database cannot be reached. Try again shortly."
            return _unavailable(HttpResponse(body, status=503, content_type="text/plain"))
        response = HttpResponse(body, status=503)
    return _unavailable(response)


def _unavailable(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ServiceErrorsMiddleware:
    """A database out of reach answers 503, a body that never arrives 400: not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UnreadablePostError):
            logger.warning("Request body of %s not read: %s", request.path_info, exception)
            if is_api(request):
                return api_error(gettext("The request body was not received in full."), 400)
            return defaults.bad_request(request, exception)
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "Database unavailable while serving %s: %s",
            request.path_info,
            exception,
            exc_info=(type(exception), exception, exception.__traceback__),
        )
        return database_unavailable(request)


def throttled_detail(wait: int | None) -> str:
    """The 429 message, one translatable sentence (DRF's joins two, the second untranslatable)."""
    if wait is None:
        return gettext("Too many requests. Try again later.")
    return ngettext(
        "Too many requests. Try again in %(wait)d second.",
        "Too many requests. Try again in %(wait)d seconds.",
        wait,
    ) % {"wait": wait}


def api_exception_handler(exc, context):
    """DRF's handler (``{"detail": ...}``, ``Retry-After`` on 429), with our 429 message."""
    if isinstance(exc, exceptions.Throttled):
        exc.detail = exceptions.ErrorDetail(throttled_detail(exc.wait), code="throttled")
    return views.exception_handler(exc, context)


def bad_request(request, exception):
    if is_api(request):
        return api_error(gettext("Bad request."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return api_error(gettext("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(gettext("Not found."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Django calls this inside its ``except`` block: the error is still in sys.exc_info().
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    if is_api(request):
        return api_error(gettext("A server error occurred."), 500)
    try:
        body = loader.render_to_string("500.html", {"stylesheet": _stylesheet()})
    except Exception:  # noqa: BLE001 - Django's plainest page rather than none
        return defaults.server_error(request)
    return HttpResponseServerError(body)
