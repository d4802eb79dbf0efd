"""FilterSets shared by the country pages and the API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Country
from plans.regions import m49_label

M49_REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]


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
