"""Tests for the scoring method 1.0: worked example, rules, statuses, validation and rounding."""

import copy
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from indicators import scoring
from indicators.scoring import (
    DEFAULT_PARAMETERS,
    INDICATORS,
    INDICATORS_BY_CODE,
    INSUFFICIENT_DATA,
    NO_DATA,
    NOT_APPLICABLE,
    SCORED,
    ClusterResult,
    IndicatorInput,
    IndicatorResult,
    Parameters,
    ScoringError,
    ScoringMessage,
    band_for,
    parse_payload,
    score,
    score_cluster,
    score_overall,
    validate_component,
)
from indicators.worked_example import WORKED_EXAMPLE
from tests.worked_example_results import EXPECTED_CLUSTERS, EXPECTED_INDICATORS

ROOT = Path(__file__).resolve().parent.parent


def example() -> dict:
    return copy.deepcopy(WORKED_EXAMPLE)


def score_payload(payload: dict, parameters: Parameters = DEFAULT_PARAMETERS):
    _, inputs = parse_payload(payload)
    return score(inputs, parameters)


def only(code: str, components: dict) -> dict:
    """A payload with a single indicator's components."""
    return {"methodology": "1.0", "indicators": {code: {"components": components}}}


def english(errors: dict) -> dict:
    """Errors with each ScoringMessage as its English text, to compare with strings."""
    return {
        key: english(value) if isinstance(value, dict) else [str(m) for m in value]
        for key, value in errors.items()
    }


def errors_of(payload: object) -> dict:
    with pytest.raises(ScoringError) as caught:
        parse_payload(payload)
    return english(caught.value.errors)


def at(errors: dict, path: tuple[str, ...]) -> list[str]:
    for key in path:
        errors = errors[key]
    return errors


# --- The worked example (§5) -------------------------------------------------------------


@pytest.mark.parametrize(("code", "expected"), EXPECTED_INDICATORS.items())
def test_worked_example_gives_the_published_indicator_score(code, expected):
    result = score_payload(example()).indicators[code]
    expected_score, expected_status = expected
    assert result.status == expected_status
    assert result.score == (None if expected_score is None else Decimal(str(expected_score)))


def test_worked_example_gives_the_published_clusters_overall_and_band():
    result = score_payload(example())
    assert {n: c.score for n, c in result.clusters.items()} == {
        "participation": Decimal("40.9"),
        "prevention_protection": Decimal("44.1"),
        "promotion": Decimal("57.5"),
    }
    assert all(c.status == SCORED for c in result.clusters.values())
    assert result.overall.score == Decimal("47.0")
    assert result.overall.arithmetic_mean == Decimal("47.5")
    assert result.overall.band == "low"
    assert result.overall.status == SCORED
    assert result.version == "1.0"


def test_worked_example_as_dict_is_the_published_preview_response():
    answer = score_payload(example()).as_dict()
    without_components = {
        code: {k: v for k, v in entry.items() if k != "components"}
        for code, entry in answer["indicators"].items()
    }
    assert answer["methodology"] == "1.0"
    assert without_components == {
        code: {"score": s, "status": st} for code, (s, st) in EXPECTED_INDICATORS.items()
    }
    assert answer["clusters"] == {
        name: {"score": s, "status": "scored"} for name, s in EXPECTED_CLUSTERS.items()
    }
    assert answer["overall"] == {
        "score": 47.0,
        "arithmetic_mean": 47.5,
        "band": "low",
        "status": "scored",
    }
    assert list(answer) == ["methodology", "indicators", "clusters", "overall"]
    assert json.loads(json.dumps(answer)) == answer


def test_as_dict_lists_every_indicator_and_cluster_even_with_no_inputs():
    answer = score({}).as_dict()
    assert list(answer["indicators"]) == [f"WC{n:02}" for n in range(1, 12)]
    assert list(answer["clusters"]) == list(scoring.CLUSTERS)
    assert all(e["status"] == NO_DATA and e["score"] is None for e in answer["indicators"].values())
    assert answer["overall"] == {
        "score": None,
        "arithmetic_mean": None,
        "band": None,
        "status": INSUFFICIENT_DATA,
    }


def test_as_dict_reports_each_indicators_components():
    components = score_payload(example()).as_dict()["indicators"]["WC03"]["components"]
    assert components == {
        "military": {"score": 12.0, "status": SCORED},
        "police": {"score": 40.0, "status": SCORED},
        "judiciary": {"score": None, "status": NO_DATA},
    }


# --- The eleven indicators (§2) ----------------------------------------------------------

SPEC_TABLE = [
    ("WC01", "participation", ("cabinet", "parliament", "local_government"), "share", 2, False),
    ("WC02", "participation", ("negotiating_teams",), "share", 1, True),
    ("WC03", "participation", ("military", "police", "judiciary"), "share", 2, False),
    ("WC04", "participation", ("peacekeepers",), "share", 1, True),
    ("WC05", "participation", ("task_force_seats",), "ratio", 1, True),
    ("WC06", "prevention_protection", ("laws_and_policies",), "checklist", 1, False),
    ("WC07", "prevention_protection", ("military_training", "police_training"), "ratio", 1, False),
    ("WC08", "prevention_protection", ("transitional_justice",), "rating", 1, True),
    ("WC09", "prevention_protection", ("sgbv_cases",), "attrition", 1, False),
    ("WC10", "promotion", ("dissemination",), "rating", 1, False),
    ("WC11", "promotion", ("funding",), "funding", 1, False),
]


@pytest.mark.parametrize(("code", "cluster", "keys", "kind", "minimum", "na"), SPEC_TABLE)
def test_indicator_definition_matches_the_specification(code, cluster, keys, kind, minimum, na):
    definition = INDICATORS_BY_CODE[code]
    assert definition.cluster == cluster
    assert tuple(c.key for c in definition.components) == keys
    assert {c.kind for c in definition.components} == {kind}
    assert definition.min_components == minimum
    assert definition.not_applicable_allowed is na
    assert bool(definition.not_applicable_hint) is na
    assert definition.component(keys[0]) is definition.components[0]
    assert definition.component("nope") is None


