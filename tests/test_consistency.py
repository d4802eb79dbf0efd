"""Cross-indicator consistency warnings, as tables of cases on plain inputs (no database)."""

import subprocess
import sys
from decimal import Decimal

import pytest

from indicators.consistency import consistency_warnings
from indicators.scoring import IndicatorInput


def inputs(nap_in_force=None, allocated=None, parliament=None) -> dict:
    out = {}
    if nap_in_force is not None:
        items = {"nap_in_force": nap_in_force}
        out["WC06"] = IndicatorInput(components={"laws_and_policies": {"items": items}})
    if allocated is not None:
        funding = {"allocated": allocated, "disbursed": 0}
        out["WC11"] = IndicatorInput(components={"funding": funding})
    if parliament is not None:
        women, men = parliament
        out["WC01"] = IndicatorInput(components={"parliament": {"women": women, "men": men}})
    return out


@pytest.mark.parametrize(
    ("given", "kwargs", "codes"),
    [
        (inputs("yes", 0), {}, [("WC06", "WC11")]),
        (inputs("yes", 1000), {}, []),
        (inputs("no", 0), {}, []),
        (inputs("na", 0), {}, []),
        (inputs("no"), {"plan_linked": True}, [("WC06",)]),
        (inputs("no"), {"plan_linked": False}, []),
        (inputs("yes"), {"plan_linked": True}, []),
        (inputs(parliament=(30, 70)), {"parliament_reference": Decimal("40")}, []),  # 10 points
        (inputs(parliament=(299, 701)), {"parliament_reference": Decimal("40")}, [("WC01",)]),
        (inputs(parliament=(50, 50)), {"parliament_reference": Decimal("40")}, []),
        (inputs(parliament=(0, 0)), {"parliament_reference": Decimal("40")}, []),
        (inputs(parliament=(10, 90)), {}, []),  # no reference figure loaded
    ],
    ids=[
        "no-money-nap",
        "money",
        "no-nap",
        "na",
        "linked-no",
        "unlinked",
        "linked-yes",
        "tolerance-edge",
        "past-tolerance",
        "within",
        "empty-parliament",
        "no-reference",
    ],
)
def test_each_rule_fires_only_past_its_edge(given, kwargs, codes):
    warnings = consistency_warnings(given, parliament_reference_label="WPS Index", **kwargs)
    assert [w.codes for w in warnings] == codes


def test_the_parliament_warning_names_both_figures():
    (warning,) = consistency_warnings(
        inputs(parliament=(20, 80)),
        parliament_reference=Decimal("35.5"),
        parliament_reference_label="GIWPS & PRIO, WPS Index 2025/26",
    )
    assert "WC01 gives women 20.0% of parliament" in warning.message
    assert "GIWPS & PRIO, WPS Index 2025/26 gives 35.5%" in warning.message


def test_the_consistency_module_imports_without_django():
    code = "import sys, indicators.consistency; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
