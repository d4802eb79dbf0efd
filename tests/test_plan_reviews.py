"""NAP quality review: the score module, the workflow services, permissions per persona."""

import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organizations.models import Membership
from plans import quality
from plans.review_models import CriterionRating, PlanReview, QualityCriterion, QualityFramework
from plans.review_services import (
    PlanReviewConflict,
    RatingData,
    plan_review_create,
    plan_review_ratings_save,
    plan_review_reopen,
    plan_review_return,
    plan_review_submit,
    plan_review_validate,
)
from tests.factories import MembershipFactory, PlanFactory
from tests.plan_review_data import ALL_TWO, MIXED, codes, ratings, review


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], None),
        ([0], Decimal("0.0")),
        ([2, 2, 2, 2, 2, 2, 2], Decimal("100.0")),
        ([0, 0, 0, 0, 0, 0, 0], Decimal("0.0")),
        ([2, 1, 0, 1, 2, 2, 1], Decimal("64.3")),  # 9 / 14 = 64.2857…
        ([1, 1, 1, 1, 1, 1, 2], Decimal("57.1")),  # 8 / 14 = 57.142…
        ([1, 2, 2, 2, 2, 2, 2], Decimal("92.9")),  # 13 / 14 = 92.857…
        ([1, 0, 0, 0], Decimal("12.5")),  # exactly half up: 12.5 stays 12.5
        ([1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], Decimal("97.5")),
    ],
)
def test_quality_score_is_the_sum_over_twice_the_rated_criteria_rounded_half_up(given, expected):
    assert quality.quality_score(given) == expected


def test_quality_score_rounds_a_half_up_not_to_even():
    # 1/16 × 100 = 6.25 -> 6.3 (half up), where banker's rounding would give 6.2.
    assert quality.quality_score([1] + [0] * 7) == Decimal("6.3")


@pytest.mark.parametrize("bad", [3, -1, None, "2"])
def test_quality_score_refuses_a_rating_outside_0_to_2(bad):
    with pytest.raises(quality.QualityInputError):
        quality.quality_score([bad])


def test_raising_one_rating_never_lowers_the_score():
    base = [1, 1, 0, 2, 1, 0, 1]
    for index in range(len(base)):
        if base[index] < 2:
            raised = [*base]
            raised[index] += 1
            assert quality.quality_score(raised) > quality.quality_score(base)


def test_unrated_criteria_are_left_out_of_the_score_and_reported_as_coverage():
    criteria = [("QR01", "A", False), ("QR02", "B", True), ("QR03", "C", False)]
    result = quality.review_result(criteria, {"QR01": (2, "p. 1", ""), "QR03": (1, "p. 2", "")})
    assert (result.score, result.rated, result.total) == (Decimal("75.0"), 2, 3)
    assert not result.is_complete
    assert result.unverified_wording
    assert [c.rating for c in result.criteria] == [2, None, 1]


def test_a_rating_of_an_unknown_criterion_is_refused():
    with pytest.raises(quality.QualityInputError):
        quality.review_result([("QR01", "A", True)], {"QR99": (1, "p. 1", "")})


def test_criterion_moves_pair_the_same_codes_old_to_new():
    old = quality.review_result([("QR01", "A", True), ("QR02", "B", True)], {"QR01": (0, "x", "")})
    new = quality.review_result(
        [("QR01", "A", True), ("QR02", "B", True)], {"QR01": (2, "y", ""), "QR02": (1, "z", "")}
    )
    moves = quality.criterion_moves(old, new)
    assert [(m.code, m.old, m.new, m.delta) for m in moves] == [
        ("QR01", 0, 2, 2),
        ("QR02", None, 1, None),
    ]


def test_the_quality_module_imports_without_django():
    code = "import sys, plans.quality; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- Reference data ---------------------------------------------------------------------


@pytest.mark.django_db
def test_framework_1_0_ships_seven_unverified_criteria_with_sources():
    framework = QualityFramework.objects.current()
    assert framework.version == "1.0"
    criteria = list(framework.criteria.order_by("order"))
    assert [c.code for c in criteria] == [f"QR0{n}" for n in range(1, 8)]
    assert all(not c.wording_verified and c.source_url.startswith("https://") for c in criteria)
    assert all(c.guidance.startswith("0:") for c in criteria)


# --- Services and permissions -----------------------------------------------------------


@pytest.fixture
def plan(db, norway_without_sourced_plans):
    return PlanFactory(generation=1)