def test_there_are_eleven_indicators_in_code_order_with_checklist_and_rubrics():
    assert [d.code for d in INDICATORS] == [row[0] for row in SPEC_TABLE]
    assert INDICATORS_BY_CODE["WC06"].components[0].items == scoring.WC06_ITEMS
    assert scoring.WC06_ITEMS[0] == "nap_in_force"
    assert scoring.WC06_ITEMS[-1] == "crsv_reparations_law"
    assert len(scoring.WC06_ITEMS) == 8
    assert {k: len(v) for k, v in scoring.RATING_RUBRICS.items()} == {"WC08": 5, "WC10": 5}
    assert scoring.RATING_RUBRICS["WC10"][4] == "awareness measured by a survey"
    assert INDICATORS_BY_CODE["WC11"].title == (
        "Allocation and disbursement of funding for 1325 implementation, including to civil society"
    )


# --- Component rules (§3) ----------------------------------------------------------------

ALL_YES = dict.fromkeys(scoring.WC06_ITEMS, "yes")

COMPONENT_CASES = [
    # share: parity is full marks, capped above parity, unscored when nobody is counted
    ("WC01", "cabinet", {"women": 50, "men": 50}, "100.0"),
    ("WC01", "cabinet", {"women": 80, "men": 20}, "100.0"),
    ("WC01", "cabinet", {"women": 5, "men": 15}, "50.0"),
    ("WC01", "cabinet", {"women": 0, "men": 10}, "0.0"),
    ("WC04", "peacekeepers", {"women": 0, "men": 0}, None),
    # ratio: task-force target 50, training target 100, capped, unscored when denominator is 0
    ("WC05", "task_force_seats", {"numerator": 3, "denominator": 12}, "50.0"),
    ("WC05", "task_force_seats", {"numerator": 6, "denominator": 12}, "100.0"),
    ("WC05", "task_force_seats", {"numerator": 12, "denominator": 12}, "100.0"),
    ("WC05", "task_force_seats", {"numerator": 0, "denominator": 5}, "0.0"),
    ("WC05", "task_force_seats", {"numerator": 0, "denominator": 0}, None),
    ("WC07", "military_training", {"numerator": 6, "denominator": 12}, "50.0"),
    ("WC07", "military_training", {"numerator": 10, "denominator": 10}, "100.0"),
    ("WC07", "police_training", {"numerator": 1, "denominator": 8}, "12.5"),
    ("WC07", "police_training", {"numerator": 0, "denominator": 0}, None),
    # rating: level / 4
    ("WC10", "dissemination", {"level": 0}, "0.0"),
    ("WC10", "dissemination", {"level": 1}, "25.0"),
    ("WC10", "dissemination", {"level": 2}, "50.0"),
    ("WC10", "dissemination", {"level": 3}, "75.0"),
    ("WC10", "dissemination", {"level": 4}, "100.0"),
    ("WC08", "transitional_justice", {"level": 3}, "75.0"),
    # checklist: yes / (yes + no); na and unanswered items do not count
    ("WC06", "laws_and_policies", {"items": ALL_YES}, "100.0"),
    ("WC06", "laws_and_policies", {"items": dict.fromkeys(scoring.WC06_ITEMS, "no")}, "0.0"),
    ("WC06", "laws_and_policies", {"items": dict.fromkeys(scoring.WC06_ITEMS, "na")}, None),
    ("WC06", "laws_and_policies", {"items": {}}, None),
    (
        "WC06",
        "laws_and_policies",
        {"items": {"nap_in_force": "yes", "trafficking_law": "no"}},
        "50.0",
    ),
    ("WC06", "laws_and_policies", {"items": {**ALL_YES, "trafficking_law": "no"}}, "87.5"),
    # attrition: (investigated + prosecuted + penalised) / (3 × reported)
    (
        "WC09",
        "sgbv_cases",
        {"reported": 10, "investigated": 10, "prosecuted": 10, "penalised": 10},
        "100.0",
    ),
    (
        "WC09",
        "sgbv_cases",
        {"reported": 10, "investigated": 0, "prosecuted": 0, "penalised": 0},
        "0.0",
    ),
    (
        "WC09",
        "sgbv_cases",
        {"reported": 12, "investigated": 6, "prosecuted": 3, "penalised": 0},
        "25.0",
    ),
    (
        "WC09",
        "sgbv_cases",
        {"reported": 0, "investigated": 0, "prosecuted": 0, "penalised": 0},
        None,
    ),
    # funding: disbursed / allocated, capped; nothing allocated scores 0
    ("WC11", "funding", {"allocated": 0, "disbursed": 0}, "0.0"),
    ("WC11", "funding", {"allocated": 0, "disbursed": 500}, "0.0"),
    ("WC11", "funding", {"allocated": 1000, "disbursed": 650}, "65.0"),
    ("WC11", "funding", {"allocated": 1000, "disbursed": 1500}, "100.0"),
    ("WC11", "funding", {"allocated": 2001, "disbursed": 1000.5}, "50.0"),
    ("WC11", "funding", {"allocated": 0.3, "disbursed": 0.1}, "33.3"),
    (
        "WC11",
        "funding",
        {"allocated": 10, "disbursed": 5, "to_civil_society": 5, "currency": "EUR"},
        "50.0",
    ),
    (
        "WC11",
        "funding",
        {"allocated": 10, "disbursed": 5, "to_civil_society": None, "currency": None},
        "50.0",
    ),
]


