"""The entry pages as an editor uses them: dashboard, new assessment, the form, history."""

import pytest

from indicators.models import Assessment, IndicatorValue
from indicators.services import assessment_submit
from indicators.worked_example import WORKED_EXAMPLE
from organizations.models import Membership
from tests.factories import (
    AssessmentFactory,
    CoverageFactory,
    MembershipFactory,
    OrganizationFactory,
    PlanFactory,
    add_values,
)
from tests.html import form_data, soup

pytestmark = pytest.mark.django_db

FORM = "/entry/assessments/NOR/2024/owning-org/"


def text(html) -> str:
    return " ".join(html.get_text(" ").split())


def snapshot() -> tuple:
    return (
        list(Assessment.objects.order_by("pk").values()),
        list(IndicatorValue.objects.order_by("pk").values()),
        Assessment.history.count(),
        IndicatorValue.history.count(),
    )


@pytest.fixture
def draft(organization, editor):
    assessment = AssessmentFactory(
        organization=organization, year=2024, status="draft", validated_at=None
    )
    return assessment


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def post_form(client, url=FORM, status=200, **typed):
    data = form_data(client.get(url), "form#assessment-form", status)
    data.update({k.replace("__", "-"): v for k, v in typed.items()})
    return data


# Dashboard ------------------------------------------------------------------------------


def test_dashboard_lists_covered_countries_with_assessments_by_status_and_next_steps(
    editor_client, organization, editor
):
    AssessmentFactory(organization=organization, year=2020)
    AssessmentFactory(
        organization=organization, year=2021, status="returned", return_reason="Cite WC09."
    )
    AssessmentFactory(organization=organization, year=2022, status="draft")
    page = soup(editor_client.get("/entry/"))
    norway = page.select_one("section#c-NOR, section[aria-labelledby=c-NOR]")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("th, td")]
        for tr in norway.select("tbody tr")
    ]
    assert [r[0] for r in rows] == ["2022", "2021", "2020"]
    assert rows[0][2] == "Draft" and rows[0][4].startswith("Enter data, then submit")
    assert "Returned: Cite WC09." in rows[1][2]
    assert rows[1][4].startswith("Fix what the reviewer asked, then resubmit")
    assert rows[2][4].startswith("Public scorecard")
    assert "Editor of Owning Organization" in text(page)


