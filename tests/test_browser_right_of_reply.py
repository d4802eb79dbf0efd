"""The government's right of reply in a real browser.

A reviewer validates a submitted assessment with a right of reply; it is not on the public
site; the government respondent of Norway reads the draft and replies; the reviewer closes
the period; an anonymous visitor reads the scorecard with the government's view.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.services import assessment_rescore
from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD, AssessmentFactory, add_values

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEW_URL = "/review/NOR/2024/owning-org/"
SCORECARD_URL = "/countries/NOR/2024/owning-org/"
OVERALL_REPLY = "The government notes the scorecard and will publish its own figures."
WC04_REPLY = "Two more units with women officers were deployed in 2024."


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


@pytest.fixture
def people(editor, reviewer, respondent):
    """Saved before Playwright starts (ORM calls inside its greenlet would leak a connection)."""
    assessment = AssessmentFactory(
        organization=reviewer.memberships.get().organization,
        year=2024,
        status="submitted",
        submitted_by=editor,
        submitted_at=timezone.now(),
        validated_at=None,
    )
    add_values(assessment, {"WC04": {"components": {"peacekeepers": {"women": 14, "men": 86}}}})
    assessment_rescore(assessment=assessment)
    return {"reviewer": reviewer, "respondent": respondent}


@pytest.fixture
def page(monkeypatch):
    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        page.set_default_timeout(15_000)
        yield page


def shot(page, number: int, step: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"right-of-reply-{number}-{step}.png"), full_page=True)


def nav(page):
    return page.get_by_role("navigation", name="Main")


def sign_in(page, site, user) -> None:
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(nav(page).get_by_role("button", name=f"Sign out {user.username}")).to_be_visible()


def sign_out(page, user) -> None:
    nav(page).get_by_role("button", name=f"Sign out {user.username}").click()
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()


def test_validate_with_a_reply_period_reply_close_and_read_the_governments_view(site, people, page):
    reviewer, respondent = people["reviewer"], people["respondent"]
    deadline = (timezone.now().date() + timedelta(days=7)).isoformat()

    sign_in(page, site, reviewer)
    page.goto(site.url + REVIEW_URL)
    page.get_by_label("Open a right of reply until (optional)").fill(deadline)
    shot(page, 1, "validate-with-reply")
    page.get_by_role("button", name="Validate", exact=True).click()
    expect(page.get_by_text("The right of reply is open until")).to_be_visible()
    sign_out(page, reviewer)

    response = page.goto(site.url + SCORECARD_URL)
    assert response.status == 404  # not public while the period runs

    sign_in(page, site, respondent)
    page.goto(site.url + "/replies/")
    page.get_by_role("link", name="Norway 2024").click()
    expect(page.get_by_text("Draft — not public.", exact=False).first).to_be_visible()
    page.get_by_label("The government's reply to the result overall").fill(OVERALL_REPLY)
    page.get_by_label("The government's reply on WC04", exact=False).fill(WC04_REPLY)
    shot(page, 2, "respondent-replies")
    page.get_by_role("button", name="Save the reply").click()
    expect(page.get_by_text("Your reply is saved.")).to_be_visible()
    sign_out(page, respondent)

    sign_in(page, site, reviewer)
    page.goto(site.url + REVIEW_URL)
    expect(page.get_by_text(OVERALL_REPLY)).to_be_visible()
    page.get_by_role("button", name="Close the right of reply and publish").click()
    expect(page.get_by_text("Right of reply closed")).to_be_visible()
    sign_out(page, reviewer)

    page.goto(site.url + SCORECARD_URL)
    section = page.locator("section.right-of-reply")
    expect(section.get_by_text("The government's view")).to_be_visible()
    expect(section.get_by_text(OVERALL_REPLY)).to_be_visible()
    expect(page.locator("tr.government-view").get_by_text(WC04_REPLY)).to_be_visible()
    page.locator("tr.government-view").scroll_into_view_if_needed()
    shot(page, 3, "public-scorecard")