@pytest.mark.parametrize(("code", "key", "values", "expected"), COMPONENT_CASES)
def test_component_kind_scores_by_its_rule(code, key, values, expected):
    component = score_payload(only(code, {key: values})).indicators[code].components
    result = next(c for c in component if c.key == key)
    assert result.score == (None if expected is None else Decimal(expected))
    assert result.status == (NO_DATA if expected is None else SCORED)
    assert validate_component(code, key, values) == {}


# --- Statuses (§4.1–4.3) -----------------------------------------------------------------

SHARE = {"women": 1, "men": 3}

INDICATOR_STATUS_CASES = [
    (
        "WC01",
        {"components": {"cabinet": SHARE, "parliament": SHARE, "local_government": SHARE}},
        SCORED,
        "50.0",
    ),
    ("WC01", {"components": {"cabinet": SHARE, "parliament": SHARE}}, SCORED, "50.0"),
    ("WC01", {"components": {"cabinet": SHARE}}, INSUFFICIENT_DATA, None),
    (
        "WC01",
        {"components": {"cabinet": SHARE, "parliament": {"women": 0, "men": 0}}},
        INSUFFICIENT_DATA,
        None,
    ),
    ("WC02", {"not_applicable": True, "reason": "no formal peace process"}, NOT_APPLICABLE, None),
    ("WC03", None, NO_DATA, None),
    ("WC03", {"components": {}}, NO_DATA, None),
    ("WC03", {"not_applicable": False, "reason": "", "components": None}, NO_DATA, None),
    (
        "WC07",
        {"components": {"police_training": {"numerator": 1, "denominator": 4}}},
        SCORED,
        "25.0",
    ),
    (
        "WC09",
        {
            "components": {
                "sgbv_cases": {"reported": 0, "investigated": 0, "prosecuted": 0, "penalised": 0}
            }
        },
        INSUFFICIENT_DATA,
        None,
    ),
]


@pytest.mark.parametrize(("code", "entry", "status", "expected"), INDICATOR_STATUS_CASES)
def test_indicator_status_follows_section_4_1(code, entry, status, expected):
    indicators = {} if entry is None else {code: entry}
    result = score_payload({"methodology": "1.0", "indicators": indicators}).indicators[code]
    assert result.status == status
    assert result.score == (None if expected is None else Decimal(expected))


def test_unentered_components_are_listed_as_no_data_and_not_applicable_lists_none():
    result = score_payload(only("WC01", {"cabinet": SHARE}))
    assert [(c.key, c.status) for c in result.indicators["WC01"].components] == [
        ("cabinet", SCORED),
        ("parliament", NO_DATA),
        ("local_government", NO_DATA),
    ]
    assert score_payload(example()).indicators["WC02"].components == ()


def participation(**entries: dict) -> dict:
    """Participation inputs: WC01 and WC03 scored at 50 unless replaced."""
    indicators = {
        "WC01": {"components": {"cabinet": SHARE, "parliament": SHARE}},
        "WC03": {"components": {"military": SHARE, "police": SHARE}},
    }
    indicators.update(entries)
    return {"methodology": "1.0", "indicators": {k: v for k, v in indicators.items() if v}}


NA = {"not_applicable": True, "reason": "none"}

CLUSTER_STATUS_CASES = [
    ("all applicable scored", participation(WC02=NA, WC04=NA, WC05=NA), SCORED),
    ("exactly half scored is enough", participation(WC03=None, WC02=NA, WC04=NA, WC05=NA), SCORED),
    ("2 of 5 applicable scored", participation(), INSUFFICIENT_DATA),
    ("1 of 3 applicable scored", participation(WC03=None, WC02=NA, WC04=NA), INSUFFICIENT_DATA),
    (
        "3 of 5 applicable scored",
        participation(WC04={"components": {"peacekeepers": SHARE}}),
        SCORED,
    ),
]


@pytest.mark.parametrize(("case", "payload", "status"), CLUSTER_STATUS_CASES)
def test_cluster_status_follows_section_4_2(case, payload, status):
    result = score_payload(payload).clusters["participation"]
    assert result.status == status
    assert (result.score == Decimal("50.0")) is (status == SCORED)


def indicator(status: str, exact: str | None = None, cluster: str = "promotion") -> IndicatorResult:
    value = None if exact is None else Fraction(exact)
    shown = None if value is None else Decimal(exact)
    return IndicatorResult("WC10", cluster, status, shown, (), value)


def test_cluster_whose_indicators_are_all_not_applicable_is_not_applicable():
    result = score_cluster("promotion", [indicator(NOT_APPLICABLE), indicator(NOT_APPLICABLE)])
    assert (result.status, result.score) == (NOT_APPLICABLE, None)


def test_cluster_with_no_scored_indicator_is_insufficient():
    result = score_cluster("promotion", [indicator(NO_DATA), indicator(INSUFFICIENT_DATA)])
    assert (result.status, result.score) == (INSUFFICIENT_DATA, None)


def cluster(status: str, exact: str | None = None, name: str = "promotion") -> ClusterResult:
    value = None if exact is None else Fraction(exact)
    shown = None if value is None else Decimal(exact)
    return ClusterResult(name, status, shown, value)


OVERALL_STATUS_CASES = [
    (
        "one cluster insufficient",
        [cluster(SCORED, "50"), cluster(INSUFFICIENT_DATA), cluster(SCORED, "50")],
        INSUFFICIENT_DATA,
        None,
    ),
    (
        "no cluster scored",
        [cluster(NOT_APPLICABLE), cluster(NOT_APPLICABLE), cluster(NOT_APPLICABLE)],
        INSUFFICIENT_DATA,
        None,
    ),
    ("no clusters at all", [], INSUFFICIENT_DATA, None),
    (
        "a not-applicable cluster is left out",
        [cluster(SCORED, "25"), cluster(NOT_APPLICABLE), cluster(SCORED, "100")],
        SCORED,
        "50.0",
    ),
    (
        "all scored",
        [cluster(SCORED, "40"), cluster(SCORED, "40"), cluster(SCORED, "40")],
        SCORED,
        "40.0",
    ),
]


