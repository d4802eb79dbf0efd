"""The government's right of reply to a plan quality review (decision 112): services,
personas, the deadline, the public plan page, the decision page and the API."""

from datetime import UTC, date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indicators.models import GovernmentReply, ReplyPeriod
from indicators.services import (
    plan_review_validate_with_reply,
    reply_period_close,
    reply_save,
)
from organizations.models import Membership
from plans.review_models import PlanReview
from tests.factories import CoverageFactory, MembershipFactory
from tests.html import soup
from tests.plan_review_data import MIXED, codes, review, two_generations

pytestmark = pytest.mark.django_db

PLAN_PAGE = "/countries/NOR/plans/1/"
DECIDE = "/review/plan-reviews/NOR/1/owning-org/"
API = "/api/v1/plan-reviews/"


def today() -> date:
    return timezone.now().astimezone(UTC).date()


def text(html) -> str:
    return " ".join(html.get_text(" ").split())


@pytest.fixture
def plans(norway_without_sourced_plans):
    return two_generations()


@pytest.fixture
def submitted(plans, organization, editor):
    return review(plans[0], organization, editor, values=MIXED, status="submitted")


@pytest.fixture
def in_reply(submitted, reviewer, respondent):
    """Validated by the reviewer with a right of reply open for a week."""
    plan_review_validate_with_reply(
        review=submitted, actor=reviewer, deadline=today() + timedelta(days=7)
    )
    return PlanReview.objects.get(pk=submitted.pk)


def period_of(made) -> ReplyPeriod:
    return made.reply_periods.get()


def is_published(made) -> bool:
    return PlanReview.objects.published().filter(pk=made.pk).exists()


def reasons(made) -> list[str]:
    return [h.history_change_reason for h in made.history.order_by("history_date")]


def end_period(period, days_ago=1):
    """The deadline has passed (moved back: opened_at stays before it)."""
    ReplyPeriod.objects.filter(pk=period.pk).update(deadline=today() - timedelta(days=days_ago))


def test_validating_with_a_deadline_opens_a_period_and_keeps_the_review_off_the_public_site(
    submitted, reviewer, respondent, django_capture_on_commit_callbacks
):
    respondent.email = "gov-norway@example.org"
    respondent.save()
    deadline = today() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        period = plan_review_validate_with_reply(
            review=submitted,
            actor=reviewer,
            deadline=deadline,
            base_url="https://tracker.example.org/",
        )
    made = PlanReview.objects.get(pk=submitted.pk)
    assert made.status == "validated"
    assert (period.review_id, period.assessment_id, period.deadline) == (made.pk, None, deadline)
    assert not is_published(made)
    assert reasons(made)[-1] == f"Right of reply opened until {deadline.isoformat()}"
    assert mail.outbox[0].to == ["gov-norway@example.org"]
    assert f"https://tracker.example.org/replies/plan-reviews/{made.pk}/" in mail.outbox[0].body


@pytest.mark.parametrize("days", [0, -1, 91])
def test_a_deadline_must_be_from_tomorrow_to_ninety_days_and_nothing_is_validated(
    submitted, reviewer, days
):
    with pytest.raises(ValidationError):
        plan_review_validate_with_reply(
            review=submitted, actor=reviewer, deadline=today() + timedelta(days=days)
        )
    assert PlanReview.objects.get(pk=submitted.pk).status == "submitted"
    assert not ReplyPeriod.objects.exists()


def test_the_respondent_replies_per_criterion_and_overall_and_the_review_history_says_so(
    in_reply, respondent
):
    first, second = codes()[:2]
    saved = reply_save(
        period=period_of(in_reply),
        actor=respondent,
        replies={"overall": "We disagree overall.", first: "See annex 2.", second: ""},
    )
    assert sorted((r.criterion.code if r.criterion_id else "overall") for r in saved) == sorted(
        ["overall", first]
    )
    assert all(r.indicator_id is None for r in saved)
    assert reasons(in_reply)[-1] == "Government reply received"


def test_an_unknown_criterion_is_refused_and_nothing_is_saved(in_reply, respondent):
    with pytest.raises(ValidationError) as error:
        reply_save(
            period=period_of(in_reply),
            actor=respondent,
            replies={"overall": "Fine.", "WC04": "An indicator, not a criterion."},
        )
    assert "WC04" in error.value.message_dict
    assert not period_of(in_reply).replies.exists()


