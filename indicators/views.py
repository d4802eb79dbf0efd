"""Public pages that combine plans with assessments and scores; the methodology page."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from indicators import scoring
from indicators.models import Assessment, Band, Cluster, Indicator, Methodology
from plans.models import Country, Coverage, NationalActionPlan

# The status shown as "not scored yet": the assessment has no stored score at all.
NOT_SCORED = "not_scored"


class HomeView(TemplateView):
    template_name = "indicators/home.html"

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
                scorecard_row(
                    indicator,
                    values_by_code.get(indicator.code, []),
                    indicator_scores.get(indicator.code, {}) if score else None,
                )
                for indicator in indicators
                if indicator.cluster == cluster.value
            ]
            clusters.append(
                {
                    "key": cluster.value,
                    "label": cluster.label,
                    "score": getattr(score, cluster.value, None) if score else None,
                    "status": getattr(score, f"{cluster.value}_status", "")
                    if score
                    else NOT_SCORED,
                    "rows": rows,
                }
            )
        context.update(score=score, clusters=clusters)
        return context


def scorecard_row(indicator: Indicator, values: list, result: dict | None) -> dict:
    """One indicator of a scorecard: its result, and per component the values with evidence.

    ``result`` is the stored ``indicator_scores`` entry ({} when the stored score lacks this
    indicator), or None when the assessment has not been scored at all.
    """
    if result is None:
        result = {"score": None, "status": NOT_SCORED}
    component_results = result.get("components") or {}
    not_applicable = [v for v in values if v.not_applicable]
    by_key: dict[str, list] = {}
    for value in values:
        if not value.not_applicable:
            by_key.setdefault(value.component, []).append(value)
    keys = indicator.component_keys + [k for k in by_key if k not in indicator.component_keys]
    components = []
    for key in keys:
        entered = sorted(by_key.get(key, []), key=lambda v: (v.level != "national", v.locality))
        if result["status"] == NOT_SCORED:
            component_result = {"score": None, "status": NOT_SCORED}
        else:
            component_result = component_results.get(key, {"score": None, "status": ""})
        components.append(
            {
                "key": key,
                "values": entered,
                "has_national": any(v.level == "national" for v in entered),
                "score": component_result.get("score"),
                "status": component_result.get("status"),
            }
        )
    return {
        "indicator": indicator,
        "values": values,
        "not_applicable_values": not_applicable,
        # Components are listed once something was entered; "not applicable" has none.
        "components": components if by_key else [],
        "result": result,
    }


class MethodologyView(TemplateView):
    template_name = "indicators/methodology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(Indicator.objects.ordered())
        titles = {indicator.code: indicator.title for indicator in indicators}
        component_order = [key for indicator in indicators for key in indicator.component_keys]
        methodologies = list(Methodology.objects.all())
        for methodology in methodologies:
            methodology.parameter_rows = parameter_rows(methodology.parameters, component_order)
        context.update(
            methodologies=methodologies,
            indicators=indicators,
            clusters=list(Cluster),
            checklist_items=scoring.WC06_ITEMS,
            rubrics=[
                {"code": code, "title": titles.get(code, ""), "levels": list(enumerate(levels))}
                for code, levels in scoring.RATING_RUBRICS.items()
            ],
        )
        return context


PARAMETER_LABELS = {
    "parity_share": _("Parity share (% of women that scores 100)"),
    "ratio_targets": _("Ratio targets (% that scores 100)"),
    "band_thresholds": _("Band thresholds"),
    "geometric_floor": _("Geometric floor (cluster scores below it count as it)"),
    "decimal_places": _("Decimal places"),
}
# Shown elsewhere on the page (version) or folded into the band thresholds (lowest band).
HIDDEN_PARAMETERS = {"version", "lowest_band"}


def parameter_rows(parameters: dict, component_order: list[str]) -> list[dict]:
    """A methodology's parameters as readable label / value (or label / items) rows.

    Known parameters come first in a fixed order; unknown ones follow as they are stored.
    """
    bands = dict(Band.choices)
    rows = []
    known = [key for key in PARAMETER_LABELS if key in parameters]
    others = sorted(key for key in parameters if key not in PARAMETER_LABELS)
    for key in known + others:
        if key in HIDDEN_PARAMETERS:
            continue
        value = parameters[key]
        row = {
            "key": key,
            "label": PARAMETER_LABELS.get(key, key),
            "value": "",
            "items": [],
            # Item names are component keys (shown as code) unless they are band names.
            "keys_as_code": key != "band_thresholds",
        }
        if key == "ratio_targets" and isinstance(value, dict):
            rank = {name: i for i, name in enumerate(component_order)}
            ordered = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
            row["items"] = [(name, _number(value[name])) for name in ordered]
        elif key == "band_thresholds" and _pairs(value):
            lowest = parameters.get("lowest_band")
            if lowest and value:
                row["items"].append((bands.get(lowest, lowest), "< " + _number(value[0][0])))
            row["items"] += [
                (bands.get(name, name), "≥ " + _number(threshold)) for threshold, name in value
            ]
        elif isinstance(value, dict):
            row["items"] = [(k, _number(v)) for k, v in value.items()]
        elif isinstance(value, list):
            row["value"] = ", ".join(_number(v) for v in value)
        else:
            row["value"] = _number(value)
        rows.append(row)
    return rows


def _pairs(value) -> bool:
    return isinstance(value, list) and all(
        isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in value
    )


def _number(value) -> str:
    """A stored parameter as text: numbers without a trailing .0, lists joined."""
    if isinstance(value, (list, tuple)):
        return " ".join(_number(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
