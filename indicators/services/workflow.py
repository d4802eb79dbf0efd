"""The validation workflow: draft → submitted → validated, or returned with a reason.

Every transition records its actor and time on the assessment, and its reason on the
history row it writes.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.consistency import ConsistencyWarning, consistency_warnings
from indicators.models import Assessment
from indicators.services.assessments import (
    check_version,
    lock_editable,
    stamp,
)
from indicators.services.scores import assessment_rescore, values_to_inputs
from organizations.models import User
from plans.models import WPSIndexEntry

Status = Assessment.Status


def parliament_reference(country_id: str) -> tuple[Decimal | None, str]:
    """Women's share of parliament (%) in the latest loaded WPS Index edition, with its
    attribution; (None, "") when the index has no row for the country."""
    entry = (
        WPSIndexEntry.objects.filter(country_id=country_id)
        .exclude(parliamentary_representation=None)
        .order_by("-edition")
        .first()
    )
    if entry is None:
        return None, ""
    return entry.parliamentary_representation.quantize(Decimal("0.1")), entry.attribution


def warnings_for(assessment: Assessment, values) -> list[ConsistencyWarning]:
    """The consistency warnings of ``values`` (IndicatorValue rows with their indicator)
    of the assessment, with the published parliament figure of its country."""
    reference, label = parliament_reference(assessment.country_id)
    return consistency_warnings(
        values_to_inputs(values),
        plan_linked=assessment.plan_id is not None,
        parliament_reference=reference,
        parliament_reference_label=label,
    )


def assessment_warnings(*, assessment: Assessment) -> list[ConsistencyWarning]:
    """The consistency warnings of an assessment's stored national values."""
    return warnings_for(assessment, assessment.values.select_related("indicator"))


def _lock_reviewable(*, assessment: Assessment, actor: User, status: str) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not Assessment.objects.reviewable_by(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied(
            _("Only a reviewer of %(org)s may do this.") % {"org": locked.organization}
        )
    if locked.status != status:
        raise ValidationError(
            _("This assessment is %(status)s, not %(expected)s.")
            % {
                "status": locked.get_status_display().lower(),
                "expected": Status(status).label.lower(),
            },
            code="wrong_status",
        )
    return locked


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason, so the editor knows what to fix.")]})
    return reason


@transaction.atomic
def assessment_submit(
    *,
    assessment: Assessment,
    actor: User,
    expected_version: int | None = None,
    confirm_warnings: bool = False,
) -> Assessment:
    """An editor sends a draft (or returned) assessment for validation."""
    locked = lock_editable(assessment=assessment, actor=actor)
    check_version(locked, expected_version)
    if not locked.values.exists():
        raise ValidationError(_("Enter at least one indicator before submitting."), code="empty")
    warnings = assessment_warnings(assessment=locked)
    if warnings and not confirm_warnings:
        raise ValidationError(
            {"confirm_warnings": [_("Confirm that you checked the warnings below.")]},
            code="unconfirmed_warnings",
        )
    locked.status = Status.SUBMITTED
    locked.submitted_by, locked.submitted_at = actor, timezone.now()
    stamp(locked, actor, "Submitted for validation")
    locked.save()
    assessment_rescore(assessment=locked)
    return locked


def _four_eyes(locked: Assessment, actor: User) -> None:
    if locked.submitted_by_id == actor.pk:
        raise ValidationError(
            _("You submitted this assessment; another reviewer must review it (four eyes)."),
            code="four_eyes",
        )


@transaction.atomic
def assessment_validate(
    *, assessment: Assessment, actor: User, expected_version: int | None = None
) -> Assessment:
    """A reviewer of the owning organization, not the submitter, validates: it goes public."""
    locked = _lock_reviewable(assessment=assessment, actor=actor, status=Status.SUBMITTED)
    check_version(locked, expected_version)
    _four_eyes(locked, actor)
    locked.status = Status.VALIDATED
    locked.validated_by, locked.validated_at = actor, timezone.now()
    locked.return_reason = ""
    stamp(locked, actor, "Validated")
    locked.save()
    assessment_rescore(assessment=locked)
    return locked


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, actor: User, reason: str, expected_version: int | None = None
) -> Assessment:
    """A reviewer, not the submitter, sends a submitted assessment back with a reason."""
    reason = _required_reason(reason)
    locked = _lock_reviewable(assessment=assessment, actor=actor, status=Status.SUBMITTED)
    check_version(locked, expected_version)
    _four_eyes(locked, actor)
    return _send_back(locked, actor, reason, "Returned")


@transaction.atomic
def assessment_reopen(
    *, assessment: Assessment, actor: User, reason: str, expected_version: int | None = None
) -> Assessment:
    """A reviewer takes a validated assessment off the public site and back to its editors."""
    reason = _required_reason(reason)
    locked = _lock_reviewable(assessment=assessment, actor=actor, status=Status.VALIDATED)
    check_version(locked, expected_version)
    return _send_back(locked, actor, reason, "Reopened")


def _send_back(locked: Assessment, actor: User, reason: str, verb: str) -> Assessment:
    locked.status = Status.RETURNED
    locked.return_reason = reason
    locked.returned_by, locked.returned_at = actor, timezone.now()
    stamp(locked, actor, f"{verb}: {reason}")
    locked.save()
    return locked
