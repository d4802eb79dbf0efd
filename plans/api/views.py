"""Read-only API views of countries and their plans."""

from django.db.models import Prefetch
from rest_framework import viewsets

from plans.api.serializers import CountryDetailSerializer, CountrySerializer
from plans.filters import CountryFilter
from plans.models import Country, NationalActionPlan


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Every ISO 3166-1 country with its UN M49 region and whether it has a national action plan.

    Filters: `region` (M49 region), `has_plan`, `un_member` (true/false), `q` (name or code).
    """

    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_class = CountryFilter

    def get_queryset(self):
        queryset = Country.objects.for_list()
        if self.action == "retrieve":
            plans = NationalActionPlan.objects.published().select_related("supersedes")
            queryset = queryset.prefetch_related(
                Prefetch("plans", queryset=plans, to_attr="published_plans")
            )
        return queryset

    def get_serializer_class(self):
        return CountryDetailSerializer if self.action == "retrieve" else CountrySerializer

    def get_object(self):
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()
