"""Invitations in a real browser: an org admin invites, the invitee accepts by the emailed
link, chooses a password, and later signs in with it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from organizations.models import Membership
from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD, MembershipFactory

# serialized_rollback restores the reference data that the flush after the test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_PASSWORD = "a-long-new-password-4321"  # noqa: S105 - tests only


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


def sign_in(page, site, username: str, password: str) -> None:
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_an_org_admin_invites_and_the_invitee_accepts_and_signs_in(
    site, organization, mailoutbox, monkeypatch
):
    admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    username, slug = admin.username, organization.slug
    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        page.set_default_timeout(15_000)
        sign_in(page, site, username, PASSWORD)
        page.goto(site.url + f"/organizations/{slug}/members/")
        expect(page.get_by_role("heading", name="Members of Owning Organization")).to_be_visible()
        page.get_by_label("Email address").fill("ana@example.org")
        page.get_by_label("Role", exact=True).select_option("reviewer")
        page.get_by_role("button", name="Send the invitation").click()
        expect(page.get_by_text("Invitation sent to ana@example.org")).to_be_visible()
        expect(page.get_by_role("row", name="ana@example.org")).to_contain_text("Reviewer")
        page.screenshot(path=str(ARTIFACTS / "members-invited.png"), full_page=True)

        [message] = mail.outbox
        link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
        invitee = new_page(browser)
        invitee.set_default_timeout(15_000)
        invitee.goto(link)
        expect(invitee.get_by_role("heading", name="Join Owning Organization")).to_be_visible()
        invitee.get_by_label("First name").fill("Ana")
        invitee.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
        invitee.get_by_label("Password again").fill(NEW_PASSWORD)
        invitee.get_by_role("button", name="Create my account and join").click()
        expect(invitee.get_by_text("Welcome to Owning Organization")).to_be_visible()
        invitee.get_by_role("button", name="Sign out ana@example.org").click()

        sign_in(invitee, site, "ana@example.org", NEW_PASSWORD)
        expect(invitee.get_by_role("button", name="Sign out ana@example.org")).to_be_visible()
        invitee.goto(link)
        expect(invitee.get_by_text("This invitation has already been used.")).to_be_visible()

        page.reload()
        expect(page.get_by_role("row", name="Ana")).to_contain_text("ana@example.org")
