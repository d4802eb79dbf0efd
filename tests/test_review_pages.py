"""The reviewer's pages: the queue, one review with its diff, validate / return / reopen."""

import pytest
from django.utils import timezone

from indicators.models import Assessment
from indicators.services import assessment_rescore
from indicators.worked_example import WORKED_EXAMPLE
from tests.factories import AssessmentFactory, CoverageFactory, add_values, scored_assessment
from tests.html import soup

pytestmark = pytest.mark.django_db

DETAIL = "/review/NOR/2024/owning-org/"


def text(html) -> str:
    return " ".join(html.get_text(" ").split())


def submitted(organization, editor, year=2024, country="NOR", minutes_ago=0, indicators=None):
    assessment = AssessmentFactory(
        organization=organization,
        year=year,
        country_id=country,
        status="submitted",
        submitted_by=editor,
        submitted_at=timezone.now() - timezone.timedelta(minutes=minutes_ago),
        validated_at=None,
    )
    add_values(assessment, indicators or WORKED_EXAMPLE["indicators"])
    assessment_rescore(assessment=assessment)
    return assessment


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def changed_peacekeepers() -> dict:
    indicators = dict(WORKED_EXAMPLE["indicators"])
    indicators["WC04"] = {"components": {"peacekeepers": {"women": 30, "men": 70}}}
    return indicators


def test_queue_lists_submissions_oldest_first_with_their_score_changes(
    reviewer_client, organization, editor
):
    scored_assessment(organization=organization, year=2023)  # validated, the previous one
    submitted(organization, editor, year=2024, minutes_ago=5, indicators=changed_peacekeepers())
    CoverageFactory(organization=organization, country_id="SWE")
    submitted(organization, editor, year=2024, country="SWE", minutes_ago=50)
    page = soup(reviewer_client.get("/review/"))
    titles = [h.a.get_text(strip=True) for h in page.select(".review-item h2")]
    assert titles == ["Sweden 2024", "Norway 2024"]
    norway = page.select(".review-item")[1]
    assert "Compared with this organization's validated assessment of 2023." in text(norway)
    cells = [
        [td.get_text(" ", strip=True) for td in tr.select("th, td")]
        for tr in norway.select("table.scores tbody tr")
    ]
    assert cells[0][0] == "Overall" and cells[0][1] == "47.0"
    assert "2 input or evidence cells changed." in text(norway)
    sweden = page.select(".review-item")[0]
    assert "No earlier validated assessment" in text(sweden)


def test_queue_explains_when_nothing_waits(reviewer_client):
    assert "Nothing is waiting for review." in text(soup(reviewer_client.get("/review/")))


def test_queue_marks_the_reviewers_own_submission(client, organization, reviewer):
    submitted(organization, reviewer)
    client.force_login(reviewer)
    assert "you submitted this: another reviewer must review it" in text(
        soup(client.get("/review/"))
    )


@pytest.mark.parametrize("count", [1, 5])
def test_queue_runs_a_fixed_number_of_queries_as_submissions_grow(
    reviewer_client, organization, editor, django_assert_num_queries, count
):
    countries = ["NOR", "SWE", "DNK", "FIN", "ISL"][:count]
    for iso3 in countries:
        if iso3 != "NOR":  # the organization covers Norway already
            CoverageFactory(organization=organization, country_id=iso3)
        scored_assessment(organization=organization, year=2023, country_id=iso3)
        submitted(organization, editor, country=iso3)
    # 7 for the assessments, 1 for the plan reviews waiting beside them (issue 10 part 1).
    with django_assert_num_queries(8):
        reviewer_client.get("/review/")


def test_review_page_shows_inputs_old_to_new(reviewer_client, organization, editor):
    scored_assessment(organization=organization, year=2023)
    submitted(organization, editor, indicators=changed_peacekeepers())
    page = soup(reviewer_client.get(DETAIL))
    rows = [
        [c.get_text(strip=True) for c in tr.select("th, td")]
        for tr in page.select("table.diff:not(.scores) tbody tr")
    ]
    assert rows == [
        ["WC04", "Uniformed peacekeepers deployed", "Women", "14", "30"],
        ["WC04", "Uniformed peacekeepers deployed", "Men", "86", "70"],
    ]
    scores = {
        tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("table.scores tbody tr")
    }
    assert scores["WC04"] == ["28.0", "60.0", "+32.0"]


def test_validating_publishes_the_assessment(reviewer_client, organization, editor, reviewer):
    assessment = submitted(organization, editor)
    page = soup(reviewer_client.get(DETAIL))
    version = page.select_one("form[action$='/validate/'] input[name=version]")["value"]
    response = reviewer_client.post(DETAIL + "validate/", {"version": version})
    assert response["Location"] == "/review/"
    assessment.refresh_from_db()
    assert (assessment.status, assessment.validated_by) == ("validated", reviewer)
    assert Assessment.objects.published().filter(pk=assessment.pk).exists()


def test_returning_needs_a_reason_and_keeps_what_was_typed_elsewhere(
    reviewer_client, organization, editor
):
    assessment = submitted(organization, editor)
    response = reviewer_client.post(DETAIL + "return/", {"reason": "   "})
    page = soup(response, status=400)
    assert page.select_one("#id_return_reason_error").get_text(strip=True) == (
        "Give the reason, so the editor knows what to fix."
    )
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    response = reviewer_client.post(DETAIL + "return/", {"reason": "Cite WC09's source."})
    assert response["Location"] == "/review/"
    assessment.refresh_from_db()
    assert (assessment.status, assessment.return_reason) == ("returned", "Cite WC09's source.")


def test_a_stale_review_is_refused(reviewer_client, organization, editor):
    assessment = submitted(organization, editor)
    response = reviewer_client.post(DETAIL + "validate/", {"version": assessment.version - 1})
    assert response["Location"] == DETAIL
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_reopening_a_validated_assessment_takes_it_off_the_public_site(
    reviewer_client, organization
):
    assessment = scored_assessment(organization=organization, year=2024)
    page = soup(reviewer_client.get(DETAIL))
    assert page.select_one("form[action$='/reopen/'] textarea[name=reason]") is not None
    response = reviewer_client.post(DETAIL + "reopen/", {"reason": "The WC11 budget was revised."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.return_reason) == (
        "returned",
        "The WC11 budget was revised.",
    )
    assert not Assessment.objects.published().filter(pk=assessment.pk).exists()
