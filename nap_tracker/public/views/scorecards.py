"""Scorecards: one assessment's eleven indicators by cluster, inputs, evidence and scores."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from indicators import right_of_reply, scorecard
from indicators.models import Assessment, Indicator
from indicators.published_data import today as utc_today
from nap_tracker import publication
from nap_tracker.public import charts


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
            Assessment.objects.visible_to(self.request.user)
            .at_public_segment(self.kwargs["org"], self.request.user)
            .for_scorecard()
            .prefetch_related(right_of_reply.reply_prefetch()),
            country_id=self.kwargs["iso3"].upper(),
            year=self.kwargs["year"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stored = getattr(self.object, "score", None)
        context["score"] = stored
        card = scorecard.build(
            Indicator.objects.ordered(),
            stored.as_dict() if stored else None,
            self.object.values.all(),
        )
        context["card"] = card
        today = utc_today()
        # Only members and staff reach an embargoed one (visible_to): say it is not public.
        context["embargoed"] = publication.is_embargoed(self.object, today)
        # Shown beside the scores, which it never changes (decision 99).
        context["reply"] = right_of_reply.of_assessment(self.object, today)
        context["chart"] = cluster_chart(card) if stored else None
        context["cite"] = {
            "url": self.request.build_absolute_uri(self.object.get_absolute_url()),
            "retrieved": timezone.localdate(),
        }
        return context


def cluster_chart(card: scorecard.Scorecard):
    """The overall score and the three cluster scores as bars; statuses in words."""
    words = {
        "not_applicable": _("not applicable"),
        "insufficient_data": _("insufficient data"),
        "no_data": _("no data"),
    }

    def row(label, score: scorecard.Score):
        if score.is_scored:
            return (label, score.value)
        return (label, None, words.get(score.status, _("no data")))

    return charts.bar_chart(
        [row(_("Overall"), card.overall)] + [row(c.label, c.score) for c in card.clusters],
        title=_("Overall and cluster scores (0–100)"),
        value_heading=_("Score"),
    )
