"""The methodology page, rendered from the stored Methodology and Indicator rows."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from indicators import scoring
from indicators.labels import rubric_levels
from indicators.models import Band, Cluster, Indicator, Methodology


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
        context.update(
            methodologies=methodologies,
            indicators=indicators,
            clusters=list(Cluster),
            checklist_items=scoring.WC06_ITEMS,
            rubrics=[
                {"code": code, "title": titles.get(code, ""), "levels": rubric_levels(code)}
                for code in scoring.RATING_RUBRICS
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
