"""The public score preview: the §6 contract, bad input keyed by path, and parity with storage."""

import copy
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.models import Assessment, AssessmentScore, IndicatorValue
from indicators.services import assessment_rescore
from tests.factories import WORKED_EXAMPLE, AssessmentFactory, add_values

pytestmark = pytest.mark.django_db

URL = "/api/v1/score-preview/"
CODES = [f"WC{n:02d}" for n in range(1, 12)]
CLUSTERS = ["participation", "prevention_protection", "promotion"]
WORKED_SCORES = {
    "WC01": 59.5,
    "WC02": None,
    "WC03": 26.0,
    "WC04": 28.0,
    "WC05": 50.0,
    "WC06": 71.4,
    "WC07": 32.5,
    "WC08": None,
    "WC09": 28.3,
    "WC10": 50.0,
    "WC11": 65.0,
}


def with_indicator(code: str, entry: dict) -> dict:
    """The worked example with one indicator's entry replaced."""
    body = copy.deepcopy(WORKED_EXAMPLE)
    body["indicators"][code] = entry
    return body


def components(code: str, key: str, values: dict) -> dict:
    return with_indicator(code, {"components": {key: values}})


def stored_counts() -> tuple[int, int, int]:
    return (
        Assessment.objects.count(),
        AssessmentScore.objects.count(),
        IndicatorValue.objects.count(),
    )


def test_worked_example_answers_200_with_the_section_6_shape_and_numbers(api_client):
    response = api_client.post(URL, WORKED_EXAMPLE, format="json")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["methodology", "indicators", "clusters", "overall"]
    assert body["methodology"] == "1.0"
    assert list(body["indicators"]) == CODES
    assert {code: r["score"] for code, r in body["indicators"].items()} == WORKED_SCORES
    for code, result in body["indicators"].items():
        assert set(result) == {"score", "status", "components"}
        expected = "not_applicable" if code in ("WC02", "WC08") else "scored"
        assert result["status"] == expected
    assert body["indicators"]["WC02"] == {
        "score": None,
        "status": "not_applicable",
        "components": {},
    }
    assert body["indicators"]["WC08"]["components"] == {}
    assert body["clusters"] == {
        "participation": {"score": 40.9, "status": "scored"},
        "prevention_protection": {"score": 44.1, "status": "scored"},
        "promotion": {"score": 57.5, "status": "scored"},
    }
    assert body["overall"] == {
        "score": 47.0,
        "arithmetic_mean": 47.5,
        "band": "low",
        "status": "scored",
    }


def test_worked_example_reports_each_component(api_client):
    body = api_client.post(URL, WORKED_EXAMPLE, format="json").json()
    assert body["indicators"]["WC01"]["components"] == {
        "cabinet": {"score": 50.0, "status": "scored"},
        "parliament": {"score": 68.6, "status": "scored"},
        "local_government": {"score": 60.0, "status": "scored"},
    }
    assert body["indicators"]["WC03"]["components"]["judiciary"] == {
        "score": None,
        "status": "no_data",
    }