@pytest.mark.django_db
def test_an_editor_of_the_covering_organization_starts_a_draft(plan, organization, editor):
    made = plan_review_create(actor=editor, plan=plan, organization=organization)
    assert (made.status, made.created_by, made.framework.version) == ("draft", editor, "1.0")
    assert made.score is None and made.rated_count == 0
    assert made.history.first().history_change_reason == "Created"


@pytest.mark.django_db
def test_an_editor_of_another_organization_cannot_start_one(plan, organization, other_editor):
    with pytest.raises(PermissionDenied):
        plan_review_create(actor=other_editor, plan=plan, organization=organization)


@pytest.mark.django_db
def test_a_reviewer_cannot_start_one(plan, organization, reviewer):
    with pytest.raises(PermissionDenied):
        plan_review_create(actor=reviewer, plan=plan, organization=organization)


@pytest.mark.django_db
def test_an_organization_reviews_only_plans_of_countries_it_covers(organization, editor):
    sweden = PlanFactory(country_id="SWE", generation=9)
    with pytest.raises(PermissionDenied):
        plan_review_create(actor=editor, plan=sweden, organization=organization)


@pytest.mark.django_db
def test_saving_ratings_stores_score_and_coverage_and_history(plan, organization, editor):
    made = review(plan, organization, editor, values=(2, 1))
    assert (made.score, made.rated_count) == (Decimal("75.0"), 2)
    rating = made.ratings.get(criterion__code="QR02")
    assert (rating.rating, rating.evidence) == (1, "p. 2, §2.1")
    assert rating.history.first().history_user == editor
    assert made.history.first().history_change_reason == "Ratings saved"


@pytest.mark.django_db
def test_a_rating_without_evidence_is_refused_and_nothing_is_written(plan, organization, editor):
    made = review(plan, organization, editor)
    bad = {
        "QR01": RatingData(rating=2, evidence="  "),
        "QR02": RatingData(rating=1, evidence="p. 3"),
    }
    with pytest.raises(ValidationError) as caught:
        plan_review_ratings_save(review=made, actor=editor, ratings=bad, expected_version=None)
    assert "QR01.evidence" in caught.value.message_dict
    assert not CriterionRating.objects.filter(review=made).exists()


@pytest.mark.django_db
def test_a_rating_outside_0_to_2_is_refused(plan, organization, editor):
    made = review(plan, organization, editor)
    with pytest.raises(ValidationError) as caught:
        plan_review_ratings_save(
            review=made,
            actor=editor,
            ratings={"QR01": RatingData(rating=3, evidence="p. 1")},
            expected_version=None,
        )
    assert "QR01.rating" in caught.value.message_dict


@pytest.mark.django_db
def test_a_rating_set_to_none_is_cleared(plan, organization, editor):
    made = review(plan, organization, editor, values=(2, 2))
    made = plan_review_ratings_save(
        review=made,
        actor=editor,
        ratings={"QR02": RatingData(rating=None)},
        expected_version=made.version,
    )
    assert list(made.ratings.values_list("criterion__code", flat=True)) == ["QR01"]
    assert (made.score, made.rated_count) == (Decimal("100.0"), 1)


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_and_writes_nothing(plan, organization, editor):
    made = review(plan, organization, editor)
    stale = made.version
    plan_review_ratings_save(review=made, actor=editor, ratings=ratings(1), expected_version=stale)
    with pytest.raises(PlanReviewConflict):
        plan_review_ratings_save(
            review=made, actor=editor, ratings=ratings(2), expected_version=stale
        )
    assert made.ratings.get().rating == 1


@pytest.mark.django_db
def test_an_editor_of_another_organization_cannot_save_ratings(
    plan, organization, editor, other_editor
):
    made = review(plan, organization, editor)
    with pytest.raises(PermissionDenied):
        plan_review_ratings_save(
            review=made, actor=other_editor, ratings=ratings(1), expected_version=None
        )


@pytest.mark.django_db
def test_submitting_needs_every_criterion_rated(plan, organization, editor):
    made = review(plan, organization, editor, values=(2, 2, 2))
    with pytest.raises(ValidationError) as caught:
        plan_review_submit(review=made, actor=editor)
    assert "3 of 7" in caught.value.messages[0]


