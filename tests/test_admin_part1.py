"""The admin that runs the project (issue 9, part 1): counts, lineage, the wording
confirmation and its history, workflow actions through the services, CSV export, rescoring."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from indicators.models import Assessment, AssessmentScore, Indicator
from organizations.models import Membership
from plans.models import NationalActionPlan
from tests import html
from tests.factories import (
    CoverageFactory,
    MembershipFactory,
    OrganizationFactory,
    scored_assessment,
)
from tests.html import soup

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/admin/indicators/assessment/"


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def cells(response, column: str) -> list[str]:
    page = soup(response)
    return [td.get_text(strip=True) for td in page.select(f"#result_list td.field-{column}")]


def test_the_country_changelist_shows_how_many_plans_each_country_has(staff_client):
    response = staff_client.get("/admin/plans/country/?q=NLD")
    assert cells(response, "plan_count") == [
        str(NationalActionPlan.objects.filter(country_id="NLD").count())
    ]


def test_the_organization_changelist_counts_members_and_countries_and_edits_coverage_inline(
    staff_client, organization, editor, reviewer
):
    CoverageFactory(organization=organization, country_id="DNK")
    response = staff_client.get("/admin/organizations/organization/?q=Owning")
    assert cells(response, "member_count") == ["2"]
    assert cells(response, "country_count") == ["2"]
    page = soup(staff_client.get(f"/admin/organizations/organization/{organization.pk}/change/"))
    assert page.select_one("input[name=coverages-TOTAL_FORMS]")["value"] == "2"
    assert page.select_one("input[name=memberships-TOTAL_FORMS]")["value"] == "2"


def test_the_user_changelist_shows_each_users_organizations_and_roles(staff_client, organization):
    user = MembershipFactory(organization=organization, role=Membership.Role.REVIEWER).user
    MembershipFactory(user=user, organization=OrganizationFactory(name="Second Org", slug="s"))
    response = staff_client.get(f"/admin/organizations/user/?q={user.username}")
    assert cells(response, "organizations_and_roles") == [
        "Owning Organization (Reviewer); Second Org (Editor)"
    ]


def test_a_plan_change_page_shows_the_lineage_of_the_countrys_plans(staff_client):
    plans = list(NationalActionPlan.objects.filter(country_id="NLD").order_by("generation"))
    middle = plans[1]
    page = soup(staff_client.get(f"/admin/plans/nationalactionplan/{middle.pk}/change/"))
    lineage = page.select_one(".field-lineage .readonly")
    assert lineage.select_one("strong").get_text().startswith("NAP 2")
    links = [a["href"] for a in lineage.select("a")]
    assert f"/admin/plans/nationalactionplan/{plans[0].pk}/change/" in links
    assert len(links) == len(plans) - 1


def indicator_form(staff_client, indicator, **typed):
    url = f"/admin/indicators/indicator/{indicator.pk}/change/"
    return url, {**html.form_data(staff_client.get(url), "form#indicator_form"), **typed}


def test_marking_wording_verified_needs_the_confirmation_and_is_not_saved_without_it(
    staff_client,
):
    indicator = Indicator.objects.get(code="WC01")
    Indicator.objects.filter(pk=indicator.pk).update(wording_verified=False)
    url, data = indicator_form(staff_client, indicator, wording_verified="on")
    data.pop("confirm_wording_verified", None)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    page = soup(response)
    errors = [e.get_text(strip=True) for e in page.select(".errorlist li")]
    assert (
        "Confirm that you checked the wording against its source before marking it verified."
        in errors
    )
    indicator.refresh_from_db()
    assert indicator.wording_verified is False


def test_confirmed_wording_verification_is_saved_with_a_history_entry_naming_who_and_the_source(
    staff_client, admin_user
):
    indicator = Indicator.objects.get(code="WC01")
    Indicator.objects.filter(pk=indicator.pk).update(wording_verified=False)
    url, data = indicator_form(
        staff_client,
        indicator,
        wording_verified="on",
        confirm_wording_verified="on",
        title="Women's participation in the drafting of the NAP",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.wording_verified is True
    entry = indicator.history.first()
    assert entry.history_user == admin_user
    assert entry.history_change_reason == f"Wording verified against {indicator.source_url}"
    assert entry.title == "Women's participation in the drafting of the NAP"
    history = soup(staff_client.get(f"/admin/indicators/indicator/{indicator.pk}/history/"))
    assert history.select("#change-history tbody tr")


def run_action(staff_client, action: str, assessments, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(a.pk) for a in assessments], **extra}
    return staff_client.post(ASSESSMENTS, data)


def test_validating_from_the_admin_goes_through_the_workflow_service(
    staff_client, organization, admin_user
):
    submitted = scored_assessment(
        organization=organization, year=2021, status="submitted", validated_at=None
    )
    confirm = run_action(staff_client, "validate", [submitted])
    assert confirm.status_code == 200  # the confirmation page first
    assert "Norway 2021" in soup(confirm).select_one("#workflow-assessments").get_text()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = run_action(staff_client, "validate", [submitted], apply="yes")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.validated_by) == ("validated", admin_user)
    assert submitted.history.first().history_change_reason == "Validated"


def test_an_admin_action_that_the_service_refuses_changes_nothing_and_says_why(
    staff_client, organization, admin_user
):
    draft = scored_assessment(
        organization=organization, year=2021, status="draft", validated_at=None
    )
    response = run_action(staff_client, "validate", [draft], apply="yes")
    listing = staff_client.get(response.url)
    shown = [str(m) for m in listing.context["messages"]]
    assert (
        shown[0]
        == "Norway 2021 (Owning Organization): Only a reviewer of Owning Organization may do this."
    )
    assert shown[-1] == "Validate: 0 assessments."
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_returning_from_the_admin_needs_a_reason_which_the_editors_see(staff_client, organization):
    submitted = scored_assessment(
        organization=organization, year=2021, status="submitted", validated_at=None
    )
    run_action(staff_client, "return_to_editors", [submitted], apply="yes", reason=" ")
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    run_action(staff_client, "return_to_editors", [submitted], apply="yes", reason="Source missing")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == ("returned", "Source missing")


def test_submitting_from_the_admin_and_reopening_a_validated_one(staff_client, organization):
    draft = scored_assessment(
        organization=organization, year=2020, status="draft", validated_at=None
    )
    validated = scored_assessment(organization=organization, year=2021)
    run_action(staff_client, "submit", [draft], apply="yes", confirm_warnings="on")
    run_action(staff_client, "reopen", [validated], apply="yes", reason="Correction")
    draft.refresh_from_db()
    validated.refresh_from_db()
    assert draft.status == "submitted"
    assert (validated.status, validated.return_reason) == ("returned", "Correction")


def test_export_selected_as_csv_has_one_row_per_assessment_with_its_score(
    staff_client, organization
):
    first = scored_assessment(organization=organization, year=2020)
    second = scored_assessment(organization=organization, year=2021, status="draft")
    response = run_action(staff_client, "export_csv", [first, second])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="assessments-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["country_iso3"], r["year"], r["status"]) for r in rows] == [
        ("NOR", "2020", "validated"),
        ("NOR", "2021", "draft"),
    ]
    assert rows[0]["overall"] == "47.0"
    assert rows[0]["band"] == "low"
    assert rows[0]["methodology"] == first.score.methodology.version


def test_rescore_selected_recomputes_scores_through_the_rescore_service(staff_client, organization):
    assessment = scored_assessment(organization=organization, year=2021)
    AssessmentScore.objects.filter(assessment=assessment).update(overall=1, band="high")
    response = run_action(staff_client, "rescore", [assessment])
    assert response.status_code == 302
    score = AssessmentScore.objects.get(assessment=assessment)
    assert (str(score.overall), score.band) == ("47.0", "low")
    assert Assessment.objects.get(pk=assessment.pk).status == "validated"
