"""Public pages of plan data alone: the country index."""

from django_filters.views import FilterView

from plans.filters import CountryFilter
from plans.models import Country


class CountryListView(FilterView):
    filterset_class = CountryFilter
    template_name = "plans/country_list.html"
    paginate_by = 50
    context_object_name = "countries"

    def get_queryset(self):
        return Country.objects.for_list()