@pytest.mark.parametrize(("case", "clusters", "status", "expected"), OVERALL_STATUS_CASES)
def test_overall_status_follows_section_4_3(case, clusters, status, expected):
    result = score_overall(clusters)
    assert result.status == status
    assert result.score == (None if expected is None else Decimal(expected))
    assert (result.band is None) is (status != SCORED)


def test_overall_is_insufficient_when_a_real_cluster_is_insufficient():
    payload = example()
    del payload["indicators"]["WC10"], payload["indicators"]["WC11"]
    result = score_payload(payload)
    assert result.clusters["promotion"].status == INSUFFICIENT_DATA
    assert result.overall == scoring.OverallResult(INSUFFICIENT_DATA, None, None, None)


# --- Validation (§3, §6) -----------------------------------------------------------------


SGBV = {"reported": 400, "investigated": 220, "prosecuted": 90, "penalised": 30}
FUNDS = {"allocated": 1000, "disbursed": 650}
CABINET, CHECKLIST = ("WC01", "cabinet"), ("WC06", "laws_and_policies")
TASK_FORCE, SGBV_CASES, FUNDING = (
    ("WC05", "task_force_seats"),
    ("WC09", "sgbv_cases"),
    ("WC11", "funding"),
)
WHOLE = "must be a whole number ≥ 0"
LEVEL = "level must be a whole number from 0 to 4"

COMPONENT_ERROR_CASES = [
    (CABINET, {"women": -1, "men": 3}, "women", f"women {WHOLE} (got -1)."),
    (CABINET, {"women": "five", "men": 3}, "women", f'women {WHOLE} (got "five").'),
    (CABINET, {"women": 5.5, "men": 3}, "women", f"women {WHOLE} (got 5.5)."),
    (CABINET, {"women": 5.0, "men": 3}, "women", f"women {WHOLE} (got 5.0)."),
    (CABINET, {"women": True, "men": 3}, "women", f"women {WHOLE} (got true)."),
    (CABINET, {"women": 1}, "men", "men is required."),
    (CABINET, {"women": 1, "men": None}, "men", "men is required."),
    (
        CABINET,
        {"women": 1, "men": 1, "womn": 2},
        "womn",
        "Unknown field 'womn' for cabinet; expected: women, men.",
    ),
    (CABINET, [1, 2], "__all__", "cabinet must be an object with women, men."),
    (
        TASK_FORCE,
        {"numerator": 15, "denominator": 12},
        "numerator",
        "numerator (15) must not be greater than denominator (12).",
    ),
    (
        CHECKLIST,
        {"items": {"gun_law": "yes"}},
        "items",
        "Unknown checklist item 'gun_law' in items; expected one of: nap_in_force, ",
    ),
    (
        CHECKLIST,
        {"items": {"nap_in_force": "maybe"}},
        "items",
        'items.nap_in_force must be yes, no or na (got "maybe").',
    ),
    (
        CHECKLIST,
        {"items": {"nap_in_force": "Yes"}},
        "items",
        'items.nap_in_force must be yes, no or na (got "Yes").',
    ),
    (
        CHECKLIST,
        {"items": ["yes"]},
        "items",
        "items must be an object mapping checklist items to yes, no or na.",
    ),
    (("WC10", "dissemination"), {"level": 5}, "level", f"{LEVEL} (got 5)."),
    (("WC10", "dissemination"), {"level": -1}, "level", f"{LEVEL} (got -1)."),
    (("WC08", "transitional_justice"), {"level": "2"}, "level", f'{LEVEL} (got "2").'),
    (
        SGBV_CASES,
        {**SGBV, "investigated": 500},
        "investigated",
        "investigated (500) must not be greater than reported (400).",
    ),
    (
        SGBV_CASES,
        {**SGBV, "prosecuted": 221},
        "prosecuted",
        "prosecuted (221) must not be greater than investigated (220).",
    ),
    (
        SGBV_CASES,
        {**SGBV, "penalised": 91},
        "penalised",
        "penalised (91) must not be greater than prosecuted (90).",
    ),
    (
        FUNDING,
        {**FUNDS, "to_civil_society": 700},
        "to_civil_society",
        "to_civil_society (700) must not be greater than disbursed (650).",
    ),
    (FUNDING, {**FUNDS, "allocated": -1}, "allocated", "allocated must be a number ≥ 0 (got -1)."),
    (
        FUNDING,
        {**FUNDS, "disbursed": "650"},
        "disbursed",
        'disbursed must be a number ≥ 0 (got "650").',
    ),
    (
        FUNDING,
        {**FUNDS, "disbursed": float("nan")},
        "disbursed",
        "disbursed must be a number ≥ 0 (got NaN).",
    ),
    (
        FUNDING,
        {**FUNDS, "allocated": float("inf")},
        "allocated",
        "allocated must be a number ≥ 0 (got Infinity).",
    ),
    (
        FUNDING,
        {**FUNDS, "allocated": False},
        "allocated",
        "allocated must be a number ≥ 0 (got false).",
    ),
    (
        FUNDING,
        {**FUNDS, "currency": "usd"},
        "currency",
        'currency must be a three-letter ISO 4217 code in capitals, such as USD (got "usd").',
    ),
    (
        FUNDING,
        {**FUNDS, "currency": ""},
        "currency",
        'currency must be a three-letter ISO 4217 code in capitals, such as USD (got "").',
    ),
]


@pytest.mark.parametrize(("where", "values", "field", "message"), COMPONENT_ERROR_CASES)
def test_invalid_component_input_is_rejected_with_a_message_naming_the_field(
    where, values, field, message
):
    code, key = where
    messages = errors_of(only(code, {key: values}))[code][key][field]
    assert any(m.startswith(message) for m in messages), messages
    assert field in message or field == "__all__"
    assert english(validate_component(code, key, values))[field] == messages


