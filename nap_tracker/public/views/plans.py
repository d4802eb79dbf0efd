"""A plan generation's page: its documents, the assessments made under it, its quality reviews."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from indicators import right_of_reply
from indicators.models import Assessment
from indicators.published_data import today as utc_today
from plans.models import NationalActionPlan
from plans.review_models import PlanReview
from plans.review_services import review_result


class PlanDetailView(DetailView):
    template_name = "public/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        plans = (
            NationalActionPlan.objects.visible_to(self.request.user)
            .select_related("country", "supersedes", "superseded_by")
            .prefetch_related("documents")
            .filter(country_id=self.kwargs["iso3"].upper())
        )
        return get_object_or_404(plans.by_key(self.kwargs["key"]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # What the compare page compares this plan with by default: the plan it supersedes,
        # else the one before it in time (see plan_compare.PlanCompareView.other_plan).
        plan = self.object
        earlier = [
            p
            for p in NationalActionPlan.objects.visible_to(self.request.user).filter(
                country_id=plan.country_id
            )
            if (p.sort_year, p.generation or 0) < (plan.sort_year, plan.generation or 0)
        ]
        context["compare_with"] = plan.supersedes or max(
            earlier, key=lambda p: (p.sort_year, p.generation or 0), default=None
        )
        context["assessments"] = list(
            Assessment.objects.visible_to(self.request.user)
            .for_list()
            .filter(plan=self.object)
            .order_by("-year", "organization__name")
        )
        # The NAP quality review (issue 10 part 1): validated reviews only, whoever asks,
        # each with the government's right of reply (decision 112).
        today = utc_today()
        context["quality_reviews"] = [
            (review, review_result(review), right_of_reply.of_assessment(review, today))
            for review in PlanReview.objects.published()
            .for_detail()
            .prefetch_related(right_of_reply.review_prefetch())
            .filter(plan=self.object)
            .order_by("publish_anonymously", "organization__name", "pk")
        ]
        return context
