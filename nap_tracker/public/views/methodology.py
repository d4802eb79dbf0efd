"""The methodology page, rendered from the stored Methodology and Indicator rows.

Nothing on the page is a copy that can drift: indicators, components, minimums and sources
come from the Indicator rows; bands, targets and rounding from the current Methodology's
parameters; the kinds' rules from ``scoring.KIND_RULES``; the worked example is scored
live by ``scoring.score`` with the stored parameters each time the page is shown.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from indicators import scoring
from indicators.labels import checklist_label, component_label, kind_rule, rubric_levels
from indicators.models import Band, Cluster, Indicator, Methodology
from indicators.scorecard import input_pairs
from indicators.worked_example import WORKED_EXAMPLE

# METHODOLOGY.md §1: what is known about the eleven indicators, and where it is written.
SOURCES = (
    (
        "https://gnwp.org/what-we-do/global-policy-local-action/monitoring-evaluation/",
        _("GNWP: Global Policy, Local Action, monitoring and evaluation"),
    ),
    (
        "http://www.gnwp.org/what-we-do/policy-advocacy/"
        "in-country-and-global-monitoring-of-united-nations-security-council-resolution-1325",
        _("GNWP: in-country and global monitoring of UN Security Council resolution 1325"),
    ),
    (
        "http://www.peacewomen.org/content/sierra-leone-now-seek-inputs-un-resolutions-1325-1820",
        _("PeaceWomen: Sierra Leone now to seek inputs on UN resolutions 1325 and 1820"),
    ),
    (
        "https://gnwp.org/publications/1325-civil-society-scorecard/",
        _("GNWP and Cordaid: 1325 Civil Society Scorecard (2019)"),
    ),
)


class MethodologyView(TemplateView):
    template_name = "public/methodology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(Indicator.objects.ordered())
        titles = {indicator.code: indicator.localized_title for indicator in indicators}
        component_order = [key for indicator in indicators for key in indicator.component_keys]
        methodologies = list(Methodology.objects.all())
        for methodology in methodologies:
            methodology.parameter_rows = parameter_rows(methodology.parameters, component_order)
        current = next((m for m in methodologies if m.is_current), None)
        parameters = _parameters(current)
        kinds = [c["kind"] for i in indicators for c in i.components]
        context.update(
            methodologies=methodologies,
            current=current,
            indicators=[indicator_definition(i) for i in indicators],
            clusters=[
                {
                    "key": cluster.value,
                    "label": cluster.label,
                    "indicators": [i for i in indicators if i.cluster == cluster.value],
                }
                for cluster in Cluster
            ],
            kinds=[kind_rule(kind) for kind in dict.fromkeys(kinds)],
            checklist_items=[(item, checklist_label(item)) for item in scoring.WC06_ITEMS],
            rubrics=[
                {"code": code, "title": titles.get(code, ""), "levels": rubric_levels(code)}
                for code in scoring.RATING_RUBRICS
            ],
            bands=band_rows(parameters),
            decimal_places=parameters.decimal_places,
            geometric_floor=_number(parameters.geometric_floor),
            worked_example=worked_example(indicators, parameters),
            contact_email=settings.CONTACT_EMAIL,
            sources=SOURCES,
        )
        return context


def _parameters(methodology: Methodology | None) -> scoring.Parameters:
    """The stored parameters of the current method (the defaults until one is stored)."""
    if methodology is None:
        return scoring.DEFAULT_PARAMETERS
    return scoring.Parameters.from_dict(methodology.parameters)


def indicator_definition(indicator: Indicator) -> dict:
    """An Indicator row with its components in words, for the tables that define it."""
    return {
        "indicator": indicator,
        "components": [
            {
                "key": c["key"],
                "label": component_label(c["key"]),
                "kind": c["kind"],
                "kind_label": kind_rule(c["kind"])["label"],
            }
            for c in indicator.components
        ],
    }


def band_rows(parameters: scoring.Parameters) -> list[dict]:
    """The bands from the stored thresholds: name, from (inclusive), below (exclusive)."""
    names = dict(Band.choices)
    thresholds = list(parameters.band_thresholds)
    rows = []
    starts = [None] + [t for t, _ in thresholds]
    ends = [t for t, _ in thresholds] + [None]
    keys = [parameters.lowest_band] + [name for _, name in thresholds]
    for key, start, end in zip(keys, starts, ends, strict=True):
        rows.append(
            {
                "key": key,
                "label": names.get(key, key),
                "start": None if start is None else _number(start),
                "end": None if end is None else _number(end),
            }
        )
    return rows


def worked_example(indicators: list[Indicator], parameters: scoring.Parameters) -> dict:
    """METHODOLOGY.md §5, scored now: per indicator the inputs, then every result."""
    _version, inputs = scoring.parse_payload(WORKED_EXAMPLE)
    result = scoring.score(inputs, parameters)
    rows = []
    for indicator in indicators:
        entry = inputs.get(indicator.code)
        outcome = result.indicators[indicator.code]
        component_scores = {c.key: c for c in outcome.components}
        components = []
        if entry is not None and not entry.not_applicable:
            for key, values in entry.components.items():
                components.append(
                    {
                        "label": component_label(key),
                        "inputs": input_pairs(values),
                        "score": component_scores[key].score,
                        "status": component_scores[key].status,
                    }
                )
        rows.append(
            {
                "indicator": indicator,
                "not_applicable_reason": entry.reason if entry and entry.not_applicable else "",
                "components": components,
                "score": outcome.score,
                "status": outcome.status,
            }
        )
    labels = dict(Cluster.choices)
    return {
        "indicators": rows,
        "clusters": [
            {"label": labels[name], "score": c.score, "status": c.status}
            for name, c in result.clusters.items()
        ],
        "overall": result.overall,
        "band_label": dict(Band.choices).get(result.overall.band, ""),
        "payload": WORKED_EXAMPLE,
    }


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
    Component keys are shown in words.
    """
    bands = dict(Band.choices)
    rows = []
    known = [key for key in PARAMETER_LABELS if key in parameters]
    others = sorted(key for key in parameters if key not in PARAMETER_LABELS)
    for key in known + others:
        if key in HIDDEN_PARAMETERS:
            continue
        value = parameters[key]
        row = {"key": key, "label": PARAMETER_LABELS.get(key, key), "value": "", "items": []}
        if key == "ratio_targets" and isinstance(value, dict):
            rank = {name: i for i, name in enumerate(component_order)}
            ordered = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
            row["items"] = [(component_label(name), _number(value[name])) for name in ordered]
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
    text = str(value)
    if "." in text and text.replace(".", "", 1).isdigit():
        text = text.rstrip("0").rstrip(".")
    return text
