"""The spreadsheet template for national action plan records (issue 9, part 3).

Its columns are the plan fields an editor sets (``plans.services.PLAN_FIELDS``), after the
country; the README sheet explains each from the model, and fields with choices or yes/no
answers get dropdowns.
"""

from django.utils.translation import gettext as _

from plans.models import NationalActionPlan
from plans.services import PLAN_FIELDS

# ``supersedes`` is a link to another plan record: set it on the plan's page.
PLAN_COLUMNS = ("country", *(name for name in PLAN_FIELDS if name != "supersedes"))


def plans_workbook(countries: list[str]):
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from indicators.spreadsheets import _bold_header, _list_validation, _set_text

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plans"
    _bold_header(sheet, PLAN_COLUMNS)
    lists = workbook.create_sheet("Lists")
    lists.sheet_state = "hidden"
    readme = workbook.create_sheet("README", 0)
    readme.append([_("How to fill in this spreadsheet")])
    readme.append(
        [_("One row is one national action plan of one country. Leave unknown cells empty.")]
    )
    readme.append([])
    readme.append([_("Column"), _("What it holds")])
    readme.append(["country", _("The country's ISO 3166-1 alpha-3 code, e.g. NOR.")])
    if countries:
        _list_validation(sheet, lists, "A", countries, 0)
    for index, name in enumerate(PLAN_COLUMNS[1:], start=2):
        field = NationalActionPlan._meta.get_field(name)
        words = str(field.verbose_name)
        if field.help_text:
            words += f": {field.help_text}"
        choices = [str(value) for value, _label in field.choices or [] if value != ""]
        if field.get_internal_type() == "BooleanField":
            choices = ["yes", "no"]
        if choices:
            words += f" ({', '.join(choices)})"
            _list_validation(sheet, lists, get_column_letter(index), choices, 0)
        readme.append([name, words])
    for row in readme.iter_rows():
        for cell in row:
            _set_text(cell)
    readme.column_dimensions["A"].width = 24
    readme.column_dimensions["B"].width = 90
    workbook.active = 1
    return workbook
