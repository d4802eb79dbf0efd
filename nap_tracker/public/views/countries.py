"""The country index and a country's profile."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from indicators.models import Assessment
from plans.filters import CountryFilter
from plans.models import Country, Coverage, NationalActionPlan


class CountryListView(FilterView):
    filterset_class = CountryFilter
    template_name = "public/country_list.html"
    paginate_by = 50
    context_object_name = "countries"

    def get_queryset(self):
        return Country.objects.for_list()

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
        return context


class CountryDetailView(DetailView):
    template_name = "public/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        user = self.request.user
        plans = NationalActionPlan.objects.visible_to(user).select_related("supersedes")
        assessments = (
            Assessment.objects.visible_to(user).for_list().order_by("-year", "organization__name")
        )
        coverages = Coverage.objects.filter(organization__is_active=True).select_related(
            "organization"
        )
        return get_object_or_404(
            Country.objects.prefetch_related(
                Prefetch("plans", queryset=plans, to_attr="visible_plans"),
                Prefetch("assessments", queryset=assessments, to_attr="visible_assessments"),
                Prefetch("coverages", queryset=coverages),
            ),
            iso3=self.kwargs["iso3"].upper(),
        )
