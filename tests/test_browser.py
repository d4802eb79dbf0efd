"""A newcomer's walk through the site in a real browser (Playwright driving Debian's chromium)."""

import pytest

from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import scored_assessment

# serialized_rollback restores the reference data that the flush after the test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


@pytest.fixture
def sample_scorecard(organization):
    # Created before Playwright starts: ORM calls made inside its greenlet would open a
    # database connection of their own that outlives the test.
    return scored_assessment(organization=organization, year=2021, is_sample=True)


@pytest.fixture
def page(monkeypatch):
    # Skipped without chromium, failed without it when CI=true (tests/browser.py).
    with chromium(monkeypatch) as browser:
        yield new_page(browser)


def test_a_visitor_finds_a_country_and_reads_its_scorecard(site, sample_scorecard, page):
    page.goto(site.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("National action plans")
    page.get_by_role("link", name="Countries", exact=True).click()

    page.get_by_label("Name or code").fill("nor")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Norway").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Norway (NOR)"

    page.get_by_role("link", name="2021", exact=True).click()
    assert page.url.endswith("/countries/NOR/2021/owning-org/")
    assert page.locator(".overall").inner_text().startswith("47.0")
    assert page.locator(".notice").inner_text().startswith("Sample data.")
    page.screenshot(path=str(ARTIFACTS / "scorecard.png"), full_page=True)

    page.get_by_role("link", name="Read the methodology").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Methodology"
    page.screenshot(path=str(ARTIFACTS / "methodology.png"), full_page=True)
