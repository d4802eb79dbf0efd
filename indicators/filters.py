"""The country FilterSet that knows scores: the country index page and the countries API.

It extends ``plans.filters.CountryFilter`` (name, region, has a plan, UN member) with what
needs the latest validated assessment (band, year, score ordering), so it lives here: plans
may not import indicators. Expects a queryset annotated by ``countries_queryset()``.
"""

import copy
import functools

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from indicators.models import Assessment, Band, Cluster, IndicatorValue
from indicators.querysets import with_latest_score
from nap_tracker import publication
from plans.filters import (
    CountryFilter,
    GenerationFilter,
    ISO3ListFilter,
    YearFilter,
    YesNoFilter,
    region_filter,
    subregion_choices,
    subregion_filter,
)
from plans.models import Country, NationalActionPlan

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


@functools.cache
def _countries_query():
    # Built once per process: resolving some twenty annotations took a millisecond per
    # request. Never evaluated itself; every caller gets a clone (docs/performance.md).
    return with_latest_score(Country.objects.for_list())


def countries_queryset():
    """Every country with its plan facts and latest validated scores, by name."""
    return _countries_query().all()


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
        choices=subregion_choices(),
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


class ScoreField(forms.DecimalField):
    """A score bound, 0 to 100, decimals allowed (``55.5``); anything else is an error
    naming the parameter. Long strings are refused before any conversion."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ScoreBoundFilter(django_filters.NumberFilter):
    field_class = ScoreField


def _format(fmt, label) -> str:
    return str(fmt) % {"score": label}


_lazy_format = lazy(_format, str)


def score_range(field: str, label) -> tuple[ScoreBoundFilter, ScoreBoundFilter]:
    """The filters ``<field>_min`` and ``<field>_max`` on the stored ``score__<field>``."""
    return (
        ScoreBoundFilter(
            field_name=f"score__{field}",
            lookup_expr="gte",
            label=_lazy_format(_("%(score)s at least"), label),
        ),
        ScoreBoundFilter(
            field_name=f"score__{field}",
            lookup_expr="lte",
            label=_lazy_format(_("%(score)s at most"), label),
        ),
    )


class IndicatorCodeListField(forms.CharField):
    """One or more indicator codes, comma-separated (``WC01`` or ``wc01,wc04``), upper-cased."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return []
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        if len(codes) > CODE_LIST_MAX or not all(
            len(code) <= 4 and code.isascii() and code.isalnum() for code in codes
        ):
            raise ValidationError(
                _("Give one or more indicator codes separated by commas, like WC01,WC04."),
                code="invalid",
            )
        return codes


CODE_LIST_MAX = 50


@extend_schema_field(OpenApiTypes.STR)
class IndicatorCodeListFilter(ISO3ListFilter):
    field_class = IndicatorCodeListField


class OrganizationSegmentFilter(django_filters.CharFilter):
    """An organization's slug, or an anonymous assessment's public key
    (``publication.segment_lookup``): the slug of an organization never matches its
    anonymous assessments, except for its own members and staff (decision 102)."""

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        prefix = self.field_name.removesuffix("organization__slug")
        request = getattr(self.parent, "request", None)
        user = getattr(request, "user", None)
        return qs.filter(publication.segment_lookup(value, user, prefix))


