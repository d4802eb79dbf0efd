"""/releases/ in a real browser: the list, one release, and a file downloaded intact."""

import hashlib
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from indicators.models import ReleaseFile
from indicators.services import release_cut
from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import UserFactory, scored_assessment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


def test_a_visitor_opens_a_release_and_downloads_a_file_with_its_sha256(
    site, monkeypatch, organization, settings
):
    settings.SITE_URL = site.url
    scored_assessment(organization=organization, year=2024)
    admin = UserFactory(username="release-admin", is_staff=True, is_superuser=True)
    release_cut(version="2027.1", title="The first release", notes="Cut for a study.", actor=admin)
    stored = ReleaseFile.objects.get(release__version="2027.1", name="assessments.csv")
    expected = (bytes(stored.content), stored.sha256)

    with chromium(monkeypatch) as browser:
        page = new_page(browser)
        console = []
        page.on("console", lambda message: console.append((message.type, message.text)))
        page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
        origins = set()
        page.on("request", lambda request: origins.add(urlsplit(request.url).netloc))

        page.goto(site.url + "/methodology/")
        page.locator("footer").get_by_role("link", name="Citable dataset releases").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dataset releases")
        page.screenshot(path=str(ARTIFACTS / "releases-list.png"), full_page=True)

        page.get_by_role("link", name="2027.1").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dataset release 2027.1")
        expect(page.locator(".release-notes")).to_contain_text("Cut for a study.")
        expect(page.locator("pre.citation").first).to_contain_text(
            "nap_tracker dataset release 2027.1"
        )
        row = page.locator("table.release-files tbody tr", has_text="assessments.csv")
        expect(row.locator("td.sha256")).to_have_text(expected[1])
        page.screenshot(path=str(ARTIFACTS / "release-detail.png"), full_page=True)

        with page.expect_download() as download_info:
            row.get_by_role("link", name="assessments.csv").click()
        download = download_info.value
        assert download.suggested_filename == "assessments.csv"
        content = open(download.path(), "rb").read()  # noqa: PTH123, SIM115 - a temp file
        assert (content, hashlib.sha256(content).hexdigest()) == expected

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, "the release page scrolls sideways at phone width"
        page.screenshot(path=str(ARTIFACTS / "release-detail-phone.png"), full_page=True)

        assert [entry for entry in console if entry[0] in ("error", "pageerror")] == []
        assert origins == {urlsplit(site.url).netloc}
