"""The shared FilterSets of the plan and assessment lists: sub-region, plan facts, score ranges,
sample data; each bad value a 400 naming its parameter; each filter documented in the schema."""

import pytest
import yaml
from django.core.management import call_command

from indicators.filters import AssessmentFilter, ScoreRowFilter, ValueFilter
from plans.filters import PlanFilter
from plans.models import NationalActionPlan
from tests.factories import PlanFactory, scored_assessment

pytestmark = pytest.mark.django_db

Plan = NationalActionPlan


@pytest.fixture
def plans(norway_without_sourced_plans):
    """Norway's first plan (expired, no budget, no M&E framework) and second (in force,
    earmarked budget, M&E framework), and a sample plan of Brazil with no facts known."""
    first = PlanFactory(
        generation=1,
        status=Plan.Status.EXPIRED,
        lead_category=Plan.LeadCategory.FOREIGN_AFFAIRS,
        budget=Plan.Budget.NONE,
        me_framework=False,
    )
    second = PlanFactory(
        generation=2,
        adopted_year=2020,
        period_start=2020,
        period_end=2024,
        status=Plan.Status.IN_FORCE,
        lead_category=Plan.LeadCategory.DEFENCE,
        budget=Plan.Budget.EARMARKED,
        me_framework=True,
        supersedes=first,
    )
    sample = PlanFactory(country_id="BRA", generation=1, is_sample=True)
    return first, second, sample


@pytest.fixture
def assessments(plans, organization):
    """Norway 2016 under the first plan, 2021 under the second, 2023 with no plan on record;
    each with its own stored overall and cluster scores."""
    first, second, _ = plans
    rows = {}
    for year, plan, scores in [
        (2016, first, ("40.0", "30.5", "45.0", "50.0")),
        (2021, second, ("70.5", "80.0", "60.0", "65.5")),
        (2023, None, ("55.0", "55.0", "55.0", "55.0")),
    ]:
        assessment = scored_assessment(organization=organization, year=year, plan=plan)
        stored = assessment.score
        (stored.overall, stored.participation, stored.prevention_protection, stored.promotion) = (
            scores
        )
        stored.save()
        rows[year] = assessment
    return rows


def years(client, query):
    response = client.get(f"/api/v1/assessments/?page_size=250&ordering=year{query}")
    assert response.status_code == 200, response.content
    return [r["year"] for r in response.json()["results"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", [2016, 2021, 2023]),
        ("&plan_generation=1", [2016]),
        ("&plan_generation=2", [2021]),
        ("&plan_generation=3", []),
        ("&plan_status=in_force", [2021]),
        ("&plan_lead_category=foreign_affairs", [2016]),
        ("&plan_budget=earmarked", [2021]),
        ("&plan_me_framework=true", [2021]),
        ("&plan_me_framework=0", [2016]),
        ("&subregion=Northern Europe", [2016, 2021, 2023]),
        ("&subregion=Western Africa", []),
        ("&overall_min=55", [2021, 2023]),
        ("&overall_min=70.5", [2021]),
        ("&overall_max=70.49", [2016, 2023]),
        ("&participation_min=30.5&participation_max=55", [2016, 2023]),
        ("&prevention_protection_max=45", [2016]),
        ("&promotion_min=60.25", [2021]),
        ("&overall_min=0&overall_max=100", [2016, 2021, 2023]),
    ],
)
def test_the_assessment_list_filters_by_plan_facts_sub_region_and_score_ranges(
    api_client, assessments, query, expected
):
    assert years(api_client, query) == expected


def test_an_assessment_without_a_stored_overall_score_matches_no_score_bound(
    api_client, assessments
):
    stored = assessments[2023].score
    stored.overall = None
    stored.overall_status = "insufficient_data"
    stored.save()
    assert 2023 not in years(api_client, "&overall_min=0")
    assert 2023 not in years(api_client, "&overall_max=100")
    assert 2023 in years(api_client, "&participation_min=0")


