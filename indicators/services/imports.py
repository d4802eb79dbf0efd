"""Importing a values spreadsheet, with a dry run; exporting one that imports back unchanged.

``values_import(*, actor, data, filename, dry_run)`` reads the file, checks every row as the
entry form would (``values_errors``, the scoring rules, coverage, the workflow status) and
reports what would be created, updated, removed or left unchanged, with every error at its
row and column. Without ``dry_run`` and without errors it writes, in one transaction, through
``assessment_create`` and ``assessment_values_save``; an assessment the file does not change
is not saved at all, so importing the same file twice changes nothing (decision 89).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import spreadsheets
from indicators.models import Assessment, Indicator, IndicatorValue
from indicators.services.assessments import (
    EDITABLE,
    AssessmentConflict,
    ValueData,
    assessment_create,
    assessment_values_save,
    may_enter_data,
    values_errors,
)
from indicators.spreadsheets import CellError, SpreadsheetError
from organizations.models import Organization, User
from plans.models import Country

# What a values_errors field is called in the spreadsheet.
FIELD_COLUMNS = {"level": "value_level", "inputs.items": "items.*"}


@dataclass
class Group:
    """The rows of one assessment (country × year × organization)."""

    country: Country
    year: int
    organization: Organization
    sets: dict[str, list[ValueData]] = field(default_factory=dict)
    rows: dict[tuple[str, int], int] = field(default_factory=dict)
    assessment: Assessment | None = None
    changed: bool = False


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    filename: str
    errors: list[CellError] = field(default_factory=list)
    assessments_created: int = 0
    assessments_updated: int = 0
    assessments_unchanged: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rows: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(CellError(row, column, str(message)))


def _row_value(row: dict, report: ImportReport, number: int) -> ValueData | None:
    """The row's value as the values service takes it, or None for an empty row."""
    get = row.get
    na_cell = str(get("not_applicable", "")).strip().lower()
    if na_cell not in (*spreadsheets.YES, *spreadsheets.NO):
        report.error(number, "not_applicable", _("Write yes or leave it empty."))
        return None
    not_applicable = na_cell in spreadsheets.YES
    inputs: dict = {}
    items = {}
    for name in spreadsheets.INPUT_COLUMNS:
        if name not in row:
            continue
        value = row[name]
        if name.startswith("items."):
            items[name.removeprefix("items.")] = str(value).strip().lower()
        elif name in spreadsheets.AMOUNT_COLUMNS:
            inputs[name] = spreadsheets.amount(value)
        elif name == "currency":
            inputs[name] = spreadsheets.text(value)
        else:
            inputs[name] = spreadsheets.whole_number(value)
    if items:
        inputs["items"] = items
    evidence = {name: row[name] for name in spreadsheets.EVIDENCE_COLUMNS if name in row}
    reason = spreadsheets.text(get("not_applicable_reason", ""))
    locality = spreadsheets.text(get("locality", ""))
    if not (inputs or evidence or not_applicable or reason):
        return None
    data_year = evidence.get("data_year")
    if data_year is not None:
        data_year = spreadsheets.whole_number(data_year)
        if not isinstance(data_year, int) or isinstance(data_year, bool):
            report.error(number, "data_year", _("The data year must be a year such as 2021."))
            return None
    if not_applicable and inputs:
        report.error(
            number,
            "not_applicable",
            _("A 'not applicable' row has no inputs: clear them or the not_applicable cell."),
        )
        return None
    return ValueData(
        component="" if not_applicable else spreadsheets.text(get("component", "")),
        inputs=inputs,
        level=spreadsheets.text(get("value_level", IndicatorValue.Level.NATIONAL)).lower(),
        locality=locality,
        not_applicable=not_applicable,
        not_applicable_reason=reason,
        data_year=data_year,
        source_url=spreadsheets.text(evidence.get("source_url", "")),
        source_page=spreadsheets.text(evidence.get("source_page", "")),
        source_quote=spreadsheets.text(evidence.get("source_quote", "")),
        notes=spreadsheets.text(evidence.get("notes", "")),
    )


