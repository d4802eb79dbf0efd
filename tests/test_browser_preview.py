"""With JavaScript, the assessment form previews the score of what is typed before saving."""

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD, AssessmentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


@pytest.fixture
def draft(organization, editor):
    return AssessmentFactory(organization=organization, year=2024, status="draft")


def test_typed_values_are_previewed_and_a_bad_one_is_named_before_saving(
    site, draft, editor, monkeypatch
):
    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        page.goto(site.url + "/accounts/login/")
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(site.url + "/entry/assessments/NOR/2024/owning-org/")
        preview = page.locator("#live-preview output")
        assert preview.inner_text() == "Change a value to preview its score before saving."

        page.fill("#id_WC04-peacekeepers-0-women", "14")
        page.fill("#id_WC04-peacekeepers-0-men", "86")
        # Playwright's expect() polls from Python: wait_for_function would eval a string in
        # the page, which the site's Content-Security-Policy (no 'unsafe-eval') forbids.
        expect(preview).to_contain_text("overall")
        # One indicator of eleven is not enough for an overall score: the preview says so.
        assert "overall insufficient data" in preview.inner_text()

        page.fill("#id_WC05-task_force_seats-0-numerator", "15")
        page.fill("#id_WC05-task_force_seats-0-denominator", "12")
        expect(preview).to_contain_text("numerator")
        assert preview.inner_text() == (
            "Preview unavailable until the values typed are valid: "
            "numerator (15) must not be greater than denominator (12)."
        )
        page.screenshot(path=str(ARTIFACTS / "live-preview.png"))
    draft.refresh_from_db()
    assert not draft.values.exists()  # a preview saves nothing
