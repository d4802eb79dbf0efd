"""The home page: what is on record, the latest validated scorecards."""

from django.views.generic import TemplateView

from indicators.models import Assessment, Indicator
from plans.models import Country, NationalActionPlan


class HomeView(TemplateView):
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = list(
            Assessment.objects.published().for_list().order_by("-year", "country__name")[:10]
        )
        context.update(
            country_count=Country.objects.count(),
            countries_with_plan=Country.objects.with_plan_stats().filter(has_plan=True).count(),
            plan_count=NationalActionPlan.objects.published().count(),
            indicator_count=Indicator.objects.count(),
            latest_assessments=latest,
            has_sample=any(a.is_sample for a in latest),
        )
        return context
