"""FilterSets shared by the country pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Country

M49_REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]


class YesNoAnyWidget(django_filters.widgets.BooleanWidget):
    """A select reading "Any / Yes / No" that accepts true/false (and 1/0) in query strings."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class CountryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or code"))
    region = django_filters.ChoiceFilter(
        choices=[(r, r) for r in M49_REGIONS], label=_("Region"), empty_label=_("All regions")
    )
    has_plan = django_filters.BooleanFilter(
        label=_("Has a national action plan"), widget=YesNoAnyWidget()
    )
    un_member = django_filters.BooleanFilter(label=_("UN member state"), widget=YesNoAnyWidget())

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
