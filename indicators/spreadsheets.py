"""The values spreadsheet (issue 9, parts 3–5): its columns, reading a file, writing one.

One row is one value of one indicator component of one assessment (country × year ×
organization); the columns are the component inputs of METHODOLOGY.md §3. The same columns
are the template, the import and the export, so an export imports back unchanged.

Reading never trusts the file (decision 88): size, emptiness, type (CSV or XLSX by name and
by content), the XLSX's zip members and their uncompressed size are checked before openpyxl
opens it; rows and columns are capped, formulas refused, headers checked.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from indicators import scoring
from indicators.labels import (
    CHECKLIST_LABELS,
    COMPONENT_LABELS,
    EVIDENCE_LABELS,
    INPUT_LABELS,
    KIND_LABELS,
    kind_rule,
    rubric_levels,
)
from nap_tracker.exports import FORMULA_STARTS

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_ROWS = 20_000
MAX_COLUMNS = 60
SHEET = "Values"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

KEY_COLUMNS = ("country", "year", "organization", "indicator", "component")
COUNT_COLUMNS = (
    "women",
    "men",
    "numerator",
    "denominator",
    "reported",
    "investigated",
    "prosecuted",
    "penalised",
)
AMOUNT_COLUMNS = ("allocated", "disbursed", "to_civil_society")
ITEM_COLUMNS = tuple(f"items.{item}" for item in scoring.WC06_ITEMS)
INPUT_COLUMNS = (*COUNT_COLUMNS, "level", *AMOUNT_COLUMNS, "currency", *ITEM_COLUMNS)
EVIDENCE_COLUMNS = ("data_year", "source_url", "source_page", "source_quote", "notes")
COLUMNS = (
    *KEY_COLUMNS,
    "value_level",
    "locality",
    "not_applicable",
    "not_applicable_reason",
    *INPUT_COLUMNS,
    *EVIDENCE_COLUMNS,
)
YES = ("yes", "true", "1")
NO = ("", "no", "false", "0")


def column_index(name: str) -> int:
    """Where a column is in the template (errors are sorted by it); unknown ones last."""
    return COLUMNS.index(name) if name in COLUMNS else len(COLUMNS)


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; nothing was written."""


@dataclass(frozen=True)
class CellError:
    """One problem, pinned to a spreadsheet row (the header is row 1) and a column."""

    row: int | None
    column: str
    message: str


@dataclass
class Table:
    """A read file: its header and its data rows as {column: cell}, with row numbers."""

    header: list[str]
    rows: list[tuple[int, dict[str, object]]]
    errors: list[CellError]


def column_help() -> list[tuple[str, str]]:
    """(column, what it holds) for every column, in the reader's language."""
    texts = {
        "country": _("The country's ISO 3166-1 alpha-3 code, e.g. NOR."),
        "year": _("The reporting year of the assessment (2000–2100)."),
        "organization": _(
            "Your organization's short name (slug), as in the addresses of its pages."
        ),
        "indicator": _("The indicator code, WC01 to WC11."),
        "component": _("The component key (see the list below); empty on a 'not applicable' row."),
        "value_level": _("national (the default) or local."),
        "locality": _("The locality of a local value; empty for a national one."),
        "not_applicable": _(
            "yes if the indicator does not apply (only where the method allows it); "
            "then leave the inputs empty."
        ),
        "not_applicable_reason": _("Why the indicator does not apply."),
        "level": _("The rating level, 0 to 4, of the indicator's rubric (see below)."),
    }
    rows = []
    for name in COLUMNS:
        if name in texts:
            rows.append((name, texts[name]))
        elif name.startswith("items."):
            item = name.removeprefix("items.")
            rows.append((name, f"{CHECKLIST_LABELS.get(item, item)} (WC06): {_('yes, no or na')}"))
        else:
            label = INPUT_LABELS.get(name) or EVIDENCE_LABELS.get(name) or name
            rows.append((name, str(label)))
    return rows


