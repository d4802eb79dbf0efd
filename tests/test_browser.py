"""A newcomer's walk through the site in a real browser (Playwright driving Debian's chromium)."""

import shutil
from pathlib import Path

import pytest

from tests.factories import scored_assessment

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    # serialized_rollback restores the reference data that the flush after the test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed (apt-get install -y chromium)",
    ),
]


@pytest.fixture
def site(transactional_db):
    """A live server for this test only, stopped (and its connections closed) after it."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()


@pytest.fixture
def sample_scorecard(organization):
    # Created before Playwright starts: ORM calls made inside its greenlet would open a
    # database connection of their own that outlives the test.
    return scored_assessment(organization=organization, year=2021, is_sample=True)


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # the test itself (factories) are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def test_a_visitor_finds_a_country_and_reads_its_scorecard(site, sample_scorecard, page):
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(site.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("National action plans")
    page.get_by_role("link", name="Countries", exact=True).click()

    page.get_by_label("Name or code").fill("nor")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Norway").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Norway (NOR)"

    page.get_by_role("link", name="2021").click()
    assert page.url.endswith("/countries/NOR/2021/owning-org/")
    assert page.locator(".overall").inner_text().startswith("47.0")
    assert page.locator(".notice").inner_text().startswith("Sample data.")
    page.screenshot(path=str(ARTIFACTS / "scorecard.png"), full_page=True)

    page.get_by_role("link", name="Read the methodology").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Methodology"
    page.screenshot(path=str(ARTIFACTS / "methodology.png"), full_page=True)
