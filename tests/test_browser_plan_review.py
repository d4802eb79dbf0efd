"""The NAP quality review in a real browser: an editor starts a review of Norway's NAP 4,
rates every criterion with its evidence and submits; a reviewer validates it from the queue;
an anonymous visitor reads it on the plan page."""

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RATINGS = ["2", "1", "0", "1", "2", "2", "1"]  # 9 of 14 -> 64.3


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


@pytest.fixture
def browser(monkeypatch):
    with chromium(monkeypatch) as launched:
        yield launched


@pytest.fixture
def page(browser):
    page = new_page(browser)
    page.set_default_timeout(15_000)
    return page


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


def test_an_editor_rates_and_submits_a_reviewer_validates_and_the_plan_page_shows_it(
    site, page, editor, reviewer
):
    sign_in(page, site, editor)
    page.goto(site.url + "/entry/")
    page.get_by_role("link", name="Start a plan review").first.click()
    page.get_by_label("Plan to review").select_option(label="Norway — NAP 4")
    page.get_by_label("Reviewing organization").select_option(label="Owning Organization")
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_text("Review started")).to_be_visible()

    # A rating without its evidence is refused on its row; what was typed stays.
    page.locator("#criterion-QR01").get_by_label("2 — clear").check()
    page.get_by_role("button", name="Save ratings").click()
    expect(page.locator("#criterion-QR01 .error")).to_contain_text("page or section")
    expect(page.locator("#criterion-QR01").get_by_label("2 — clear")).to_be_checked()
    page.screenshot(path=str(ARTIFACTS / "plan-review-form-error.png"), full_page=False)

    for n, rating in enumerate(RATINGS, start=1):
        row = page.locator(f"#criterion-QR0{n}")
        row.locator(f"input[type=radio][value='{rating}']").check()
        row.get_by_label("Evidence (page or section)").fill(f"p. {n * 3}, §{n}")
    page.get_by_role("button", name="Save ratings").click()
    expect(page.get_by_text("Ratings saved.")).to_be_visible()
    expect(page.get_by_text("7 of 7 criteria rated")).to_be_visible()
    page.get_by_role("button", name="Submit for validation").click()
    expect(page.get_by_text("Submitted: a reviewer of your organization")).to_be_visible()
    sign_out(page, editor)

    sign_in(page, site, reviewer)
    page.goto(site.url + "/review/")
    page.get_by_role("link", name="Norway: NAP 4").click()
    expect(page.get_by_text("working paraphrase")).to_be_visible()
    page.get_by_role("button", name="Validate and publish").click()
    expect(page.get_by_text("Validated: the plan review is now public.")).to_be_visible()
    sign_out(page, reviewer)

    page.goto(site.url + "/countries/NOR/plans/4/#quality")
    review = page.locator("section.quality-review")
    expect(review).to_contain_text("64.3")
    expect(review).to_contain_text("Review by Owning Organization")
    expect(review.locator("tbody tr").nth(2)).to_contain_text("0 — absent")
    expect(review.locator("tbody tr").nth(2)).to_contain_text("p. 9, §3")
    expect(page.get_by_text("working paraphrase")).to_be_visible()
    review.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "plan-review-public.png"), full_page=True)
    review.screenshot(path=str(ARTIFACTS / "plan-review-section.png"))
