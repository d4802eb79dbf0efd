"""The API's write path: create, describe, fill and submit draft assessments with a token."""

import pytest
from bs4 import BeautifulSoup
from rest_framework.test import APIClient

from indicators.forms import AssessmentCreateForm
from indicators.models import Assessment, IndicatorValue
from indicators.worked_example import WORKED_EXAMPLE
from organizations.models import ApiToken, Membership
from organizations.services import api_token_create
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    PlanFactory,
    add_values,
    scored_assessment,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db

Status = Assessment.Status
LIST = "/api/v1/assessments/"
DRAFT = "/api/v1/assessments/NOR/2024/owning-org/"
READ_WRITE = ApiToken.Scope.READ_WRITE


def token_client(user, scope=READ_WRITE) -> APIClient:
    _, secret = api_token_create(user=user, name="script", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def snapshot() -> tuple:
    return (
        list(Assessment.objects.order_by("pk").values()),
        list(IndicatorValue.objects.order_by("pk").values()),
        Assessment.history.count(),
    )


@pytest.fixture
def draft(organization):
    return AssessmentFactory(
        organization=organization, year=2024, status=Status.DRAFT, validated_at=None
    )


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


def wc04(women=14, men=86, **extra) -> dict:
    return {"component": "peacekeepers", "inputs": {"women": women, "men": men}, **extra}


# Creating ------------------------------------------------------------------------------


def test_an_editor_with_a_read_write_token_creates_a_draft_with_its_location(
    editor_api, editor, norway_without_sourced_plans
):
    plan = PlanFactory(generation=4, adopted_year=2023, period_start=2023, period_end=2026)
    body = {"country": "nor", "year": 2024, "organization": "owning-org", "summary": "Desk."}
    response = editor_api.post(LIST, body, format="json")
    assert response.status_code == 201, response.json()
    assert response["Location"] == "http://testserver" + DRAFT
    row = response.json()
    assert (row["country"], row["year"], row["organization"]) == ("NOR", 2024, "owning-org")
    assert (row["status"], row["plan"], row["version"]) == ("draft", "4", 1)
    created = Assessment.objects.get(year=2024)
    assert (created.created_by, created.plan, created.summary) == (editor, plan, "Desk.")
    assert created.history.get().history_user == editor
    assert editor_api.get(DRAFT).json() == row


def test_a_draft_may_name_its_plan_or_none(editor_api, norway_without_sourced_plans):
    PlanFactory(generation=4, adopted_year=2023, period_start=2023, period_end=2026)
    PlanFactory(generation=3, adopted_year=2019, period_start=2019, period_end=2022)
    body = {"country": "NOR", "organization": "owning-org"}
    assert (
        editor_api.post(LIST, {**body, "year": 2024, "plan": "3"}, format="json").json()["plan"]
        == "3"
    )
    assert (
        editor_api.post(LIST, {**body, "year": 2025, "plan": None}, format="json").json()["plan"]
        is None
    )
    unknown = editor_api.post(LIST, {**body, "year": 2023, "plan": "9"}, format="json")
    assert unknown.status_code == 400
    assert unknown.json() == {
        "plan": ["Select a valid choice. That choice is not one of the available choices."]
    }


@pytest.mark.parametrize(
    "body",
    [
        {"country": "NOR", "year": 1999, "organization": "owning-org"},
        {"country": "SWE", "year": 2024, "organization": "owning-org"},
        {"country": "NOR", "year": "soon", "organization": "other-org"},
        {"country": "XXX", "organization": "owning-org"},
    ],
    ids=["early-year", "uncovered-country", "not-a-year-other-org", "unknown-country-no-year"],
)
def test_create_errors_are_the_entry_forms_messages_keyed_by_field(
    editor_api, editor, other_organization, body
):
    before = snapshot()
    response = editor_api.post(LIST, body, format="json")
    assert response.status_code == 400
    form = AssessmentCreateForm(body, user=editor)  # the entry page's form, keyed by slug
    form.fields["organization"].to_field_name = "slug"
    assert not form.is_valid()
    assert response.json() == {k: list(v) for k, v in form.errors.items()}
    assert snapshot() == before


def test_create_errors_match_the_rendered_entry_page(client, editor, editor_api):
    client.force_login(editor)
    page = client.post("/entry/assessments/new/", {"country": "NOR", "year": "1999"})
    html = BeautifulSoup(page.content, "html.parser")
    shown = html.select_one("#id_year_error").get_text(strip=True)
    api = editor_api.post(
        LIST, {"country": "NOR", "year": 1999, "organization": "owning-org"}, format="json"
    )
    assert api.json() == {"year": [shown]}


def test_a_second_draft_of_the_same_country_year_and_organization_is_refused(editor_api, draft):
    body = {"country": "NOR", "year": 2024, "organization": "owning-org"}
    response = editor_api.post(LIST, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "__all__": ["This organization already has an assessment of this country for this year."]
    }


def test_unknown_fields_and_bodies_that_are_not_objects_are_400(editor_api):
    typo = editor_api.post(
        LIST,
        {"country": "NOR", "year": 2024, "organization": "owning-org", "sumary": "x"},
        format="json",
    )
    assert typo.status_code == 400
    assert list(typo.json()) == ["sumary"]
    listed = editor_api.post(LIST, ["NOR"], format="json")
    assert listed.json() == {"__all__": ["The body must be a JSON object."]}
    form = editor_api.post(LIST, {"country": "NOR"})  # multipart: JSON only
    assert form.status_code == 415
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(
    "persona, status",
    [("reviewer", 400), ("other_editor", 400), ("admin_user", 400)],
)
def test_only_editors_of_a_covering_organization_create_as_in_the_browser(
    request, organization, persona, status
):
    response = token_client(request.getfixturevalue(persona)).post(
        LIST, {"country": "NOR", "year": 2024, "organization": "owning-org"}, format="json"
    )
    assert response.status_code == status
    # The entry form's choices: organizations they edit for, countries those cover.
    assert response.json()["organization"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert Assessment.objects.count() == 0


def test_an_anonymous_write_is_401_with_www_authenticate_and_a_read_token_403(
    api_client, editor, organization
):
    body = {"country": "NOR", "year": 2024, "organization": "owning-org"}
    anonymous = api_client.post(LIST, body, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == 'Token realm="api"'
    read_only = token_client(editor, ApiToken.Scope.READ).post(LIST, body, format="json")
    assert read_only.status_code == 403
    assert "read only (read)" in read_only.json()["detail"]
    assert "POST" in read_only.json()["detail"]
    assert Assessment.objects.count() == 0


def test_a_session_write_needs_its_csrf_token(editor, organization):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    body = {"country": "NOR", "year": 2024, "organization": "owning-org"}
    refused = client.post(LIST, body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/accounts/tokens/")  # any page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(LIST, body, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_a_token_write_needs_no_csrf_token(editor, organization):
    _, secret = api_token_create(user=editor, name="script", scope=READ_WRITE)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = {"country": "NOR", "year": 2024, "organization": "owning-org"}
    assert client.post(LIST, body, format="json").status_code == 201


# Updating ------------------------------------------------------------------------------


def test_patch_changes_the_given_fields_and_answers_the_new_version(editor_api, editor, draft):
    response = editor_api.patch(DRAFT, {"version": draft.version, "summary": "New."}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == draft.version + 1
    draft.refresh_from_db()
    assert draft.summary == "New."
    assert draft.history.first().history_user == editor


def test_patch_with_a_stale_version_is_409_with_the_current_version(editor_api, draft):
    version = draft.version
    first = editor_api.patch(DRAFT, {"version": version, "summary": "a"}, format="json")
    assert first.status_code == 200
    before = snapshot()
    stale = editor_api.patch(DRAFT, {"version": version, "summary": "b"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["version"] == version + 1
    assert f"version {version + 1}" in stale.json()["detail"]
    assert snapshot() == before


def test_patch_needs_a_version_and_only_site_admins_mark_sample_data(editor_api, admin_user, draft):
    assert editor_api.patch(DRAFT, {"summary": "x"}, format="json").json() == {
        "version": ["This field is required."]
    }
    sample = editor_api.patch(DRAFT, {"version": draft.version, "is_sample": True}, format="json")
    assert sample.status_code == 403
    assert sample.json() == {"detail": "Only site admins mark data as sample data."}
    bad = editor_api.patch(DRAFT, {"version": draft.version, "is_sample": "yes"}, format="json")
    assert bad.json() == {"is_sample": ["Expected true or false."]}
    admin = token_client(admin_user).patch(
        DRAFT, {"version": draft.version, "is_sample": True}, format="json"
    )
    assert admin.json()["is_sample"] is True


@pytest.mark.parametrize(
    "persona, status", [("other_editor", 404), ("reviewer", 403), ("admin_user", 200)]
)
def test_patch_of_a_draft_is_404_to_who_may_not_see_it_and_403_to_who_may_not_edit(
    request, draft, persona, status
):
    client = token_client(request.getfixturevalue(persona))
    response = client.patch(DRAFT, {"version": draft.version, "summary": "x"}, format="json")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"detail": "You may not edit this assessment."}


def test_another_editor_may_see_but_not_change_a_validated_assessment(other_editor, organization):
    validated = scored_assessment(organization=organization, year=2020)
    client = token_client(other_editor)
    url = "/api/v1/assessments/NOR/2020/owning-org/"
    assert client.get(url).status_code == 200
    response = client.patch(url, {"version": validated.version, "summary": "x"}, format="json")
    assert response.status_code == 403


# Values --------------------------------------------------------------------------------


def test_values_are_every_indicator_with_its_value_sets(editor_api, draft):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    body = editor_api.get(DRAFT + "values/").json()
    assert body["version"] == draft.version
    assert list(body["indicators"]) == [f"WC{n:02d}" for n in range(1, 12)]
    [row] = body["indicators"]["WC04"]
    assert row == {
        "component": "peacekeepers",
        "inputs": WORKED_EXAMPLE["indicators"]["WC04"]["components"]["peacekeepers"],
        "level": "national",
        "locality": "",
        "not_applicable": False,
        "not_applicable_reason": "",
        "data_year": None,
        "source_url": "https://example.org/evidence",
        "source_page": "p. 12",
        "source_quote": "Quoted evidence for WC04 peacekeepers.",
        "notes": "",
    }
    assert body["indicators"]["WC01"] == []


def test_put_replaces_the_named_indicators_and_keeps_the_others(editor_api, editor, draft):
    add_values(draft, {k: WORKED_EXAMPLE["indicators"][k] for k in ("WC04", "WC09")})
    body = {
        "version": draft.version,
        "indicators": {
            "WC04": [wc04(20, 80, data_year=2023), wc04(1, 1, level="local", locality="Oslo")],
            "WC02": [{"not_applicable": True, "not_applicable_reason": "No peace process."}],
        },
    }
    response = editor_api.put(DRAFT + "values/", body, format="json")
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["version"] == draft.version + 1
    assert [(r["inputs"], r["locality"]) for r in answer["indicators"]["WC04"]] == [
        ({"women": 20, "men": 80}, ""),
        ({"women": 1, "men": 1}, "Oslo"),
    ]
    assert answer["indicators"]["WC02"][0]["not_applicable"] is True
    assert (
        answer["indicators"]["WC09"]
        == editor_api.get(DRAFT + "values/").json()["indicators"]["WC09"]
        != []
    )
    draft.refresh_from_db()
    assert draft.score.indicator_scores["WC04"]["status"] == "scored"
    # A GET, an edit and a PUT of the answer change exactly what was edited.
    answer["indicators"]["WC04"] = []
    again = editor_api.put(DRAFT + "values/", answer, format="json").json()
    assert again["indicators"]["WC04"] == [] and again["indicators"]["WC09"]


def test_put_with_a_stale_version_is_409_and_saves_nothing(editor_api, draft):
    version = draft.version
    body = {"version": version, "indicators": {"WC04": [wc04()]}}
    assert editor_api.put(DRAFT + "values/", body, format="json").status_code == 200
    before = snapshot()
    stale = editor_api.put(DRAFT + "values/", {**body, "indicators": {"WC04": []}}, format="json")
    assert stale.status_code == 409
    assert stale.json()["version"] == version + 1
    assert snapshot() == before


@pytest.mark.parametrize(
    "rows, key, message",
    [
        (
            [wc04(women=-1)],
            "indicators.WC04.0.inputs.women",
            "women must be a whole number ≥ 0 (got -1).",
        ),
        (
            [{"component": "peacekeepers", "inputs": {"women": 1}}],
            "indicators.WC04.0.inputs.men",
            "men is required.",
        ),
        ([wc04(level="local")], "indicators.WC04.0.locality", "A local value needs its locality."),
        (
            [wc04(), wc04(2, 1)],
            "indicators.WC04.1.locality",
            "peacekeepers already has a value at this level and locality.",
        ),
        ([wc04(inputs=5)], "indicators.WC04.0.inputs", "Expected an object."),
        ([wc04(colour="red")], "indicators.WC04.0.colour", None),
        ("all", "indicators.WC04", "Expected a list."),
    ],
    ids=["negative", "missing", "locality", "duplicate", "inputs-type", "unknown", "not-a-list"],
)
def test_put_value_errors_are_keyed_by_their_place_in_the_body(
    editor_api, draft, rows, key, message
):
    before = snapshot()
    response = editor_api.put(
        DRAFT + "values/", {"version": draft.version, "indicators": {"WC04": rows}}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert key in errors, errors
    if message:
        assert message in errors[key]
    assert snapshot() == before


def test_value_errors_are_the_messages_the_entry_page_shows(client, editor, editor_api, draft):
    client.force_login(editor)
    url = "/entry/assessments/NOR/2024/owning-org/"
    data = form_data(client.get(url), "form#assessment-form")
    data.update({"WC04-peacekeepers-0-women": "-1", "WC04-peacekeepers-0-men": "86"})
    page = BeautifulSoup(client.post(url, data).content, "html.parser")
    shown = page.select_one("#id_WC04-peacekeepers-0-women_error").get_text(strip=True)
    api = editor_api.put(
        DRAFT + "values/",
        {"version": draft.version, "indicators": {"WC04": [wc04(women=-1)]}},
        format="json",
    )
    assert api.json() == {"indicators.WC04.0.inputs.women": [shown]}


def test_values_of_a_submitted_assessment_are_read_only(editor_api, draft):
    draft.status = Status.SUBMITTED
    draft.save()
    response = editor_api.put(
        DRAFT + "values/", {"version": draft.version, "indicators": {"WC04": []}}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "__all__": ["This assessment is submitted and read-only; a reviewer must return it first."]
    }


@pytest.mark.parametrize(
    "persona, get_status, put_status",
    [
        (None, 404, 404),
        ("other_editor", 404, 404),
        ("reviewer", 200, 403),
        ("admin_user", 200, 200),
    ],
)
def test_values_visibility_and_editing_by_persona(
    request, api_client, draft, persona, get_status, put_status
):
    client = token_client(request.getfixturevalue(persona)) if persona else api_client
    assert client.get(DRAFT + "values/").status_code == get_status
    body = {"version": draft.version, "indicators": {"WC04": [wc04()]}}
    expected = 401 if persona is None else put_status
    assert client.put(DRAFT + "values/", body, format="json").status_code == expected


def test_published_values_are_public(api_client, organization):
    scored_assessment(organization=organization, year=2020)
    body = api_client.get("/api/v1/assessments/NOR/2020/owning-org/values/").json()
    assert body["indicators"]["WC04"]


@pytest.mark.parametrize("extra", [0, 8])
def test_the_values_take_three_queries_however_many_rows(
    api_client, organization, extra, django_assert_num_queries, memory_cache
):
    assessment = scored_assessment(organization=organization, year=2020)
    rows = [
        IndicatorValue(
            assessment=assessment,
            indicator=IndicatorValue.objects.filter(assessment=assessment).first().indicator,
            component="peacekeepers",
            level="local",
            locality=f"Place {n}",
            inputs={"women": 1, "men": 1},
        )
        for n in range(extra)
    ]
    IndicatorValue.objects.bulk_create(rows)
    with django_assert_num_queries(3):  # the assessment, its values, the indicators
        response = api_client.get("/api/v1/assessments/NOR/2020/owning-org/values/")
    assert response.status_code == 200


# Submitting ----------------------------------------------------------------------------


def test_submit_sends_the_draft_to_the_reviewers(editor_api, editor, draft):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    response = editor_api.post(DRAFT + "submit/", {"version": draft.version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == (Status.SUBMITTED, editor)


def test_submit_with_a_stale_version_is_409(editor_api, draft):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    response = editor_api.post(
        DRAFT + "submit/", {"version": draft.version - 1 or 99}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["version"] == draft.version
    assert Assessment.objects.get(pk=draft.pk).status == Status.DRAFT


def test_submit_follows_the_entry_pages_rules(editor_api, draft):
    empty = editor_api.post(DRAFT + "submit/", {"version": draft.version}, format="json")
    assert empty.json() == {"__all__": ["Enter at least one indicator before submitting."]}
    indicators = dict(WORKED_EXAMPLE["indicators"])
    indicators["WC11"] = {"components": {"funding": {"allocated": 0, "disbursed": 0}}}
    add_values(draft, indicators)
    unconfirmed = editor_api.post(DRAFT + "submit/", {"version": draft.version}, format="json")
    assert unconfirmed.status_code == 400
    body = unconfirmed.json()
    assert body["confirm_warnings"] == ["Confirm that you checked the warnings below."]
    assert any("WC11" in warning for warning in body["warnings"])
    confirmed = editor_api.post(
        DRAFT + "submit/", {"version": draft.version, "confirm_warnings": True}, format="json"
    )
    assert confirmed.json()["status"] == "submitted"


@pytest.mark.parametrize("persona, status", [("other_editor", 404), ("reviewer", 403)])
def test_submit_is_for_the_organizations_editors(request, draft, persona, status):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    client = token_client(request.getfixturevalue(persona))
    response = client.post(DRAFT + "submit/", {"version": draft.version}, format="json")
    assert response.status_code == status
    assert Assessment.objects.get(pk=draft.pk).status == Status.DRAFT


def test_an_editor_of_an_organization_that_does_not_cover_the_country_may_not_write(
    organization, other_organization
):
    """Membership is not enough: the organization must cover the country (may_enter_data)."""
    uncovered = AssessmentFactory(
        organization=other_organization, year=2024, status=Status.DRAFT, validated_at=None
    )
    editor = MembershipFactory(organization=other_organization, role=Membership.Role.EDITOR).user
    client = token_client(editor)
    url = "/api/v1/assessments/NOR/2024/other-org/"
    assert client.get(url).status_code == 200  # a member sees the row
    response = client.patch(url, {"version": uncovered.version, "summary": "x"}, format="json")
    assert response.status_code == 403


# Methods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, url",
    [
        ("put", LIST),
        ("delete", LIST),
        ("put", DRAFT),
        ("delete", DRAFT),
        ("post", DRAFT),
        ("post", DRAFT + "values/"),
        ("patch", DRAFT + "values/"),
        ("get", DRAFT + "submit/"),
        ("put", DRAFT + "submit/"),
        ("post", DRAFT + "scores/"),
    ],
)
def test_methods_an_endpoint_lacks_stay_405(editor_api, draft, method, url):
    response = getattr(editor_api, method)(url, {}, format="json")
    assert response.status_code == 405
    assert response["Allow"]


# The schema's examples -------------------------------------------------------------------


def test_the_write_error_examples_are_what_the_api_answers(editor, draft):
    import yaml
    from django.test import Client

    schema = yaml.safe_load(Client().get("/api/schema/").content)

    def examples(path, method, status):
        content = schema["paths"][path][method]["responses"][status]["content"]
        return {e["summary"]: e["value"] for e in content["application/json"]["examples"].values()}

    create = examples("/api/v1/assessments/", "post", "400")
    client = token_client(editor)
    answers = {
        "Not your organization": {"country": "NOR", "year": 2024, "organization": "other-org"},
        "Year too early": {"country": "NOR", "year": 1999, "organization": "owning-org"},
        "Already there": {"country": "NOR", "year": 2024, "organization": "owning-org"},
        "Unknown field": {"country": "NOR", "year": 2024, "organization": "x", "notes": ""},
    }
    for name, body in answers.items():
        assert client.post(LIST, body, format="json").json() == create[name], name
    detail = "/api/v1/assessments/{iso3}/{year}/{org}/"
    assert (
        client.patch(DRAFT, {}, format="json").json()
        == examples(detail, "patch", "400")["No version"]
    )
    read_only = token_client(editor, ApiToken.Scope.READ).post(LIST, {}, format="json")
    assert read_only.json() == examples("/api/v1/assessments/", "post", "403")["Read-only token"]
    empty = client.post(DRAFT + "submit/", {"version": draft.version}, format="json")
    assert empty.json() == examples(detail + "submit/", "post", "400")["No values"]
    Assessment.objects.filter(pk=draft.pk).update(version=4)
    stale = client.patch(DRAFT, {"version": 3, "summary": "x"}, format="json")
    assert stale.json() == examples(detail, "patch", "409")["Stale version"]
