"""Scoring's error codes: a translatable template each, English as before, gettext on render."""

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from indicators import scoring, scoring_messages
from indicators.models import Indicator, IndicatorValue
from indicators.scoring import ScoringError, ScoringMessage

SCORING_SOURCE = Path(scoring.__file__).read_text(encoding="utf-8")
SHARE = {"women": 1, "men": 1}
FUNDS = {"allocated": 100, "disbursed": 50}
NA = {"not_applicable": True, "reason": "none"}


def emitted_codes() -> set[str]:
    """The code of every ``_message("code", ...)`` call in scoring.py."""
    codes = set()
    for node in ast.walk(ast.parse(SCORING_SOURCE)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_message":
            (argument, *_params) = node.args
            # A code built at run time could not be checked here, nor found by makemessages.
            assert isinstance(argument, ast.Constant), ast.dump(argument)
            codes.add(argument.value)
    return codes


def messages_of(call: Callable[[], object]) -> list[ScoringMessage]:
    """Every message a scoring call raises, or that validate_component returns."""
    try:
        returned = call()
    except ScoringError as exc:
        return [message for _path, message in exc.entries()]
    return [m for messages in returned.values() for m in messages]


def parameters(**changes) -> Callable[[], object]:
    data = {**scoring.DEFAULT_PARAMETERS.to_dict(), **changes}
    return lambda: scoring.Parameters.from_dict(data)


def payload(indicators: object = None, **top) -> Callable[[], object]:
    body = {"methodology": "1.0", "indicators": {} if indicators is None else indicators, **top}
    return lambda: scoring.parse_payload(body)


def component(code: str, key: str, values: object) -> Callable[[], object]:
    return payload({code: {"components": {key: values}}})


def without(key: str) -> Callable[[], object]:
    data = scoring.DEFAULT_PARAMETERS.to_dict()
    del data[key]
    return lambda: scoring.Parameters.from_dict(data)


# (code, a call that gives a message with that code): one case per code at least.
CASES: list[tuple[str, Callable[[], object]]] = [
    ("unknown_methodology", parameters(version="2.0")),
    ("unknown_methodology", payload(methodology="2.0")),
    ("not_a_percentage", parameters(parity_share="x")),
    ("ratio_targets_incomplete", parameters(ratio_targets={})),
    (
        "ratio_target_out_of_range",
        parameters(
            ratio_targets={"military_training": 0, "police_training": 1, "task_force_seats": 1}
        ),
    ),
    ("bad_band_thresholds", parameters(band_thresholds="x")),
    ("band_thresholds_not_increasing", parameters(band_thresholds=[["50", "a"], ["25", "b"]])),
    ("bad_band_names", parameters(lowest_band="")),
    ("bad_decimal_places", parameters(decimal_places=9)),
    ("parameters_not_an_object", lambda: scoring.Parameters.from_dict(["1.0"])),
    ("unknown_parameter", parameters(rounding="half_up")),
    ("required", without("lowest_band")),
    ("required", component("WC01", "cabinet", {"women": 1})),
    ("component_not_an_object", component("WC01", "cabinet", 5)),
    ("unknown_field", component("WC01", "cabinet", {**SHARE, "others": 2})),
    ("not_a_count", component("WC01", "cabinet", {"women": -1, "men": 3})),
    ("not_a_count", component("WC01", "cabinet", {"women": {"a": 1}, "men": 3})),
    ("greater_than", component("WC05", "task_force_seats", {"numerator": 2, "denominator": 1})),
    ("greater_than", component("WC11", "funding", {**FUNDS, "to_civil_society": 60.5})),
    ("level_out_of_range", component("WC10", "dissemination", {"level": 9})),
    ("items_not_an_object", component("WC06", "laws_and_policies", {"items": []})),
    ("unknown_item", component("WC06", "laws_and_policies", {"items": {"gun_law": "yes"}})),
    ("bad_answer", component("WC06", "laws_and_policies", {"items": {"nap_in_force": "maybe"}})),
    ("not_an_amount", component("WC11", "funding", {**FUNDS, "allocated": "1,000"})),
    ("bad_currency", component("WC11", "funding", {**FUNDS, "currency": "usd"})),
    ("unknown_indicator", payload({"WC12": {}})),
    ("unknown_indicator", lambda: scoring.validate_component("WC99", "cabinet", {})),
    ("unknown_component", payload({"WC01": {"components": {"foo": SHARE}}})),
    ("unknown_component", lambda: scoring.validate_component("WC01", "police", {})),
    ("not_applicable_not_boolean", payload({"WC02": {**NA, "not_applicable": "yes"}})),
    ("reason_not_text", payload({"WC02": {**NA, "reason": 3}})),
    ("na_not_allowed", payload({"WC01": NA})),
    ("reason_required", payload({"WC02": {"not_applicable": True}})),
    ("components_with_na", payload({"WC02": {**NA, "components": {"negotiating_teams": SHARE}}})),
    ("reason_without_na", payload({"WC03": {"reason": "x"}})),
    ("components_not_an_object", payload({"WC03": {"components": []}})),
    ("body_not_an_object", lambda: scoring.parse_payload([1, 2])),
    ("unknown_key", payload(country="SLE")),
    ("methodology_required", lambda: scoring.parse_payload({"indicators": {}})),
    ("methodology_not_a_string", payload(methodology=1.0)),
    ("indicators_not_an_object", payload(indicators=[])),
    ("too_many_indicators", payload({f"K{n}": {} for n in range(100)})),
    ("entry_not_an_object", payload({"WC03": 5})),
    ("unknown_entry_key", payload({"WC03": {"comment": "x"}})),
    ("inputs_not_a_mapping", lambda: scoring.score([])),
    ("not_an_indicator_input", lambda: scoring.score({"WC01": {"components": {}}})),
]


def test_every_scoring_code_has_a_translatable_template():
    assert emitted_codes() == set(scoring.MESSAGE_TEMPLATES)
    assert set(scoring_messages.TEMPLATES) == set(scoring.MESSAGE_TEMPLATES)


def test_each_translatable_template_repeats_the_english_text_of_scoring():
    # The English text is the msgid: if scoring's wording changes, so must the catalogs'.
    assert dict(scoring_messages.TEMPLATES) == dict(scoring.MESSAGE_TEMPLATES)


def test_the_table_of_cases_gives_every_code():
    assert {code for code, _call in CASES} == set(scoring.MESSAGE_TEMPLATES)


@pytest.mark.parametrize(("code", "call"), CASES, ids=[code for code, _call in CASES])
def test_english_rendering_equals_the_english_text_of_the_message(code, call):
    messages = messages_of(call)
    assert code in {m.code for m in messages}, messages
    with translation.override("en"):
        for message in messages:
            assert scoring_messages.render(message) == str(message)


def test_a_message_keeps_its_code_and_parameters_and_reads_as_before():
    (message,) = messages_of(component("WC01", "cabinet", {"women": -1, "men": 3}))
    assert message == ScoringMessage("not_a_count", {"name": "women", "value": "-1"})
    assert str(message) == "women must be a whole number ≥ 0 (got -1)."
    assert hash(message) == hash(ScoringMessage("not_a_count", {"name": "women", "value": "-1"}))


def test_a_message_with_an_unknown_code_is_refused_when_made():
    with pytest.raises(KeyError):
        ScoringMessage("no_such_code")


FRENCH = {
    scoring_messages.TEMPLATES["not_a_count"]: (
        "%(name)s doit être un nombre entier ≥ 0 (reçu %(value)s)."
    ),
}


@pytest.fixture
def french_catalog(monkeypatch):
    """A stand-in for the French catalog (none exists yet) that records each lookup."""
    lookups: list[tuple[str, str]] = []

    def gettext(text: str) -> str:
        lookups.append((text, translation.get_language()))
        return FRENCH.get(text, text) if translation.get_language() == "fr" else text

    monkeypatch.setattr(scoring_messages, "gettext", gettext)
    return lookups


def test_a_rendered_message_goes_through_gettext_in_the_active_language(french_catalog):
    message = ScoringMessage("not_a_count", {"name": "women", "value": "-1"})
    with translation.override("fr"):
        assert scoring_messages.render(message) == "women doit être un nombre entier ≥ 0 (reçu -1)."
    assert french_catalog == [(scoring_messages.TEMPLATES["not_a_count"], "fr")]
    # Looked up again at each call, not once at import: English again outside the override.
    with translation.override("en"):
        assert scoring_messages.render(message) == str(message)


def test_a_translation_with_a_mistyped_placeholder_falls_back_to_english(monkeypatch):
    monkeypatch.setattr(scoring_messages, "gettext", lambda text: "%(nom)s est requis.")
    message = ScoringMessage("required", {"name": "women"})
    assert scoring_messages.render(message) == "women is required."


def test_rendered_errors_keep_the_nesting_and_lines_keep_the_path(french_catalog):
    with pytest.raises(ScoringError) as caught:
        component("WC01", "cabinet", {"women": -1, "men": 3})()
    with translation.override("fr"):
        errors = scoring_messages.render_errors(caught.value.errors)
        lines = scoring_messages.render_lines(caught.value)
    french = "women doit être un nombre entier ≥ 0 (reçu -1)."
    assert errors == {"WC01": {"cabinet": {"women": [french]}}}
    assert lines == [f"WC01.cabinet.women: {french}"]


def test_the_score_preview_answers_in_the_language_of_the_request(
    api_client, french_catalog, memory_cache
):
    # No database here: the throttle counts in memory instead of the database cache.
    body = {
        "methodology": "1.0",
        "indicators": {"WC04": {"components": {"peacekeepers": {"women": -1, "men": 3}}}},
    }
    response = api_client.post(
        "/api/v1/score-preview/", body, format="json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert response.json() == {
        "WC04": {"peacekeepers": {"women": ["women doit être un nombre entier ≥ 0 (reçu -1)."]}}
    }


@pytest.mark.django_db
def test_the_row_errors_of_a_value_are_rendered_in_the_active_language(french_catalog):
    value = IndicatorValue(
        indicator=Indicator.objects.get(code="WC01"),
        component="cabinet",
        inputs={"women": -1, "men": 3},
    )
    with translation.override("fr"):
        errors = value.row_errors()
    assert errors == {"inputs.women": ["women doit être un nombre entier ≥ 0 (reçu -1)."]}
