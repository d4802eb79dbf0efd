"""A country's profile: its plan generations, latest scorecard, trend and context."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from indicators.models import Assessment
from plans.models import Country, Coverage, NationalActionPlan


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
