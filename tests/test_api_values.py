"""/api/v1/values/: every stored value in long format, with its evidence, filters and visibility."""

import io

import pytest
import yaml
from django.core.management import call_command

from indicators.models import Assessment, Indicator, IndicatorValue
from plans.models import Country
from tests.factories import AssessmentFactory, OrganizationFactory, add_values, scored_assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status
URL = "/api/v1/values/"

# A few values of three indicators: a share, a not-applicable row and a checklist.
FEW = {
    "WC01": {"components": {"cabinet": {"women": 5, "men": 15}}},
    "WC02": {"not_applicable": True, "reason": "no formal peace process"},
    "WC06": {"components": {"laws_and_policies": {"items": {"nap_in_force": "yes"}}}},
}


def rows(client, query=""):
    response = client.get(f"{URL}?page_size=250{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def keys(client, query=""):
    """(country, year, organization, indicator, component, locality) of every row."""
    return [
        (r["country"], r["year"], r["organization"], r["indicator"], r["component"], r["locality"])
        for r in rows(client, query)
    ]


@pytest.fixture
def norway(organization):
    """The owning organization's Norway 2020 (validated) and 2021 (a draft), few values each."""
    validated = scored_assessment(FEW, organization=organization, year=2020)
    draft = scored_assessment(FEW, organization=organization, year=2021, status=Status.DRAFT)
    return validated, draft


def test_a_value_row_is_flat_with_its_assessments_keys_inputs_and_evidence(api_client, norway):
    validated, _ = norway
    local = IndicatorValue.objects.create(
        assessment=validated,
        indicator=Indicator.objects.get(code="WC01"),
        component="local_government",
        level=IndicatorValue.Level.LOCAL,
        locality="Oslo",
        inputs={"women": 30, "men": 29},
        data_year=2019,
        source_url="https://example.org/oslo",
        source_page="p. 3",
        source_quote="Oslo city council.",
        notes="Local figure.",
    )
    body = rows(api_client)
    assert len(body) == IndicatorValue.objects.filter(assessment=validated).count() == 4
    row = next(r for r in body if r["locality"] == "Oslo")
    assert row == {
        "country": "NOR",
        "year": 2020,
        "organization": "owning-org",
        "assessment_status": "validated",
        "is_sample": False,
        "indicator": "WC01",
        "cluster": "participation",
        "component": "local_government",
        "level": "local",
        "locality": "Oslo",
        "not_applicable": False,
        "not_applicable_reason": "",
        "inputs": local.inputs,
        "data_year": 2019,
        "source_url": "https://example.org/oslo",
        "source_page": "p. 3",
        "source_quote": "Oslo city council.",
        "notes": "Local figure.",
        "assessment_url": "http://testserver/api/v1/assessments/NOR/2020/owning-org/",
    }
    not_applicable = next(r for r in body if r["indicator"] == "WC02")
    assert not_applicable["not_applicable"] is True
    assert not_applicable["not_applicable_reason"] == "no formal peace process"
    assert not_applicable["component"] == ""
    checklist = next(r for r in body if r["indicator"] == "WC06")
    assert checklist["inputs"] == {"items": {"nap_in_force": "yes"}}
    # Flat: nothing nested but the inputs.
    for r in body:
        assert [k for k, v in r.items() if isinstance(v, dict | list)] == ["inputs"]


def test_the_rows_are_by_country_then_latest_year_then_indicator_order(api_client, norway):
    assert keys(api_client) == [
        ("NOR", 2020, "owning-org", "WC01", "cabinet", ""),
        ("NOR", 2020, "owning-org", "WC02", "", ""),
        ("NOR", 2020, "owning-org", "WC06", "laws_and_policies", ""),
    ]


@pytest.mark.parametrize(
    "persona, sees_draft",
    [(None, False), ("editor", True), ("other_editor", False), ("admin_user", True)],
)
def test_draft_values_are_seen_only_by_their_organization_and_administrators(
    api_client, request, norway, persona, sees_draft
):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    years = {(r["year"], r["assessment_status"]) for r in rows(api_client)}
    expected = {(2020, "validated"), (2021, "draft")} if sees_draft else {(2020, "validated")}
    assert years == expected


def test_an_editor_never_sees_another_organizations_draft_values(
    api_client, editor, other_organization, norway
):
    scored_assessment(FEW, organization=other_organization, year=2021, status=Status.SUBMITTED)
    api_client.force_authenticate(editor)
    assert {r["organization"] for r in rows(api_client, "&year_min=2021")} == {"owning-org"}
    assert rows(api_client, "&organization=other-org&status=submitted") == []


def test_the_status_filter_only_narrows_what_the_caller_may_see(api_client, editor, norway):
    assert rows(api_client, "&status=draft") == []
    api_client.force_authenticate(editor)
    assert {r["year"] for r in rows(api_client, "&status=draft")} == {2021}


@pytest.fixture
def spread(organization, other_organization):
    """Validated values in Norway 2015, Ghana 2018 (real) and Kenya 2022 (sample)."""
    scored_assessment(FEW, organization=organization, year=2015)
    scored_assessment(FEW, organization=organization, year=2018, country_id="GHA")
    scored_assessment(
        {"WC01": FEW["WC01"]},
        organization=other_organization,
        year=2022,
        country_id="KEN",
        is_sample=True,
    )
    IndicatorValue.objects.create(
        assessment=Assessment.objects.get(country_id="KEN"),
        indicator=Indicator.objects.get(code="WC01"),
        component="cabinet",
        level=IndicatorValue.Level.LOCAL,
        locality="Nairobi",
        inputs={"women": 1, "men": 1},
    )


def countries_years(client, query):
    return sorted({(r["country"], r["year"]) for r in rows(client, query)})


@pytest.mark.parametrize(
    "query, expected",
    [
        ("&country=nor", [("NOR", 2015)]),
        ("&country=GHA,ken", [("GHA", 2018), ("KEN", 2022)]),
        ("&region=Africa", [("GHA", 2018), ("KEN", 2022)]),
        ("&subregion=Eastern Africa", [("KEN", 2022)]),
        ("&subregion=Northern Europe", [("NOR", 2015)]),
        ("&year_min=2016", [("GHA", 2018), ("KEN", 2022)]),
        ("&year_max=2018", [("GHA", 2018), ("NOR", 2015)]),
        ("&year_min=2016&year_max=2020", [("GHA", 2018)]),
        ("&organization=other-org", [("KEN", 2022)]),
        ("&is_sample=true", [("KEN", 2022)]),
        ("&is_sample=0", [("GHA", 2018), ("NOR", 2015)]),
        ("&status=validated", [("GHA", 2018), ("KEN", 2022), ("NOR", 2015)]),
        ("&methodology=1.0", [("GHA", 2018), ("KEN", 2022), ("NOR", 2015)]),
        ("&methodology=9.9", []),
        ("&indicator=WC06", [("GHA", 2018), ("NOR", 2015)]),
    ],
)
def test_the_assessment_filters_pick_the_values_of_matching_assessments(
    api_client, spread, query, expected
):
    assert countries_years(api_client, query) == expected


def test_the_value_filters_pick_indicators_clusters_and_levels(api_client, spread):
    by_code = {(r["indicator"], r["country"]) for r in rows(api_client, "&indicator=wc02,WC06")}
    assert by_code == {("WC02", "NOR"), ("WC02", "GHA"), ("WC06", "NOR"), ("WC06", "GHA")}
    cluster = rows(api_client, "&cluster=prevention_protection")
    assert {r["indicator"] for r in cluster} == {"WC06"}
    assert {r["cluster"] for r in cluster} == {"prevention_protection"}
    local = rows(api_client, "&level=local")
    assert [(r["country"], r["locality"]) for r in local] == [("KEN", "Nairobi")]
    national = rows(api_client, "&level=national&country=KEN")
    assert [(r["component"], r["locality"]) for r in national] == [("cabinet", "")]


def test_the_band_and_score_range_filters_apply_to_the_values_assessment(api_client, spread):
    ghana = Assessment.objects.get(country_id="GHA").score
    ghana.overall, ghana.band = 80, "high"
    ghana.save()
    assert countries_years(api_client, "&band=high") == [("GHA", 2018)]
    assert countries_years(api_client, "&overall_min=79.5") == [("GHA", 2018)]
    assert ("GHA", 2018) not in countries_years(api_client, "&overall_max=79.9")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("&ordering=year", [("NOR", 2015), ("GHA", 2018), ("KEN", 2022)]),
        ("&ordering=-year", [("KEN", 2022), ("GHA", 2018), ("NOR", 2015)]),
        ("&ordering=country", [("GHA", 2018), ("KEN", 2022), ("NOR", 2015)]),
        ("&ordering=-organization", [("GHA", 2018), ("NOR", 2015), ("KEN", 2022)]),
    ],
)
def test_the_values_order_by_the_named_fields(api_client, spread, query, expected):
    seen = []
    for r in rows(api_client, query):
        if (r["country"], r["year"]) not in seen:
            seen.append((r["country"], r["year"]))
    assert seen == expected


