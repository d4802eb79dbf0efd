"""A plan generation's page with its documents and the assessments made under it."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from indicators.models import Assessment
from plans.models import NationalActionPlan


class PlanDetailView(DetailView):
    template_name = "public/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        plans = (
            NationalActionPlan.objects.visible_to(self.request.user)
            .select_related("country", "supersedes")
            .prefetch_related("documents")
            .filter(country_id=self.kwargs["iso3"].upper())
        )
        return get_object_or_404(plans.by_key(self.kwargs["key"]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessments"] = list(
            Assessment.objects.visible_to(self.request.user)
            .for_list()
            .filter(plan=self.object)
            .order_by("-year", "organization__name")
        )
        return context
