"""Spreadsheet template, import with a dry run, and an export that imports back unchanged."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from indicators import spreadsheets
from indicators.models import Assessment, IndicatorValue
from indicators.services.imports import values_import
from indicators.worked_example import WORKED_EXAMPLE
from plans.models import Country
from tests.factories import AssessmentFactory, CoverageFactory, add_values
from tests.html import soup

pytestmark = pytest.mark.django_db


def worked_rows(iso3="NOR", year=2024, org="owning-org") -> list[dict]:
    """The worked example as spreadsheet rows, with evidence on every value."""
    rows = []
    for code, entry in WORKED_EXAMPLE["indicators"].items():
        key = {"country": iso3, "year": year, "organization": org, "indicator": code}
        if entry.get("not_applicable"):
            rows.append({**key, "not_applicable": "yes", "not_applicable_reason": entry["reason"]})
            continue
        for component, inputs in entry["components"].items():
            row = {**key, "component": component, "source_url": "https://example.org/report"}
            for name, given in inputs.items():
                if name == "items":
                    row.update({f"items.{item}": answer for item, answer in given.items()})
                else:
                    row[name] = given
            rows.append(row)
    return rows


def xlsx(rows) -> bytes:
    workbook = spreadsheets.values_workbook(rows, countries=["NOR"], organizations=["owning-org"])
    return spreadsheets.workbook_bytes(workbook)


def run(user, rows=None, *, data=None, filename="values.xlsx", dry_run=False):
    data = xlsx(rows) if data is None else data
    return values_import(actor=user, data=data, filename=filename, dry_run=dry_run)


def snapshot() -> tuple:
    return (
        list(Assessment.objects.order_by("pk").values()),
        list(IndicatorValue.objects.order_by("pk").values()),
        Assessment.history.count(),
        IndicatorValue.history.count(),
    )


def errors(report) -> list[tuple]:
    return [(e.row, e.column) for e in report.errors]


VALUES_PER_ASSESSMENT = len(worked_rows())
# Query counts: session and user, then the reads of the page (countries covered), of the
# export (the country; assessments, values, indicators), of a dry run (countries,
# organizations, indicators, assessments with values and indicators, coverage per pair).
EXPORT_QUERIES = 6
DRY_RUN_QUERIES = 7
PAGE_QUERIES = 3


# The template ---------------------------------------------------------------------------


def test_an_editor_downloads_a_template_with_a_row_per_country_year_and_component(client, editor):
    CoverageFactory(organization=editor.memberships.get().organization, country_id="SWE")
    client.force_login(editor)
    response = client.get("/entry/import/values-template.xlsx?from=2020&to=2021")
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["README", "Values", "Lists"]
    sheet = workbook["Values"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == spreadsheets.COLUMNS
    components = sum(len(d.components) for d in spreadsheets.scoring.INDICATORS)
    assert len(rows) - 1 == 2 * 2 * components  # NOR and SWE × 2020 and 2021
    assert {(r[0], r[1], r[2]) for r in rows[1:]} == {
        (c, y, "owning-org") for c in ("NOR", "SWE") for y in (2020, 2021)
    }
    readme = [r[0] for r in workbook["README"].iter_rows(values_only=True)]
    assert set(spreadsheets.COLUMNS) <= set(readme)
    assert "WC08" in readme and "WC10" in readme  # the rubrics
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    letters = {name: i for i, name in enumerate(spreadsheets.COLUMNS)}
    from openpyxl.utils import get_column_letter

    for name in ("country", "indicator", "component", "not_applicable", "items.trafficking_law"):
        assert f"{get_column_letter(letters[name] + 1)}2" in validated


def test_the_csv_template_has_the_same_columns_and_imports_as_nothing_to_do(client, editor):
    client.force_login(editor)
    response = client.get("/entry/import/values-template.csv?from=2024")
    assert response.status_code == 200
    header = response.content.decode().splitlines()[0]
    assert header == ",".join(spreadsheets.COLUMNS)
    report = run(editor, data=response.content, filename="template.csv")
    assert report.ok and report.assessments_created == 0 and report.created == 0


def test_the_plans_template_has_a_column_per_plan_field_with_a_readme(client, editor):
    client.force_login(editor)
    response = client.get("/entry/import/plans-template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    header = next(workbook["Plans"].iter_rows(values_only=True))
    assert header[:3] == ("country", "generation", "title")
    assert "supersedes" not in header
    assert set(header) <= {r[0] for r in workbook["README"].iter_rows(values_only=True)}
    csv_header = client.get("/entry/import/plans-template.csv").content.decode().splitlines()[0]
    assert csv_header.split(",") == list(header)


def test_an_anonymous_caller_is_sent_to_sign_in_for_every_spreadsheet_page(client):
    for url in (
        "/entry/import/",
        "/entry/import/values-template.xlsx",
        "/entry/import/plans-template.csv",
        "/entry/export/NOR.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


# A realistic file -----------------------------------------------------------------------


def test_ten_countries_by_ten_years_are_checked_then_imported_then_reimported_unchanged(
    editor, organization
):
    countries = list(Country.objects.exclude(iso3="NOR").order_by("iso3")[:9]) + [
        Country.objects.get(iso3="NOR")
    ]
    for country in countries[:9]:
        CoverageFactory(organization=organization, country=country)
    rows = [
        row
        for country in countries
        for year in range(2015, 2025)
        for row in worked_rows(country.iso3, year)
    ]
    data = xlsx(rows)
    before = snapshot()

    dry = run(editor, data=data, dry_run=True)
    assert dry.ok, dry.errors[:3]
    assert (dry.assessments_created, dry.created) == (100, 100 * VALUES_PER_ASSESSMENT)
    assert not dry.written and snapshot() == before

    real = run(editor, data=data)
    assert real.ok and real.written
    assert Assessment.objects.filter(organization=organization, status="draft").count() == 100
    assert IndicatorValue.objects.count() == 100 * VALUES_PER_ASSESSMENT
    record = IndicatorValue.history.filter(history_type="+").first()
    assert record.history_user == editor
    assert record.history_change_reason == "Imported from values.xlsx"
    assert Assessment.objects.filter(score__isnull=False).count() == 100

    after = snapshot()
    again = run(editor, data=data)
    assert again.ok and again.assessments_unchanged == 100
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == 100 * VALUES_PER_ASSESSMENT
    assert snapshot() == after


def test_a_changed_and_a_removed_value_are_reported_and_only_they_are_written(editor):
    run(editor, worked_rows())
    rows = worked_rows()
    rows[0]["women"] = 7  # WC01 cabinet
    rows = [r for r in rows if r.get("component") != "parliament"]
    report = run(editor, rows, dry_run=True)
    assert (report.updated, report.removed, report.created) == (1, 1, 0)
    assert report.assessments_updated == 1
    run(editor, rows)
    cabinet = IndicatorValue.objects.get(component="cabinet")
    assert cabinet.inputs == {"women": 7, "men": 15}
    assert not IndicatorValue.objects.filter(component="parliament").exists()


# Every error, at its row and column -------------------------------------------------------


def test_every_row_error_is_reported_at_its_row_and_column_and_nothing_is_written(editor):
    key = {"country": "NOR", "year": 2024, "organization": "owning-org"}
    rows = [
        {**key, "country": "XXX", "indicator": "WC04", "component": "peacekeepers", "women": 1},
        {**key, "year": "soon", "indicator": "WC04", "component": "peacekeepers", "women": 1},
        {**key, "year": 1999, "indicator": "WC04", "component": "peacekeepers", "women": 1},
        {**key, "organization": "nobody", "indicator": "WC04", "component": "peacekeepers"},
        {**key, "indicator": "WC99", "component": "x", "women": 1},
        {**key, "indicator": "WC01", "component": "senate", "women": 1, "men": 2},
        {**key, "indicator": "WC01", "component": "cabinet", "women": "many", "men": 2},
        {**key, "indicator": "WC05", "component": "task_force_seats", "numerator": 5,
         "denominator": 2},
        {**key, "indicator": "WC06", "component": "laws_and_policies",
         "items.trafficking_law": "maybe"},
        {**key, "indicator": "WC09", "not_applicable": "yes", "not_applicable_reason": "none"},
        {**key, "indicator": "WC04", "not_applicable": "yes", "women": 3},
        {**key, "indicator": "WC03", "component": "police", "women": 1, "men": 1,
         "value_level": "local"},
        {**key, "indicator": "WC03", "component": "military", "women": 1, "men": 1,
         "data_year": "last year"},
        {**key, "indicator": "WC10", "component": "dissemination", "level": 9},
    ]  # fmt: skip
    before = snapshot()
    report = run(editor, rows)
    assert not report.written and snapshot() == before
    assert errors(report) == [
        (2, "country"),
        (3, "year"),
        (4, "year"),
        (5, "organization"),
        (6, "indicator"),
        (7, "component"),
        (8, "women"),
        (9, "numerator"),
        (10, "items.*"),
        (11, "not_applicable"),
        (12, "not_applicable"),
        (13, "locality"),
        (14, "data_year"),
        (15, "level"),
    ]
    assert all(e.message for e in report.errors)
    assert "XXX" in report.errors[0].message


def test_a_formula_is_refused_at_its_cell(editor):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Values"
    sheet.append(spreadsheets.COLUMNS)
    sheet.append(["NOR", 2024, "owning-org", "WC04", "peacekeepers", None, None, None, None])
    sheet["J2"] = "=2+3"  # women
    report = run(editor, data=spreadsheets.workbook_bytes(workbook))
    assert errors(report) == [(2, "women")]
    assert "Formula" in report.errors[0].message
    csv_report = run(
        editor,
        data=b"country,year,organization,indicator,component,women,men\n"
        b"NOR,2024,owning-org,WC04,peacekeepers,=1+1,3\n",
        filename="v.csv",
    )
    assert errors(csv_report) == [(2, "women")]
    assert not IndicatorValue.objects.exists()


def zip_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return output.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "says"),
    [
        ("values.xlsx", b"", "empty"),
        ("values.txt", b"country,year", "XLSX or CSV"),
        ("values.xls", b"\xd0\xcf\x11\xe0 old binary", "XLSX or CSV"),
        ("values.xlsx", b"this is not a zip", "not a spreadsheet"),
        ("values.xlsx", b"x" * (spreadsheets.MAX_FILE_BYTES + 1), "larger than"),
        ("values.xlsx", "zip_bomb", "zip bomb"),
        ("values.csv", b"name,age\nAda,36\n", "header row"),
        ("values.csv", ",".join(spreadsheets.COLUMNS).encode() + b"\n", "no rows"),
        ("values.csv", "é".encode("latin-1") + b",year", "UTF-8"),
        ("values.csv", b"PK\x03\x04rest", "XLSX spreadsheet named .csv"),
    ],
)
def test_a_malformed_file_gets_a_clear_message_and_nothing_is_written(editor, filename, data, says):
    data = zip_bomb() if data == "zip_bomb" else data
    before = snapshot()
    report = run(editor, data=data, filename=filename)
    assert len(report.errors) == 1 and report.errors[0].row is None
    assert says in report.errors[0].message
    assert not report.written and snapshot() == before


def test_a_file_with_more_rows_than_allowed_is_refused(editor, settings, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    report = run(editor, worked_rows())
    assert "more than 3 rows" in report.errors[0].message
    assert not IndicatorValue.objects.exists()


# Persona rules ----------------------------------------------------------------------------


def test_an_editor_cannot_import_into_a_country_her_organization_does_not_cover(
    other_editor, other_organization
):
    rows = worked_rows(org="other-org")
    report = run(other_editor, rows)
    assert errors(report) == [(2, "country")]
    assert "does not cover" in report.errors[0].message
    assert not Assessment.objects.exists()


def test_an_editor_cannot_import_as_another_organization(other_editor, organization):
    report = run(other_editor, worked_rows())
    assert errors(report) == [(2, "country")]
    assert not Assessment.objects.exists()


def test_a_reviewers_validated_data_is_never_overwritten(editor, organization):
    validated = AssessmentFactory(organization=organization, year=2024, status="validated")
    add_values(validated, WORKED_EXAMPLE["indicators"])
    rows = worked_rows()
    for row in rows:  # the same values, with their evidence: nothing would change ...
        row["source_url"] = None
    for value in validated.values.all():
        value.source_url = ""
        value.source_page = value.source_quote = ""
        value.save()
    assert run(editor, rows).ok
    rows[0]["women"] = 6  # ... until a value differs
    before = snapshot()
    report = run(editor, rows)
    assert errors(report) == [(2, "year")]
    assert "validated and read-only" in report.errors[0].message
    assert snapshot() == before


def test_a_returned_assessment_is_imported_into_and_becomes_a_draft(editor, organization):
    AssessmentFactory(
        organization=organization, year=2024, status="returned", return_reason="check WC01"
    )
    assert run(editor, worked_rows()).ok
    assert Assessment.objects.get().status == "draft"


# The export round trip -------------------------------------------------------------------


def test_a_countrys_export_imports_back_unchanged(client, editor, organization):
    draft = AssessmentFactory(organization=organization, year=2023, status="draft")
    add_values(draft, WORKED_EXAMPLE["indicators"])
    wc01 = draft.values.get(component="cabinet")
    IndicatorValue.objects.create(
        assessment=draft,
        indicator=wc01.indicator,
        component="cabinet",
        level="local",
        locality="Oslo",
        inputs={"women": 3, "men": 4},
        data_year=2022,
        notes="=not a formula, a note",
    )
    funding = draft.values.get(component="funding")
    funding.inputs = {**funding.inputs, "to_civil_society": 1500.5, "currency": "NOK"}
    funding.save()
    AssessmentFactory(organization=organization, year=2024, status="validated")
    client.force_login(editor)
    response = client.get("/entry/export/NOR.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Values"]
    assert sheet.max_row - 1 == draft.values.count()
    before = snapshot()
    report = run(editor, data=response.content, filename="NOR.xlsx")
    assert report.ok, report.errors
    assert report.unchanged == draft.values.count()
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
    assert snapshot() == before


def test_nobody_exports_another_organizations_drafts(client, other_editor, organization):
    AssessmentFactory(organization=organization, year=2023, status="draft")
    client.force_login(other_editor)
    assert client.get("/entry/export/NOR.xlsx").status_code == 404


# The page and the command ----------------------------------------------------------------


def upload(client, rows, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("values.xlsx", xlsx(rows), content_type=spreadsheets.XLSX_TYPE)
    return client.post("/entry/import/", {"file": file, "action": action})


def test_the_import_page_checks_then_imports_and_shows_every_error(client, editor):
    client.force_login(editor)
    page = soup(client.get("/entry/import/"))
    assert page.select_one("label[for=id_file]") is not None
    assert page.select_one("input[name=csrfmiddlewaretoken]") is not None
    checked = upload(client, worked_rows(), "check")
    assert checked.status_code == 200
    assert "Check passed" in checked.content.decode()
    assert not Assessment.objects.exists()
    imported = upload(client, worked_rows(), "import")
    assert imported.status_code == 200 and Assessment.objects.count() == 1
    bad = worked_rows()
    bad[0]["women"] = -1
    refused = upload(client, bad, "import")
    assert refused.status_code == 422
    cells = [td.get_text(strip=True) for td in soup(refused, 422).select("[role=alert] td")]
    assert cells[:2] == ["2", "women"]


def test_the_import_page_refuses_a_post_without_its_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post("/entry/import/", {}).status_code == 403


def test_the_command_dry_run_saves_nothing_and_the_import_writes(tmp_path, editor):
    path = tmp_path / "values.xlsx"
    path.write_bytes(xlsx(worked_rows()))
    out = io.StringIO()
    call_command("import_values", str(path), "--dry-run", "--user", editor.username, stdout=out)
    assert "Dry run" in out.getvalue() and not Assessment.objects.exists()
    call_command("import_values", str(path), "--user", editor.username, stdout=io.StringIO())
    assert IndicatorValue.objects.count() == VALUES_PER_ASSESSMENT


def test_the_command_exits_non_zero_on_any_error(tmp_path, editor):
    rows = worked_rows()
    rows[0]["women"] = "many"
    path = tmp_path / "values.xlsx"
    path.write_bytes(xlsx(rows))
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_values", str(path), "--user", editor.username, stdout=io.StringIO(), stderr=err
        )
    assert raised.value.returncode == 1
    assert "row 2, column women" in err.getvalue()
    assert not Assessment.objects.exists()


# Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("years", [1, 8])
def test_the_export_runs_a_fixed_number_of_queries_as_assessments_grow(
    client, editor, organization, django_assert_num_queries, years
):
    for year in range(2010, 2010 + years):
        add_values(
            AssessmentFactory(organization=organization, year=year, status="draft"),
            WORKED_EXAMPLE["indicators"],
        )
    client.force_login(editor)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get("/entry/export/NOR.xlsx").status_code == 200


@pytest.mark.parametrize("years", [1, 8])
def test_a_dry_run_runs_a_fixed_number_of_queries_as_years_and_values_grow(
    editor, organization, django_assert_num_queries, years
):
    for year in range(2010, 2010 + years):
        add_values(
            AssessmentFactory(organization=organization, year=year, status="draft"),
            WORKED_EXAMPLE["indicators"],
        )
    data = xlsx([row for year in range(2010, 2010 + years) for row in worked_rows(year=year)])
    with django_assert_num_queries(DRY_RUN_QUERIES):
        report = run(editor, data=data, dry_run=True)
    assert report.ok and report.updated + report.unchanged == years * VALUES_PER_ASSESSMENT


@pytest.mark.parametrize("countries", [1, 4])
def test_the_import_page_runs_a_fixed_number_of_queries_as_covered_countries_grow(
    client, editor, organization, django_assert_num_queries, countries
):
    for iso3 in ["SWE", "DNK", "FIN"][: countries - 1]:
        CoverageFactory(organization=organization, country_id=iso3)
    client.force_login(editor)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get("/entry/import/").status_code == 200


# The same import in the Django admin -----------------------------------------------------

ADMIN_IMPORT = "/admin/indicators/assessment/import/"


def admin_upload(client, data, action, filename="values.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(filename, data, content_type=spreadsheets.XLSX_TYPE)
    return client.post(ADMIN_IMPORT, {"file": file, "action": action})


def test_the_assessment_changelist_links_to_the_admin_import(client, admin_user):
    client.force_login(admin_user)
    page = soup(client.get("/admin/indicators/assessment/"))
    assert page.select_one(f".object-tools a[href='{ADMIN_IMPORT}']") is not None


def test_a_site_admin_checks_then_imports_a_file_in_the_admin_through_the_same_services(
    client, admin_user, organization
):
    client.force_login(admin_user)
    page = soup(client.get(ADMIN_IMPORT))
    assert page.select_one("label[for=id_file]") is not None
    checked = admin_upload(client, xlsx(worked_rows()), "check")
    assert checked.status_code == 200
    assert "Check passed" in checked.content.decode()
    assert not Assessment.objects.exists()
    imported = admin_upload(client, xlsx(worked_rows()), "import")
    assert imported.status_code == 200
    assessment = Assessment.objects.get()
    assert assessment.values.count() == VALUES_PER_ASSESSMENT
    assert assessment.history.latest().history_user == admin_user


def test_a_bad_file_in_the_admin_is_refused_with_its_problems_and_nothing_is_written(
    client, admin_user, organization
):
    client.force_login(admin_user)
    bad = worked_rows()
    bad[0]["women"] = -1
    refused = admin_upload(client, xlsx(bad), "import")
    assert refused.status_code == 422
    cells = [td.get_text(strip=True) for td in soup(refused, 422).select("[role=alert] td")]
    assert cells[:2] == ["2", "women"]
    assert admin_upload(client, b"not a spreadsheet", "check", "notes.txt").status_code == 422
    assert not Assessment.objects.exists()


def test_only_staff_reach_the_admin_import(client, editor):
    client.force_login(editor)
    response = client.get(ADMIN_IMPORT)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
