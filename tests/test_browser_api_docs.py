"""/api/docs/ in a real browser: Swagger UI lists every operation and runs one, under the CSP."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, chromium, live_server, new_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Collected by the browser itself (added through the DevTools protocol, not subject to the
# page's policy): every Content-Security-Policy violation the page causes.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

OPERATIONS = [
    "/api/v1/assessments/",
    "/api/v1/assessments/",  # POST: create a draft
    "/api/v1/assessments/{iso3}/{year}/{org}/",
    "/api/v1/assessments/{iso3}/{year}/{org}/",  # PATCH
    "/api/v1/assessments/{iso3}/{year}/{org}/scores/",
    "/api/v1/assessments/{iso3}/{year}/{org}/submit/",
    "/api/v1/assessments/{iso3}/{year}/{org}/values/",
    "/api/v1/assessments/{iso3}/{year}/{org}/values/",  # PUT
    "/api/v1/countries/",
    "/api/v1/countries/{iso3}/",
    "/api/v1/download/",
    "/api/v1/indicators/",
    "/api/v1/indicators/{code}/",
    "/api/v1/methodologies/",
    "/api/v1/methodologies/{version}/",
    "/api/v1/organizations/",
    "/api/v1/organizations/{slug}/",
    "/api/v1/plan-reviews/",
    "/api/v1/plan-reviews/{iso3}/{key}/{org}/",
    "/api/v1/plans/",
    "/api/v1/plans/{iso3}/{key}/",
    "/api/v1/releases/",
    "/api/v1/releases/{version}/",
    "/api/v1/review-criteria/",
    "/api/v1/score-preview/",
    "/api/v1/scores/",
    "/api/v1/values/",
]


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


def test_swagger_ui_lists_every_operation_and_runs_the_preview_without_a_csp_error(
    site, monkeypatch
):
    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        console = []
        page.on("console", lambda message: console.append((message.type, message.text)))
        page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
        origins = set()
        page.on("request", lambda request: origins.add(urlsplit(request.url).netloc))
        page.add_init_script(RECORD_VIOLATIONS)

        page.goto(site.url + "/api/docs/")
        paths = page.locator(".opblock-summary-path")
        expect(paths).to_have_count(len(OPERATIONS))
        assert paths.all_inner_texts() == OPERATIONS
        expect(page.get_by_role("heading", name="nap_tracker API")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"))

        # Open the score preview, try the worked example (the request example) and run it.
        preview = page.locator(".opblock-post", has_text="/api/v1/score-preview/")
        preview.locator(".opblock-summary").click()
        preview.get_by_role("button", name="Try it out").click()
        preview.get_by_role("button", name="Execute").click()
        status = preview.locator(".live-responses-table .response .response-col_status")
        expect(status).to_have_text("200")
        expect(
            preview.locator(".live-responses-table .response .response-col_description")
        ).to_contain_text('"band": "low"')
        page.screenshot(path=str(ARTIFACTS / "api-docs-preview.png"), full_page=True)

        assert page.evaluate("() => window.__violations") == []
        assert [entry for entry in console if entry[0] in ("error", "pageerror")] == []
        assert not any("Content Security Policy" in text for _, text in console)
        assert origins == {urlsplit(site.url).netloc}  # nothing from another origin