class AssessmentFilter(django_filters.FilterSet):
    """Filters of the assessment list and the score rows (API). Expects
    ``Assessment.objects.visible_to(user)``: ``status`` only narrows what the caller may
    already see (validated rows for anonymous callers; members also see their organizations'
    drafts, submitted and returned rows).

    The ``plan_*`` filters are the facts of the plan in force that year (an assessment
    without one matches none of them); score ranges are on the stored score.

    Every filter here is a plain lookup from the assessment (no ``method``), so that a
    FilterSet of rows below an assessment can reuse them all by setting
    ``assessment_path`` (``ValueFilter``: ``"assessment__"``).
    """

    assessment_path = ""

    country = ISO3ListFilter(
        field_name="country_id", label=_("Country ISO3 codes, comma-separated")
    )
    region = region_filter("country__")
    subregion = subregion_filter("country__")
    year_min = YearFilter(field_name="year", lookup_expr="gte", label=_("Reporting year from"))
    year_max = YearFilter(field_name="year", lookup_expr="lte", label=_("Reporting year to"))
    organization = OrganizationSegmentFilter(
        field_name="organization__slug",
        label=_("Organization slug (or an anonymous assessment's public key)"),
    )
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices, label=_("Status"))
    is_sample = YesNoFilter(label=_("Sample data"))
    methodology = django_filters.CharFilter(
        field_name="score__methodology__version", label=_("Methodology version")
    )
    band = django_filters.ChoiceFilter(
        field_name="score__band", choices=Band.choices, label=_("Band of the overall score")
    )
    overall_min, overall_max = score_range("overall", SORT_LABELS["overall"])
    participation_min, participation_max = score_range(
        "participation", SORT_LABELS["participation"]
    )
    prevention_protection_min, prevention_protection_max = score_range(
        "prevention_protection", SORT_LABELS["prevention_protection"]
    )
    promotion_min, promotion_max = score_range("promotion", SORT_LABELS["promotion"])
    plan_generation = GenerationFilter(
        field_name="plan__generation", label=_("Generation of the plan in force")
    )
    plan_status = django_filters.ChoiceFilter(
        field_name="plan__status",
        choices=NationalActionPlan.Status.choices,
        label=_("Status of the plan in force"),
    )
    plan_lead_category = django_filters.ChoiceFilter(
        field_name="plan__lead_category",
        choices=NationalActionPlan.LeadCategory.choices,
        label=_("Lead ministry of the plan in force"),
    )
    plan_budget = django_filters.ChoiceFilter(
        field_name="plan__budget",
        choices=NationalActionPlan.Budget.choices,
        label=_("Budget of the plan in force"),
    )
    plan_me_framework = YesNoFilter(
        field_name="plan__me_framework", label=_("The plan in force has an M&E framework")
    )

    class Meta:
        model = Assessment
        fields = []

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        if cls.assessment_path:
            for name in AssessmentFilter.declared_filters:
                moved = copy.deepcopy(filters[name])
                moved.field_name = cls.assessment_path + moved.field_name
                filters[name] = moved
        return filters


# The stored scores a range filters on: overall and the three clusters.
SCORE_RANGES = ("overall", "participation", "prevention_protection", "promotion")


class ValueFilter(AssessmentFilter):
    """Filters of the values list: every assessment filter, applied to the value's
    assessment, and the value's own indicator, cluster and level."""

    assessment_path = "assessment__"

    indicator = IndicatorCodeListFilter(
        field_name="indicator__code", label=_("Indicator codes, comma-separated")
    )
    cluster = django_filters.ChoiceFilter(
        field_name="indicator__cluster", choices=Cluster.choices, label=_("Cluster")
    )
    level = django_filters.ChoiceFilter(
        choices=IndicatorValue.Level.choices, label=_("Level (national or local)")
    )

    class Meta:
        model = IndicatorValue
        fields = []


LONG = "long"
WIDE = "wide"
SCORE_LEVELS = [
    ("overall", _("Overall")),
    ("cluster", _("Cluster")),
    ("indicator", _("Indicator")),
]


class ScoreRowFilter(AssessmentFilter):
    """Filters of the score rows: the assessment filters pick assessments; ``form``,
    ``indicator`` and ``level`` pick the rows of each, read by the view (they do not
    change which assessments are listed)."""

    form = django_filters.ChoiceFilter(
        choices=[(LONG, _("Long: one row per score")), (WIDE, _("Wide: one row per assessment"))],
        label=_("Form"),
        method="pick_rows",
    )
    indicator = IndicatorCodeListFilter(
        label=_("Indicator codes, comma-separated"), method="pick_rows"
    )
    level = django_filters.ChoiceFilter(choices=SCORE_LEVELS, label=_("Level"), method="pick_rows")

    class Meta:
        model = Assessment
        fields = []

    def pick_rows(self, queryset, name, value):
        return queryset

    def clean_rows(self) -> dict:
        """The row choices, once the FilterSet is valid: form, indicator codes, level."""
        data = self.form.cleaned_data
        return {
            "form": data.get("form") or LONG,
            "indicator": data.get("indicator") or [],
            "level": data.get("level") or "",
        }
