"""The OpenAPI schema (/api/schema/) and Swagger UI (/api/docs/): complete, valid, truthful."""

import json

import pytest
import yaml
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.management import call_command

from indicators.api.schema import ERROR_EXAMPLE_BODIES
from indicators.worked_example import WORKED_EXAMPLE
from nap_tracker.api import router

pytestmark = pytest.mark.django_db

PREVIEW = "/api/v1/score-preview/"
PLAN_DETAIL = "/api/v1/plans/{iso3}/{key}/"
ASSESSMENT_DETAIL = "/api/v1/assessments/{iso3}/{year}/{org}/"
DOWNLOAD = "/api/v1/download/"
PLAN_REVIEW_DETAIL = "/api/v1/plan-reviews/{iso3}/{key}/{org}/"


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    """The schema as `manage.py spectacular` writes it, failing on any warning or error."""
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def router_paths() -> set[str]:
    """Every path of the /api/v1/ router, as OpenAPI writes it, the score preview and the
    plan and assessment details (several keys, so outside the router) and the archive."""
    paths = {
        PREVIEW,
        PLAN_DETAIL,
        PLAN_REVIEW_DETAIL,
        ASSESSMENT_DETAIL,
        f"{ASSESSMENT_DETAIL}scores/",
        f"{ASSESSMENT_DETAIL}values/",
        f"{ASSESSMENT_DETAIL}submit/",
        DOWNLOAD,
    }
    for prefix, viewset, _ in router.registry:
        paths.add(f"/api/v1/{prefix}/")
        if hasattr(viewset, "retrieve"):
            paths.add(f"/api/v1/{prefix}/{{{viewset.lookup_field}}}/")
    return paths


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def examples_of(content: dict) -> dict:
    """A response's or request's examples by their summary (their name, unless given one)."""
    examples = content["application/json"].get("examples", {})
    return {example["summary"]: example for example in examples.values()}


def test_the_schema_validates_without_a_warning_and_names_the_api(schema):
    assert schema["info"]["title"] == "nap_tracker API"
    assert "/methodology/" in schema["info"]["description"]
    assert schema["info"]["license"]["name"] == "MIT"


def test_every_router_path_and_nothing_else_is_in_the_schema(schema):
    assert set(schema["paths"]) == router_paths()


