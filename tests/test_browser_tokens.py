"""API tokens in a real browser: an editor creates one, a script uses it, the editor revokes it."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD

# serialized_rollback restores the reference data that the flush after the test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


def call_api(site, secret: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        site.url + "/api/v1/assessments/", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 - the live test server
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_an_editor_creates_a_token_sees_it_once_and_revokes_it(site, editor, monkeypatch):
    username = editor.username  # read before Playwright starts: no ORM inside its greenlet
    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        page.set_default_timeout(15_000)
        page.goto(site.url + "/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        page.get_by_role("navigation", name="Main").get_by_role("link", name="API tokens").click()
        expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
        expect(page.get_by_text("You have no API token yet.")).to_be_visible()
        page.get_by_label("Name").fill("Nightly R job")
        page.get_by_label("Scope").select_option("read_write")
        page.get_by_role("button", name="Create the token").click()

        secret_field = page.get_by_label("Token", exact=True)
        expect(secret_field).to_be_visible()
        secret = secret_field.input_value()
        assert secret.startswith("napt_")
        expect(page.get_by_text("shown only this once")).to_be_visible()
        row = page.get_by_role("row", name="Nightly R job")
        expect(row).to_contain_text(secret[:13] + "…")
        page.screenshot(path=str(ARTIFACTS / "api-tokens-created.png"), full_page=True)
        assert call_api(site, secret)[0] == 200

        page.goto(site.url + "/accounts/tokens/")
        assert secret not in page.content()  # the list shows the prefix only
        page.get_by_role("button", name="Revoke Nightly R job").click()
        expect(page.get_by_text("Token Nightly R job revoked: it no longer works.")).to_be_visible()
        expect(page.get_by_role("row", name="Nightly R job")).to_contain_text("revoked on")
        status, body = call_api(site, secret)
        assert (status, body) == (401, {"detail": "This token has been revoked."})
