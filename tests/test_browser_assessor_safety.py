"""Assessor safety in a real browser: an org admin marks a country anonymous on the coverage
page, and the public scorecard then shows "A civil-society organization", not her name."""

import pytest
from playwright.sync_api import expect

from organizations.models import Membership
from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD, MembershipFactory, scored_assessment

# serialized_rollback restores the reference data that the flush after the test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


def test_an_org_admin_marks_a_country_anonymous_and_the_scorecard_shows_the_label(
    site, organization, monkeypatch
):
    admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    assessment = scored_assessment(organization=organization, year=2021)
    username, slug = admin.username, organization.slug
    key = assessment.public_key
    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        page.set_default_timeout(15_000)
        page.goto(site.url + "/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(site.url + f"/organizations/{slug}/coverage/")
        row = page.get_by_role("row", name="Norway (NOR)")
        expect(row).to_contain_text("Owning Organization")
        row.get_by_role("button", name="Publish Norway anonymously").click()
        expect(page.get_by_text("Norway: your assessments now publish as")).to_be_visible()
        expect(page.get_by_role("row", name="Norway (NOR)")).to_contain_text(
            "A civil-society organization"
        )
        page.screenshot(path=str(ARTIFACTS / "coverage-anonymous.png"), full_page=True)

        public = new_page(browser)
        public.set_default_timeout(15_000)
        public.goto(site.url + "/countries/NOR/2021/")
        assert public.url == site.url + f"/countries/NOR/2021/{key}/"
        expect(public.locator("main")).to_contain_text("A civil-society organization")
        expect(public.locator("main")).not_to_contain_text("Owning Organization")
        public.screenshot(path=str(ARTIFACTS / "scorecard-anonymous.png"), full_page=True)
        response = public.goto(site.url + f"/countries/NOR/2021/{slug}/")
        assert response.status == 404
