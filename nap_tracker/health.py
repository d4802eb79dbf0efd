"""Probes for load balancers and orchestrators: is the process up, can it reach its database.

``/healthz`` answers 200 as long as the process serves requests, without touching the
database (restarting the process would not bring a database back). ``/readyz`` answers
200 only if ``SELECT 1`` succeeds, else 503: send traffic elsewhere for now. Both are
exempt from the HTTPS redirect (``SECURE_REDIRECT_EXEMPT``), since probes speak plain
HTTP to the process.
"""

import logging

from django.db import Error, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from nap_tracker.errors import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


# csrf_exempt: a probe changes nothing, so a POST is simply 405 (not a CSRF 403).
@csrf_exempt
@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@csrf_exempt
@never_cache
@require_safe
def readyz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as exc:  # OperationalError, InterfaceError (a closed connection), ...
        logger.warning("Readiness check: the database is unreachable: %s", exc)
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})
