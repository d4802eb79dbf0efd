"""FilterSets shared by the country pages and the API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Country, NationalActionPlan
from plans.regions import m49_label

M49_REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
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


def subregion_choices():
    """The M49 sub-regions grouped by region, named in the reader's language."""
    return [
        (m49_label(region), [(s, m49_label(s)) for s in subs]) for region, subs in M49_SUBREGIONS
    ]


class YesNoAnyWidget(django_filters.widgets.BooleanWidget):
    """A select reading "Any / Yes / No" that accepts true/false (and 1/0) in query strings."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        value = super().value_from_datadict(data, files, name)
        # Hand an unrecognised value on as it is, so the field can reject it by name.
        return raw if value is None and raw not in (None, "") else value


class StrictNullBooleanField(forms.NullBooleanField):
    def to_python(self, value):
        if isinstance(value, str):
            raise ValidationError(
                _("%(value)s is not one of true, false, 1 or 0."),
                code="invalid",
                params={"value": value},
            )
        return value

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    """true/false (or 1/0); anything else is an error naming the value, never ignored."""

    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoAnyWidget())
        super().__init__(*args, **kwargs)


class CountryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or code"))
    region = django_filters.ChoiceFilter(
        choices=[(r, m49_label(r)) for r in M49_REGIONS],
        label=_("Region"),
        empty_label=_("All regions"),
    )
    has_plan = YesNoFilter(label=_("Has a national action plan"))
    un_member = YesNoFilter(label=_("UN member state"))

    class Meta:
        model = Country
        fields = ["q", "region", "has_plan", "un_member"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value)
            | Q(official_name__icontains=value)
            | Q(iso3__iexact=value)
            | Q(iso2__iexact=value)
        )


ISO3_LIST_MAX = 250


class ISO3ListField(forms.CharField):
    """One or more ISO3 codes, comma-separated (``NOR`` or ``nor,swe``), upper-cased."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return []
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        if len(codes) > ISO3_LIST_MAX or not all(
            len(code) == 3 and code.isascii() and code.isalpha() for code in codes
        ):
            raise ValidationError(
                _("Give one or more ISO3 codes separated by commas, like NOR,SWE."),
                code="invalid",
            )
        return codes


class ISO3ListFilter(django_filters.Filter):
    field_class = ISO3ListField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class YearField(forms.IntegerField):
    """A four-digit year; anything else is an error naming the parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 4:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class GenerationField(forms.IntegerField):
    """A plan generation, 1 to 20; anything else is an error naming the parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 2:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class GenerationFilter(django_filters.NumberFilter):
    field_class = GenerationField


def region_filter(country_path: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name=f"{country_path}region",
        choices=[(r, m49_label(r)) for r in M49_REGIONS],
        label=_("Region"),
        empty_label=_("All regions"),
    )


def subregion_filter(country_path: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name=f"{country_path}subregion",
        choices=subregion_choices(),
        label=_("Sub-region"),
        empty_label=_("All sub-regions"),
    )


class PlanFilter(django_filters.FilterSet):
    """Filters of the plan list (API): every parameter is validated, never a raw lookup."""

    country = ISO3ListFilter(
        field_name="country_id", label=_("Country ISO3 codes, comma-separated")
    )
    region = region_filter("country__")
    subregion = subregion_filter("country__")
    generation = GenerationFilter(label=_("Plan generation"))
    status = django_filters.ChoiceFilter(
        choices=NationalActionPlan.Status.choices, label=_("Status")
    )
    lead_category = django_filters.ChoiceFilter(
        choices=NationalActionPlan.LeadCategory.choices, label=_("Lead ministry")
    )
    budget = django_filters.ChoiceFilter(
        choices=NationalActionPlan.Budget.choices, label=_("Budget")
    )
    me_framework = YesNoFilter(label=_("Has an M&E framework"))
    adopted_year_min = YearFilter(
        field_name="adopted_year", lookup_expr="gte", label=_("Adopted in or after")
    )
    adopted_year_max = YearFilter(
        field_name="adopted_year", lookup_expr="lte", label=_("Adopted in or before")
    )
    is_sample = YesNoFilter(label=_("Sample data"))

    class Meta:
        model = NationalActionPlan
        fields = [
            "country",
            "region",
            "subregion",
            "generation",
            "status",
            "lead_category",
            "budget",
            "me_framework",
            "adopted_year_min",
            "adopted_year_max",
            "is_sample",
        ]
