"""Conditional GET for the API's read endpoints: ``ETag``, ``Last-Modified`` and 304.

``ConditionalGetMixin`` goes first in the bases of every read view of the API (the router's
viewsets and its root; ``tests/test_api_caching.py`` checks it). For a 200 answer to GET or
HEAD it renders the response and sets:

- ``ETag``: weak, a hash of the media type and the rendered body. It changes exactly when
  the bytes the caller would receive change, whatever changed them (a validated assessment,
  an edited country, another page or filter, another language or format), and a caller can
  only match it by already holding those very bytes: a 304 never discloses anything, even
  to a signed-in member whose answer includes drafts (decision 56).
- ``Last-Modified``: the time this representation (path and query, media type, language,
  caller) was first served with its current ETag, kept in the shared cache with the ETag.
  A new body gets a later time (at least a second later: HTTP dates have whole seconds), so
  ``If-Modified-Since`` never answers 304 to someone holding an older body. If the cache
  forgets the entry, the time starts afresh: more 200s, never a wrong 304.
- ``Cache-Control: no-cache`` (caches must revalidate; ``private`` for a signed-in caller)
  and ``Vary: Accept, Accept-Language, Cookie, Authorization``.

Then Django's ``get_conditional_response`` answers ``304 Not Modified`` (no body, the same
validators) to a matching ``If-None-Match``, or, without one, to an ``If-Modified-Since``
no earlier than ``Last-Modified``. The response is still computed; only its transfer is
saved. Errors, writes and other methods get no validators, nor do streamed answers (CSV and
XLSX exports) unless their view hashed the body before sending it (the download archive).
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext
from redis.exceptions import RedisError

from nap_tracker.errors import api_error

VARY = ("Accept", "Accept-Language", "Cookie", "Authorization")
# How long the cache remembers when a representation was first served (then it starts afresh).
LAST_MODIFIED_TIMEOUT = 30 * 24 * 3600
logger = logging.getLogger(__name__)


def body_etag(content_type: str, content: bytes) -> str:
    return chunks_etag(content_type, [content])


def chunks_etag(content_type: str, chunks) -> str:
    """``body_etag`` of a body read in pieces (a file: the download archive)."""
    digest = hashlib.sha256(content_type.encode() + b"\n")
    for chunk in chunks:
        digest.update(chunk)
    return f'W/"{digest.hexdigest()[:32]}"'


def representation_key(request, content_type: str) -> str:
    user = request.user
    caller = f"user:{user.pk}" if user.is_authenticated else "anonymous"
    parts = (request.get_full_path(), content_type, translation.get_language() or "", caller)
    return "last-modified:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def first_served(key: str, etag: str) -> int | None:
    """When the representation under ``key`` was first served with ``etag`` (epoch seconds).

    None when the cache (Redis) cannot be reached: the answer then goes without
    ``Last-Modified``, its ETag still valid.
    """
    try:
        return _first_served(key, etag)
    except RedisError as exc:
        logger.error("Last-Modified not set: the cache is unavailable (%s)", exc)
        return None


def _first_served(key: str, etag: str) -> int:
    stored = cache.get(key)
    if stored and stored[0] == etag:
        return stored[1]
    since = int(time.time())
    if stored:
        since = max(since, stored[1] + 1)
    cache.set(key, (etag, since), LAST_MODIFIED_TIMEOUT)
    return since


class ConditionalGetMixin:
    """ETag, Last-Modified and 304 for GET and HEAD of a DRF view (see the module)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        content_type = response.get("Content-Type", "")
        if getattr(response, "streaming", False):
            # A streamed body has validators only if its view hashed it first (the archive);
            # CSV and XLSX exports have none (decision 67).
            etag = getattr(response, "body_etag", None)
            if etag is None:
                return response
        else:
            if hasattr(response, "render"):
                response.render()
            etag = body_etag(content_type, response.content)
        since = first_served(representation_key(request, content_type), etag)
        response["ETag"] = etag
        if since is not None:
            response["Last-Modified"] = http_date(since)
        patch_vary_headers(response, VARY)
        if request.user.is_authenticated:
            patch_cache_control(response, no_cache=True, private=True)
        else:
            patch_cache_control(response, no_cache=True)
        answer = get_conditional_response(
            request._request, etag=etag, last_modified=since, response=response
        )
        if answer.status_code == 412:  # If-Match / If-Unmodified-Since failed: JSON, as all errors
            return api_error(
                gettext("The resource does not match the request's precondition."), 412
            )
        return answer
