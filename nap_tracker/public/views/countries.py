"""The country index: every country with its plans and latest scores, filtered and sorted."""

import hashlib
import logging

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from redis.exceptions import RedisError

from indicators import published_data
from indicators.filters import SHOW_UN, CountryScoreFilter, countries_queryset
from plans.models import NationalActionPlan

# Column headers that sort: (sort key, label, numeric, first direction when clicked).
SORTABLE_COLUMNS = [
    ("name", _("Country"), False, ""),
    ("generations", _("Generations"), True, "-"),
    ("year", _("Assessed"), True, "-"),
    ("overall", _("Overall"), True, "-"),
    ("participation", _("Participation"), True, "-"),
    ("prevention_protection", _("Prevention and protection"), True, "-"),
    ("promotion", _("Promotion"), True, "-"),
]
STATUS_LABELS = dict(NationalActionPlan.Status.choices)
# The index's content is cached per published-data version, language and query string.
CONTENT_TIMEOUT = 24 * 3600
logger = logging.getLogger(__name__)


def sort_headers(current: str) -> dict[str, dict]:
    """Per sortable column: the sort value its link sets and its ``aria-sort``.

    A column sorted one way links to the other way; any other column links to its first
    direction (scores and counts highest first, names A–Z).
    """
    current = current or "name"
    headers = {}
    for key, label, numeric, first in SORTABLE_COLUMNS:
        if current == key:
            aria_sort, link = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria_sort, link = "descending", key
        else:
            aria_sort, link = None, f"{first}{key}"
        headers[key] = {"label": label, "numeric": numeric, "aria_sort": aria_sort, "link": link}
    return headers


def content_key(request) -> str:
    """The cache key of the index's content for this request, at the current data version
    and today's date (UTC): a right-of-reply deadline passing publishes an assessment
    without any write (decision 97)."""
    parts = (
        str(published_data.version()),
        published_data.today().isoformat(),
        get_language() or "",
        request.get_full_path(),
    )
    return "country-index:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class CountryListView(FilterView):
    """The index (``_country_index.html``: filters, table, pagination) inside the page.

    The content depends only on the published data, the language and the query string, so
    it is rendered once per version of the data (``indicators.published_data``) and then
    served from the shared cache; the page around it (navigation, sign-in, CSRF token) is
    rendered for each request (decision 79).
    """

    filterset_class = CountryScoreFilter
    template_name = "public/_country_index.html"
    page_template_name = "public/country_list.html"
    paginate_by = 50
    context_object_name = "countries"

    def get(self, request, *args, **kwargs):
        key = content_key(request)
        try:
            content = cache.get(key)
        except RedisError as exc:
            logger.error("Country index not cached: the cache is unavailable (%s)", exc)
            key, content = None, None
        if content is None:
            content = super().get(request, *args, **kwargs).rendered_content
            if key is not None:
                try:
                    cache.set(key, str(content), CONTENT_TIMEOUT)
                except RedisError as exc:
                    logger.error("Country index not cached: the cache is unavailable (%s)", exc)
        # Our own rendering of our own template, stored as it was rendered.
        return TemplateResponse(
            request,
            self.page_template_name,
            {"index_content": mark_safe(content)},  # noqa: S308
        )

    def get_queryset(self):
        return countries_queryset()

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "default_show": SHOW_UN}

    def paginate_queryset(self, queryset, page_size):
        """The requested page; a page that does not exist shows the nearest one, with a note.

        Non-numbers and numbers below 1 show page 1, numbers past the end the last page.
        """
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        requested = self.request.GET.get(self.page_kwarg) or "1"
        self.page_notice = None
        try:
            page = paginator.page(paginator.num_pages if requested == "last" else requested)
        except PageNotAnInteger:
            page = paginator.page(1)
            self.page_notice = {"requested": requested, "shown": page.number}
        except EmptyPage:
            number = int(requested)
            page = paginator.page(paginator.num_pages if number > 1 else 1)
            self.page_notice = {"requested": requested, "shown": page.number}
        return (paginator, page, page.object_list, page.has_other_pages())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_notice"] = getattr(self, "page_notice", None)
        form = self.filterset.form
        sort = form.cleaned_data.get("sort") if form.is_bound and form.is_valid() else None
        context["sort_headers"] = sort_headers(sort[0] if sort else "")
        context["showing_un_only"] = (
            form.is_valid() and form.cleaned_data.get("show", SHOW_UN) == SHOW_UN
        )
        countries = context.get("countries") or []
        for country in countries:
            country.nap_status_label = STATUS_LABELS.get(country.latest_plan_status or "")
        context["has_sample"] = any(c.latest_is_sample for c in countries)
        return context
