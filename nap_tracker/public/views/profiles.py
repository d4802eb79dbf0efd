"""A country's profile: its plan generations, latest scorecard, trend and context."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from indicators import scorecard
from indicators.models import Assessment, Cluster
from nap_tracker.public import charts, trends
from plans.models import Country, Coverage, NationalActionPlan, WPSIndexEntry


def timeline(plans):
    """Plans newest first: by period start (else adoption year), then generation."""
    return sorted(plans, key=lambda p: (p.sort_year, p.generation or 0), reverse=True)


class CountryDetailView(DetailView):
    template_name = "public/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        user = self.request.user
        plans = (
            NationalActionPlan.objects.visible_to(user)
            .select_related("supersedes", "superseded_by")
            .prefetch_related("documents")
        )
        assessments = (
            Assessment.objects.visible_to(user)
            .for_list()
            .select_related("plan")
            .order_by("-year", "organization__name")
        )
        # Public coverage only: not who monitors a country anonymously (decision 102).
        coverages = (
            Coverage.objects.public()
            .filter(organization__is_active=True)
            .select_related("organization")
        )
        wps = WPSIndexEntry.objects.order_by("-edition")
        return get_object_or_404(
            Country.objects.prefetch_related(
                Prefetch("plans", queryset=plans, to_attr="visible_plans"),
                Prefetch("assessments", queryset=assessments, to_attr="visible_assessments"),
                Prefetch("coverages", queryset=coverages),
                Prefetch("wps_index_entries", queryset=wps, to_attr="wps_entries"),
            ),
            iso3=self.kwargs["iso3"].upper(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        plans = timeline(country.visible_plans)
        # The plan before each one in the timeline, for "compare with the previous plan".
        previous = {later.pk: earlier for later, earlier in zip(plans, plans[1:], strict=False)}
        validated = [
            a
            for a in country.visible_assessments
            if a.status == Assessment.Status.VALIDATED and hasattr(a, "score")
        ]
        cards = [(a, scorecard.build((), a.score.as_dict())) for a in validated]
        latest = cards[0] if cards else None
        years = trends.by_year((a.year, card) for a, card in cards)
        context.update(
            plans=[(plan, previous.get(plan.pk)) for plan in plans],
            latest=latest,
            trend_years=years,
            trend_chart=self.trend_chart(country, years) if len(years) > 1 else None,
            shared_years=[year for year, summary in years if summary.count > 1],
            wps=country.wps_entries[0] if country.wps_entries else None,
            has_sample=any(a.is_sample for a in country.visible_assessments),
        )
        return context

    @staticmethod
    def trend_chart(country, years):
        series = [(_("Overall"), [summary.overall for _year, summary in years])]
        series += [
            (str(cluster.label), [summary.cluster(cluster.value) for _year, summary in years])
            for cluster in Cluster
        ]
        return charts.line_chart(
            [year for year, _summary in years],
            series,
            title=_("Scores of %(country)s's validated assessments by year (0–100)")
            % {"country": country.name},
            x_heading=_("Year"),
            missing=_("no data"),
        )