def entry(code: str, value: object) -> dict:
    return {"methodology": "1.0", "indicators": {code: value}}


PAYLOAD_ERROR_CASES = [
    (
        entry("WC12", {}),
        ("WC12", "__all__"),
        "Unknown indicator 'WC12'; expected one of: WC01, WC02, ",
    ),
    (entry("wc01", {}), ("wc01", "__all__"), "Unknown indicator 'wc01'"),
    (
        entry("WC01", {"components": {"foo": SHARE}}),
        ("WC01", "foo", "__all__"),
        "Unknown component 'foo' for WC01; expected one of: cabinet, parliament, local_government.",
    ),
    (
        entry("WC01", {**NA}),
        ("WC01", "not_applicable"),
        "WC01 cannot be marked not applicable; enter its components instead.",
    ),
    (
        entry("WC02", {"not_applicable": True}),
        ("WC02", "reason"),
        "reason is required when not_applicable is true.",
    ),
    (
        entry("WC02", {**NA, "reason": "  "}),
        ("WC02", "reason"),
        "reason is required when not_applicable is true.",
    ),
    (
        entry("WC02", {**NA, "components": {"negotiating_teams": SHARE}}),
        ("WC02", "components"),
        "components must be empty when not_applicable is true.",
    ),
    (
        entry("WC02", {**NA, "not_applicable": "yes"}),
        ("WC02", "not_applicable"),
        'not_applicable must be true or false (got "yes").',
    ),
    (
        entry("WC03", {"reason": "x", "components": {}}),
        ("WC03", "reason"),
        "reason is only given when not_applicable is true.",
    ),
    (entry("WC02", {**NA, "reason": 3}), ("WC02", "reason"), "reason must be text (got 3)."),
    (
        entry("WC03", {"components": []}),
        ("WC03", "components"),
        "components must be an object keyed by component.",
    ),
    (entry("WC03", 5), ("WC03", "__all__"), "WC03 must be an object."),
    (
        entry("WC03", {"comment": "x"}),
        ("WC03", "__all__"),
        "Unknown key 'comment' for WC03; expected: not_applicable, reason, components.",
    ),
    (entry("methodology", {}), ("indicators",), "Unknown indicator 'methodology'"),
    (
        {"methodology": "2.0", "indicators": {}},
        ("methodology",),
        'Unknown methodology "2.0"; supported: 1.0.',
    ),
    (
        {"methodology": 1.0, "indicators": {}},
        ("methodology",),
        'methodology must be a string such as "1.0" (got 1.0).',
    ),
    ({"indicators": {}}, ("methodology",), "methodology is required; supported: 1.0."),
    (
        {"methodology": "1.0", "indicators": []},
        ("indicators",),
        "indicators must be an object keyed by indicator code (got []).",
    ),
    (
        {"methodology": "1.0"},
        ("indicators",),
        "indicators must be an object keyed by indicator code (got null).",
    ),
    (
        {"methodology": "1.0", "indicators": {}, "country": "SLE"},
        ("__all__",),
        "Unknown key 'country'; expected: methodology, indicators.",
    ),
    ([1, 2], ("__all__",), "The body must be a JSON object with methodology and indicators."),
]


@pytest.mark.parametrize(("payload", "path", "message"), PAYLOAD_ERROR_CASES)
def test_invalid_payload_is_rejected_with_errors_keyed_by_indicator_and_field(
    payload, path, message
):
    messages = at(errors_of(payload), path)
    assert any(m.startswith(message) for m in messages), messages


@pytest.mark.parametrize(
    ("code", "key", "values", "field"),
    [
        ("WC01", "cabinet", {"women": -1, "men": 3}, "women"),
        ("WC05", "task_force_seats", {"numerator": 2, "denominator": 1}, "numerator"),
        ("WC06", "laws_and_policies", {"items": {"gun_law": "yes"}}, "items"),
        ("WC11", "funding", {"allocated": 1}, "disbursed"),
        ("WC99", "cabinet", {}, "indicator"),
        ("WC01", "police", {}, "component"),
    ],
)
def test_validate_component_returns_messages_by_field(code, key, values, field):
    errors = english(validate_component(code, key, values))
    assert list(errors) == [field]
    assert all(field in message or "Unknown" in message for message in errors[field])


def test_every_error_is_reported_at_once():
    payload = example()
    payload["methodology"] = "0.9"
    indicators = payload["indicators"]
    indicators["WC01"]["components"]["cabinet"] = {"women": -5, "men": "many"}
    indicators["WC05"]["components"]["task_force_seats"]["numerator"] = 13
    indicators["WC06"]["components"]["laws_and_policies"]["items"]["nap_in_force"] = "maybe"
    indicators["WC04"] = {"not_applicable": True}
    indicators["WC07"] = {"not_applicable": True, "reason": "no training"}
    indicators["WC12"] = {}
    errors = errors_of(payload)
    assert set(errors) == {"methodology", "WC01", "WC04", "WC05", "WC06", "WC07", "WC12"}
    assert set(errors["WC01"]["cabinet"]) == {"women", "men"}
    assert set(errors["WC04"]) == {"reason"}
    assert set(errors["WC07"]) == {"not_applicable"}
    with pytest.raises(ScoringError) as caught:
        parse_payload(payload)
    assert len(caught.value.messages()) == 8
    assert "WC01.cabinet.women: women must be a whole number" in str(caught.value)


@pytest.mark.parametrize(
    ("inputs", "path"),
    [
        ({"WC99": IndicatorInput()}, ("WC99", "__all__")),
        ({"WC01": IndicatorInput(not_applicable=True, reason="x")}, ("WC01", "not_applicable")),
        ({"WC01": {"components": {}}}, ("WC01", "__all__")),
        (
            {"WC10": IndicatorInput(components={"dissemination": {"level": 9}})},
            ("WC10", "dissemination", "level"),
        ),
    ],
)
def test_score_validates_its_inputs_on_its_own(inputs, path):
    with pytest.raises(ScoringError) as caught:
        score(inputs)
    assert at(caught.value.errors, path)