def test_ordering_by_indicator_keeps_ties_in_one_order_across_pages(api_client, spread):
    everything = keys(api_client, "&ordering=-indicator")
    assert [k[3] for k in everything] == sorted((k[3] for k in everything), reverse=True)
    paged = []
    for page in range(1, len(everything) // 2 + 2):
        response = api_client.get(f"{URL}?ordering=-indicator&page_size=2&page={page}")
        if response.status_code == 404:
            break
        paged.extend(
            (r["country"], r["year"], r["organization"], r["indicator"], r["component"])
            + (r["locality"],)
            for r in response.json()["results"]
        )
    assert paged == everything


@pytest.mark.parametrize(
    "query",
    [
        "country=N0R",
        "region=Atlantis",
        "subregion=Africa",
        "year_min=99999",
        "year_max=" + "9" * 5000,
        "is_sample=perhaps",
        "status=lost",
        "band=shiny",
        "indicator=WC-01",
        "indicator=" + ",".join(["WC01"] * 51),
        "cluster=peace",
        "level=regional",
        "overall_min=abc",
        "promotion_max=100.5",
        "participation_min=-1",
        "plan_generation=0",
        "page_size=0",
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api_client, query):
    response = api_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_the_values_list_is_paginated_and_answers_conditional_gets(api_client, norway):
    first = api_client.get(f"{URL}?page_size=2")
    body = first.json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] == "http://testserver/api/v1/values/?page=2&page_size=2"
    assert api_client.get(f"{URL}?page_size=2", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api_client.get(f"{URL}?page=9").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_to_the_values_list_are_405(api_client, editor, method):
    api_client.force_authenticate(editor)
    assert getattr(api_client, method)(URL, {}).status_code == 405


@pytest.mark.parametrize("persona", [None, "editor"])
@pytest.mark.parametrize("extra", [0, 10])
@pytest.mark.parametrize("page_size, queries", [(250, 1), (2, 2)])
def test_the_values_list_takes_one_query_and_one_more_to_count_past_a_full_page(
    api_client,
    request,
    organization,
    persona,
    extra,
    page_size,
    queries,
    django_assert_num_queries,
    memory_cache,
):
    scored_assessment(FEW, organization=organization, year=2000, status=Status.DRAFT)
    countries = list(Country.objects.order_by("iso3")[: extra + 1])
    for n, country in enumerate(countries):
        org = OrganizationFactory(slug=f"many-{n}", name=f"Many {n}")
        assessment = AssessmentFactory(organization=org, year=2001 + n, country=country)
        add_values(assessment, FEW)
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    # The rows with assessment, country, organization and indicator; the count only when
    # the page is full (a shorter page is the last one: its length is the count).
    with django_assert_num_queries(queries):
        body = api_client.get(f"{URL}?page_size={page_size}").json()
    assert body["count"] == 3 * (extra + 1 + (persona is not None))
    assert len(body["results"]) == min(page_size, body["count"])


def test_the_values_list_renders_in_the_browsable_api_with_its_filters(api_client, norway):
    response = api_client.get(f"{URL}?indicator=WC01", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b'name="subregion"' in response.content


def test_a_value_without_evidence_url_says_empty_and_an_iri_is_answered_as_a_uri(
    api_client, norway
):
    # Found by the fuzz run: "" was answered where the schema said a URI (decision 77).
    validated, _ = norway
    validated.values.filter(not_applicable=True).update(source_url="")
    validated.values.filter(component="cabinet").update(source_url="https://example.org/année")
    by_indicator = {r["indicator"]: r for r in rows(api_client, "&year_min=2020&year_max=2020")}
    assert by_indicator["WC02"]["source_url"] == ""
    assert by_indicator["WC01"]["source_url"] == "https://example.org/ann%C3%A9e"
    out = io.StringIO()
    call_command("spectacular", stdout=out)
    field = yaml.safe_load(out.getvalue())["components"]["schemas"]["ValueRow"]["properties"]
    assert {"type": "string", "maxLength": 0} in field["source_url"]["oneOf"]