def test_empty_indicators_answer_no_data_everywhere_and_insufficient_data_overall(api_client):
    response = api_client.post(URL, {"methodology": "1.0", "indicators": {}}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert list(body["indicators"]) == CODES
    assert {r["status"] for r in body["indicators"].values()} == {"no_data"}
    assert all(r["score"] is None for r in body["indicators"].values())
    assert body["clusters"] == {
        name: {"score": None, "status": "insufficient_data"} for name in CLUSTERS
    }
    assert body["overall"] == {
        "score": None,
        "arithmetic_mean": None,
        "band": None,
        "status": "insufficient_data",
    }


def test_preview_works_for_a_signed_in_session_without_a_csrf_token(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(URL, WORKED_EXAMPLE, format="json")
    assert response.status_code == 200
    assert response.json()["overall"]["score"] == 47.0


def test_preview_stores_nothing_and_only_reads_the_methodology(
    api_client, organization, django_assert_num_queries, memory_cache
):
    # The throttle's counter goes to the cache (here in memory); the database only reads.
    before = stored_counts()
    with django_assert_num_queries(1) as captured:
        response = api_client.post(URL, WORKED_EXAMPLE, format="json")
    assert response.status_code == 200
    assert captured.captured_queries[0]["sql"].lstrip().upper().startswith("SELECT")
    assert stored_counts() == before


def test_preview_does_not_accept_get(api_client):
    assert api_client.get(URL).status_code == 405


def test_malformed_json_answers_400_with_a_detail_message(api_client):
    response = api_client.post(URL, '{"methodology": "1.0", ', content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["detail"]
    assert body["detail"].startswith("JSON parse error")


@pytest.mark.parametrize("body", [[1, 2], "hello", 42], ids=["array", "string", "number"])
def test_a_body_that_is_not_an_object_answers_400(api_client, body):
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "__all__": ["The body must be a JSON object with methodology and indicators."]
    }


BAD_INPUT = [
    ("missing_indicators", {"methodology": "1.0"}, ("indicators",), "indicators"),
    (
        "missing_methodology",
        {"indicators": {}},
        ("methodology",),
        "methodology",
    ),
    (
        "unknown_top_level_key",
        {**WORKED_EXAMPLE, "country": "NOR"},
        ("__all__",),
        "country",
    ),
    (
        "women_is_text",
        components("WC04", "peacekeepers", {"women": "five", "men": 86}),
        ("WC04", "peacekeepers", "women"),
        "women",
    ),
    (
        "women_is_a_fraction",
        components("WC04", "peacekeepers", {"women": 5.5, "men": 86}),
        ("WC04", "peacekeepers", "women"),
        "women",
    ),
    (
        "women_is_a_boolean",
        components("WC04", "peacekeepers", {"women": True, "men": 86}),
        ("WC04", "peacekeepers", "women"),
        "women",
    ),
    (
        "level_is_text",
        components("WC10", "dissemination", {"level": "2"}),
        ("WC10", "dissemination", "level"),
        "level",
    ),
    (
        "women_is_negative",
        components("WC04", "peacekeepers", {"women": -1, "men": 86}),
        ("WC04", "peacekeepers", "women"),
        "women",
    ),
    (
        "allocated_is_negative",
        components("WC11", "funding", {"allocated": -5, "disbursed": 0}),
        ("WC11", "funding", "allocated"),
        "allocated",
    ),
    (
        "numerator_above_denominator",
        components("WC05", "task_force_seats", {"numerator": 13, "denominator": 12}),
        ("WC05", "task_force_seats", "numerator"),
        "numerator",
    ),
    (
        "level_out_of_range",
        components("WC10", "dissemination", {"level": 5}),
        ("WC10", "dissemination", "level"),
        "level",
    ),
    (
        "required_field_missing",
        components("WC04", "peacekeepers", {"women": 14}),
        ("WC04", "peacekeepers", "men"),
        "men",
    ),
    (
        "unknown_indicator",
        {"methodology": "1.0", "indicators": {"WC12": {"components": {}}}},
        ("WC12", "__all__"),
        "WC12",
    ),
    (
        "unknown_component",
        components("WC04", "blue_helmets", {"women": 1, "men": 86}),
        ("WC04", "blue_helmets", "__all__"),
        "blue_helmets",
    ),
    (
        "unknown_field",
        components("WC04", "peacekeepers", {"women": 1, "men": 86, "observers": 3}),
        ("WC04", "peacekeepers", "observers"),
        "observers",
    ),
    (
        "unknown_checklist_item",
        components("WC06", "laws_and_policies", {"items": {"moon_law": "yes"}}),
        ("WC06", "laws_and_policies", "items"),
        "moon_law",
    ),
    (
        "bad_checklist_answer",
        components("WC06", "laws_and_policies", {"items": {"nap_in_force": "maybe"}}),
        ("WC06", "laws_and_policies", "items"),
        "nap_in_force",
    ),
    (
        "not_applicable_not_allowed",
        with_indicator("WC01", {"not_applicable": True, "reason": "no data anywhere"}),
        ("WC01", "not_applicable"),
        "WC01",
    ),
    (
        "not_applicable_without_reason",
        with_indicator("WC02", {"not_applicable": True}),
        ("WC02", "reason"),
        "reason",
    ),
    (
        "attrition_order_violated",
        components(
            "WC09",
            "sgbv_cases",
            {"reported": 400, "investigated": 20, "prosecuted": 90, "penalised": 3},
        ),
        ("WC09", "sgbv_cases", "prosecuted"),
        "prosecuted",
    ),
    (
        "civil_society_above_disbursed",
        components(
            "WC11",
            "funding",
            {"allocated": 100, "disbursed": 50, "to_civil_society": 60},
        ),
        ("WC11", "funding", "to_civil_society"),
        "to_civil_society",
    ),
    (
        "bad_currency",
        components("WC11", "funding", {"allocated": 100, "disbursed": 50, "currency": "usd"}),
        ("WC11", "funding", "currency"),
        "currency",
    ),
    ("unknown_methodology", {**WORKED_EXAMPLE, "methodology": "9.9"}, ("methodology",), "9.9"),
]


@pytest.mark.parametrize(
    "body, path, named", [case[1:] for case in BAD_INPUT], ids=[case[0] for case in BAD_INPUT]
)
def test_bad_input_answers_400_with_the_error_keyed_by_its_path(api_client, body, path, named):
    before = stored_counts()
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 400
    node = response.json()
    for key in path:
        assert list(node) == [key]
        node = node[key]
    assert isinstance(node, list) and node
    assert any(named in message for message in node)
    assert stored_counts() == before


def test_every_error_in_one_request_is_reported_at_once(api_client):
    body = components("WC04", "peacekeepers", {"women": -1, "men": "many"})
    body["methodology"] = "9.9"
    body["indicators"]["WC10"] = {"components": {"dissemination": {"level": 5}}}
    body["indicators"]["WC12"] = {"components": {}}
    body["indicators"]["WC01"] = {"not_applicable": True, "reason": "none"}
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"methodology", "WC01", "WC04", "WC10", "WC12"}
    assert set(errors["WC04"]["peacekeepers"]) == {"women", "men"}
    assert "women" in errors["WC04"]["peacekeepers"]["women"][0]
    assert "men" in errors["WC04"]["peacekeepers"]["men"][0]
    assert "level" in errors["WC10"]["dissemination"]["level"][0]
    assert "9.9" in errors["methodology"][0]


def variant_inputs() -> dict:
    """Another set of inputs: an unscored component, an insufficient indicator, no money."""
    body = copy.deepcopy(WORKED_EXAMPLE)
    body["indicators"]["WC03"] = {"components": {"military": {"women": 0, "men": 0}}}
    body["indicators"]["WC11"] = {
        "components": {"funding": {"allocated": 0, "disbursed": 0, "currency": "EUR"}}
    }
    del body["indicators"]["WC05"]
    return body


@pytest.mark.parametrize("inputs", [WORKED_EXAMPLE, variant_inputs()], ids=["worked", "variant"])
def test_preview_of_a_stored_assessments_inputs_equals_its_stored_score(
    api_client, organization, inputs
):
    assessment = AssessmentFactory(organization=organization, year=2022)
    add_values(assessment, inputs["indicators"])
    stored = assessment_rescore(assessment=assessment)
    body = api_client.post(URL, inputs, format="json").json()

    def as_decimal(value):
        return None if value is None else Decimal(str(value))

    assert stored.methodology.version == body["methodology"]
    assert stored.overall == as_decimal(body["overall"]["score"])
    assert stored.arithmetic_mean == as_decimal(body["overall"]["arithmetic_mean"])
    assert stored.overall_status == body["overall"]["status"]
    assert (stored.band or None) == body["overall"]["band"]
    for name in CLUSTERS:
        assert getattr(stored, name) == as_decimal(body["clusters"][name]["score"])
        assert getattr(stored, f"{name}_status") == body["clusters"][name]["status"]
    assert stored.indicator_scores == body["indicators"]


def test_stored_and_previewed_variant_scores_are_what_the_method_says(api_client, organization):
    body = api_client.post(URL, variant_inputs(), format="json").json()
    assert body["indicators"]["WC03"]["status"] == "insufficient_data"
    assert body["indicators"]["WC05"]["status"] == "no_data"
    assert body["indicators"]["WC11"]["score"] == 0.0
    assert body["clusters"]["participation"]["status"] == "scored"
    assert body["overall"]["status"] == "scored"


@pytest.mark.django_db
def test_a_huge_deeply_nested_body_is_refused_by_its_size(api_client):
    body = '{"methodology": "1.0", "indicators": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api_client.post(URL, body, content_type="application/json")
    assert response.status_code == 413  # larger than the body limit


@pytest.mark.django_db
def test_a_small_body_nested_too_deeply_answers_400_naming_the_problem(api_client):
    body = "[" * 30_000 + "]" * 30_000
    response = api_client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - the body is nested too deeply."}


@pytest.mark.django_db
def test_a_body_larger_than_64_kib_is_refused_unread(api_client):
    body = '{"methodology": "1.0", "indicators": {}, "padding": "' + "x" * 70_000 + '"}'
    response = api_client.post(URL, body, content_type="application/json")
    assert response.status_code == 413
    assert "at most 65536" in response.json()["detail"]


@pytest.mark.django_db
def test_a_form_encoded_body_is_refused_as_an_unsupported_media_type(api_client):
    response = api_client.post(URL, {"methodology": "1.0"})
    assert response.status_code == 415