def test_indicator_input_is_frozen_comparable_and_hashable():
    first = IndicatorInput(components={"cabinet": {"women": 1, "men": 2}})
    second = IndicatorInput(components={"cabinet": {"women": 1, "men": 2}})
    assert first == second
    assert hash(first) == hash(second)
    with pytest.raises(TypeError):
        first.components["cabinet"]["women"] = 99  # type: ignore[index]
    assert IndicatorInput().components == {}


def test_parse_payload_returns_the_version_and_only_the_entered_indicators():
    version, inputs = parse_payload(only("WC10", {"dissemination": {"level": 3}}))
    assert version == "1.0"
    assert inputs == {"WC10": IndicatorInput(components={"dissemination": {"level": 3}})}


def test_json_null_means_the_key_was_left_out():
    payload = {
        "methodology": "1.0",
        "indicators": {
            "WC03": {"not_applicable": None, "reason": None, "components": None},
            "WC11": {
                "components": {"funding": {**FUNDS, "to_civil_society": None, "currency": None}}
            },
        },
    }
    _, inputs = parse_payload(payload)
    assert inputs["WC03"] == IndicatorInput()
    assert score(inputs).indicators["WC03"].status == NO_DATA


def test_civil_society_share_and_currency_are_checked_but_not_scored():
    plain = score_payload(only("WC11", {"funding": FUNDS})).indicators["WC11"]
    extra = {**FUNDS, "to_civil_society": 650, "currency": "XOF"}
    detailed = score_payload(only("WC11", {"funding": extra})).indicators["WC11"]
    assert plain.score == detailed.score == Decimal("65.0")


# --- Rounding (§4.5) ---------------------------------------------------------------------

ROUNDING_CASES = [
    (
        "share exactly 24.5 needs no rounding",
        "WC04",
        {"peacekeepers": {"women": 49, "men": 351}},
        "24.5",
    ),
    ("share exactly 12.25 rounds up", "WC04", {"peacekeepers": {"women": 49, "men": 751}}, "12.3"),
    ("share exactly 0.05 rounds up", "WC04", {"peacekeepers": {"women": 1, "men": 3999}}, "0.1"),
    (
        "ratio exactly 12.25 rounds up",
        "WC07",
        {"military_training": {"numerator": 49, "denominator": 400}},
        "12.3",
    ),
    (
        "funding exactly 2.45 rounds up",
        "WC11",
        {"funding": {"allocated": 10000, "disbursed": 245}},
        "2.5",
    ),
    (
        "funding exactly 2.449 rounds down",
        "WC11",
        {"funding": {"allocated": 100000, "disbursed": 2449}},
        "2.4",
    ),
    (
        "attrition exactly 0.05 rounds up",
        "WC09",
        {"sgbv_cases": {"reported": 2000, "investigated": 1, "prosecuted": 1, "penalised": 1}},
        "0.1",
    ),
    (
        "attrition 100/3 rounds down",
        "WC09",
        {"sgbv_cases": {"reported": 1, "investigated": 1, "prosecuted": 0, "penalised": 0}},
        "33.3",
    ),
    (
        "mean exactly 12.25 rounds up",
        "WC07",
        {
            "military_training": {"numerator": 49, "denominator": 200},
            "police_training": {"numerator": 0, "denominator": 1},
        },
        "12.3",
    ),
]


@pytest.mark.parametrize(("case", "code", "components", "expected"), ROUNDING_CASES)
def test_reported_scores_round_half_up_to_one_decimal(case, code, components, expected):
    assert score_payload(only(code, components)).indicators[code].score == Decimal(expected)


def test_clusters_are_computed_from_unrounded_indicator_scores():
    payload = {
        "methodology": "1.0",
        "indicators": {
            "WC10": {"components": {"dissemination": {"level": 0}}},
            "WC11": {"components": {"funding": {"allocated": 10000, "disbursed": 26}}},
        },
    }
    result = score_payload(payload)
    assert result.indicators["WC11"].score == Decimal("0.3")  # exactly 0.26
    assert result.clusters["promotion"].score == Decimal("0.1")  # (0 + 0.26) / 2 = 0.13
    rounded_first = scoring._round(Fraction("0.3") / 2, 1)
    assert rounded_first == Decimal("0.2")


def test_overall_is_computed_from_unrounded_cluster_scores():
    result = score_overall([cluster(SCORED, "10.26"), cluster(SCORED, "10")])
    assert result.arithmetic_mean == Decimal(
        "10.1"
    )  # (10.26 + 10) / 2 = 10.13; 10.3 would give 10.2


def test_decimal_places_is_a_parameter():
    result = score_payload(example(), Parameters(decimal_places=2))
    assert result.indicators["WC01"].score == Decimal("59.52")
    assert result.overall.score == Decimal("46.97")  # 46.9749...


# --- Geometric mean, floor and bands (§4.3, §4.4) ----------------------------------------

FLOOR_PAYLOAD = {
    "methodology": "1.0",
    "indicators": {
        "WC01": {
            "components": {"cabinet": {"women": 0, "men": 9}, "parliament": {"women": 0, "men": 9}}
        },
        "WC02": NA,
        "WC04": NA,
        "WC05": NA,
        "WC03": {
            "components": {"military": {"women": 0, "men": 9}, "police": {"women": 0, "men": 9}}
        },
        "WC06": {"components": {"laws_and_policies": {"items": ALL_YES}}},
        "WC07": {"components": {"military_training": {"numerator": 1, "denominator": 1}}},
        "WC08": NA,
        "WC09": {
            "components": {
                "sgbv_cases": {"reported": 5, "investigated": 5, "prosecuted": 5, "penalised": 5}
            }
        },
        "WC10": {"components": {"dissemination": {"level": 4}}},
        "WC11": {"components": {"funding": {"allocated": 10, "disbursed": 10}}},
    },
}


