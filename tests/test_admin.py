"""Django admin as staff use it: every page opens, search and autocomplete, bad input refused."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from indicators.models import AssessmentScore, Indicator, IndicatorValue
from plans.models import Country, NationalActionPlan, PlanDocument
from tests import html
from tests.factories import AssessmentFactory, CoverageFactory, scored_assessment
from tests.html import soup

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Models whose rows only the software writes: the admin shows them, nobody adds one.
WRITTEN_BY_SOFTWARE = {
    "indicators.AssessmentScore",
    "plans.WPSIndexEntry",  # published reference values, loaded from plans/data/
    "organizations.ApiToken",  # created by their users at /accounts/tokens/ (secret shown once)
    "plans.CoverageRequest",  # asked for by an organization's admin on its coverage page
    "plans.PlanReview",  # started by an editor on /entry/plan-reviews/new/
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}
ADDABLE = [m for m in REGISTERED if m._meta.label not in WRITTEN_BY_SOFTWARE]
PLAN_ADD = "/admin/plans/nationalactionplan/add/"
VALUE_ADD = "/admin/indicators/indicatorvalue/add/"


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def form_data(response, form_id: str) -> dict[str, str]:
    return html.form_data(response, f"form#{form_id}")


def errors_of(response) -> list[str]:
    page = soup(response)
    return [e.get_text(" ", strip=True) for e in page.select(".errornote, .errorlist li")]


def plan_form(staff_client, **typed) -> dict[str, str]:
    data = form_data(staff_client.get(PLAN_ADD), "nationalactionplan_form")
    return {**data, **typed}


def test_every_model_of_the_project_is_registered():
    labels = {model._meta.label for model in REGISTERED}
    assert labels == {
        "auth.Group",
        # django-axes: failed sign-ins and lockouts, for admins to inspect and clear.
        "axes.AccessAttempt",
        "axes.AccessFailureLog",
        "axes.AccessLog",
        "organizations.User",
        "organizations.Organization",
        "organizations.Membership",
        "organizations.ApiToken",
        "organizations.Invitation",
        "plans.Country",
        "plans.CoverageRequest",
        "plans.Coverage",
        "plans.NationalActionPlan",
        "plans.PlanDocument",
        "plans.WPSIndexEntry",
        "plans.QualityFramework",
        "plans.QualityCriterion",
        "plans.PlanReview",
        "indicators.Indicator",
        "indicators.Methodology",
        "indicators.Assessment",
        "indicators.IndicatorValue",
        "indicators.AssessmentScore",
        "indicators.Release",  # read-only once cut; "add" is the Cut a release form
    }


@pytest.mark.parametrize("model", REGISTERED, ids=[m._meta.label for m in REGISTERED])
def test_every_changelist_answers_200(staff_client, model):
    opts = model._meta
    response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].model is model


@pytest.mark.parametrize(
    "model",
    ADDABLE,
    ids=[m._meta.label for m in ADDABLE],
)
def test_every_add_page_answers_200(staff_client, model):
    opts = model._meta
    response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == 200
    assert response.context["add"] is True


def test_assessment_score_has_no_add_page(staff_client):
    response = staff_client.get("/admin/indicators/assessmentscore/add/")
    assert response.status_code == 403
    assert AssessmentScore.objects.count() == 0


def test_assessment_score_change_page_is_read_only(staff_client, organization):
    score = scored_assessment(organization=organization, year=2021).score
    page = soup(staff_client.get(f"/admin/indicators/assessmentscore/{score.pk}/change/"))
    readonly = [div.get_text(strip=True) for div in page.select(".readonly")]
    assert "47.0" in readonly and "47.5" in readonly
    assert page.select_one("[name=overall]") is None
    url = f"/admin/indicators/assessmentscore/{score.pk}/change/"
    response = staff_client.post(url, {"overall": "99.9", "band": "high", "_save": "Save"})
    assert response.status_code == 302
    score.refresh_from_db()
    assert (score.overall, score.band) == (Decimal("47.0"), "low")


def test_country_change_page_answers_200_with_its_coverage_inline(staff_client, organization):
    response = staff_client.get("/admin/plans/country/NOR/change/")
    page = soup(response)
    assert page.select_one("input[name=name]")["value"] == "Norway"
    assert page.select_one("input[name=iso3]") is None  # read-only once created
    assert page.select_one("input[name=coverages-TOTAL_FORMS]")["value"] == "1"


def test_plan_change_page_answers_200_with_its_documents_inline(staff_client):
    plan = NationalActionPlan.objects.get(country="NLD", generation=3)
    PlanDocument.objects.create(plan=plan, title="NAP III text", url="https://example.org/nap3")
    page = soup(staff_client.get(f"/admin/plans/nationalactionplan/{plan.pk}/change/"))
    assert page.select_one("select[name=country] option[selected]")["value"] == "NLD"
    assert page.select_one("input[name=documents-TOTAL_FORMS]")["value"] == "1"
    assert page.select_one("input[name=documents-0-title]")["value"] == "NAP III text"


def test_assessment_change_page_shows_values_inline_and_a_read_only_score(
    staff_client, organization
):
    assessment = scored_assessment(organization=organization, year=2021)
    page = soup(staff_client.get(f"/admin/indicators/assessment/{assessment.pk}/change/"))
    assert page.select_one("input[name=values-TOTAL_FORMS]")["value"] == str(
        assessment.values.count()
    )
    assert assessment.values.count() == 15
    score_group = page.select_one("#score-group")
    shown = [div.get_text(strip=True) for div in score_group.select(".readonly")]
    assert {"47.0", "47.5", "40.9", "44.1", "57.5", "Low"} <= set(shown)
    assert score_group.select_one("input[name$=overall]") is None


def test_country_changelist_search_finds_the_netherlands(staff_client):
    page = soup(staff_client.get("/admin/plans/country/?q=Netherlands"))
    rows = page.select("#result_list tbody tr")
    codes = [row.select_one("th a").get_text(strip=True) for row in rows]
    assert codes == ["NLD"]


def test_plan_country_autocomplete_finds_the_netherlands(staff_client):
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "plans",
            "model_name": "nationalactionplan",
            "field_name": "country",
            "term": "Neth",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": "NLD", "text": "Netherlands"}],
        "pagination": {"more": False},
    }


@pytest.mark.parametrize("url", ["/admin/", "/admin/plans/country/", PLAN_ADD])
def test_anonymous_admin_access_redirects_to_the_login_page(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={url}"


def test_non_staff_editor_is_redirected_to_the_login_page(client, editor):
    client.force_login(editor)
    response = client.get("/admin/plans/nationalactionplan/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/plans/nationalactionplan/"


@pytest.mark.usefixtures("norway_without_sourced_plans")
def test_plan_add_form_saves_a_valid_plan_with_a_document(staff_client):
    data = plan_form(
        staff_client,
        country="NOR",
        generation="1",
        adopted_year="2006",
        period_start="2006",
        period_end="2009",
    )
    assert data["documents-TOTAL_FORMS"] == "0"
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-kind": "plan_text",
            "documents-0-language": "en",
            "documents-0-url": "https://example.org/nor-nap-1",
        }
    )
    response = staff_client.post(PLAN_ADD, data)
    assert response.status_code == 302
    plan = NationalActionPlan.objects.get(country="NOR", generation=1)
    assert (plan.period_start, plan.period_end) == (2006, 2009)
    assert [d.url for d in plan.documents.all()] == ["https://example.org/nor-nap-1"]


def test_plan_add_rejects_a_period_ending_before_it_starts_and_keeps_the_typed_values(
    staff_client,
):
    before = NationalActionPlan.objects.count()
    data = plan_form(
        staff_client,
        country="NOR",
        generation="1",
        adopted_year="2020",
        period_start="2020",
        period_end="2018",
    )
    response = staff_client.post(PLAN_ADD, data)
    assert "The period cannot end before it starts." in errors_of(response)
    page = soup(response)
    assert page.select_one("input[name=period_start]")["value"] == "2020"
    assert page.select_one("input[name=period_end]")["value"] == "2018"
    assert page.select_one("input[name=generation]")["value"] == "1"
    assert page.select_one("select[name=country] option[selected]")["value"] == "NOR"
    assert NationalActionPlan.objects.count() == before


def test_plan_add_rejects_a_duplicate_generation_for_the_same_country(staff_client):
    before = NationalActionPlan.objects.count()
    data = plan_form(staff_client, country="NLD", generation="3", adopted_year="2024")
    response = staff_client.post(PLAN_ADD, data)
    assert "This country already has a plan of this generation." in errors_of(response)
    assert NationalActionPlan.objects.count() == before
    assert NationalActionPlan.objects.filter(country="NLD", generation=3).count() == 1


def test_indicator_value_add_rejects_negative_women_naming_the_field(staff_client, organization):
    assessment = AssessmentFactory(organization=organization, year=2021, status="draft")
    data = form_data(staff_client.get(VALUE_ADD), "indicatorvalue_form")
    data.update(
        {
            "assessment": str(assessment.pk),
            "indicator": str(Indicator.objects.get(code="WC04").pk),
            "component": "peacekeepers",
            "inputs": '{"women": -1, "men": 5}',
        }
    )
    response = staff_client.post(VALUE_ADD, data)
    errors = errors_of(response)
    assert "women: women must be a whole number ≥ 0 (got -1)." in errors
    assert len(errors) == 2  # the "please correct" note and the one field error
    textarea = soup(response).select_one("textarea[name=inputs]")
    assert textarea.get_text().strip() == '{"women": -1, "men": 5}'
    assert IndicatorValue.objects.count() == 0


def test_indicator_value_add_saves_valid_inputs(staff_client, organization):
    assessment = AssessmentFactory(organization=organization, year=2021, status="draft")
    data = form_data(staff_client.get(VALUE_ADD), "indicatorvalue_form")
    data.update(
        {
            "assessment": str(assessment.pk),
            "indicator": str(Indicator.objects.get(code="WC04").pk),
            "component": "peacekeepers",
            "inputs": '{"women": 14, "men": 86}',
        }
    )
    response = staff_client.post(VALUE_ADD, data)
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.assessment, value.inputs) == (assessment, {"women": 14, "men": 86})
    assert Country.objects.get(iso3="NOR").assessments.count() == 1
    # Saving a value rescores its assessment: WC04 is 28.0, everything else has no data.
    score = AssessmentScore.objects.get(assessment=assessment)
    assert score.indicator_scores["WC04"]["score"] == 28.0
    assert score.overall_status == "insufficient_data"


def test_deleting_a_value_in_admin_rescores_its_assessment(staff_client, organization):
    assessment = scored_assessment(organization=organization, year=2021, status="draft")
    peacekeepers = assessment.values.get(component="peacekeepers")
    url = f"/admin/indicators/indicatorvalue/{peacekeepers.pk}/delete/"
    response = staff_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    score = AssessmentScore.objects.get(assessment=assessment)
    assert score.indicator_scores["WC04"]["status"] == "no_data"
    assert score.participation == Decimal("45.2")


def test_an_assessment_added_in_admin_records_who_created_it(staff_client, admin_user):
    from indicators.models import Assessment
    from tests.factories import OrganizationFactory

    org = OrganizationFactory(name="Admin Org", slug="admin-org")
    CoverageFactory(organization=org)  # Norway
    data = form_data(staff_client.get("/admin/indicators/assessment/add/"), "assessment_form")
    data.update({"country": "NOR", "organization": str(org.pk), "year": "2021"})
    response = staff_client.post("/admin/indicators/assessment/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = Assessment.objects.get(organization=org)
    assert assessment.created_by == admin_user
    assert assessment.score.overall_status == "insufficient_data"


def change_peacekeepers(staff_client, assessment, inputs: str):
    url = f"/admin/indicators/assessment/{assessment.pk}/change/"
    data = form_data(staff_client.get(url), "assessment_form")
    total = int(data["values-TOTAL_FORMS"])
    index = next(i for i in range(total) if data[f"values-{i}-component"] == "peacekeepers")
    data[f"values-{index}-inputs"] = inputs
    return staff_client.post(url, data)


def test_admin_inline_saves_values_through_the_values_service_with_history(
    staff_client, organization, admin_user
):
    assessment = scored_assessment(organization=organization, year=2021, status="draft")
    response = change_peacekeepers(staff_client, assessment, '{"women": 50, "men": 50}')
    assert response.status_code == 302, errors_of(response)
    value = assessment.values.get(component="peacekeepers")
    assert value.inputs == {"women": 50, "men": 50}
    assert value.history.first().history_user == admin_user
    assert value.history.first().history_type == "~"
    score = AssessmentScore.objects.get(assessment=assessment)
    assert score.indicator_scores["WC04"]["score"] == 100.0


def test_admin_refuses_value_changes_on_a_validated_assessment_and_says_why(
    staff_client, organization
):
    assessment = scored_assessment(organization=organization, year=2021)
    response = change_peacekeepers(staff_client, assessment, '{"women": 50, "men": 50}')
    assert (
        "This assessment is validated, so its values are read-only: reopen it from the review "
        "page first (/review/)." in errors_of(response)
    )
    assert assessment.values.get(component="peacekeepers").inputs == {"women": 14, "men": 86}


def test_history_of_a_plan_and_an_assessment_is_one_click_away_in_the_admin(
    staff_client, organization
):
    plan = NationalActionPlan.objects.get(country_id="NLD", generation=1)
    assert (
        staff_client.get(f"/admin/plans/nationalactionplan/{plan.pk}/history/").status_code == 200
    )
    assessment = scored_assessment(organization=organization, year=2021, status="draft")
    change_peacekeepers(staff_client, assessment, '{"women": 50, "men": 50}')
    page = soup(staff_client.get(f"/admin/indicators/assessment/{assessment.pk}/history/"))
    assert page.select("#change-history tbody tr")


def test_staff_browse_the_wps_index_in_the_admin_but_cannot_change_it(staff_client):
    from plans.models import WPSIndexEntry

    listing = staff_client.get("/admin/plans/wpsindexentry/?q=Denmark")
    assert listing.status_code == 200
    assert "0.939" in listing.content.decode()
    entry = WPSIndexEntry.objects.get(country_id="DNK")
    page = staff_client.get(f"/admin/plans/wpsindexentry/{entry.pk}/change/")
    assert page.status_code == 200  # a read-only view
    assert b'name="rank"' not in page.content
    assert staff_client.get("/admin/plans/wpsindexentry/add/").status_code == 403
    staff_client.post(f"/admin/plans/wpsindexentry/{entry.pk}/delete/", {"post": "yes"})
    assert WPSIndexEntry.objects.filter(pk=entry.pk).exists()
