"""Creating assessments and saving their values: one write path for forms, admin, API, import."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Assessment, Indicator, IndicatorValue
from indicators.services.scores import assessment_rescore
from organizations.models import Membership, Organization, User
from plans.models import Country, Coverage, NationalActionPlan

UNSET: Any = object()
EDITABLE = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)


class AssessmentConflict(Exception):
    """Someone saved the assessment after the caller loaded it; nothing was written."""

    def __init__(self, current: Assessment, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            f"{current} is at version {current.version}; the change was made to version "
            f"{expected_version}."
        )


@dataclass(frozen=True)
class ValueData:
    """One value as a form, the API or an import gives it: a component's inputs or N/A."""

    component: str = ""
    inputs: Mapping[str, Any] = field(default_factory=dict)
    level: str = IndicatorValue.Level.NATIONAL
    locality: str = ""
    not_applicable: bool = False
    not_applicable_reason: str = ""
    data_year: int | None = None
    source_url: str = ""
    source_page: str = ""
    source_quote: str = ""
    notes: str = ""

    @property
    def identity(self) -> tuple:
        """What a stored row is matched on when a set is saved again."""
        return (self.not_applicable, self.component, self.level, self.locality)

    def model_fields(self) -> dict[str, Any]:
        fields = asdict(self)
        fields["inputs"] = dict(self.inputs)
        return fields

    @classmethod
    def from_model(cls, value: IndicatorValue) -> "ValueData":
        return cls(**{name: getattr(value, name) for name in cls.__dataclass_fields__})


ValueSets = Mapping[str, Sequence[ValueData]]


def stored_value_sets(values: Iterable[IndicatorValue]) -> dict[str, list[ValueData]]:
    """Stored values (with their indicator loaded) grouped as the values service takes them."""
    sets: dict[str, list[ValueData]] = {}
    for value in values:
        sets.setdefault(value.indicator.code, []).append(ValueData.from_model(value))
    return sets


def stamp(instance, actor: User | None, reason: str = "") -> None:
    """Name the actor (and why) on the history row the next save or delete writes."""
    instance._history_user = actor
    if reason:
        instance._change_reason = reason


def may_enter_data(*, actor: User, organization: Organization, country: Country) -> bool:
    """Editors and org admins of an organization enter data for the countries it covers."""
    if not actor.is_authenticated:
        return False
    organizations = Organization.objects.filter(pk=organization.pk, coverages__country=country)
    if actor.is_staff:
        return organizations.exists()
    return organizations.filter(
        memberships__user=actor, memberships__role__in=Membership.EDITING_ROLES
    ).exists()


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    organization: Organization,
    country: Country,
    year: int,
    plan: NationalActionPlan | None = UNSET,
    summary: str = "",
    is_sample: bool = False,
) -> Assessment:
    """A new draft; the plan in force that year is linked unless one is given."""
    if not may_enter_data(actor=actor, organization=organization, country=country):
        raise PermissionDenied(
            _("%(org)s does not cover %(country)s, or you are not one of its editors.")
            % {"org": organization, "country": country}
        )
    if plan is UNSET:
        plan = NationalActionPlan.objects.in_force(country=country, year=year)
    # The organization's choice for this country is the new assessment's (decision 104).
    anonymous = Coverage.objects.filter(
        organization=organization, country=country, publish_anonymously=True
    ).exists()
    assessment = Assessment(
        publish_anonymously=anonymous,
        organization=organization,
        country=country,
        year=year,
        plan=plan,
        summary=summary,
        is_sample=is_sample,
        status=Assessment.Status.DRAFT,
        created_by=actor,
    )
    assessment.full_clean()
    stamp(assessment, actor, "Created")
    assessment.save()
    return assessment


