"""The country FilterSet that knows scores: the country index page and the countries API.

It extends ``plans.filters.CountryFilter`` (name, region, has a plan, UN member) with what
needs the latest validated assessment (band, year, score ordering), so it lives here: plans
may not import indicators. Expects a queryset annotated by ``countries_queryset()``.
"""

import django_filters
from django import forms
from django.db.models import F, Q
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from indicators.models import Assessment, Band
from indicators.querysets import with_latest_score
from plans.filters import M49_REGIONS, CountryFilter, ISO3ListFilter, YearFilter, YesNoFilter
from plans.models import Country, NationalActionPlan
from plans.regions import m49_label

# UN M49 sub-regions (intermediate regions are not stored), in the order of their region.
M49_SUBREGIONS = [
    (
        "Africa",
        ["Eastern Africa", "Middle Africa", "Northern Africa", "Southern Africa", "Western Africa"],
    ),
    ("Americas", ["Caribbean", "Central America", "Northern America", "South America"]),
    (
        "Asia",
        ["Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"],
    ),
    ("Europe", ["Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"]),
    ("Oceania", ["Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"]),
]

SHOW_UN = "un"
SHOW_ALL = "all"
NO_PLAN = "none"
STATUS_NOT_STATED = "not_stated"
NO_ASSESSMENT = "none"

# Sort keys of the query string -> annotation; scores, years and counts sort empty values last.
SORT_FIELDS = {
    "name": "name",
    "generations": "plan_count",
    "year": "latest_year",
    "overall": "latest_overall",
    "participation": "latest_participation",
    "prevention_protection": "latest_prevention_protection",
    "promotion": "latest_promotion",
}
SORT_LABELS = {
    "name": _("Country"),
    "generations": _("Plan generations"),
    "year": _("Year assessed"),
    "overall": _("Overall score"),
    "participation": _("Participation"),
    "prevention_protection": _("Prevention and protection"),
    "promotion": _("Promotion of a gender perspective"),
}


def countries_queryset():
    """Every country with its plan facts and latest validated scores, by name."""
    return with_latest_score(Country.objects.for_list())


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _descending(fmt, label) -> str:
    return str(fmt) % label


# Evaluated when shown, not when the FilterSet class is made, so it is in the reader's language.
_lazy_descending = lazy(_descending, str)


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Ordering on annotations with empty values last both ways, then by name."""

    def build_choices(self, fields, labels):
        # django-filter formats "%s (descending)" once, when the FilterSet class is made, so
        # in the default language; this formats it each time the choices are shown.
        choices = []
        for value, label in super().build_choices(fields, labels)[::2]:
            descending = labels.get(f"-{value}") or _lazy_descending(self.descending_fmt, label)
            choices += [(value, label), (f"-{value}", descending)]
        return choices

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            expression = F(self.param_map[param.lstrip("-")])
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "name", "iso3")


class CountryScoreFilter(CountryFilter):
    """Filters of the country index and ``/api/v1/countries/``.

    ``show`` defaults to ``default_show``: "all" in the API (every ISO 3166-1 entry, as it
    always answered), "un" on the index page (UN member and observer states).
    """

    show = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            (SHOW_UN, _("UN member and observer states")),
            (SHOW_ALL, _("All countries and territories")),
        ],
        empty_label=None,
        method="filter_show",
    )
    subregion = django_filters.ChoiceFilter(
        label=_("Sub-region"),
        choices=[
            (m49_label(region), [(s, m49_label(s)) for s in subs])
            for region, subs in M49_SUBREGIONS
        ],
        empty_label=_("All sub-regions"),
    )
    nap_status = django_filters.ChoiceFilter(
        label=_("Status of the latest plan"),
        choices=[
            *NationalActionPlan.Status.choices,
            (STATUS_NOT_STATED, _("Status not stated by the source")),
            (NO_PLAN, _("No sourced plan on record")),
        ],
        empty_label=_("Any status"),
        method="filter_nap_status",
    )
    band = django_filters.ChoiceFilter(
        label=_("Band of the latest validated assessment"),
        choices=[*Band.choices, (NO_ASSESSMENT, _("No validated assessment yet"))],
        empty_label=_("Any band"),
        method="filter_band",
    )
    year = IntegerFilter(
        field_name="latest_year",
        label=_("Year of the latest validated assessment"),
        min_value=2000,
        max_value=2100,
    )
    sort = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=[(field, key) for key, field in SORT_FIELDS.items()],
        field_labels={field: SORT_LABELS[key] for key, field in SORT_FIELDS.items()},
        empty_label=_("Country (A–Z)"),
    )

    class Meta:
        model = Country
        fields = [
            "q",
            "show",
            "region",
            "subregion",
            "has_plan",
            "nap_status",
            "band",
            "year",
            "un_member",
            "sort",
        ]

    default_show = SHOW_ALL

    def __init__(self, data=None, *args, default_show=None, **kwargs):
        if default_show is not None:
            self.default_show = default_show
        # Bound even without a query string, so that the default "show" applies.
        data = QueryDict(mutable=True) if data is None else data.copy()
        if not data.get("show"):
            data["show"] = self.default_show
        super().__init__(data, *args, **kwargs)

    def filter_show(self, queryset, name, value):
        if value == SHOW_UN:
            return queryset.filter(Q(un_member=True) | Q(un_observer=True))
        return queryset

    def filter_nap_status(self, queryset, name, value):
        if value == NO_PLAN:
            return queryset.filter(has_plan=False)
        if value == STATUS_NOT_STATED:
            return queryset.filter(has_plan=True, latest_plan_status="")
        return queryset.filter(latest_plan_status=value)

    def filter_band(self, queryset, name, value):
        if value == NO_ASSESSMENT:
            return queryset.filter(latest_assessment_id__isnull=True)
        return queryset.filter(latest_band=value)


class AssessmentFilter(django_filters.FilterSet):
    """Filters of the assessment list (API). Expects ``Assessment.objects.visible_to(user)``:
    ``status`` only narrows what the caller may already see (validated rows for anonymous
    callers; members also see their organizations' drafts, submitted and returned rows)."""

    country = ISO3ListFilter(
        field_name="country_id", label=_("Country ISO3 codes, comma-separated")
    )
    region = django_filters.ChoiceFilter(
        field_name="country__region",
        choices=[(r, m49_label(r)) for r in M49_REGIONS],
        label=_("Region"),
        empty_label=_("All regions"),
    )
    year_min = YearFilter(field_name="year", lookup_expr="gte", label=_("Reporting year from"))
    year_max = YearFilter(field_name="year", lookup_expr="lte", label=_("Reporting year to"))
    organization = django_filters.CharFilter(
        field_name="organization__slug", label=_("Organization slug")
    )
    band = django_filters.ChoiceFilter(
        field_name="score__band", choices=Band.choices, label=_("Band of the overall score")
    )
    methodology = django_filters.CharFilter(
        field_name="score__methodology__version", label=_("Methodology version")
    )
    is_sample = YesNoFilter(label=_("Sample data"))
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices, label=_("Status"))

    class Meta:
        model = Assessment
        fields = [
            "country",
            "region",
            "year_min",
            "year_max",
            "organization",
            "band",
            "methodology",
            "is_sample",
            "status",
        ]