@pytest.mark.django_db
def test_the_full_workflow_stamps_every_step(plan, organization, editor, reviewer):
    made = review(plan, organization, editor, values=MIXED, status="submitted")
    assert (made.status, made.submitted_by, made.score) == ("submitted", editor, Decimal("64.3"))
    with pytest.raises(ValidationError):  # read-only once submitted
        plan_review_ratings_save(
            review=made, actor=editor, ratings=ratings(0), expected_version=None
        )
    made = plan_review_return(review=made, actor=reviewer, reason="QR03: which page?")
    assert (made.status, made.return_reason, made.returned_by) == (
        "returned",
        "QR03: which page?",
        reviewer,
    )
    made = plan_review_ratings_save(
        review=made, actor=editor, ratings=ratings(*ALL_TWO), expected_version=made.version
    )
    assert made.status == "draft"
    made = plan_review_submit(review=made, actor=editor, expected_version=made.version)
    made = plan_review_validate(review=made, actor=reviewer, expected_version=made.version)
    assert (made.status, made.validated_by, made.return_reason) == ("validated", reviewer, "")
    assert made.score == Decimal("100.0")
    made = plan_review_reopen(review=made, actor=reviewer, reason="A new page found")
    assert made.status == "returned"
    reasons = [r.history_change_reason for r in made.history.order_by("history_date")]
    assert reasons == [
        "Created",
        "Ratings saved",
        "Submitted for validation",
        "Returned: QR03: which page?",
        "Ratings saved; back to draft after return",
        "Submitted for validation",
        "Validated",
        "Reopened: A new page found",
    ]


@pytest.mark.django_db
def test_four_eyes_the_submitter_cannot_validate_or_return_her_own_review(plan, organization):
    admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    made = review(plan, organization, admin, values=ALL_TWO, status="submitted")
    with pytest.raises(ValidationError) as caught:
        plan_review_validate(review=made, actor=admin)
    assert caught.value.code == "four_eyes"
    with pytest.raises(ValidationError):
        plan_review_return(review=made, actor=admin, reason="no")


@pytest.mark.django_db
def test_an_editor_cannot_validate_and_another_organization_cannot_review(
    plan, organization, editor, other_organization
):
    other_reviewer = MembershipFactory(
        organization=other_organization, role=Membership.Role.REVIEWER
    ).user
    made = review(plan, organization, editor, values=ALL_TWO, status="submitted")
    for actor in (editor, other_reviewer):
        with pytest.raises(PermissionDenied):
            plan_review_validate(review=made, actor=actor)


@pytest.mark.django_db
def test_a_site_admin_may_validate(plan, organization, editor, admin_user):
    made = review(plan, organization, editor, values=ALL_TWO, status="submitted")
    assert plan_review_validate(review=made, actor=admin_user).status == "validated"


@pytest.mark.django_db
def test_returning_needs_a_reason(plan, organization, editor, reviewer):
    made = review(plan, organization, editor, values=ALL_TWO, status="submitted")
    with pytest.raises(ValidationError) as caught:
        plan_review_return(review=made, actor=reviewer, reason="  ")
    assert "reason" in caught.value.message_dict


@pytest.mark.django_db
def test_one_review_per_plan_and_organization(plan, organization, editor):
    review(plan, organization, editor)
    with pytest.raises(ValidationError):
        plan_review_create(actor=editor, plan=plan, organization=organization)


@pytest.mark.django_db
def test_visibility_per_persona(plan, organization, editor, reviewer, other_editor, admin_user):
    from django.contrib.auth.models import AnonymousUser

    draft = review(plan, organization, editor, values=(1,))
    second = PlanFactory(generation=2)
    public = review(
        second, organization, editor, values=ALL_TWO, status="validated", reviewer=reviewer
    )

    def seen(user):
        return set(PlanReview.objects.visible_to(user).values_list("pk", flat=True))

    assert seen(AnonymousUser()) == {public.pk}
    assert seen(other_editor) == {public.pk}
    assert seen(editor) == seen(reviewer) == seen(admin_user) == {draft.pk, public.pk}
    assert set(PlanReview.objects.editable_by(editor)) == {draft}
    assert not PlanReview.objects.editable_by(reviewer).exists()
    assert not PlanReview.objects.editable_by(other_editor).exists()
    assert set(PlanReview.objects.reviewable_by(reviewer)) == {public}
    assert not PlanReview.objects.reviewable_by(editor).exists()


@pytest.mark.django_db
def test_a_validated_review_of_an_unpublished_plan_is_not_public(
    plan, organization, editor, reviewer
):
    from django.contrib.auth.models import AnonymousUser

    review(plan, organization, editor, values=ALL_TWO, status="validated", reviewer=reviewer)
    plan.is_published = False
    plan.save()
    assert not PlanReview.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.django_db
def test_stored_scores_equal_recomputed_scores(plan, organization, editor):
    made = review(plan, organization, editor, values=MIXED)
    given = list(made.ratings.values_list("rating", flat=True))
    assert made.score == quality.quality_score(given)
    assert set(codes()) == set(QualityCriterion.objects.values_list("code", flat=True))