def test_every_operation_has_a_summary_a_description_and_its_error_responses(schema):
    for path, method, operation in operations(schema):
        assert operation["summary"], (method, path)
        assert len(operation["description"]) > 40, (method, path)
        success = "201" if (path, method) == ("/api/v1/assessments/", "post") else "200"
        assert success in operation["responses"], (method, path)
        if "{" in path:
            assert "404" in operation["responses"], (method, path)
    countries = schema["paths"]["/api/v1/countries/"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(countries)
    assert {"200", "400", "413", "415"} <= set(schema["paths"][PREVIEW]["post"]["responses"])


def test_the_country_filters_are_parameters_with_the_values_the_filterset_accepts(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/countries/"]["get"]["parameters"]}
    assert set(parameters) == {
        "q",
        "show",
        "region",
        "subregion",
        "has_plan",
        "un_member",
        "nap_status",
        "band",
        "year",
        "sort",
        "page",
        "page_size",
        "format",
        "release",
    }
    assert all(p["description"] for p in parameters.values())
    assert "Western Africa" in parameters["subregion"]["schema"]["enum"]
    assert "Africa" not in parameters["subregion"]["schema"]["enum"]
    assert {"not_stated", "none", "in_force"} <= set(parameters["nap_status"]["schema"]["enum"])
    assert parameters["year"]["schema"] == {"type": "integer", "minimum": 2000, "maximum": 2100}
    assert {"-overall", "name"} <= set(parameters["sort"]["schema"]["enum"])
    assert parameters["has_plan"]["schema"]["type"] == "boolean"


def test_the_score_preview_request_is_described_component_by_component(schema):
    body = schema["paths"][PREVIEW]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ScorePreviewRequest"}
    components = schema["components"]["schemas"]
    indicators = components["ScorePreviewIndicatorsRequest"]["properties"]
    assert list(indicators) == [f"WC{n:02d}" for n in range(1, 12)]
    wc01 = components["WC01ComponentsRequest"]["properties"]
    assert list(wc01) == ["cabinet", "parliament", "local_government"]
    assert set(components["ShareInputsRequest"]["required"]) == {"women", "men"}
    # Only indicators that may be not applicable document not_applicable.
    assert "not_applicable" in components["WC02EntryRequest"]["properties"]
    assert "not_applicable" not in components["WC01EntryRequest"]["properties"]
    assert examples_of({"application/json": body})["Worked example"]["value"] == WORKED_EXAMPLE


def test_the_score_preview_response_examples_are_what_the_api_answers(schema, api_client):
    responses = schema["paths"][PREVIEW]["post"]["responses"]
    ok = examples_of(responses["200"]["content"])
    assert ok, "the score preview has response examples"
    answer = api_client.post(PREVIEW, WORKED_EXAMPLE, format="json")
    assert ok["Worked example"]["value"] == answer.json()
    assert ok["Worked example"]["value"]["overall"]["band"] == "low"
    empty = api_client.post(PREVIEW, {"methodology": "1.0", "indicators": {}}, format="json")
    assert ok["No inputs"]["value"] == empty.json()

    errors = examples_of(responses["400"]["content"])
    for name, body in ERROR_EXAMPLE_BODIES.items():
        answer = api_client.post(PREVIEW, body, format="json")
        assert answer.status_code == 400
        assert errors[name]["value"] == answer.json(), name
    not_json = api_client.post(PREVIEW, "nope", content_type="application/json")
    assert errors["Not JSON"]["value"] == not_json.json()


def test_the_country_list_error_examples_are_what_the_api_answers(schema, api_client):
    responses = schema["paths"]["/api/v1/countries/"]["get"]["responses"]
    examples = examples_of(responses["400"]["content"])
    region = api_client.get("/api/v1/countries/", {"region": "Atlantis"})
    assert region.status_code == 400
    assert examples["Unknown region"]["value"] == region.json()
    size = api_client.get("/api/v1/countries/", {"page_size": "many"})
    assert examples["Bad page size"]["value"] == size.json()
    page = api_client.get("/api/v1/countries/", {"page": "999"})
    assert page.status_code == 404
    assert examples_of(responses["404"]["content"])["Invalid page"]["value"] == page.json()
    missing = api_client.get("/api/v1/countries/XXX/")
    detail = schema["paths"]["/api/v1/countries/{iso3}/"]["get"]["responses"]["404"]
    assert examples_of(detail["content"])["Not found"]["value"] == missing.json()


def test_the_indicator_examples_and_components_are_what_the_api_answers(schema, api_client):
    detail = schema["paths"]["/api/v1/indicators/{code}/"]["get"]["responses"]
    missing = api_client.get("/api/v1/indicators/WC99/")
    assert missing.status_code == 404
    assert examples_of(detail["404"]["content"])["Not found"]["value"] == missing.json()
    component = schema["components"]["schemas"]["IndicatorComponent"]
    assert set(component["properties"]) == {"key", "kind", "items"}
    for row in api_client.get("/api/v1/indicators/").json():
        for item in row["components"]:
            assert set(item) <= set(component["properties"])
            assert set(component["required"]) <= set(item)


def test_the_schema_is_served_as_yaml_and_as_json(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert set(yaml.safe_load(response.content)["paths"]) == router_paths()
    as_json = client.get("/api/schema/", {"format": "json"})
    assert as_json.status_code == 200
    assert set(json.loads(as_json.content)["paths"]) == router_paths()


def test_the_docs_page_needs_no_inline_code_and_no_other_origin(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("style") is None
    assert page.find(style=True) is None
    scripts = page.find_all("script")
    assert scripts and all(script.get("src") and not script.string for script in scripts)
    assets = [s["src"] for s in scripts] + [
        link["href"] for link in page.find_all("link", href=True)
    ]
    for url in assets:
        assert url.startswith("/"), url  # this origin, never a CDN
    for url in assets:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    assert len(page.find_all("h1")) == 1
    assert page.find("main") is not None


def test_the_docs_start_up_script_is_a_javascript_file(client):
    page = BeautifulSoup(client.get("/api/docs/").content, "html.parser")
    start_up = next(s["src"] for s in page.find_all("script") if s["src"].startswith("/api/"))
    response = client.get(start_up)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in response.content
    assert b'url: "/api/schema/"' in response.content


def test_the_api_root_links_to_the_docs_and_the_schema(client):
    page = BeautifulSoup(client.get("/api/v1/", HTTP_ACCEPT="text/html").content, "html.parser")
    links = {a["href"]: a.get_text(strip=True) for a in page.find_all("a", href=True)}
    assert links.get("/api/docs/") == "API docs"
    assert links.get("/api/schema/") == "OpenAPI schema"


def test_the_api_root_json_lists_every_resource_of_the_router(api_client):
    assert set(api_client.get("/api/v1/").json()) == {
        "countries",
        "indicators",
        "methodologies",
        "organizations",
        "plans",
        "assessments",
        "values",
        "scores",
        "plan-reviews",
        "review-criteria",
        "releases",
    }


def test_every_list_documents_its_csv_beside_the_json_and_its_errors_as_json_only(schema):
    for prefix, _, _ in router.registry:
        operation = schema["paths"][f"/api/v1/{prefix}/"]["get"]
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert {"json", "csv"} <= set(parameters["format"]["schema"]["enum"]), prefix
        assert "whole filtered" in parameters["format"]["description"]
        ok = operation["responses"]["200"]["content"]
        assert ok["text/csv"]["schema"]["type"] == "string", prefix
        for code, response in operation["responses"].items():
            if code != "200" and "content" in response:
                assert set(response["content"]) == {"application/json"}, (prefix, code)
    assessments = schema["paths"]["/api/v1/assessments/"]["get"]
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert assessments["responses"]["200"]["content"][xlsx]["schema"]["format"] == "binary"
    details = schema["paths"]["/api/v1/countries/{iso3}/"]["get"]
    assert set(details["responses"]["200"]["content"]) == {"application/json"}


def test_the_api_offers_a_token_and_the_session_and_no_http_basic_passwords(schema):
    assert set(schema["components"]["securitySchemes"]) == {"cookieAuth", "tokenAuth"}
    for path, method, operation in operations(schema):
        if path == "/api/v1/score-preview/":  # takes no credentials at all
            assert operation["security"] == [{}]
            continue
        # A bad token is refused (401), on reads too; a read is open to anonymous callers.
        assert "401" in operation["responses"], (method, path)
        if method == "get":
            assert {} in operation["security"], path
            assert "403" not in operation["responses"], path


def _operation_schema(view, method="get") -> dict:
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator(patterns=[path("api/v1/probe/", view.as_view())])
    return generator.get_schema(request=None, public=True)["paths"]["/api/v1/probe/"][method]


def test_an_operation_that_takes_a_token_documents_its_refusal_as_401():
    from rest_framework.authentication import SessionAuthentication, TokenAuthentication
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class Probe(APIView):
        authentication_classes = [TokenAuthentication, SessionAuthentication]

        def get(self, request):
            return Response({})  # pragma: no cover - only described

    responses = _operation_schema(Probe)["responses"]
    assert "401" in responses and "403" not in responses
    assert "WWW-Authenticate" in responses["401"]["description"]
    Probe.authentication_classes = [SessionAuthentication, TokenAuthentication]
    responses = _operation_schema(Probe)["responses"]
    assert "403" in responses and "401" not in responses


def test_a_write_with_the_session_documents_the_403_of_a_missing_csrf_token():
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class Probe(APIView):
        authentication_classes = [SessionAuthentication]

        def post(self, request):
            return Response({})  # pragma: no cover - only described

    responses = _operation_schema(Probe, "post")["responses"]
    examples = responses["403"]["content"]["application/json"]["examples"]
    assert "CSRF" in examples["NoCSRFToken"]["value"]["detail"]