def _groups(table, report: ImportReport, indicators: dict[str, Indicator], progress):
    """The file's rows grouped by assessment, each row checked for its keys."""
    countries = {c.iso3: c for c in Country.objects.all()}
    slugs = {str(row.get("organization", "")).strip() for _n, row in table.rows}
    organizations = {o.slug: o for o in Organization.objects.filter(slug__in=slugs)}
    year_field = Assessment._meta.get_field("year")
    groups: dict[tuple, Group] = {}
    for number, row in progress(table.rows):
        report.rows += 1
        iso3 = spreadsheets.text(row.get("country", "")).upper()
        country = countries.get(iso3)
        if country is None:
            report.error(number, "country", _("Unknown country code %(c)s.") % {"c": iso3 or "—"})
        year = spreadsheets.whole_number(row.get("year"))
        if not isinstance(year, int) or isinstance(year, bool):
            report.error(number, "year", _("The reporting year must be a year such as 2021."))
            year = None
        else:
            try:
                year_field.clean(year, None)
            except ValidationError as exc:
                for message in exc.messages:
                    report.error(number, "year", message)
                year = None
        slug = spreadsheets.text(row.get("organization", ""))
        organization = organizations.get(slug)
        if organization is None:
            report.error(
                number, "organization", _("Unknown organization %(o)s.") % {"o": slug or "—"}
            )
        code = spreadsheets.text(row.get("indicator", "")).upper()
        if code not in indicators:
            report.error(
                number, "indicator", _("Unknown indicator %(code)s.") % {"code": code or "—"}
            )
        value = _row_value(row, report, number)
        if value is None or None in (country, year, organization) or code not in indicators:
            continue
        key = (country.iso3, year, organization.pk)
        group = groups.setdefault(key, Group(country, year, organization))
        rows = group.sets.setdefault(code, [])
        group.rows[(code, len(rows))] = number
        rows.append(value)
    return groups


def _error_column(name: str) -> str:
    if name in FIELD_COLUMNS:
        return FIELD_COLUMNS[name]
    name = name.removeprefix("inputs.")
    return name if name in spreadsheets.COLUMNS else "component"


def _check_group(group: Group, actor: User, report: ImportReport, indicators, allowed) -> None:
    """Coverage, status and the values service's checks; counts what would change."""
    first = min(group.rows.values())
    pair = (group.organization.pk, group.country.pk)
    if pair not in allowed:
        allowed[pair] = may_enter_data(
            actor=actor, organization=group.organization, country=group.country
        )
    if not allowed[pair]:
        report.error(
            first,
            "country",
            _("%(org)s does not cover %(country)s, or you are not one of its editors.")
            % {"org": group.organization, "country": group.country},
        )
        return
    assessment = group.assessment or Assessment(
        country=group.country, year=group.year, organization=group.organization
    )
    for key, messages in values_errors(
        assessment=assessment, values=group.sets, indicators=indicators
    ).items():
        code, _dot, rest = key.partition(".")
        index, _dot, name = rest.partition(".")
        if index.isdigit():
            number, column = group.rows[(code, int(index))], _error_column(name)
        else:
            number = min(n for (c, _i), n in group.rows.items() if c == code)
            column = "not_applicable"
        for message in messages:
            report.error(number, column, message)
    stored: dict[tuple, ValueData] = {}
    if group.assessment is not None:
        for value in group.assessment.values.all():
            if value.indicator.code in group.sets:
                data = ValueData.from_model(value)
                stored[(value.indicator.code, *data.identity)] = data
    created = updated = unchanged = 0
    for code, rows in group.sets.items():
        for row in rows:
            current = stored.pop((code, *row.identity), None)
            if current is None:
                created += 1
            elif current == row:
                unchanged += 1
            else:
                updated += 1
    removed = len(stored)
    report.created += created
    report.updated += updated
    report.unchanged += unchanged
    report.removed += removed
    group.changed = group.assessment is None or bool(created or updated or removed)
    if group.assessment is None:
        report.assessments_created += 1
    elif group.changed:
        report.assessments_updated += 1
        if group.assessment.status not in EDITABLE:
            report.error(
                first,
                "year",
                _(
                    "The assessment of %(country)s %(year)s is %(status)s and read-only: the "
                    "file would change it. A reviewer must return it first."
                )
                % {
                    "country": group.country,
                    "year": group.year,
                    "status": group.assessment.get_status_display().lower(),
                },
            )
    else:
        report.assessments_unchanged += 1


