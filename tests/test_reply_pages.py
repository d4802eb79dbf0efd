"""The right of reply on pages and in the API: the respondent's pages, the reviewer's
validate-with-reply, the public scorecard's government view, the members page, query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from indicators.models import Assessment, GovernmentReply, ReplyPeriod
from indicators.services import assessment_rescore, reply_save
from organizations.models import Membership
from tests.factories import (
    AssessmentFactory,
    CoverageFactory,
    MembershipFactory,
    OrganizationFactory,
    ReplyPeriodFactory,
    add_values,
)
from tests.html import soup

pytestmark = pytest.mark.django_db

WC04 = {"WC04": {"components": {"peacekeepers": {"women": 14, "men": 86}}}}
DETAIL = "/replies/NOR/2024/owning-org/"
SCORECARD = "/countries/NOR/2024/owning-org/"


def today():
    return timezone.now().date()


def text(page) -> str:
    return " ".join(page.get_text(" ").split())


def in_reply(organization, year=2024, country="NOR", **kwargs):
    assessment = AssessmentFactory(organization=organization, year=year, country_id=country)
    add_values(assessment, WC04)
    assessment_rescore(assessment=assessment)
    period = ReplyPeriodFactory(assessment=assessment, **kwargs)
    return assessment, period


def end(period, days_ago=1):
    ReplyPeriod.objects.filter(pk=period.pk).update(deadline=today() - timedelta(days=days_ago))


@pytest.fixture
def respondent_client(client, respondent):
    client.force_login(respondent)
    return client


# --- The respondent's pages -----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_members_are_refused_the_list(
    client, editor, organization
):
    in_reply(organization)
    assert client.get("/replies/")["Location"].startswith("/accounts/login/")
    assert client.get(DETAIL)["Location"].startswith("/accounts/login/")
    client.force_login(editor)
    assert client.get("/replies/").status_code == 403
    assert client.get(DETAIL).status_code == 404


def test_the_respondent_lists_the_draft_results_of_her_country_open_for_reply(
    respondent_client, organization
):
    in_reply(organization)
    in_reply(organization, year=2023, deadline=today() + timedelta(days=2))
    ended = in_reply(organization, year=2022)[1]
    end(ended)
    CoverageFactory(organization=organization, country_id="SWE")
    in_reply(organization, year=2024, country="SWE")  # another country
    page = soup(respondent_client.get("/replies/"))
    rows = [text(tr) for tr in page.select("#reply-list tbody tr")]
    assert len(rows) == 2
    assert rows[0].startswith("Norway 2024 Owning Organization")
    assert "not yet" in rows[0]


def test_the_respondent_list_runs_a_fixed_number_of_queries(
    respondent_client, organization, django_assert_num_queries
):
    in_reply(organization)
    respondent_client.get("/replies/")
    # session, user, "is she a respondent", count, rows, their periods, their replies, the
    # plan reviews open for her reply (none here; with some: +2, tests/test_plan_review_replies)
    with django_assert_num_queries(8):
        respondent_client.get("/replies/")
    for year in range(2015, 2020):
        in_reply(organization, year=year)
    with django_assert_num_queries(8):
        assert len(soup(respondent_client.get("/replies/")).select("#reply-list tbody tr")) == 6


def test_the_draft_page_is_marked_not_public_and_offers_a_reply_per_indicator_and_overall(
    respondent_client, organization
):
    in_reply(organization)
    page = soup(respondent_client.get(DETAIL))
    assert "Draft — not public." in page.select_one(".draft-banner").get_text()
    names = {t["name"] for t in page.select("form textarea")}
    assert names == {"overall", *(f"WC{n:02d}" for n in range(1, 12))}
    assert (
        page.select_one("label[for=id_WC04]")
        .get_text()
        .startswith("The government's reply on WC04")
    )


def test_a_respondent_of_another_country_or_organization_gets_404(client, organization):
    in_reply(organization)
    CoverageFactory(organization=organization, country_id="SWE")
    sweden = MembershipFactory(organization=organization, role="gov_respondent", country_id="SWE")
    other = OrganizationFactory(slug="other-org")
    CoverageFactory(organization=other)
    elsewhere = MembershipFactory(organization=other, role="gov_respondent", country_id="NOR")
    for membership in (sweden, elsewhere):
        client.force_login(membership.user)
        assert client.get(DETAIL).status_code == 404


def test_the_respondent_saves_her_reply_and_sees_it_again(respondent_client, organization):
    in_reply(organization)
    response = respondent_client.post(DETAIL, {"overall": "We fund it.", "WC04": "Rising."})
    assert response.status_code == 302
    assert dict(GovernmentReply.objects.values_list("indicator__code", "text")) == {
        None: "We fund it.",
        "WC04": "Rising.",
    }
    page = soup(respondent_client.get(DETAIL))
    assert page.select_one("#id_WC04").get_text().strip() == "Rising."


def test_an_overlong_reply_is_refused_and_every_typed_reply_stays(respondent_client, organization):
    in_reply(organization)
    response = respondent_client.post(DETAIL, {"overall": "x" * 5001, "WC04": "Kept."})
    page = soup(response, 400)
    assert page.select_one("#error-summary")
    assert page.select_one("#id_WC04").get_text().strip() == "Kept."
    assert not GovernmentReply.objects.exists()


def test_after_the_deadline_the_page_says_so_and_refuses_a_reply_keeping_nothing_hidden(
    respondent_client, organization
):
    _assessment, period = in_reply(organization)
    page = soup(respondent_client.get(DETAIL))  # loaded while open
    assert page.select("form textarea")
    end(period)
    page = soup(respondent_client.post(DETAIL, {"overall": "Too late."}), 400)
    assert "The right of reply ended on" in page.select_one("#refusal").get_text()
    assert not GovernmentReply.objects.exists()
    assert "takes no more replies" in text(soup(respondent_client.get(DETAIL)))


# --- The reviewer and the organization ------------------------------------------------------


def test_the_reviewer_validates_with_a_right_of_reply_and_closes_it_once_answered(
    client, organization, editor, reviewer, respondent
):
    assessment = AssessmentFactory(
        organization=organization,
        year=2024,
        status="submitted",
        submitted_by=editor,
        submitted_at=timezone.now(),
        validated_at=None,
    )
    add_values(assessment, WC04)
    assessment_rescore(assessment=assessment)
    client.force_login(reviewer)
    deadline = (today() + timedelta(days=14)).isoformat()
    response = client.post(
        "/review/NOR/2024/owning-org/validate/",
        {"version": assessment.version, "reply_deadline": deadline},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "validated"
    assert not Assessment.objects.published().filter(pk=assessment.pk).exists()
    page = text(soup(client.get("/review/NOR/2024/owning-org/")))
    assert "Open until" in page and "The government has not replied yet." in page
    assert client.post("/review/NOR/2024/owning-org/close_reply/").status_code == 400
    reply_save(
        period=assessment.reply_periods.get(), actor=respondent, replies={"overall": "Agreed."}
    )
    assert "Agreed." in text(soup(client.get("/review/NOR/2024/owning-org/")))
    assert client.post("/review/NOR/2024/owning-org/close_reply/").status_code == 302
    assert Assessment.objects.published().filter(pk=assessment.pk).exists()
    history = text(soup(client.get("/entry/assessments/NOR/2024/owning-org/history/")))
    for reason in ("Right of reply opened until", "Government reply received", "closed"):
        assert reason in history


def test_a_bad_reply_deadline_is_a_form_error_and_nothing_is_validated(
    client, organization, editor, reviewer
):
    assessment = AssessmentFactory(
        organization=organization,
        year=2024,
        status="submitted",
        submitted_by=editor,
        submitted_at=timezone.now(),
        validated_at=None,
    )
    client.force_login(reviewer)
    response = client.post(
        "/review/NOR/2024/owning-org/validate/",
        {"version": assessment.version, "reply_deadline": today().isoformat()},
    )
    page = soup(response, 400)
    assert "The deadline must be after today." in page.select_one("#id_validate_error").get_text()
    assert page.select_one("#id_reply_deadline")["value"] == today().isoformat()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_the_members_page_invites_a_respondent_for_a_covered_country(client, organization):
    admin = MembershipFactory(organization=organization, role="org_admin").user
    client.force_login(admin)
    url = f"/organizations/{organization.slug}/members/"
    options = [o["value"] for o in soup(client.get(url)).select("#id_country option")]
    assert options == ["", "NOR"]
    page = soup(client.post(url, {"email": "gov@example.org", "role": "gov_respondent"}), 400)
    assert "Choose the country" in page.select_one("#id_country_error").get_text()
    response = client.post(
        url, {"email": "gov@example.org", "role": "gov_respondent", "country": "NOR"}
    )
    assert response.status_code == 302
    assert organization.invitations.get().country_id == "NOR"


def test_a_respondent_membership_shows_its_country_and_no_role_change(
    client, organization, respondent
):
    admin = MembershipFactory(organization=organization, role="org_admin").user
    client.force_login(admin)
    page = soup(client.get(f"/organizations/{organization.slug}/members/"))
    row = next(tr for tr in page.select("#members tbody tr") if "gov-norway" in text(tr))
    assert "Government respondent — Norway" in text(row)
    assert not row.select("select")


def test_a_respondent_sees_nothing_on_the_entry_dashboard(client, organization, respondent):
    AssessmentFactory(organization=organization, status="draft", validated_at=None)
    client.force_login(respondent)
    page = soup(client.get("/entry/"))
    assert not page.select("a[href^='/entry/assessments/NOR/']")
    assert client.get("/review/").status_code == 200
    assert not soup(client.get("/review/")).select(".review-item")


# --- Public ---------------------------------------------------------------------------------


def test_the_scorecard_is_hidden_while_the_period_runs_and_marked_draft_for_members(
    client, organization, editor
):
    in_reply(organization)
    assert client.get(SCORECARD).status_code == 404
    client.force_login(editor)
    assert "Draft — not public." in text(soup(client.get(SCORECARD)))


def test_the_scorecard_shows_the_governments_view_beside_the_indicator_and_overall(
    client, organization, respondent, editor
):
    _assessment, period = in_reply(organization)
    client.force_login(editor)
    scores_before = text(soup(client.get(SCORECARD)).select_one(".overall-line"))
    client.logout()
    reply_save(
        period=period, actor=respondent, replies={"overall": "We disagree.", "WC04": "More now."}
    )
    end(period)
    page = soup(client.get(SCORECARD))
    overall = page.select_one("section.right-of-reply")
    assert "The government's view" in text(overall) and "We disagree." in text(overall)
    row = page.select_one("tr.government-view")
    assert "More now." in text(row) and "The government's view" in text(row)
    assert "WC04" in text(row.find_previous_sibling("tr").th)
    assert text(page.select_one(".overall-line")) == scores_before  # a reply changes no score


def test_the_scorecard_says_no_reply_received_with_the_deadline(client, organization):
    _assessment, period = in_reply(organization)
    end(period, days_ago=3)
    deadline = today() - timedelta(days=3)
    page = soup(client.get(SCORECARD))
    assert text(page.select_one(".no-reply")) == (
        f"No reply received (deadline {deadline.day} {deadline:%B} {deadline.year})."
    )


def test_the_scorecard_runs_the_same_queries_with_or_without_replies(
    client, organization, respondent, django_assert_num_queries
):
    _assessment, period = in_reply(organization)
    reply_save(period=period, actor=respondent, replies={"overall": "A", "WC04": "B", "WC01": "C"})
    end(period)
    # assessment with country, organization, plan, score; values; indicators; periods; replies
    with django_assert_num_queries(5):
        client.get(SCORECARD)


# --- API ------------------------------------------------------------------------------------


def test_the_api_gives_the_right_of_reply_of_published_assessments_only(
    api_client, organization, respondent
):
    _assessment, period = in_reply(organization)
    in_reply(organization, year=2023)  # still open: not public
    reply_save(period=period, actor=respondent, replies={"overall": "Yes.", "WC04": "No."})
    end(period)
    rows = api_client.get("/api/v1/assessments/").json()["results"]
    assert [(r["year"], r["right_of_reply"]["status"]) for r in rows] == [(2024, "replied")]
    reply = api_client.get("/api/v1/assessments/NOR/2024/owning-org/").json()["right_of_reply"]
    assert reply["overall"] == "Yes." and reply["indicators"]["WC04"] == "No."
    assert reply["indicators"]["WC01"] is None
    assert reply["deadline"] == (today() - timedelta(days=1)).isoformat()
    assert reply == rows[0]["right_of_reply"]
    assert api_client.get("/api/v1/assessments/NOR/2023/owning-org/").status_code == 404


def test_the_assessments_csv_has_flattened_right_of_reply_columns(
    api_client, organization, respondent
):
    _assessment, period = in_reply(organization)
    reply_save(period=period, actor=respondent, replies={"WC04": "Noted."})
    end(period)
    response = api_client.get("/api/v1/assessments/?format=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(","), strict=True))
    assert row["right_of_reply.status"] == "replied"
    assert row["right_of_reply.indicators.WC04"] == "Noted."
    assert row["right_of_reply.overall"] == ""


def test_the_api_hides_drafts_from_a_respondent(api_client, organization, respondent):
    AssessmentFactory(organization=organization, status="draft", validated_at=None)
    api_client.force_authenticate(respondent)
    assert api_client.get("/api/v1/assessments/").json()["count"] == 0
    assert Membership.objects.get(user=respondent).role == "gov_respondent"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_right_of_reply_pages_leave_no_english_ui_string(
    client, organization, respondent, reviewer, language
):
    from tests.test_translations import EnglishLeft, rendered, untranslated_strings

    english = EnglishLeft.of(language)
    in_reply(organization)  # open: the respondent's pages
    _replied, period = in_reply(organization, year=2023)
    reply_save(period=period, actor=respondent, replies={"overall": "Oui.", "WC04": "Non."})
    end(period)
    _silent, silent = in_reply(organization, year=2022)
    end(silent)
    pages = [
        (respondent, "/replies/"),
        (respondent, DETAIL),
        (reviewer, "/review/NOR/2024/owning-org/"),
        (None, "/countries/NOR/2023/owning-org/"),
        (None, "/countries/NOR/2022/owning-org/"),
    ]
    problems = {}
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        if left := untranslated_strings(rendered(client, url, language), language, english):
            problems[url] = left
    assert not problems