# --- Reading --------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    """An XLSX is a zip: refuse a bomb (size or ratio) before anything is decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(
            _("This file is not a spreadsheet (XLSX) that can be read.")
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise SpreadsheetError(_("This spreadsheet has too many parts to be read safely."))
        total = sum(member.file_size for member in members)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError(
                _(
                    "This spreadsheet unpacks to more than %(mb)s MB; it is refused as a "
                    "possible zip bomb. Split it into smaller files."
                )
                % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
            )
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise SpreadsheetError(_("This file is not a spreadsheet (XLSX) that can be read."))


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SpreadsheetError(
            _("This file is not a spreadsheet (XLSX) that can be read.")
        ) from exc
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1):
        yield [(cell.value, getattr(cell, "data_type", None) == "f") for cell in row]
    workbook.close()


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(_("This CSV file is not UTF-8 text.")) from exc
    if "\x00" in text:
        raise SpreadsheetError(_("This file is not a spreadsheet (CSV) that can be read."))
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            cells = []
            for cell in row:
                # An export neutralizes text that looks like a formula with a leading "'".
                if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
                    cells.append((cell[1:], False))
                else:
                    cells.append((cell, cell.startswith("=")))
            yield cells
    except csv.Error as exc:
        raise SpreadsheetError(_("This file is not a spreadsheet (CSV) that can be read.")) from exc


def read_table(data: bytes, filename: str, columns=COLUMNS, required=KEY_COLUMNS) -> Table:
    """The file's rows, or SpreadsheetError for a file that cannot be read at all."""
    name = filename.lower()
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        if data[:4] == b"PK\x03\x04":
            raise SpreadsheetError(_("This file is an XLSX spreadsheet named .csv; rename it."))
        rows = _csv_rows(data)
    else:
        raise SpreadsheetError(_("Upload an XLSX or CSV file (the template's formats)."))
    try:
        first = next(rows, None)
    except SpreadsheetError:
        raise
    header = [str(value).strip() if value is not None else "" for value, _f in first or []]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise SpreadsheetError(_("The file is empty."))
    if len(header) > MAX_COLUMNS:
        raise SpreadsheetError(_("The file has more columns than the template."))
    errors = []
    unknown = [h for h in header if h not in columns]
    missing = [c for c in required if c not in header]
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if unknown or missing or doubled:
        problems = []
        if missing:
            problems.append(_("missing columns: %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown columns: %(c)s") % {"c": ", ".join(unknown)})
        if doubled:
            problems.append(_("columns given twice: %(c)s") % {"c": ", ".join(doubled)})
        raise SpreadsheetError(
            _("The header row is not the template's (%(problems)s). Download the template.")
            % {"problems": "; ".join(problems)}
        )
    table = []
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise SpreadsheetError(
                _("The file has more than %(n)s rows. Split it into smaller files.")
                % {"n": MAX_ROWS}
            )
        row, refused = {}, False
        for index, (value, formula) in enumerate(cells[: len(header)]):
            if isinstance(value, str):
                value = value.strip()
            if value in (None, ""):
                continue
            if formula:
                errors.append(
                    CellError(
                        number,
                        header[index],
                        _("Formulas are not imported: type the value itself."),
                    )
                )
                refused = True
                continue
            row[header[index]] = value
        if row and not refused:  # a row with a formula is reported once, not checked further
            table.append((number, row))
    if not table and not errors:
        raise SpreadsheetError(_("The file has no rows to import."))
    return Table(header, table, errors)


# --- Cells ----------------------------------------------------------------------------------


