"""Cross-indicator consistency warnings: not errors, but an editor confirms them to submit.

Pure Python like ``scoring``: the inputs of one assessment in, a list of warnings out.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from indicators.scoring import IndicatorInput

# Points by which WC01's parliament share may differ from the published reference figure.
PARLIAMENT_TOLERANCE = Decimal(10)


@dataclass(frozen=True)
class ConsistencyWarning:
    """One inconsistency: the indicators it concerns and a sentence saying what to check."""

    codes: tuple[str, ...]
    message: str


def _components(inputs: Mapping[str, IndicatorInput], code: str) -> Mapping[str, Mapping]:
    entry = inputs.get(code)
    if entry is None or entry.not_applicable:
        return {}
    return entry.components


def consistency_warnings(
    inputs: Mapping[str, IndicatorInput],
    *,
    plan_linked: bool = False,
    parliament_reference: Decimal | None = None,
    parliament_reference_label: str = "",
) -> list[ConsistencyWarning]:
    """Warnings for an assessment's national inputs (already valid, as scoring accepts them).

    ``plan_linked``: the assessment is linked to a plan in force that year.
    ``parliament_reference``: women's share of parliament (%) from a published source.
    """
    warnings: list[ConsistencyWarning] = []
    items = _components(inputs, "WC06").get("laws_and_policies", {}).get("items", {})
    funding = _components(inputs, "WC11").get("funding", {})
    if items.get("nap_in_force") == "yes" and funding and funding.get("allocated") == 0:
        warnings.append(
            ConsistencyWarning(
                ("WC06", "WC11"),
                "WC11 says nothing was allocated to 1325 implementation, while the WC06 "
                "checklist says a national action plan is in force. Check both.",
            )
        )
    if plan_linked and items.get("nap_in_force") == "no":
        warnings.append(
            ConsistencyWarning(
                ("WC06",),
                "The WC06 checklist says no national action plan is in force, but the "
                "assessment is linked to a plan in force that year. Check the checklist or "
                "the linked plan.",
            )
        )
    parliament = _components(inputs, "WC01").get("parliament")
    if parliament_reference is not None and parliament:
        total = parliament["women"] + parliament["men"]
        if total:
            share = Fraction(100 * parliament["women"], total)
            difference = abs(share - Fraction(parliament_reference))
            if difference > PARLIAMENT_TOLERANCE:
                shown = Decimal(float(share)).quantize(Decimal("0.1"))
                warnings.append(
                    ConsistencyWarning(
                        ("WC01",),
                        f"WC01 gives women {shown}% of parliament; {parliament_reference_label}"
                        f" gives {parliament_reference}%. The difference is more than "
                        f"{PARLIAMENT_TOLERANCE} points: check the figures and their year.",
                    )
                )
    return warnings