@pytest.mark.parametrize(
    "query",
    [
        "subregion=Europe",
        "plan_generation=0",
        "plan_generation=21",
        "plan_generation=two",
        "plan_generation=" + "1" * 5000,
        "plan_status=retired",
        "plan_lead_category=army",
        "plan_budget=huge",
        "plan_me_framework=sometimes",
        "overall_min=-0.1",
        "overall_max=100.01",
        "participation_min=fifty",
        "prevention_protection_max=Infinity",
        "promotion_min=" + "5" * 5000,
    ],
)
def test_a_bad_assessment_filter_is_a_400_naming_it(api_client, query):
    response = api_client.get(f"/api/v1/assessments/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def plan_keys(client, query):
    response = client.get(f"/api/v1/plans/?page_size=250{query}")
    assert response.status_code == 200, response.content
    return [(r["country"], r["generation"]) for r in response.json()["results"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("&country=NOR,BRA&generation=1", [("BRA", 1), ("NOR", 1)]),
        ("&country=NOR&generation=2", [("NOR", 2)]),
        ("&subregion=South America&country=BRA,NOR", [("BRA", 1)]),
        ("&subregion=Northern Europe&country=BRA,NOR", [("NOR", 1), ("NOR", 2)]),
        ("&is_sample=true", [("BRA", 1)]),
        ("&country=NOR,BRA&is_sample=false", [("NOR", 1), ("NOR", 2)]),
        ("&country=NOR&me_framework=true", [("NOR", 2)]),
    ],
)
def test_the_plan_list_filters_by_sub_region_generation_and_sample_data(
    api_client, plans, query, expected
):
    assert plan_keys(api_client, query) == expected


def test_the_plan_sub_region_filter_lists_every_plan_of_its_countries(api_client, plans):
    expected = Plan.objects.published().filter(country__subregion="South America")
    listed = plan_keys(api_client, "&subregion=South America")
    assert sorted(listed) == sorted(expected.values_list("country_id", "generation"))
    assert ("BRA", 1) in listed


@pytest.mark.parametrize(
    "query", ["subregion=Atlantis", "generation=0", "generation=x", "is_sample=2"]
)
def test_a_bad_plan_filter_is_a_400_naming_it(api_client, query):
    response = api_client.get(f"/api/v1/plans/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


@pytest.mark.parametrize(
    "path, filterset",
    [
        ("/api/v1/plans/", PlanFilter),
        ("/api/v1/assessments/", AssessmentFilter),
        ("/api/v1/values/", ValueFilter),
        ("/api/v1/scores/", ScoreRowFilter),
    ],
)
def test_every_filter_of_a_list_is_a_documented_parameter_named_in_its_description(
    schema, path, filterset
):
    operation = schema["paths"][path]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    # `format` (json, csv, xlsx) is the exports' parameter (nap_tracker.exports), `release` the
    # dataset releases' (nap_tracker.snapshots): not filters.
    assert set(parameters) == {
        *filterset.base_filters,
        "ordering",
        "page",
        "page_size",
        "format",
        "release",
    }
    assert all(p["description"] for p in parameters.values())
    for name in filterset.base_filters:
        assert f"`{name}`" in operation["description"], name
    assert {"200", "400", "404"} <= set(operation["responses"])


def test_the_filter_parameters_say_the_values_they_accept(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/scores/"]["get"]["parameters"]
    }
    assert parameters["overall_min"] == {"type": "number", "minimum": 0, "maximum": 100}
    assert parameters["plan_generation"] == {"type": "integer", "minimum": 1, "maximum": 20}
    assert parameters["year_min"] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    assert parameters["plan_me_framework"] == {"type": "boolean"}
    assert parameters["form"]["enum"] == ["long", "wide"]
    assert parameters["level"]["enum"] == ["overall", "cluster", "indicator"]
    assert "Western Africa" in parameters["subregion"]["enum"]
    assert "Africa" not in parameters["subregion"]["enum"]
    assert set(parameters["plan_status"]["enum"]) == set(Plan.Status.values)
    values = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/values/"]["get"]["parameters"]
    }
    assert values["level"]["enum"] == ["national", "local"]
    assert values["indicator"] == {"type": "string"}
