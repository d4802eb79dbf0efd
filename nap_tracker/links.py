"""Absolute links for API rows, built without a URL resolver walk per row.

``reverse()`` walks the URLconf on every call; a list of 250 countries made some 750 such
walks per request (a third of the list's time, docs/performance.md). ``path`` caches each
answer (the URLconf and script prefix do not change while the process runs; the key holds
both), and ``absolute`` joins it to the request's scheme and host, read once per request.
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=50_000)
def _path(name: str, items: tuple, prefix: str, urlconf) -> str:
    return reverse(name, kwargs=dict(items), urlconf=urlconf)


def path(name: str, **kwargs) -> str:
    """``reverse(name, kwargs=kwargs)``, remembered."""
    return _path(name, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())


def path_of(name: str):
    """``path`` for one name, the script prefix and URLconf read once (for a loop of rows)."""
    prefix, urlconf = get_script_prefix(), get_urlconf()

    def path_with(**kwargs) -> str:
        return _path(name, tuple(sorted(kwargs.items())), prefix, urlconf)

    return path_with


def origin(request) -> str:
    """``scheme://host`` of the request (what ``build_absolute_uri`` puts before a path)."""
    cached = getattr(request, "_links_origin", None)
    if cached is None:
        cached = request.build_absolute_uri("/")[:-1]
        request._links_origin = cached
    return cached


def absolute(request, name: str, **kwargs) -> str:
    """``request.build_absolute_uri(reverse(name, kwargs=kwargs))``, cheaply."""
    return origin(request) + path(name, **kwargs)
