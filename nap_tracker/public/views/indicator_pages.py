"""Indicator pages: the eleven indicators, and each one's definition and every country's score.

Scores are each country's latest validated assessment (validated only, whoever asks: these
pages compare countries, and a draft is not a result), read from the stored snapshot
through ``indicators.scorecard.build``; nothing is recomputed here.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from indicators import scorecard, scoring
from indicators.labels import checklist_label, component_label, kind_rule, rubric_levels
from indicators.models import Assessment, Cluster, Indicator
from nap_tracker.public import charts

SORTS = {
    "score": _("score, highest first"),
    "-score": _("score, lowest first"),
    "name": _("country name, A to Z"),
    "-name": _("country name, Z to A"),
}
DEFAULT_SORT = "score"
BIN_WIDTH = 10


@dataclass(frozen=True)
class CountryScore:
    """One country's latest validated assessment and its score on one indicator."""

    assessment: Assessment
    score: scorecard.Score

    @property
    def country(self):
        return self.assessment.country


class IndicatorIndexView(TemplateView):
    template_name = "public/indicator_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(Indicator.objects.ordered())
        context["clusters"] = [
            {
                "label": cluster.label,
                "indicators": [
                    {
                        "indicator": i,
                        "components": [component_label(key) for key in i.component_keys],
                    }
                    for i in indicators
                    if i.cluster == cluster.value
                ],
            }
            for cluster in Cluster
        ]
        return context


class IndicatorDetailView(TemplateView):
    template_name = "public/indicator_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(Indicator.objects.ordered())
        code = self.kwargs["code"].upper()
        indicator = next((i for i in indicators if i.code == code), None)
        if indicator is None:
            raise Http404("No such indicator")
        rows = country_scores(indicators, code)
        sort = self.request.GET.get("sort", DEFAULT_SORT)
        sort_known = sort in SORTS
        rows = sort_rows(rows, sort if sort_known else DEFAULT_SORT)
        scored = [r.score.value for r in rows if r.score.is_scored]
        context.update(
            indicator=indicator,
            cluster_label=dict(Cluster.choices).get(indicator.cluster, indicator.cluster),
            components=[
                {
                    "key": c["key"],
                    "label": component_label(c["key"]),
                    "kind": kind_rule(c["kind"]),
                    "items": [(item, checklist_label(item)) for item in checklist_items(c)],
                }
                for c in indicator.components
            ],
            rubric=rubric_levels(code) if code in scoring.RATING_RUBRICS else [],
            rows=rows,
            sort=sort if sort_known else DEFAULT_SORT,
            sort_unknown=None if sort_known else sort,
            sorts=SORTS,
            chart=distribution_chart(scored, code),
            scored_count=len(scored),
            unscored=unscored_counts(rows),
            has_sample=any(r.assessment.is_sample for r in rows),
        )
        return context


def checklist_items(component: dict) -> tuple[str, ...]:
    """A checklist component's items: as stored, else the method's (WC06 is the only one)."""
    if component["kind"] != scoring.CHECKLIST:
        return ()
    return tuple(component.get("items") or scoring.WC06_ITEMS)


def country_scores(indicators: list[Indicator], code: str) -> list[CountryScore]:
    """Every country's latest validated assessment with its stored score on ``code``."""
    assessments = (
        Assessment.objects.published()
        .latest_per_country()
        .select_related("country", "organization", "score__methodology")
    )
    rows = []
    for assessment in assessments:
        stored = getattr(assessment, "score", None)
        card = scorecard.build(indicators, stored.as_dict() if stored else None)
        row = card.indicator(code)
        rows.append(CountryScore(assessment, row.score))
    return rows


def sort_rows(rows: list[CountryScore], sort: str) -> list[CountryScore]:
    """By score (unscored rows last, whatever the direction) or by country name."""
    if sort in ("name", "-name"):
        return sorted(rows, key=lambda r: r.country.name, reverse=sort == "-name")
    scored = [r for r in rows if r.score.is_scored]
    unscored = sorted((r for r in rows if not r.score.is_scored), key=lambda r: r.country.name)
    scored.sort(key=lambda r: r.country.name)
    scored.sort(key=lambda r: r.score.value, reverse=sort == "score")
    return scored + unscored


def distribution_chart(scores: list[float], code: str):
    """A histogram of the scores in bands of ten, as a bar chart with a table."""
    counts = charts.histogram_counts(scores, width=BIN_WIDTH)
    top = max([count for _label, count in counts] + [1])
    maximum = -(-top // 4) * 4  # ticks at quarters stay whole numbers
    return charts.bar_chart(
        [
            (
                _("%(range)s points") % {"range": label},
                count,
                ngettext("%(n)s country", "%(n)s countries", count) % {"n": count},
            )
            for label, count in counts
        ],
        title=_("How many countries score in each band of ten points on %(code)s") % {"code": code},
        maximum=maximum,
        value_heading=_("Countries"),
        label_width=140,
    )


def unscored_counts(rows: list[CountryScore]) -> list[tuple[str, int]]:
    """How many countries have no score on the indicator, by status, in words."""
    words = {
        scoring.NOT_APPLICABLE: _("not applicable"),
        scoring.NO_DATA: _("no data"),
        scoring.INSUFFICIENT_DATA: _("insufficient data"),
        scorecard.NOT_SCORED: _("not scored yet"),
    }
    counts: dict[str, int] = {}
    for row in rows:
        if not row.score.is_scored:
            counts[row.score.status] = counts.get(row.score.status, 0) + 1
    return [(words.get(status, status), counts[status]) for status in words if status in counts]
