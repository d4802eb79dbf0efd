"""Writes to national action plans and their documents, for editors of covered countries."""

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import User
from plans.models import Country, NationalActionPlan, PlanDocument

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