def values_import(
    *,
    actor: User,
    data: bytes,
    filename: str,
    dry_run: bool,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> ImportReport:
    """Check (and unless ``dry_run``, import) a values file; see the module."""
    report = ImportReport(dry_run=dry_run, filename=filename)
    try:
        table = spreadsheets.read_table(data, filename)
    except SpreadsheetError as exc:
        report.error(None, "", str(exc))
        return report
    report.errors.extend(table.errors)
    indicators = {i.code: i for i in Indicator.objects.all()}
    groups = _groups(table, report, indicators, progress)
    existing = Assessment.objects.filter(
        country_id__in={g.country.pk for g in groups.values()},
        year__in={g.year for g in groups.values()},
        organization_id__in={g.organization.pk for g in groups.values()},
    ).prefetch_related("values__indicator")
    by_key = {(a.country_id, a.year, a.organization_id): a for a in existing}
    allowed: dict = {}
    for key, group in groups.items():
        group.assessment = by_key.get(key)
        _check_group(group, actor, report, indicators, allowed)
    report.errors.sort(key=lambda e: (e.row or 0, spreadsheets.column_index(e.column)))
    if dry_run or report.errors:
        return report
    try:
        _write(groups.values(), actor, filename)
    except (ValidationError, PermissionDenied, AssessmentConflict) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        for message in messages:
            report.error(None, "", message)
        return report
    report.written = True
    return report


@transaction.atomic
def _write(groups: Iterable[Group], actor: User, filename: str) -> None:
    reason = f"Imported from {filename}"[:100]
    for group in groups:
        if not group.changed:
            continue
        assessment = group.assessment
        if assessment is None:
            assessment = assessment_create(
                actor=actor,
                organization=group.organization,
                country=group.country,
                year=group.year,
            )
        assessment_values_save(
            assessment=assessment,
            values=group.sets,
            actor=actor,
            expected_version=assessment.version,
            reason=reason,
        )


# --- Export -----------------------------------------------------------------------------------


def value_row(assessment: Assessment, value: IndicatorValue) -> dict:
    """One stored value as a spreadsheet row (the import reads it back as the same value)."""
    row = {
        "country": assessment.country_id,
        "year": assessment.year,
        "organization": assessment.organization.slug,
        "indicator": value.indicator.code,
        "component": value.component or None,
        "value_level": value.level,
        "locality": value.locality or None,
        "not_applicable": "yes" if value.not_applicable else None,
        "not_applicable_reason": value.not_applicable_reason or None,
        "data_year": value.data_year,
        "source_url": value.source_url or None,
        "source_page": value.source_page or None,
        "source_quote": value.source_quote or None,
        "notes": value.notes or None,
    }
    for name, given in (value.inputs or {}).items():
        if name == "items" and isinstance(given, dict):
            for item, answer in given.items():
                row[f"items.{item}"] = answer
        else:
            row[name] = given
    return row


def export_rows(assessments: Iterable[Assessment]) -> list[dict]:
    rows = []
    for assessment in assessments:
        values = sorted(
            assessment.values.all(),
            key=lambda v: (v.indicator.order, v.indicator.code, v.component, v.level, v.locality),
        )
        rows += [value_row(assessment, value) for value in values]
    return rows
