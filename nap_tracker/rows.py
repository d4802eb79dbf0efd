"""List rows built as plain dicts from ``values()`` records (decision 81).

DRF's serializers build a row field by field: a field object per column, ``get_attribute``
and ``to_representation`` for each, a model instance per row. For the longest lists (the
countries, the assessments, every stored value) that machinery was most of the request
(docs/performance.md). A view with ``PlainRowsMixin`` reads its rows as ``values()`` records
(``row_source``) and turns each into the JSON row with a small pure function
(``build_rows``), for its JSON pages and its exports alike.

The serializer stays the rows' description: the OpenAPI schema and the export columns are
still read from it, and the tests check that both ways give the very same rows (keys, order
and values) for every persona. Visibility and filters are unchanged: ``row_source`` gets the
view's filtered queryset.

Put the mixin after ``ConditionalGetMixin`` and before ``ExportMixin`` in the bases.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from rest_framework.response import Response

from nap_tracker.exports import CHUNK_SIZE, ExportRenderer, without_format
from nap_tracker.pagination import StandardPagination


class PageFirstPaginator(Paginator):
    """Django's paginator, reading the page before counting: a page shorter than the page
    size is the last one, so the total is known without ``COUNT(*)`` (a list that fits on
    one page, such as every country, costs one query instead of two)."""

    def page(self, number):
        number = self.whole_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if 0 < len(rows) < self.per_page or (number == 1 and not rows):
            self.__dict__["count"] = bottom + len(rows)  # the cached_property, known
        return self._get_page(rows, self.validate_number(number), self)

    def whole_number(self, number) -> int:
        """``validate_number`` without the upper bound (which needs the count)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class PageFirstPagination(StandardPagination):
    """The API's pagination (same parameters, same answers) with ``PageFirstPaginator``."""

    django_paginator_class = PageFirstPaginator


class PlainRowsMixin:
    """JSON pages and exports of a list from ``row_source`` and ``build_rows`` (see above)."""

    pagination_class = PageFirstPagination

    def row_source(self, queryset):
        """The filtered, ordered queryset as ``values()``/``values_list()`` records."""
        raise NotImplementedError

    def build_rows(self, records, request):
        """The JSON rows of these records, in order (a generator is fine)."""
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        if isinstance(getattr(request, "accepted_renderer", None), ExportRenderer):
            return super().list(request, *args, **kwargs)  # ExportMixin, with export_rows
        records = self.row_source(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(records)
        if page is None:
            return Response(list(self.build_rows(records, request)))
        return self.get_paginated_response(list(self.build_rows(page, request)))

    def export_rows(self, queryset):
        records = self.row_source(queryset).iterator(chunk_size=CHUNK_SIZE)
        return self.build_rows(records, without_format(self.request))
