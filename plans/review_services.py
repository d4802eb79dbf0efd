"""Every write to plan reviews: one write path for the entry pages, the admin and seed data.

The workflow is the assessments' (indicators.services.workflow): draft → submitted →
validated, or returned with a reason; four eyes; every transition stamps its actor and
time on the review and its reason on the history row.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.services.assessments import (
    AssessmentConflict,
    check_version,
    may_enter_data,
    stamp,
)
from indicators.services.publication import may_set_publication, publication_reason
from organizations.models import Organization, User
from plans import quality
from plans.models import Coverage, NationalActionPlan
from plans.review_models import CriterionRating, PlanReview, QualityFramework

Status = PlanReview.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)
UNSET: Any = object()

# A stale expected_version raises this (the assessments' conflict: same meaning, same handling).
PlanReviewConflict = AssessmentConflict


@dataclass(frozen=True)
class RatingData:
    """One criterion's rating as a form gives it; ``rating`` None clears the criterion."""

    rating: int | None
    evidence: str = ""
    quote: str = ""


def may_review_plan(*, actor: User, organization: Organization, plan: NationalActionPlan) -> bool:
    """Editors and org admins review plans of the countries their organization covers."""
    return may_enter_data(actor=actor, organization=organization, country=plan.country)


def _rescore(review: PlanReview) -> None:
    """Store the score and coverage of the review's saved ratings (the review is saved by
    the caller)."""
    result = review_result(review)
    review.score, review.rated_count = result.score, result.rated


def review_result(review: PlanReview) -> quality.QualityResult:
    """The review's criteria and ratings as ``plans.quality`` computes them (uses the
    prefetched ``ratings`` and ``framework.criteria`` when present)."""
    criteria = sorted(review.framework.criteria.all(), key=lambda c: (c.order, c.code))
    ratings = {
        r.criterion.code: (r.rating, r.evidence, r.quote)
        for r in review.ratings.all()
        if r.criterion.framework_id == review.framework_id
    }
    return quality.review_result([(c.code, c.title, c.wording_verified) for c in criteria], ratings)


@transaction.atomic
def plan_review_create(
    *,
    actor: User,
    plan: NationalActionPlan,
    organization: Organization,
    summary: str = "",
    is_sample: bool = False,
) -> PlanReview:
    """A new draft review of the plan against the current framework. It publishes
    anonymously when the organization's coverage of the plan's country does (decision 111)."""
    if not may_review_plan(actor=actor, organization=organization, plan=plan):
        raise PermissionDenied(
            _("%(org)s does not cover %(country)s, or you are not one of its editors.")
            % {"org": organization, "country": plan.country}
        )
    review = PlanReview(
        plan=plan,
        organization=organization,
        framework=QualityFramework.objects.current(),
        summary=summary,
        is_sample=is_sample,
        status=Status.DRAFT,
        created_by=actor,
        publish_anonymously=Coverage.objects.filter(
            organization=organization, country_id=plan.country_id, publish_anonymously=True
        ).exists(),
    )
    review.full_clean()
    stamp(review, actor, "Created")
    review.save()
    return review