def test_a_zero_cluster_counts_as_one_in_the_geometric_mean():
    result = score_payload(FLOOR_PAYLOAD)
    assert [c.score for c in result.clusters.values()] == [
        Decimal("0.0"),
        Decimal(100),
        Decimal(100),
    ]
    assert result.overall.score == Decimal("21.5")  # cube root of 1 × 100 × 100 = 21.544...
    assert result.overall.band == "very_low"


def test_the_arithmetic_mean_uses_the_clusters_without_the_floor():
    assert score_payload(FLOOR_PAYLOAD).overall.arithmetic_mean == Decimal("66.7")


def test_the_geometric_floor_is_a_parameter():
    result = score_payload(FLOOR_PAYLOAD, Parameters(geometric_floor=Decimal("10")))
    assert result.overall.score == Decimal("46.4")  # cube root of 10 × 100 × 100


def test_a_cluster_above_zero_but_below_one_is_also_floored():
    result = score_overall([cluster(SCORED, "0.5"), cluster(SCORED, "100"), cluster(SCORED, "100")])
    assert result.score == Decimal("21.5")


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("0", "very_low"),
        ("24.9", "very_low"),
        ("25", "low"),
        ("25.0", "low"),
        ("49.9", "low"),
        ("50", "moderate"),
        ("74.9", "moderate"),
        ("75", "high"),
        ("100", "high"),
    ],
)
def test_band_thresholds_are_inclusive_lower_bounds(value, band):
    assert band_for(Decimal(value)) == band


@pytest.mark.parametrize(
    ("clusters", "overall", "band"),
    [
        (("24.95", "24.95", "24.95"), "25.0", "low"),
        (("24.94", "24.94", "24.94"), "24.9", "very_low"),
        (("49.95", "49.95", "49.95"), "50.0", "moderate"),
        (("74.95", "74.95", "74.95"), "75.0", "high"),
        (("74.94", "74.94", "74.94"), "74.9", "moderate"),
        (("49.9", "24.95", "12.475"), "25.0", "low"),  # product is exactly 24.95 cubed
        (("50.1", "12.525", "25.05"), "25.1", "low"),  # 40-digit ln/exp alone gives 25.0
        (("40.1", "10.025", "20.05"), "20.1", "very_low"),  # 40-digit ln/exp alone gives 20.0
        (("100", "100", "100"), "100.0", "high"),
    ],
)
def test_band_is_taken_from_the_rounded_overall_score(clusters, overall, band):
    result = score_overall([cluster(SCORED, value) for value in clusters])
    assert (result.score, result.band) == (Decimal(overall), band)


def test_band_thresholds_are_parameters():
    parameters = Parameters(band_thresholds=((Decimal("40"), "fair"),), lowest_band="poor")
    result = score_payload(example(), parameters)
    assert result.overall.band == "fair"
    assert band_for(Decimal("39.9"), parameters) == "poor"


# --- Invariant: more women never lowers the score ----------------------------------------

SHARE_COMPONENTS = [
    ("WC01", "cabinet"),
    ("WC01", "parliament"),
    ("WC01", "local_government"),
    ("WC03", "military"),
    ("WC03", "police"),
    ("WC04", "peacekeepers"),
]