def indicator_set(
    *,
    assessment: Assessment,
    indicator: Indicator,
    without_pk: int | None = None,
    adding: ValueData | None = None,
) -> dict[str, list[ValueData]]:
    """One indicator's stored set, less one row and/or plus one: for one-value edits."""
    rows = [
        ValueData.from_model(value)
        for value in assessment.values.filter(indicator=indicator).order_by("pk")
        if value.pk != without_pk
    ]
    if adding is not None:
        rows.append(adding)
    return {indicator.code: rows}


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    actor: User,
    expected_version: int | None = None,
    plan: NationalActionPlan | None = UNSET,
    summary: str = UNSET,
    is_sample: bool = UNSET,
) -> Assessment:
    """Change what describes an assessment (linked plan, summary; sample flag for staff)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_version(locked, expected_version)
    editable = Assessment.objects.editable_by(actor).filter(pk=locked.pk).exists()
    if not (editable or actor.is_staff):
        raise PermissionDenied(_("You may not edit this assessment."))
    if is_sample is not UNSET and not actor.is_staff:
        raise PermissionDenied(_("Only site admins mark data as sample data."))
    for name, given in (("plan", plan), ("summary", summary), ("is_sample", is_sample)):
        if given is not UNSET:
            setattr(locked, name, given)
    locked.full_clean()
    stamp(locked, actor, "Details changed")
    locked.save()
    return locked


def values_errors(
    *, assessment: Assessment, values: ValueSets, indicators: Mapping[str, Indicator]
) -> dict[str, list[str]]:
    """Every problem of the given value sets, keyed ``CODE.index.field`` or ``CODE.field``.

    Each indicator's values are checked as one set: a single save may switch an indicator
    to "not applicable" and clear its components at the same time.
    """
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    for code, rows in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            add(code, _("Unknown indicator %(code)s.") % {"code": code})
            continue
        seen: set[tuple] = set()
        national_na = national_components = False
        for index, row in enumerate(rows):
            key = f"{code}.{index}"
            value = IndicatorValue(assessment=assessment, indicator=indicator, **row.model_fields())
            try:
                value.clean_fields(exclude=["assessment", "indicator", "inputs"])
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    errors.setdefault(f"{key}.{name}", []).extend(messages)
            for name, messages in value.row_errors().items():
                errors.setdefault(f"{key}.{name}", []).extend(messages)
            if row.not_applicable and row.level != IndicatorValue.Level.NATIONAL:
                add(f"{key}.level", _("Not applicable is stated at the national level."))
            elif row.level == IndicatorValue.Level.LOCAL and not row.locality.strip():
                add(f"{key}.locality", _("A local value needs its locality."))
            elif row.level == IndicatorValue.Level.NATIONAL and row.locality:
                add(
                    f"{key}.locality",
                    _("Leave the locality empty for a national value, or choose local."),
                )
            if row.identity in seen:
                add(
                    f"{key}.locality",
                    _("%(component)s already has a value at this level and locality.")
                    % {"component": row.component or code},
                )
            seen.add(row.identity)
            national = row.level == IndicatorValue.Level.NATIONAL
            national_na |= row.not_applicable
            national_components |= national and not row.not_applicable
        if national_na and national_components:
            add(
                f"{code}.not_applicable",
                _(
                    "%(code)s is marked not applicable and also has national values: untick "
                    "'not applicable' or clear its national values."
                )
                % {"code": code},
            )
    return errors


def lock_editable(*, assessment: Assessment, actor: User) -> Assessment:
    """The assessment's row, locked; refused when it is read-only or not the actor's to edit."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(
            _("This assessment is %(status)s and read-only; a reviewer must return it first.")
            % {"status": locked.get_status_display().lower()},
            code="read_only",
        )
    if not Assessment.objects.editable_by(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied(_("You may not edit this assessment."))
    return locked


def check_version(locked: Assessment, expected_version: int | None) -> None:
    if expected_version is not None and locked.version != expected_version:
        raise AssessmentConflict(locked, expected_version)


@transaction.atomic
def assessment_values_save(
    *,
    assessment: Assessment,
    values: ValueSets,
    actor: User,
    expected_version: int | None,
    plan: NationalActionPlan | None = UNSET,
    summary: str = UNSET,
    reason: str = "",
) -> Assessment:
    """Replace the values of each indicator named in ``values`` (an empty set clears one).

    Indicators not named keep their values. Matching rows are updated in place, so that
    history shows old → new per value. A stale ``expected_version`` raises
    AssessmentConflict and writes nothing; invalid values raise ValidationError keyed as
    ``values_errors`` keys them. A returned assessment becomes a draft again. The score
    snapshot is recomputed. ``reason`` (e.g. "Imported from values.xlsx") is written on
    every history row the save makes.
    """
    locked = lock_editable(assessment=assessment, actor=actor)
    check_version(locked, expected_version)
    indicators = {i.code: i for i in Indicator.objects.all()}
    errors = values_errors(assessment=locked, values=values, indicators=indicators)
    if plan is not UNSET and plan is not None and plan.country_id != locked.country_id:
        errors["plan"] = [_("The plan must be one of this country's plans.")]
    if errors:
        raise ValidationError(errors)
    existing = {
        (value.indicator.code, *ValueData.from_model(value).identity): value
        for value in locked.values.select_related("indicator").filter(
            indicator__code__in=list(values)
        )
    }
    for code, rows in values.items():
        for row in rows:
            current = existing.pop((code, *row.identity), None)
            fields = row.model_fields()
            if current is None:
                current = IndicatorValue(assessment=locked, indicator=indicators[code], **fields)
            elif all(getattr(current, name) == new for name, new in fields.items()):
                continue
            else:
                for name, new in fields.items():
                    setattr(current, name, new)
            stamp(current, actor, reason)
            current.save()
    for gone in existing.values():
        stamp(gone, actor, reason)
        gone.delete()
    if plan is not UNSET:
        locked.plan = plan
    if summary is not UNSET:
        locked.summary = summary
    why = reason or "Values saved"
    if locked.status == Assessment.Status.RETURNED:
        locked.status = Assessment.Status.DRAFT
        why = f"{why}; back to draft after return"
    stamp(locked, actor, why)
    locked.save()
    assessment_rescore(assessment=locked)
    return locked