def _lock_editable(review: PlanReview, actor: User) -> PlanReview:
    locked = PlanReview.objects.select_for_update().get(pk=review.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(
            _("This review is %(status)s and read-only; a reviewer must return it first.")
            % {"status": locked.get_status_display().lower()},
            code="read_only",
        )
    if not PlanReview.objects.editable_by(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied(_("You may not edit this review."))
    return locked


def ratings_errors(ratings: Mapping[str, RatingData], codes) -> dict[str, list[str]]:
    """Every problem of the given ratings, keyed ``CODE.field`` (``CODE`` for the row)."""
    errors: dict[str, list[str]] = {}
    for code, row in ratings.items():
        if code not in codes:
            errors.setdefault(code, []).append(_("Unknown criterion %(code)s.") % {"code": code})
            continue
        if row.rating is None:
            if row.evidence.strip() or row.quote.strip():
                errors.setdefault(f"{code}.rating", []).append(
                    _("Choose a rating for this evidence, or clear the evidence.")
                )
            continue
        if row.rating not in quality.RATINGS:
            errors.setdefault(f"{code}.rating", []).append(_("A rating is 0, 1 or 2."))
        if not row.evidence.strip():
            errors.setdefault(f"{code}.evidence", []).append(
                _("Give the page or section of the plan document, e.g. “p. 12, §3.2”.")
            )
        elif len(row.evidence.strip()) > 300:
            errors.setdefault(f"{code}.evidence", []).append(
                _("Keep the evidence note to 300 characters; put longer text in the quote.")
            )
    return errors


@transaction.atomic
def plan_review_ratings_save(
    *,
    review: PlanReview,
    actor: User,
    ratings: Mapping[str, RatingData],
    expected_version: int | None,
    summary: str = UNSET,
) -> PlanReview:
    """Replace the ratings of the criteria named in ``ratings`` (rating None clears one).

    A stale ``expected_version`` raises PlanReviewConflict and writes nothing; invalid rows
    raise ValidationError keyed ``CODE.field``. A returned review becomes a draft again.
    The stored score is recomputed.
    """
    locked = _lock_editable(review, actor)
    check_version(locked, expected_version)
    criteria = {c.code: c for c in locked.framework.criteria.all()}
    errors = ratings_errors(ratings, criteria)
    if errors:
        raise ValidationError(errors)
    existing = {r.criterion.code: r for r in locked.ratings.select_related("criterion")}
    for code, row in ratings.items():
        current = existing.get(code)
        if row.rating is None:
            if current is not None:
                stamp(current, actor)
                current.delete()
            continue
        fields = {"rating": row.rating, "evidence": row.evidence.strip(), "quote": row.quote}
        if current is None:
            current = CriterionRating(review=locked, criterion=criteria[code], **fields)
        elif all(getattr(current, k) == v for k, v in fields.items()):
            continue
        else:
            for k, v in fields.items():
                setattr(current, k, v)
        current.full_clean(exclude=["review", "criterion"], validate_constraints=False)
        stamp(current, actor)
        current.save()
    if summary is not UNSET:
        locked.summary = summary
    why = "Ratings saved"
    if locked.status == Status.RETURNED:
        locked.status = Status.DRAFT
        why = f"{why}; back to draft after return"
    _rescore(locked)
    stamp(locked, actor, why)
    locked.save()
    return locked


@transaction.atomic
def plan_review_submit(
    *, review: PlanReview, actor: User, expected_version: int | None = None
) -> PlanReview:
    """An editor sends a complete draft (or returned) review for validation."""
    locked = _lock_editable(review, actor)
    check_version(locked, expected_version)
    _rescore(locked)
    total = locked.framework.criteria.count()
    if locked.rated_count < total:
        raise ValidationError(
            _("Rate every criterion before submitting: %(rated)s of %(total)s are rated.")
            % {"rated": locked.rated_count, "total": total},
            code="incomplete",
        )
    locked.status = Status.SUBMITTED
    locked.submitted_by, locked.submitted_at = actor, timezone.now()
    stamp(locked, actor, "Submitted for validation")
    locked.save()
    return locked


def _lock_reviewable(review: PlanReview, actor: User, status: str) -> PlanReview:
    locked = PlanReview.objects.select_for_update().get(pk=review.pk)
    if not PlanReview.objects.reviewable_by(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied(
            _("Only a reviewer of %(org)s may do this.") % {"org": locked.organization}
        )
    if locked.status != status:
        raise ValidationError(
            _("This review is %(status)s, not %(expected)s.")
            % {
                "status": locked.get_status_display().lower(),
                "expected": Status(status).label.lower(),
            },
            code="wrong_status",
        )
    return locked


def _four_eyes(locked: PlanReview, actor: User) -> None:
    if locked.submitted_by_id == actor.pk:
        raise ValidationError(
            _("You submitted this review; another reviewer must review it (four eyes)."),
            code="four_eyes",
        )


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason, so the editor knows what to fix.")]})
    return reason


@transaction.atomic
def plan_review_validate(
    *, review: PlanReview, actor: User, expected_version: int | None = None
) -> PlanReview:
    """A reviewer of the owning organization, not the submitter, validates: it goes public."""
    locked = _lock_reviewable(review, actor, Status.SUBMITTED)
    check_version(locked, expected_version)
    _four_eyes(locked, actor)
    locked.status = Status.VALIDATED
    locked.validated_by, locked.validated_at = actor, timezone.now()
    locked.return_reason = ""
    stamp(locked, actor, "Validated")
    locked.save()
    return locked


def _send_back(locked: PlanReview, actor: User, reason: str, verb: str) -> PlanReview:
    locked.status = Status.RETURNED
    locked.return_reason = reason
    locked.returned_by, locked.returned_at = actor, timezone.now()
    stamp(locked, actor, f"{verb}: {reason}")
    locked.save()
    return locked


@transaction.atomic
def plan_review_return(
    *, review: PlanReview, actor: User, reason: str, expected_version: int | None = None
) -> PlanReview:
    """A reviewer, not the submitter, sends a submitted review back with a reason."""
    reason = _required_reason(reason)
    locked = _lock_reviewable(review, actor, Status.SUBMITTED)
    check_version(locked, expected_version)
    _four_eyes(locked, actor)
    return _send_back(locked, actor, reason, "Returned")


@transaction.atomic
def plan_review_reopen(
    *, review: PlanReview, actor: User, reason: str, expected_version: int | None = None
) -> PlanReview:
    """A reviewer takes a validated review off the public site and back to its editors."""
    reason = _required_reason(reason)
    locked = _lock_reviewable(review, actor, Status.VALIDATED)
    check_version(locked, expected_version)
    return _send_back(locked, actor, reason, "Reopened")


@transaction.atomic
def plan_review_publication_set(
    *,
    review: PlanReview,
    actor: User,
    publish_anonymously: bool,
    embargo_until: datetime.date | None,
) -> PlanReview:
    """Publish the review anonymously or not, and hold it back until ``embargo_until``
    (``None``: no embargo), whatever its status; the assessments' rule of who may
    (``may_set_publication``). Writes one history row with the reason (decision 111)."""
    if not may_set_publication(actor=actor, organization=review.organization):
        raise PermissionDenied(
            _("Only an editor, reviewer or admin of %(org)s may change how it publishes.")
            % {"org": review.organization}
        )
    locked = PlanReview.objects.select_for_update().get(pk=review.pk)
    locked.publish_anonymously = bool(publish_anonymously)
    locked.embargo_until = embargo_until
    locked.full_clean()
    stamp(
        locked,
        actor,
        publication_reason(publish_anonymously=publish_anonymously, embargo_until=embargo_until),
    )
    locked.save(update_fields=["publish_anonymously", "embargo_until", "updated_at"])
    return locked