def test_only_a_respondent_of_the_organization_for_the_plans_country_may_reply(
    in_reply, organization, other_organization, editor
):
    sweden = MembershipFactory(
        organization=organization,
        role=Membership.Role.GOVERNMENT_RESPONDENT,
        country_id="SWE",
    ).user
    CoverageFactory(organization=other_organization, country_id="NOR")
    other_org = MembershipFactory(
        organization=other_organization,
        role=Membership.Role.GOVERNMENT_RESPONDENT,
        country_id="NOR",
    ).user
    for actor in (sweden, other_org, editor):
        with pytest.raises(PermissionDenied):
            reply_save(period=period_of(in_reply), actor=actor, replies={"overall": "No."})
    assert not period_of(in_reply).replies.exists()


def test_replies_are_taken_through_the_deadline_day_and_refused_after(in_reply, respondent):
    period = period_of(in_reply)
    ReplyPeriod.objects.filter(pk=period.pk).update(deadline=today())
    reply_save(period=period, actor=respondent, replies={"overall": "Last day."})
    end_period(period)
    with pytest.raises(ValidationError) as error:
        reply_save(period=period, actor=respondent, replies={"overall": "Too late."})
    assert error.value.code == "period_ended"
    assert is_published(in_reply)


def test_the_period_closes_early_only_once_a_reply_is_in_and_then_the_review_is_public(
    in_reply, reviewer, respondent
):
    period = period_of(in_reply)
    with pytest.raises(ValidationError):
        reply_period_close(period=period, actor=reviewer)
    reply_save(period=period, actor=respondent, replies={"overall": "Noted."})
    reply_period_close(period=period, actor=reviewer)
    assert is_published(in_reply)
    assert reasons(in_reply)[-1] == "Right of reply closed"


def test_a_review_and_an_assessment_cannot_share_a_period(in_reply):
    from django.db import IntegrityError, transaction

    from tests.factories import AssessmentFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        ReplyPeriod.objects.filter(pk=period_of(in_reply).pk).update(assessment=AssessmentFactory())


def test_the_public_plan_page_hides_a_review_open_for_reply(client, in_reply):
    page = soup(client.get(PLAN_PAGE))
    assert not page.select(".quality-review")


def test_the_public_plan_page_shows_the_governments_view_beside_the_criteria_and_overall(
    client, in_reply, reviewer, respondent
):
    first = codes()[0]
    period = period_of(in_reply)
    reply_save(
        period=period,
        actor=respondent,
        replies={"overall": "We disagree overall.", first: "See annex 2."},
    )
    reply_period_close(period=period, actor=reviewer)
    section = soup(client.get(PLAN_PAGE)).select_one(".quality-review")
    views = [text(v) for v in section.select(".government-reply")]
    assert len(views) == 2
    assert "The government's view" in views[0] and "We disagree overall." in views[0]
    row = section.select_one("tr.government-view")
    assert "See annex 2." in text(row)
    assert first in text(row.find_previous_sibling("tr"))


def test_the_public_plan_page_says_no_reply_was_received_by_the_deadline(client, in_reply):
    period = period_of(in_reply)
    end_period(period, days_ago=2)
    deadline = today() - timedelta(days=2)
    section = soup(client.get(PLAN_PAGE)).select_one(".quality-review")
    assert text(section.select_one(".no-reply")) == (
        f"No reply received (deadline {deadline.day} {deadline:%B} {deadline.year})."
    )


def test_the_api_gives_each_review_its_right_of_reply(api_client, in_reply, respondent):
    first = codes()[0]
    period = period_of(in_reply)
    reply_save(period=period, actor=respondent, replies={first: "See annex 2."})
    assert api_client.get(API).json()["count"] == 0  # open: not public yet
    end_period(period)
    row = api_client.get(API).json()["results"][0]
    assert row["right_of_reply"]["status"] == "replied"
    assert row["right_of_reply"]["overall"] is None
    assert row["right_of_reply"]["criteria"][first] == "See annex 2."
    assert set(row["right_of_reply"]["criteria"]) == set(codes())


