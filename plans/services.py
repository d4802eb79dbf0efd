"""Writes to national action plans and their documents, for editors of covered countries."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.services import may_manage_members
from plans.models import Country, Coverage, CoverageRequest, NationalActionPlan, PlanDocument

# What an editor may set on a plan; publication and the sample flag stay with staff.
PLAN_FIELDS = (
    "generation",
    "supersedes",
    "title",
    "original_title",
    "adopted_on",
    "adopted_on_precision",
    "adopted_year",
    "period_start",
    "period_end",
    "status",
    "lead_ministry",
    "lead_category",
    "budget",
    "budget_amount",
    "budget_currency",
    "me_framework",
    "me_indicators",
    "me_baseline",
    "me_targets",
    "cso_role_design",
    "cso_role_implementation",
    "cso_role_monitoring",
    "scope",
    "source_url",
    "notes",
)


def _save(instance, actor: User, reason: str) -> None:
    instance.full_clean()
    instance._history_user = actor
    instance._change_reason = reason
    instance.save()


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not a plan field an editor sets: {', '.join(sorted(unknown))}")


@transaction.atomic
def plan_create(*, actor: User, country: Country, **fields) -> NationalActionPlan:
    """A new plan of a country the actor's organization covers, published at once."""
    _check_fields(fields)
    if not Country.objects.covered_by(actor).filter(pk=country.pk).exists():
        raise PermissionDenied(_("Your organizations do not cover %(c)s.") % {"c": country})
    plan = NationalActionPlan(country=country, is_published=True, is_sample=False, **fields)
    _save(plan, actor, "Created")
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: NationalActionPlan, **fields) -> NationalActionPlan:
    """Change a plan's facts; the history keeps who changed what."""
    _check_fields(fields)
    if not NationalActionPlan.objects.editable_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("You may not edit this plan."))
    plan = NationalActionPlan.objects.select_for_update().get(pk=plan.pk)
    for name, value in fields.items():
        setattr(plan, name, value)
    _save(plan, actor, "Changed")
    return plan


@transaction.atomic
def plan_document_add(
    *,
    actor: User,
    plan: NationalActionPlan,
    kind: str,
    language: str,
    title: str = "",
    url: str = "",
    file: UploadedFile | None = None,
    is_official_translation: bool = False,
) -> PlanDocument:
    """Attach a document by URL or upload; an uploaded file is fingerprinted (SHA-256)."""
    if not NationalActionPlan.objects.editable_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("You may not edit this plan."))
    document = PlanDocument(
        plan=plan,
        kind=kind,
        language=language,
        title=title,
        url=url,
        is_official_translation=is_official_translation,
    )
    if file is not None:
        document.file = file
    _save(document, actor, "Added")
    return document


@transaction.atomic
def coverage_request_create(
    *, actor: User, organization: Organization, country: Country, reason: str = ""
) -> CoverageRequest:
    """An org admin (or site admin) asks that her organization cover a country (decision 85)."""
    if not may_manage_members(actor=actor, organization=organization):
        raise PermissionDenied(
            _("Only an admin of %(org)s may request coverage.") % {"org": organization}
        )
    if Coverage.objects.filter(organization=organization, country=country).exists():
        raise ValidationError(
            {"country": [_("%(org)s already covers %(c)s.") % {"org": organization, "c": country}]}
        )
    if CoverageRequest.objects.filter(
        organization=organization, country=country, status=CoverageRequest.Status.PENDING
    ).exists():
        raise ValidationError(
            {"country": [_("%(c)s is already requested and awaits a site admin.") % {"c": country}]}
        )
    request = CoverageRequest(
        organization=organization, country=country, reason=reason.strip(), requested_by=actor
    )
    _save(request, actor, "Requested")
    return request


@transaction.atomic
def coverage_request_decide(
    *, coverage_request: CoverageRequest, actor: User, approve: bool
) -> CoverageRequest:
    """A site admin approves (adding the coverage) or declines a pending request."""
    if not actor.is_staff:
        raise PermissionDenied(_("Only a site admin may decide on coverage requests."))
    locked = CoverageRequest.objects.select_for_update().get(pk=coverage_request.pk)
    if locked.status != CoverageRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if approve:
        Coverage.objects.get_or_create(organization=locked.organization, country=locked.country)
    locked.status = CoverageRequest.Status.APPROVED if approve else CoverageRequest.Status.DECLINED
    locked.decided_by, locked.decided_at = actor, timezone.now()
    _save(locked, actor, "Approved" if approve else "Declined")
    return locked


@transaction.atomic
def coverage_anonymity_set(
    *, coverage: Coverage, actor: User, publish_anonymously: bool
) -> Coverage:
    """Publish the organization's assessments and plan reviews of this country anonymously,
    or not: the coverage's default for new ones, applied to its existing ones too (each with
    a history row), and its coverage hidden from the public lists (decisions 104, 111). Org
    admins of the organization and site admins."""
    from indicators.models import Assessment
    from plans.review_models import PlanReview

    if not may_manage_members(actor=actor, organization=coverage.organization):
        raise PermissionDenied(
            _("Only an admin of %(org)s may change how it publishes.")
            % {"org": coverage.organization}
        )
    locked = Coverage.objects.select_for_update().get(pk=coverage.pk)
    locked.publish_anonymously = bool(publish_anonymously)
    how = "anonymously" if publish_anonymously else "under the organization's name"
    reason = f"Coverage publication set: {how}"
    _save(locked, actor, reason)
    assessments = Assessment.objects.select_for_update().filter(
        organization_id=locked.organization_id, country_id=locked.country_id
    )
    for assessment in assessments.exclude(publish_anonymously=locked.publish_anonymously):
        assessment.publish_anonymously = locked.publish_anonymously
        assessment._history_user = actor
        assessment._change_reason = f"{reason} (from the organization's coverage)"
        assessment.save(update_fields=["publish_anonymously", "updated_at"])
    reviews = PlanReview.objects.select_for_update(of=("self",)).filter(
        organization_id=locked.organization_id, plan__country_id=locked.country_id
    )
    for review in reviews.exclude(publish_anonymously=locked.publish_anonymously):
        review.publish_anonymously = locked.publish_anonymously
        review._history_user = actor
        review._change_reason = f"{reason} (from the organization's coverage)"
        review.save(update_fields=["publish_anonymously", "updated_at"])
    return locked
