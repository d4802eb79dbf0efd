"""Public pages that combine plans with assessments and scores; the methodology page."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView, TemplateView

from indicators import scoring
from indicators.models import Assessment, Cluster, Indicator, Methodology
from plans.models import Country, Coverage, NationalActionPlan


class HomeView(TemplateView):
    template_name = "indicators/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = Country.objects.with_plan_stats()
        latest = list(
            Assessment.objects.published().for_list().order_by("-year", "country__name")[:10]
        )
        context.update(
            country_count=countries.count(),
            countries_with_plan=countries.filter(has_plan=True).count(),
            plan_count=NationalActionPlan.objects.published().count(),
            indicator_count=Indicator.objects.count(),
            latest_assessments=latest,
            has_sample=any(a.is_sample for a in latest),
        )
        return context


class CountryDetailView(DetailView):
    template_name = "indicators/country_detail.html"
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


class PlanDetailView(DetailView):
    template_name = "indicators/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        plans = (
            NationalActionPlan.objects.visible_to(self.request.user)
            .select_related("country", "supersedes")
            .prefetch_related("documents")
            .filter(country_id=self.kwargs["iso3"].upper())
        )
        key = self.kwargs["key"]
        if key.isdigit():
            lookup = {"generation": int(key)}
        elif key.startswith("adopted-") and key.removeprefix("adopted-").isdigit():
            lookup = {"generation__isnull": True, "adopted_year": int(key[len("adopted-") :])}
        else:
            raise Http404("Unknown plan key")
        return get_object_or_404(plans, **lookup)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessments"] = list(
            Assessment.objects.visible_to(self.request.user)
            .for_list()
            .filter(plan=self.object)
            .order_by("-year", "organization__name")
        )
        return context


def scorecard_year(request, iso3: str, year: int):
    """One country-year: straight to the scorecard when one organization reported it."""
    assessments = list(
        Assessment.objects.visible_to(request.user)
        .for_list()
        .filter(country_id=iso3.upper(), year=year)
        .order_by("organization__name")
    )
    if not assessments:
        raise Http404("No assessment for this country and year")
    if len(assessments) == 1:
        return redirect(assessments[0])
    return render(
        request,
        "indicators/assessment_year.html",
        {"country": assessments[0].country, "year": year, "assessments": assessments},
    )


class ScorecardView(DetailView):
    """The scorecard of one assessment: eleven indicators by cluster, inputs, evidence, scores."""

    template_name = "indicators/scorecard.html"
    context_object_name = "assessment"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Assessment.objects.visible_to(self.request.user).for_scorecard(),
            country_id=self.kwargs["iso3"].upper(),
            year=self.kwargs["year"],
            organization__slug=self.kwargs["org"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.object
        score = getattr(assessment, "score", None)
        indicator_scores = score.indicator_scores if score else {}
        values_by_code: dict[str, list] = {}
        for value in assessment.values.all():
            values_by_code.setdefault(value.indicator.code, []).append(value)
        clusters = []
        indicators = list(Indicator.objects.ordered())
        for cluster in Cluster:
            rows = [
                {
                    "indicator": indicator,
                    "values": values_by_code.get(indicator.code, []),
                    "result": indicator_scores.get(indicator.code, {}),
                }
                for indicator in indicators
                if indicator.cluster == cluster.value
            ]
            clusters.append(
                {
                    "key": cluster.value,
                    "label": cluster.label,
                    "score": getattr(score, cluster.value, None) if score else None,
                    "status": getattr(score, f"{cluster.value}_status", "") if score else "",
                    "rows": rows,
                }
            )
        context.update(score=score, clusters=clusters)
        return context


class MethodologyView(TemplateView):
    template_name = "indicators/methodology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            methodologies=list(Methodology.objects.all()),
            indicators=list(Indicator.objects.ordered()),
            clusters=list(Cluster),
            checklist_items=scoring.WC06_ITEMS,
            rubrics=scoring.RATING_RUBRICS,
        )
        return context