@pytest.mark.parametrize(("code", "key"), SHARE_COMPONENTS)
def test_raising_women_in_one_share_never_lowers_the_score(code, key):
    payload = example()
    values = payload["indicators"][code]["components"][key]
    men = values["men"]
    previous = None
    for women in [0, *range(1, 3 * men, max(1, men // 20)), 3 * men]:
        values["women"] = women
        result = score_payload(payload)
        now = (result.indicators[code].exact, result.overall.score)
        if previous is not None:
            assert now[0] >= previous[0]
            assert now[1] >= previous[1]
        previous = now


def test_raising_any_level_or_answer_never_lowers_the_score():
    payload = example()
    dissemination = payload["indicators"]["WC10"]["components"]["dissemination"]
    items = payload["indicators"]["WC06"]["components"]["laws_and_policies"]["items"]
    scores = []
    for level in range(5):
        dissemination["level"] = level
        scores.append(score_payload(payload).overall.score)
    for item in scoring.WC06_ITEMS:
        items[item] = "yes"
        scores.append(score_payload(payload).overall.score)
    assert scores == sorted(scores)


# --- Parameters --------------------------------------------------------------------------


def test_default_parameters_are_those_of_method_1_0():
    parameters = DEFAULT_PARAMETERS
    assert parameters == Parameters()
    assert parameters.version == "1.0"
    assert parameters.parity_share == Decimal("50")
    assert parameters.ratio_target("task_force_seats") == Decimal("50")
    assert parameters.ratio_target("military_training") == Decimal("100")
    assert parameters.ratio_target("police_training") == Decimal("100")
    assert parameters.geometric_floor == Decimal("1")
    assert [b for _, b in parameters.band_thresholds] == ["low", "moderate", "high"]
    assert parameters.lowest_band == "very_low"
    assert parameters.decimal_places == 1
    assert scoring.SUPPORTED_VERSIONS == ("1.0",)


def test_parameters_round_trip_through_json():
    custom = Parameters(
        parity_share=Decimal("45.5"),
        ratio_targets={"task_force_seats": 40, "military_training": "90", "police_training": 80.5},
        geometric_floor=Decimal("0.5"),
        decimal_places=2,
    )
    for parameters in (DEFAULT_PARAMETERS, custom):
        stored = json.loads(json.dumps(parameters.to_dict()))
        assert Parameters.from_dict(stored) == parameters
    assert custom.to_dict()["ratio_targets"] == {
        "military_training": "90",
        "police_training": "80.5",
        "task_force_seats": "40",
    }
    assert DEFAULT_PARAMETERS.to_dict()["band_thresholds"] == [
        ["25", "low"],
        ["50", "moderate"],
        ["75", "high"],
    ]


def test_parameters_change_the_score():
    parameters = Parameters(parity_share=Decimal("40"))
    payload = only("WC04", {"peacekeepers": {"women": 40, "men": 60}})
    assert score_payload(payload, parameters).indicators["WC04"].score == Decimal("100.0")
    targets = {"task_force_seats": 25, "military_training": 100, "police_training": 100}
    payload = only("WC05", {"task_force_seats": {"numerator": 1, "denominator": 4}})
    result = score_payload(payload, Parameters(ratio_targets=targets))
    assert result.indicators["WC05"].score == Decimal("100.0")


def changed(**changes: object) -> dict:
    return {**DEFAULT_PARAMETERS.to_dict(), **changes}


TARGETS = DEFAULT_PARAMETERS.to_dict()["ratio_targets"]

BAD_PARAMETERS = [
    ("parity not a number", changed(parity_share="abc"), "parity_share"),
    ("parity zero", changed(parity_share="0"), "parity_share"),
    ("parity above 100", changed(parity_share=101), "parity_share"),
    ("parity boolean", changed(parity_share=True), "parity_share"),
    ("floor zero", changed(geometric_floor=0), "geometric_floor"),
    ("target missing", changed(ratio_targets={"task_force_seats": "50"}), "ratio_targets"),
    ("target unknown", changed(ratio_targets={**TARGETS, "judges": "50"}), "ratio_targets"),
    ("target zero", changed(ratio_targets={**TARGETS, "police_training": "0"}), "ratio_targets"),
    ("targets not an object", changed(ratio_targets="50"), "ratio_targets"),
    (
        "bands not increasing",
        changed(band_thresholds=[["50", "low"], ["25", "high"]]),
        "band_thresholds",
    ),
    (
        "band names repeated",
        changed(band_thresholds=[["25", "low"], ["50", "low"]]),
        "band_thresholds",
    ),
    (
        "band named like the lowest",
        changed(band_thresholds=[["25", "very_low"]]),
        "band_thresholds",
    ),
    ("band threshold not a number", changed(band_thresholds=[["x", "low"]]), "band_thresholds"),
    ("bands not pairs", changed(band_thresholds=["25"]), "band_thresholds"),
    ("decimal places negative", changed(decimal_places=-1), "decimal_places"),
    ("decimal places as text", changed(decimal_places="1"), "decimal_places"),
    ("unknown version", changed(version="2.0"), "version"),
    ("unknown parameter", changed(colour="red"), "colour"),
    (
        "missing parameter",
        {k: v for k, v in changed().items() if k != "lowest_band"},
        "lowest_band",
    ),
    ("not an object", ["1.0"], "__all__"),
]


@pytest.mark.parametrize(("case", "data", "key"), BAD_PARAMETERS)
def test_from_dict_rejects_bad_parameters(case, data, key):
    with pytest.raises(ScoringError) as caught:
        Parameters.from_dict(data)
    assert caught.value.errors[key]
    assert all(isinstance(m, ScoringMessage) and str(m) for m in caught.value.errors[key])


def test_from_dict_reports_every_bad_parameter_at_once():
    with pytest.raises(ScoringError) as caught:
        Parameters.from_dict(changed(parity_share="x", geometric_floor=-1, decimal_places=9))
    assert set(caught.value.errors) == {"parity_share", "geometric_floor", "decimal_places"}


def test_parameters_built_directly_are_checked_too():
    with pytest.raises(ScoringError) as caught:
        Parameters(parity_share=Decimal("0"))
    assert list(caught.value.errors) == ["parity_share"]


# --- Purity ------------------------------------------------------------------------------


def test_scoring_module_imports_without_django():
    code = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('scoring', sys.argv[1])\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.DEFAULT_PARAMETERS.version == '1.0'\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not loaded, loaded\n"
    )
    path = str(ROOT / "indicators" / "scoring.py")
    completed = subprocess.run(
        [sys.executable, "-c", code, path], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert completed.returncode == 0, completed.stderr


def test_a_nested_object_in_an_error_message_is_shown_as_json():
    payload = example()
    payload["indicators"]["WC04"]["components"]["peacekeepers"]["women"] = {"a": 1}
    errors = errors_of(payload)
    assert errors["WC04"]["peacekeepers"]["women"] == [
        'women must be a whole number ≥ 0 (got {"a": 1}).'
    ]


def test_a_deeply_nested_value_is_rejected_without_exhausting_the_stack():
    deep: dict = {}
    for _ in range(5000):
        deep = {"x": deep}
    payload = example()
    payload["indicators"]["WC04"]["components"]["peacekeepers"]["women"] = deep
    errors = errors_of(payload)
    assert errors["WC04"]["peacekeepers"]["women"][0].startswith("women must be a whole number")


def test_long_unknown_keys_are_shortened_in_errors():
    payload = example()
    payload["indicators"]["X" * 10_000] = {}
    errors = errors_of(payload)
    (key,) = [k for k in errors if k.startswith("X")]
    assert key == "X" * 37 + "..."
    assert len(str(errors)) < 1000


def test_far_more_indicator_entries_than_codes_are_refused_at_once():
    payload = {"methodology": "1.0", "indicators": {f"K{n}": {} for n in range(1000)}}
    errors = errors_of(payload)
    assert errors == {
        "indicators": [
            "indicators has 1000 entries; there are only 11 indicators "
            "(WC01, WC02, WC03, WC04, WC05, WC06, WC07, WC08, WC09, WC10, WC11)."
        ]
    }
