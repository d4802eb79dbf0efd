"""Plan reviews for the tests, made through the services as the pages make them."""

from organizations.models import Membership
from plans.review_models import PlanReview, QualityCriterion
from plans.review_services import (
    RatingData,
    plan_review_create,
    plan_review_ratings_save,
    plan_review_submit,
    plan_review_validate,
)
from tests.factories import MembershipFactory, PlanFactory


def codes() -> list[str]:
    return list(
        QualityCriterion.objects.filter(framework__is_current=True)
        .order_by("order")
        .values_list("code", flat=True)
    )


def ratings(*values: int | None) -> dict[str, RatingData]:
    """Ratings in criterion order (QR01…); fewer values leave the rest unrated."""
    return {
        code: RatingData(rating=value, evidence=f"p. {n + 1}, §{n + 1}.1", quote="")
        for n, (code, value) in enumerate(zip(codes(), values, strict=False))
        if value is not None
    }


ALL_TWO = (2, 2, 2, 2, 2, 2, 2)
MIXED = (2, 1, 0, 1, 2, 2, 1)  # sum 9 of 14 -> 64.3


def review(plan, organization, editor, values=(), status="draft", reviewer=None, **kwargs):
    """A review of ``plan`` by ``organization`` in ``status``, walked through the services."""
    made = plan_review_create(actor=editor, plan=plan, organization=organization, **kwargs)
    if values:
        made = plan_review_ratings_save(
            review=made, actor=editor, ratings=ratings(*values), expected_version=None
        )
    if status in ("submitted", "validated"):
        made = plan_review_submit(review=made, actor=editor)
    if status == "validated":
        made = plan_review_validate(review=made, actor=reviewer)
    return PlanReview.objects.get(pk=made.pk)


def two_generations():
    """Norway's NAP 1 and NAP 2 (which supersedes it); use with norway_without_sourced_plans."""
    first = PlanFactory(generation=1, adopted_year=2010, period_start=2010, period_end=2014)
    second = PlanFactory(
        generation=2, adopted_year=2015, period_start=2015, period_end=2019, supersedes=first
    )
    return first, second


def reviewed(plan, organization) -> PlanReview:
    """A validated review of the plan by new editor and reviewer members of the organization
    (the organization must cover the plan's country)."""
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    reviewer = MembershipFactory(organization=organization, role=Membership.Role.REVIEWER).user
    return review(plan, organization, editor, values=ALL_TWO, status="validated", reviewer=reviewer)
