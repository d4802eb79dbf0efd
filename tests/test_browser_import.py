"""The spreadsheet import in a real browser: an editor downloads the template, checks a file
with a mistake, reads the problem at its row and column, fixes the file and imports it."""

import pytest
from playwright.sync_api import expect

from indicators.models import Assessment
from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD
from tests.test_spreadsheet_import import VALUES_PER_ASSESSMENT, worked_rows, xlsx

# serialized_rollback restores the reference data that the flush after the test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


def test_an_editor_checks_a_file_fixes_its_mistake_and_imports_it(
    site, editor, tmp_path, monkeypatch
):
    username = editor.username
    wrong = worked_rows()
    wrong[0]["women"] = -1
    (tmp_path / "wrong.xlsx").write_bytes(xlsx(wrong))
    (tmp_path / "fixed.xlsx").write_bytes(xlsx(worked_rows()))
    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        page.set_default_timeout(15_000)
        page.goto(site.url + "/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(site.url + "/entry/")
        page.get_by_role("link", name="Import from a spreadsheet").click()
        expect(page.get_by_role("heading", name="Import values from a spreadsheet")).to_be_visible()

        with page.expect_download() as download:
            page.get_by_role("link", name="Values template (XLSX, with a README sheet").click()
        assert download.value.suggested_filename.endswith(".xlsx")

        page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(tmp_path / "wrong.xlsx")
        page.get_by_role("button", name="Check the file (dry run)").click()
        expect(page.get_by_role("heading", name="Not imported: nothing was saved")).to_be_visible()
        problem = page.get_by_role("alert").get_by_role("row").nth(1)
        expect(problem.get_by_role("cell").nth(0)).to_have_text("2")
        expect(problem.get_by_role("cell").nth(1)).to_have_text("women")
        page.screenshot(path=str(ARTIFACTS / "import-problems.png"), full_page=True)

        page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(tmp_path / "fixed.xlsx")
        page.get_by_role("button", name="Check the file (dry run)").click()
        expect(page.get_by_role("heading", name="Check passed: nothing was saved")).to_be_visible()
        page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(tmp_path / "fixed.xlsx")
        page.get_by_role("button", name="Import the file").click()
        expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "import-done.png"), full_page=True)

    assessment = Assessment.objects.get()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.values.count() == VALUES_PER_ASSESSMENT