def test_a_review_without_a_period_has_an_empty_right_of_reply_in_the_api(
    api_client, plans, organization, editor, reviewer
):
    review(plans[0], organization, editor, values=MIXED, status="validated", reviewer=reviewer)
    reply = api_client.get(API).json()["results"][0]["right_of_reply"]
    assert reply["status"] is None and reply["deadline"] is None
    assert set(reply["criteria"]) == set(codes())
    assert not any(reply["criteria"].values())


@pytest.mark.parametrize("count", [1, 6])
def test_the_api_and_plan_page_query_counts_stay_constant_with_replied_reviews(
    api_client, client, plans, django_assert_num_queries, count, memory_cache
):
    from tests.test_plan_review_pages import grow_reviews

    grow_reviews(count, plans)
    for made in PlanReview.objects.all():
        period = ReplyPeriod.objects.create(
            review=made, opened_at=timezone.now(), deadline=today() - timedelta(days=1)
        )
        GovernmentReply.objects.create(period=period, text="Noted.", submitted_at=timezone.now())
    # count, reviews, ratings, periods, replies
    with django_assert_num_queries(5):
        assert api_client.get(API + "?page_size=250").status_code == 200
    # plan, documents, earlier plans, assessments, reviews, ratings, criteria, periods, replies
    with django_assert_num_queries(9):
        client.get(PLAN_PAGE)


def test_the_respondent_lists_and_answers_a_review_and_a_typed_reply_survives_an_error(
    client, in_reply, respondent
):
    client.force_login(respondent)
    listing = soup(client.get("/replies/"))
    link = listing.select_one("#review-reply-list a")
    assert link["href"] == f"/replies/plan-reviews/{in_reply.pk}/"
    first = codes()[0]
    page = client.post(link["href"], {"overall": "x" * 5001, first: "Keep me."})
    assert page.status_code == 400
    assert "Keep me." in page.content.decode()
    response = client.post(link["href"], {"overall": "We disagree.", first: "Keep me."})
    assert response.status_code == 302
    assert period_of(in_reply).replies.count() == 2


def test_the_respondent_page_refuses_replies_after_the_deadline_and_keeps_the_text(
    client, in_reply, respondent
):
    client.force_login(respondent)
    end_period(period_of(in_reply))
    response = client.post(f"/replies/plan-reviews/{in_reply.pk}/", {"overall": "Too late."})
    assert response.status_code == 400
    assert "it takes no more replies" in soup(response, 400).select_one("#refusal").get_text()
    assert not period_of(in_reply).replies.exists()


def test_the_review_page_is_404_to_an_editor_and_another_countrys_respondent(
    client, in_reply, organization, editor
):
    sweden = MembershipFactory(
        organization=organization,
        role=Membership.Role.GOVERNMENT_RESPONDENT,
        country_id="SWE",
    ).user
    for user in (editor, sweden):
        client.force_login(user)
        assert client.get(f"/replies/plan-reviews/{in_reply.pk}/").status_code in (403, 404)


def test_anonymous_visitors_are_sent_to_sign_in(client, in_reply):
    response = client.get(f"/replies/plan-reviews/{in_reply.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_decision_page_validates_with_a_deadline_and_keeps_a_bad_one(
    client, submitted, reviewer
):
    client.force_login(reviewer)
    bad = client.post(DECIDE + "validate/", {"reply_deadline": "2020-01-01"})
    assert bad.status_code == 400
    assert soup(bad, 400).select_one("#id_reply_deadline")["value"] == "2020-01-01"
    deadline = today() + timedelta(days=5)
    done = client.post(DECIDE + "validate/", {"reply_deadline": deadline.isoformat()})
    assert done.status_code == 302
    assert period_of(submitted).deadline == deadline


def test_the_respondent_list_of_reviews_runs_a_fixed_number_of_queries(
    client, plans, organization, editor, reviewer, respondent, django_assert_num_queries
):
    client.force_login(respondent)
    for plan in plans:
        made = review(plan, organization, editor, values=MIXED, status="submitted")
        plan_review_validate_with_reply(
            review=made, actor=reviewer, deadline=today() + timedelta(days=7)
        )
        reply_save(period=period_of(made), actor=respondent, replies={"overall": "Noted."})
    client.get("/replies/")
    # session, user, respondent?, assessments count (none: no rows query), reviews, their
    # periods, their replies
    with django_assert_num_queries(7):
        page = soup(client.get("/replies/"))
    assert len(page.select("#review-reply-list tbody tr")) == 2
