"""Scorecards: one assessment's eleven indicators by cluster, inputs, evidence and scores."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView

from indicators import scorecard
from indicators.models import Assessment, Indicator


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
        "public/assessment_year.html",
        {"country": assessments[0].country, "year": year, "assessments": assessments},
    )


class ScorecardView(DetailView):
    """The scorecard of one assessment: eleven indicators by cluster, inputs, evidence, scores."""

    template_name = "public/scorecard.html"
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
        stored = getattr(self.object, "score", None)
        context["score"] = stored
        context["card"] = scorecard.build(
            Indicator.objects.ordered(),
            stored.as_dict() if stored else None,
            self.object.values.all(),
        )
        return context
