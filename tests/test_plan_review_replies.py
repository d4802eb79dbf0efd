"""The government's right of reply to a plan quality review (decision 112): services,
personas, the deadline, the public plan page, the decision page and the API."""

from datetime import UTC, date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indicators.models import ReplyPeriod
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


def test_validating_with_a_deadline_opens_a_period_keeps_the_review_off_the_public_site_and_emails_the_respondent(
    submitted, reviewer, respondent
):
    respondent.email = "gov@example.org"
    respondent.save()
    with pytest.MonkeyPatch.context():
        from django.test.utils import CaptureQueriesContext  # noqa: F401

    from django.db import connection  # noqa: F401

    deadline = today() + timedelta(days=7)
    with pytest.raises(Exception) if False else _nothing():
        period = plan_review_validate_with_reply(
            review=submitted, actor=reviewer, deadline=deadline
        )
    made = PlanReview.objects.get(pk=submitted.pk)
    assert made.status == "validated"
    assert period.review_id == made.pk and period.assessment_id is None
    assert period.deadline == deadline
    assert not is_published(made)
    assert reasons(made)[-1] == f"Right of reply opened until {deadline.isoformat()}"


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
