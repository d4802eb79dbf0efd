"""``?release=2027.1`` on the read endpoints of the archive's lists: answers from a release.

``with_releases(urlpatterns, router, resources)`` (``nap_tracker.api``) wraps the list and
detail URL patterns of every resource of ``ARCHIVE_RESOURCES`` (patterns named
``<basename>-list`` / ``<basename>-detail``, the router's and the hand-written detail
views alike): a GET or HEAD with ``release`` in its query is answered by ``SnapshotView``
from the release's stored records, anything else by the live view, unchanged. A list
added to ``ARCHIVE_RESOURCES`` is frozen by ``release_cut`` and answers ``?release=``
without more code.

From a release (decision 109):

- a list answers the items stored at the cut, in their order, with the live list's
  pagination (``page``, ``page_size``; not paginated where the live list is not);
- it filters by ``country`` (ISO3, any case) and ``year`` (a whole number), the row's own
  ``country`` (or ``iso3``) and ``year``; any other parameter is a 400 naming it;
- ``?format=csv`` answers the release's stored CSV, byte for byte (no filter, no page);
- a detail answers the stored list item whose ``url`` is this address (the list's item,
  which for a country has fewer fields than today's detail); 404 if it was not in it;
- an unknown release is a 404 saying so and where the releases are listed.
"""

import functools
import re

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.exports import CSVRenderer, ExportRenderer
from nap_tracker.pagination import StandardPagination

PARAMETER = "release"
FILTERS = ("country", "year")
PAGING = ("page", "page_size")
# (view class, action) of every wrapped view, for the OpenAPI schema (nap_tracker.openapi).
ANSWERING: set[tuple[type, str | None]] = set()
YEAR = re.compile(r"^[0-9]{1,4}$")
VERSION = re.compile(r"^[0-9]{4}\.[1-9][0-9]{0,3}$")
COUNTRY = re.compile(r"^[A-Za-z]{3}$")

SCHEMA_PARAMETER = OpenApiParameter(
    PARAMETER,
    OpenApiTypes.STR,
    description="A dataset release's version (`2027.1`, see `/api/v1/releases/`): answer "
    "exactly as at that release, from its frozen copy, whatever was corrected since. On a "
    "list, only `country`, `year`, `page`, `page_size` and `format=csv` (the release's "
    "stored CSV, whole) go with it; any other parameter is a 400 naming it. An unknown "
    "release, or an item that was not in it, is a 404.",
    pattern=r"^[0-9]{4}\.[1-9][0-9]*$",
)


def answers_releases(view) -> bool:
    """Whether this view (in the schema generator) answers ``?release=``."""
    return (type(view), getattr(view, "action", None)) in ANSWERING


class SnapshotView(ConditionalGetMixin, APIView):
    """The answer of one list or detail from a release's records (see the module)."""

    permission_classes = [AllowAny]
    resource = ""
    kind = "list"
    paginated = True
    schema = None  # documented as a parameter of the live view

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.kind == "list":
            renderers.append(CSVRenderer())
        return renderers

    def handle_exception(self, exc):
        request = getattr(self, "request", None)
        if isinstance(getattr(request, "accepted_renderer", None), ExportRenderer):
            from rest_framework.renderers import JSONRenderer  # noqa: PLC0415

            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def release(self):
        from indicators.models import Release  # noqa: PLC0415 - the app's models, late

        version = self.request.query_params.get(PARAMETER, "")
        release = None
        if VERSION.match(version):  # nothing else is looked up (a NUL cannot be, for one)
            release = Release.objects.filter(version=version).only("pk", "version").first()
        if release is None:
            raise NotFound(
                gettext(
                    "There is no dataset release %(version)s. The releases are listed at %(url)s."
                )
                % {"version": repr(version[:40]), "url": reverse("api:release-list")}
            )
        return release

    def refuse(self, allowed):
        ignored = {PARAMETER, api_settings.URL_FORMAT_OVERRIDE}
        unknown = sorted(set(self.request.query_params) - ignored - set(allowed))
        if unknown:
            message = gettext(
                "This parameter does not go with ?release=: a release's list takes only "
                "country, year, page and page_size."
            )
            raise ValidationError({name: [message] for name in unknown})

    def get(self, request, *args, **kwargs):
        from indicators.models import ReleaseFile, ReleaseRecord  # noqa: PLC0415

        release = self.release()
        records = ReleaseRecord.objects.filter(release=release, resource=self.resource)
        if self.kind == "detail":
            self.refuse(())
            data = records.filter(key=request.path_info.lower()).values_list("data", flat=True)
            item = next(iter(data[:1]), None)
            if item is None:
                raise NotFound(
                    gettext("%(path)s is not in dataset release %(version)s.")
                    % {"path": request.path_info, "version": release.version}
                )
            return Response(item)
        if isinstance(request.accepted_renderer, CSVRenderer):
            self.refuse(())
            file = ReleaseFile.objects.only("content").get(
                release=release, name=f"{self.resource}.csv"
            )
            response = HttpResponse(bytes(file.content), content_type="text/csv; charset=utf-8")
            filename = f"nap_tracker-{self.resource}-{release.version}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        self.refuse((*FILTERS, *PAGING))  # paging is ignored where the live list ignores it
        records = self.filtered(records).order_by("position").values_list("data", flat=True)
        if not self.paginated:
            return Response(list(records))
        paginator = StandardPagination()
        page = paginator.paginate_queryset(records, request, view=self)
        return paginator.get_paginated_response(list(page))

    def filtered(self, records):
        params = self.request.query_params
        errors = {}
        country = params.get("country")
        if country is not None:
            if COUNTRY.match(country):
                records = records.filter(country=country.upper())
            else:
                errors["country"] = [gettext("country must be an ISO 3166-1 alpha-3 code: NOR.")]
        year = params.get("year")
        if year is not None:
            if YEAR.match(year):
                records = records.filter(year=int(year))
            else:
                errors["year"] = [gettext("year must be a year: 2024.")]
        if errors:
            raise ValidationError(errors)
        return records


def release_aware(view, resource: str, kind: str, paginated: bool):
    """``view``, answering from a release when the query names one."""
    snapshot = SnapshotView.as_view(resource=resource, kind=kind, paginated=paginated)

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if PARAMETER in request.GET and request.method in ("GET", "HEAD"):
            return snapshot(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    cls = getattr(view, "cls", None)
    if cls is not None:
        actions = getattr(view, "actions", None)
        ANSWERING.add((cls, actions.get("get") if actions else None))
    return answer


def with_releases(urlpatterns, router, resources):
    """``urlpatterns`` with the archive resources' lists and details release-aware."""
    prefixes = {basename: prefix for prefix, _, basename in router.registry if prefix in resources}
    viewsets = {prefix: viewset for prefix, viewset, _ in router.registry}
    wrapped = []
    for pattern in urlpatterns:
        base, _, kind = (getattr(pattern, "name", None) or "").rpartition("-")
        prefix = prefixes.get(base)
        if prefix is not None and kind in ("list", "detail"):
            paginated = getattr(viewsets[prefix], "pagination_class", None) is not None
            pattern.callback = release_aware(pattern.callback, prefix, kind, paginated)
        wrapped.append(pattern)
    return wrapped