def test_dashboard_explains_when_the_user_belongs_to_no_organization(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    page = text(soup(client.get("/entry/")))
    assert "You are not a member of any monitoring organization yet" in page


def test_dashboard_explains_when_the_organization_covers_no_country(client, other_editor):
    client.force_login(other_editor)
    page = text(soup(client.get("/entry/")))
    assert "Your organizations cover no country yet." in page


def test_dashboard_offers_to_start_an_assessment_for_a_country_without_one(editor_client):
    page = soup(editor_client.get("/entry/"))
    link = page.select_one("section[aria-labelledby=c-NOR] .empty a")
    assert link.get_text(strip=True) == "Start one for Norway"
    assert link["href"] == "/entry/assessments/new/?country=NOR"


@pytest.mark.parametrize("countries", [1, 6])
def test_dashboard_runs_a_fixed_number_of_queries_as_countries_and_assessments_grow(
    editor_client, organization, django_assert_num_queries, countries
):
    for iso3 in ["SWE", "DNK", "FIN", "ISL", "EST"][: countries - 1]:
        CoverageFactory(organization=organization, country_id=iso3)
    for iso3 in ["NOR", "SWE", "DNK", "FIN", "ISL", "EST"][:countries]:
        for year in (2019, 2020, 2021):
            AssessmentFactory(organization=organization, country_id=iso3, year=year)
    with django_assert_num_queries(8):
        editor_client.get("/entry/")


# New assessment -------------------------------------------------------------------------


@pytest.mark.usefixtures("norway_without_sourced_plans")
def test_editor_creates_an_assessment_and_the_plan_in_force_is_linked(editor_client):
    plan = PlanFactory(generation=2, period_start=2022, period_end=2026)
    data = form_data(editor_client.get("/entry/assessments/new/?country=NOR"), "main form")
    assert data["country"] == "NOR"
    response = editor_client.post("/entry/assessments/new/", {**data, "year": "2024"})
    assert response.status_code == 302
    assert response["Location"] == FORM
    assessment = Assessment.objects.get(year=2024)
    assert (assessment.plan, assessment.status) == (plan, "draft")


def test_new_assessment_form_refuses_a_duplicate_and_says_why(editor_client, draft):
    data = form_data(editor_client.get("/entry/assessments/new/?country=NOR"), "main form")
    response = editor_client.post("/entry/assessments/new/", {**data, "year": "2024"})
    page = text(soup(response))
    assert "This organization already has an assessment of this country for this year." in page
    assert Assessment.objects.count() == 1


def test_new_assessment_form_refuses_a_year_in_the_future_naming_the_field(editor_client):
    data = form_data(editor_client.get("/entry/assessments/new/?country=NOR"), "main form")
    response = editor_client.post("/entry/assessments/new/", {**data, "year": "2999"})
    page = soup(response)
    assert "Ensure this value is less than or equal to" in page.select_one("#id_year_error").text
    assert page.select_one("#id_year")["value"] == "2999"
    assert not Assessment.objects.exists()


def test_new_assessment_form_does_not_offer_countries_the_organization_does_not_cover(
    editor_client,
):
    page = soup(editor_client.get("/entry/assessments/new/"))
    options = [o["value"] for o in page.select("select[name=country] option") if o["value"]]
    assert options == ["NOR"]
    response = editor_client.post(
        "/entry/assessments/new/",
        {
            **form_data(editor_client.get("/entry/assessments/new/"), "main form"),
            "country": "SWE",
            "year": "2024",
        },
    )
    assert "Select a valid choice." in soup(response).select_one("#id_country_error").text


# The form -------------------------------------------------------------------------------


def test_form_shows_all_eleven_indicators_by_cluster_with_working_titles_and_help(
    editor_client, draft
):
    page = soup(editor_client.get(FORM))
    legends = [f.legend.get_text(" ", strip=True) for f in page.select("fieldset.indicator")]
    assert [legend[:4] for legend in legends] == [f"WC{n:02}" for n in range(1, 12)]
    assert all("working title" in legend for legend in legends)
    assert [h.get_text(strip=True) for h in page.select("form h2")][:3] == [
        "Participation",
        "Prevention and protection",
        "Promotion of a gender perspective",
    ]
    assert page.select_one("label[for=id_WC01-cabinet-0-women]").get_text(strip=True) == "Women"
    radios = page.select("input[name=WC10-dissemination-0-level]")
    assert [r.parent.get_text(" ", strip=True) for r in radios][1:3] == [
        "0 — none",
        "1 — translated into at least one national language",
    ]
    assert page.select_one("#id_WC02-na") is not None and page.select_one("#id_WC01-na") is None
    assert page.select_one("input[name=csrfmiddlewaretoken]") is not None


def test_saving_the_worked_example_shows_the_methodology_scores(editor_client, draft):
    typed = worked_example_form_values()
    response = editor_client.post(FORM, {**post_form(editor_client), **typed, "action": "save"})
    assert response.status_code == 302 and response["Location"] == FORM
    page = soup(editor_client.get(FORM))
    assert "Saved. Overall score: 47.0." in text(page)
    assert page.select_one("#scores .overall").get_text(" ", strip=True).startswith("47.0")
    assert draft.values.count() == 15


def test_a_bad_value_is_explained_at_its_field_and_everything_typed_is_kept(editor_client, draft):
    before = snapshot()
    typed = {
        "WC05-task_force_seats-0-numerator": "15",
        "WC05-task_force_seats-0-denominator": "12",
        "WC04-peacekeepers-0-women": "14",
        "WC04-peacekeepers-0-men": "86",
        "WC04-peacekeepers-0-source_url": "https://example.org/un-data",
        "action": "save",
    }
    response = editor_client.post(FORM, {**post_form(editor_client), **typed})
    page = soup(response)
    error = page.select_one("#id_WC05-task_force_seats-0-numerator_error")
    assert error.get_text(strip=True) == "numerator (15) must not be greater than denominator (12)."
    assert page.select_one("#error-summary a[href='#id_WC05-task_force_seats-0-numerator']")
    for name, value in typed.items():
        if name != "action":
            assert page.select_one(f"[name='{name}']")["value"] == value
    assert snapshot() == before


def test_a_word_in_a_count_field_is_refused_without_saving_anything(editor_client, draft):
    before = snapshot()
    data = {**post_form(editor_client), "WC01-cabinet-0-women": "five", "action": "save"}
    page = soup(editor_client.post(FORM, data))
    assert page.select_one("#id_WC01-cabinet-0-women_error").text == "Enter a whole number."
    assert page.select_one("#id_WC01-cabinet-0-women")["value"] == "five"
    assert snapshot() == before


def test_one_save_can_switch_an_indicator_to_not_applicable_and_clear_its_values(
    editor_client, draft
):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    data = post_form(editor_client)
    data.update(
        {
            "WC04-na": "on",
            "WC04-na_reason": "No deployment this year.",
            "WC04-peacekeepers-0-women": "",
            "WC04-peacekeepers-0-men": "",
            "WC04-peacekeepers-0-source_url": "",
            "WC04-peacekeepers-0-source_page": "",
            "WC04-peacekeepers-0-source_quote": "",
            "action": "save",
        }
    )
    response = editor_client.post(FORM, data)
    assert response.status_code == 302
    value = draft.values.get()
    assert (value.not_applicable, value.not_applicable_reason) == (True, "No deployment this year.")


def test_not_applicable_beside_national_values_is_refused_at_the_checkbox(editor_client, draft):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    data = {**post_form(editor_client), "WC04-na": "on", "WC04-na_reason": "none", "action": "save"}
    page = soup(editor_client.post(FORM, data))
    assert "WC04 is marked not applicable and also has national values" in (
        page.select_one("#id_WC04-na_error").text
    )
    assert draft.values.get().inputs == {"women": 14, "men": 86}


def test_a_local_value_is_added_in_the_extra_row_and_needs_its_locality(editor_client, draft):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    data = post_form(editor_client)
    data.update(
        {
            "WC04-peacekeepers-1-women": "3",
            "WC04-peacekeepers-1-men": "7",
            "WC04-peacekeepers-1-value_level": "local",
            "action": "save",
        }
    )
    page = soup(editor_client.post(FORM, data))
    assert page.select_one("#id_WC04-peacekeepers-1-locality_error").text == (
        "A local value needs its locality."
    )
    data["WC04-peacekeepers-1-locality"] = "Northern district"
    assert editor_client.post(FORM, data).status_code == 302
    local = draft.values.get(level="local")
    assert (local.locality, local.inputs) == ("Northern district", {"women": 3, "men": 7})
    # The next form has one more empty row for yet another value.
    assert soup(editor_client.get(FORM)).select_one("#id_WC04-peacekeepers-2-women") is not None


def test_a_stale_form_is_refused_with_both_versions_and_nothing_is_overwritten(
    editor_client, draft, organization
):
    add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    mine = post_form(editor_client)
    # Someone else saves first.
    theirs = {**mine, "WC04-peacekeepers-0-women": "20", "WC04-peacekeepers-0-men": "80"}
    assert editor_client.post(FORM, {**theirs, "action": "save"}).status_code == 302
    response = editor_client.post(
        FORM,
        {
            **mine,
            "WC04-peacekeepers-0-women": "30",
            "WC04-peacekeepers-0-men": "70",
            "action": "save",
        },
    )
    page = soup(response, status=409)
    assert "Nothing of yours was saved." in text(page)
    diff = [
        [c.get_text(strip=True) for c in tr.select("th, td")]
        for tr in page.select(".conflict tbody tr")
    ]
    assert ["WC04", "Uniformed peacekeepers deployed", "Women", "20", "30"] in diff
    assert page.select_one("#id_WC04-peacekeepers-0-women")["value"] == "30"
    assert page.select_one("input[name=version]")["value"] == str(Assessment.objects.get().version)
    assert draft.values.get().inputs == {"women": 20, "men": 80}


def test_submitting_asks_to_confirm_consistency_warnings_first(editor_client, draft):
    typed = worked_example_form_values()
    typed["WC11-funding-0-allocated"] = "0"
    typed["WC11-funding-0-disbursed"] = "0"
    typed["WC11-funding-0-to_civil_society"] = "0"
    response = editor_client.post(FORM, {**post_form(editor_client), **typed, "action": "submit"})
    assert response["Location"] == FORM + "#submit"
    page = soup(editor_client.get(FORM))
    assert "Not submitted: Confirm that you checked the warnings below." in text(page)
    assert "WC11 says nothing was allocated" in page.select_one(".warnings").text
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.values.count() == 15  # the values were saved
    data = {**post_form(editor_client), "confirm_warnings": "on", "action": "submit"}
    assert editor_client.post(FORM, data)["Location"] == "/entry/"
    draft.refresh_from_db()
    assert draft.status == "submitted"


@pytest.mark.parametrize("extra_values", [False, True])
def test_form_page_get_and_post_run_a_fixed_number_of_queries_as_values_grow(
    editor_client, draft, organization, django_assert_num_queries, extra_values
):
    if extra_values:
        add_values(draft, WORKED_EXAMPLE["indicators"])
        for year in (2019, 2020, 2021):
            AssessmentFactory(organization=organization, year=year)
    else:
        add_values(draft, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    # 8th: the WPS Index parliament figure; 9th: the right-of-reply periods (decision 97)
    with django_assert_num_queries(9):
        editor_client.get(FORM)
    data = {**post_form(editor_client), "action": "save"}
    with django_assert_num_queries(25):
        assert editor_client.post(FORM, data).status_code == 302


def worked_example_form_values() -> dict[str, str]:
    """The worked example of METHODOLOGY §5 as the form's field names and typed text."""
    typed: dict[str, str] = {}
    for code, entry in WORKED_EXAMPLE["indicators"].items():
        if entry.get("not_applicable"):
            typed[f"{code}-na"] = "on"
            typed[f"{code}-na_reason"] = entry["reason"]
            continue
        for key, inputs in entry["components"].items():
            for name, value in inputs.items():
                if name == "items":
                    for item, answer in value.items():
                        typed[f"{code}-{key}-0-item-{item}"] = answer
                else:
                    typed[f"{code}-{key}-0-{name}"] = str(value)
    return typed


# History --------------------------------------------------------------------------------


def test_history_shows_who_changed_what_and_the_workflow_with_its_reasons(
    editor_client, draft, editor, organization
):
    reviewer = MembershipFactory(organization=organization, role=Membership.Role.REVIEWER).user
    data = {
        **post_form(editor_client),
        "WC04-peacekeepers-0-women": "14",
        "WC04-peacekeepers-0-men": "86",
        "action": "save",
    }
    editor_client.post(FORM, data)
    data = {
        **post_form(editor_client),
        "WC04-peacekeepers-0-women": "20",
        "WC04-peacekeepers-0-men": "80",
        "action": "save",
    }
    editor_client.post(FORM, data)
    assessment_submit(assessment=draft, actor=editor)
    from indicators.services import assessment_return

    assessment_return(assessment=draft, actor=reviewer, reason="Cite the UN source for WC04.")
    page = soup(editor_client.get(FORM + "history/"))
    rows = [text(tr) for tr in page.select("table.history tbody tr")]
    assert "Returned: Cite the UN source for WC04." in rows[0]
    assert (
        "status: Submitted → Returned".lower() in rows[0].lower()
        or "submitted → returned" in rows[0]
    )
    assert any(
        "WC04 Uniformed peacekeepers deployed" in r
        and "women: 14, men: 86 → women: 20, men: 80" in r
        for r in rows
    )
    assert any("Submitted for validation" in r for r in rows)
    assert str(reviewer) in rows[0]


def test_history_of_another_organizations_assessment_is_404(client, other_editor, draft):
    client.force_login(other_editor)
    assert client.get(FORM + "history/").status_code == 404


def test_other_organization_cannot_reach_the_form_and_anonymous_is_sent_to_sign_in(
    client, other_editor, draft
):
    assert client.get(FORM)["Location"] == f"/accounts/login/?next={FORM}"
    client.force_login(other_editor)
    assert client.get(FORM).status_code == 404


def test_an_organization_admin_is_an_editor_too(client, organization, draft):
    org_admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    client.force_login(org_admin)
    assert client.get(FORM).status_code == 200


def test_an_uncovered_countrys_draft_is_read_only_for_the_editor(client, editor, organization):
    OrganizationFactory()
    AssessmentFactory(organization=organization, country_id="SWE", year=2024, status="draft")
    client.force_login(editor)
    response = client.get("/entry/assessments/SWE/2024/owning-org/")
    assert response.status_code == 302
    assert response["Location"] == "/countries/SWE/2024/owning-org/"