def whole_number(value):
    """An int from a cell holding one (5, 5.0, "5"); otherwise the cell as it is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 20:
        return int(value)
    return value


def amount(value):
    """A JSON number (whole amounts as integers) from a cell; otherwise the cell as it is."""
    if isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


# --- Writing --------------------------------------------------------------------------------


def _bold_header(sheet, names) -> None:
    from openpyxl.styles import Font

    sheet.append(list(names))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    sheet.freeze_panes = "A2"


def _set_text(cell) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(cell.value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell.value)
        cell.data_type = "s"  # never a formula


def _list_validation(sheet, lists, column_letter: str, values: list[str], rows: int):
    """A dropdown of ``values`` (from the hidden Lists sheet) on a column's data rows."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    index = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
    letter = get_column_letter(index)
    for row, value in enumerate(values, start=1):
        lists.cell(row=row, column=index, value=value).data_type = "s"
    validation = DataValidation(
        type="list",
        formula1=f"=Lists!${letter}$1:${letter}${max(1, len(values))}",
        allow_blank=True,
        showErrorMessage=True,
    )
    validation.error = _("Choose a value from the list.")
    validation.add(f"{column_letter}2:{column_letter}{max(rows + 1, 2) + 500}")
    sheet.add_data_validation(validation)


def values_workbook(rows, *, countries: list[str], organizations: list[str]):
    """The values sheet (with README and dropdowns) holding ``rows`` of {column: value}."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    _bold_header(sheet, COLUMNS)
    count = 0
    for row in rows:
        sheet.append([row.get(name) for name in COLUMNS])
        for cell in sheet[sheet.max_row]:
            _set_text(cell)
        count += 1
    lists = workbook.create_sheet("Lists")
    lists.sheet_state = "hidden"
    letter = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
    components = [c.key for d in scoring.INDICATORS for c in d.components]
    dropdowns = {
        "country": countries,
        "organization": organizations,
        "indicator": [d.code for d in scoring.INDICATORS],
        "component": components,
        "value_level": ["national", "local"],
        "not_applicable": ["yes", "no"],
        "level": [str(n) for n in range(scoring.MAX_LEVEL + 1)],
        **{name: list(scoring.CHECKLIST_ANSWERS) for name in ITEM_COLUMNS},
    }
    for name, values in dropdowns.items():
        if values:
            _list_validation(sheet, lists, letter[name], values, count)
    _readme(workbook.create_sheet("README", 0))
    workbook.active = 1
    return workbook


def _readme(sheet) -> None:
    lines = [
        [_("How to fill in this spreadsheet")],
        [
            _(
                "One row is one value: one component of one indicator, for one country, "
                "reporting year and organization. Leave a row's inputs and evidence empty "
                "to skip it. Upload the file at /entry/import/: check it first (nothing is "
                "saved), then import it; the import saves all rows or none."
            )
        ],
        [
            _(
                "An indicator named in a row gets exactly the file's values: a stored value "
                "of that indicator that is not in the file is removed. Indicators the file "
                "does not name keep their values. Only drafts and returned assessments "
                "change; submitted and validated ones are read-only."
            )
        ],
        [],
        [_("Column"), _("What it holds")],
        *[[name, help_text] for name, help_text in column_help()],
        [],
        [_("Indicator"), _("Component"), _("Kind"), _("Inputs")],
    ]
    for definition in scoring.INDICATORS:
        for component in definition.components:
            lines.append(
                [
                    definition.code,
                    f"{component.key} — {COMPONENT_LABELS.get(component.key, component.key)}",
                    str(KIND_LABELS.get(component.kind, component.kind)),
                    kind_rule(component.kind)["inputs"],
                ]
            )
    lines.append([])
    lines.append([_("Rating rubrics (the level column)")])
    for code in scoring.RATING_RUBRICS:
        for level, words in rubric_levels(code):
            lines.append([code, str(level), words])
    for line in lines:
        sheet.append(line)
        for cell in sheet[sheet.max_row]:
            _set_text(cell)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90


def workbook_bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows, columns=COLUMNS) -> bytes:
    from nap_tracker.exports import csv_cell

    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in columns])
    return output.getvalue().encode()
