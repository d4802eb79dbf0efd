"""The API's request limits: DRF's anonymous and per-user throttles, rates read per request.

DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` into a class attribute at import time; these
read it from ``api_settings`` each time, so ``override_settings`` (tests) takes effect.
Counters live in the default cache (Redis or the database, never per-process memory: every
gunicorn worker sees the same counts). A token authenticates its user, so the user's bucket
counts requests made with any of their tokens and their browser session alike. A request
over its limit answers 429 ``{"detail": ...}`` with ``Retry-After`` (DRF's exception handler,
message in the request's language). With Redis out of reach, requests are served
unthrottled (and logged) rather than failed. Only DRF views are throttled: the HTML pages, /healthz
and /readyz are plain Django views and never counted.
"""

import logging

from redis.exceptions import RedisError
from rest_framework import throttling
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)


class CurrentRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # Redis out of reach: serve without limits (logged) rather than fail every request.
        try:
            return super().allow_request(request, view)
        except RedisError as exc:
            logger.error("API throttle not applied: the cache is unavailable (%s)", exc)
            return True


class AnonRateThrottle(CurrentRateMixin, throttling.AnonRateThrottle):
    """Anonymous callers, by address (``NUM_PROXIES`` says which X-Forwarded-For entry)."""


class UserRateThrottle(CurrentRateMixin, throttling.UserRateThrottle):
    """Signed-in users (session or token), one bucket per account.

    DRF's also counts anonymous requests by address under this rate; the anonymous throttle
    already does, so here they are not counted (one cache write a request, not two).
    """

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
