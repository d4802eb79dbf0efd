"""With JavaScript, the assessment form previews the score of what is typed before saving,
in the page's language (words, decimal commas and the API's errors)."""

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, VIEWPORT, chromium, live_server, new_page
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


def test_the_preview_in_french_uses_french_words_decimal_commas_and_french_errors(
    site, draft, editor, monkeypatch
):
    with chromium(monkeypatch) as browser:
        ARTIFACTS.mkdir(exist_ok=True)
        context = browser.new_context(
            viewport=VIEWPORT, locale="fr-FR", extra_http_headers={"Accept-Language": "fr"}
        )
        page = context.new_page()
        page.goto(site.url + "/accounts/login/")
        page.fill("input[name=username]", editor.username)
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.goto(site.url + "/entry/assessments/NOR/2024/owning-org/")
        assert page.locator("html").get_attribute("lang") == "fr"
        preview = page.locator("#live-preview output")
        assert (
            preview.inner_text() == "Modifiez une valeur pour voir son score avant d'enregistrer."
        )

        # WC02 and WC04: 14 women of 100 (28.0 each); WC05: 3 of 12 seats (50.0).
        for code, key in (("WC02", "negotiating_teams"), ("WC04", "peacekeepers")):
            page.fill(f"#id_{code}-{key}-0-women", "14")
            page.fill(f"#id_{code}-{key}-0-men", "86")
        page.fill("#id_WC05-task_force_seats-0-numerator", "3")
        page.fill("#id_WC05-task_force_seats-0-denominator", "12")
        expect(preview).to_contain_text("Participation 35,3")
        text = preview.inner_text()
        assert text.startswith(
            "Aperçu de vos valeurs non enregistrées : global données insuffisantes"
        )
        assert "Prévention et protection données insuffisantes" in text

        page.fill("#id_WC05-task_force_seats-0-numerator", "15")
        expect(preview).to_contain_text("numerator")
        assert preview.inner_text() == (
            "Aperçu indisponible tant que les valeurs saisies ne sont pas valides : "
            "numerator (15) ne doit pas dépasser denominator (12)."
        )
        page.screenshot(path=str(ARTIFACTS / "live-preview-fr.png"))
    draft.refresh_from_db()
    assert not draft.values.exists()
