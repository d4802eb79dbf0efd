"""``/releases/``, a release's page, its downloads and the admin's "Cut a release"."""

import hashlib

import pytest
from bs4 import BeautifulSoup

from indicators.models import Release, ReleaseFile
from indicators.services import release_cut
from tests.factories import scored_assessment

pytestmark = pytest.mark.django_db

PERSONAS = [None, "editor", "other_editor", "reviewer", "admin_user"]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def release(organization, admin_user):
    scored_assessment(organization=organization, year=2024)
    return release_cut(
        version="2027.1", title="The first release", notes="Why we cut it.", actor=admin_user
    )


def html(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def sign_in(request, client, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))


@pytest.mark.usefixtures("release")
@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_release_list_newest_first(request, client, admin_user, persona):
    release_cut(version="2027.2", title="The second", notes="", actor=admin_user)
    sign_in(request, client, persona)
    page = html(client.get("/releases/"))
    assert page.h1.get_text(strip=True) == "Dataset releases"
    table = page.select_one("table.releases")
    assert table.caption.get_text(strip=True) == "Releases, newest first"
    rows = [tr.th.get_text(" ", strip=True) for tr in table.select("tbody tr")]
    assert rows == ["2027.2", "2027.1"]
    assert table.select_one("tbody a")["href"] == "/releases/2027.2/"


def test_the_release_list_says_so_when_there_is_none(client):
    page = html(client.get("/releases/"))
    assert "No dataset release has been cut yet" in page.select_one("p.empty").get_text()
    assert page.select_one("table.releases") is None


def test_the_release_list_is_paginated_in_the_same_queries_at_few_and_many(
    client, admin_user, django_assert_num_queries
):
    first = release_cut(version="2027.1", title="One", notes="", actor=admin_user)
    with django_assert_num_queries(2):  # count, releases with their number of files
        html(client.get("/releases/"))
    for n in range(2, 23):
        Release.objects.create(
            version=f"2027.{n}",
            title="More",
            cut_at=first.cut_at,
            cut_by=admin_user,
            citation_text="x",
            citation_bibtex="x",
            citation_csl=[],
        )
    with django_assert_num_queries(2):
        page = html(client.get("/releases/"))
    assert len(page.select("table.releases tbody tr")) == 20
    assert page.select_one("nav.pagination a[rel=next]")["href"] == "?page=2"
    assert len(html(client.get("/releases/?page=2")).select("table.releases tbody tr")) == 2


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_a_release_with_its_notes_changes_citation_and_files(
    request, client, release, persona
):
    sign_in(request, client, persona)
    page = html(client.get("/releases/2027.1/"))
    assert page.h1.get_text(" ", strip=True) == "Dataset release 2027.1"
    assert "Why we cut it." in page.select_one(".release-notes").get_text()
    text = page.get_text(" ", strip=True)
    assert "1 newly published assessment" in text
    assert "This is the first release" in text
    citations = [pre.get_text() for pre in page.select("pre.citation")]
    assert citations[0] == release.citation_text
    assert citations[1].startswith("@dataset{")
    assert '"type": "dataset"' in citations[2]
    files = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select("table.release-files tbody tr")
    }
    stored = ReleaseFile.objects.get(release=release, name="assessments.csv")
    assert files["assessments.csv"][1:] == ["1", stored.sha256]
    zip_link = page.select_one("a.button")
    assert zip_link["href"] == "/releases/2027.1/files/nap_tracker-release-2027.1.zip"
    assert release.cut_by.username not in page.select_one("main").get_text()


def test_a_release_page_takes_two_queries(client, release, django_assert_num_queries):
    with django_assert_num_queries(2):  # the release, its files without their content
        html(client.get("/releases/2027.1/"))


def test_a_sample_release_says_sample_on_its_pages(client, admin_user):
    release_cut(version="2026.1", title="Demo", notes="", actor=admin_user, is_sample=True)
    detail = html(client.get("/releases/2026.1/"))
    assert "SAMPLE" in detail.select_one("p.notice").get_text()
    assert detail.select_one("h1 .badge.sample")
    assert html(client.get("/releases/")).select_one("table.releases .badge.sample")


def test_an_unknown_release_is_a_404(client, release):
    assert client.get("/releases/2031.1/").status_code == 404
    assert client.get("/releases/2027.1/files/secret.csv").status_code == 404
    assert client.get("/releases/2031.1/files/assessments.csv").status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("assessments.csv", "text/csv; charset=utf-8", "attachment"),
        ("nap_tracker-release-2027.1.zip", "application/zip", "attachment"),
        ("citation.bib", "application/x-bibtex; charset=utf-8", "attachment"),
        ("citation.json", "application/vnd.citationstyles.csl+json", "attachment"),
        ("README.md", "text/markdown; charset=utf-8", "inline"),
        ("MANIFEST.sha256", "text/plain; charset=utf-8", "inline"),
    ],
)
def test_a_file_downloads_as_stored_with_its_sha256_as_etag_and_cached_for_ever(
    client, release, name, content_type, disposition
):
    response = client.get(f"/releases/2027.1/files/{name}")
    stored = ReleaseFile.objects.get(release=release, name=name)
    assert response.status_code == 200
    assert response.content == bytes(stored.content)
    assert hashlib.sha256(response.content).hexdigest() == stored.sha256
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'{disposition}; filename="{name}"'
    assert response["ETag"] == f'"{stored.sha256}"'
    assert response["Content-Length"] == str(stored.size)
    cache = set(response["Cache-Control"].split(", "))
    assert cache == {"public", "max-age=31536000", "immutable"}
    again = client.get(f"/releases/2027.1/files/{name}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_the_footer_links_to_the_releases(client):
    page = html(client.get("/methodology/"))
    assert page.select_one("footer a[href='/releases/']")


# --- Admin --------------------------------------------------------------------------------


def test_an_admin_cuts_a_release_from_the_admin_form(client, admin_user, organization):
    scored_assessment(organization=organization, year=2024)
    client.force_login(admin_user)
    form = html(client.get("/admin/indicators/release/add/"))
    assert form.select_one("label[for=id_version]").get_text(strip=True) == "Version:"
    response = client.post(
        "/admin/indicators/release/add/",
        {"version": "2027.1", "title": "From the admin", "notes": "Cut by hand."},
    )
    release = Release.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/indicators/release/{release.pk}/change/"
    assert (release.title, release.notes, release.cut_by) == (
        "From the admin",
        "Cut by hand.",
        admin_user,
    )
    change = html(client.get(response["Location"]))
    assert not change.select("input[name=title]")  # read-only
    assert not change.select("a.deletelink")


def test_a_bad_version_in_the_admin_form_is_shown_and_keeps_what_was_typed(client, admin_user):
    client.force_login(admin_user)
    page = html(
        client.post(
            "/admin/indicators/release/add/",
            {"version": "2027", "title": "Kept", "notes": "Kept too."},
        )
    )
    assert "A release version is a year and a number" in page.select_one(".errorlist").get_text()
    assert page.select_one("input[name=title]")["value"] == "Kept"
    assert page.select_one("textarea[name=notes]").get_text(strip=True) == "Kept too."
    assert not Release.objects.exists()


def test_a_release_cannot_be_deleted_or_changed_in_the_admin(client, admin_user, release):
    client.force_login(admin_user)
    url = f"/admin/indicators/release/{release.pk}/"
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    client.post(f"{url}change/", {"title": "Changed"})
    assert Release.objects.get().title == "The first release"


@pytest.mark.parametrize("persona", ["editor", "reviewer", "other_editor"])
def test_members_who_are_not_site_administrators_cannot_reach_the_cut_form(
    request, client, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/indicators/release/add/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Release.objects.exists()


def test_a_staff_member_without_superuser_rights_is_refused_the_cut(client):
    from tests.factories import UserFactory  # noqa: PLC0415

    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    assert client.get("/admin/indicators/release/add/").status_code == 403


def test_a_file_is_only_read(client, release):
    assert client.post("/releases/2027.1/files/assessments.csv").status_code == 405


def test_an_anonymous_assessment_is_listed_as_a_civil_society_organization_never_by_name(
    client, organization, admin_user
):
    assessment = scored_assessment(organization=organization, year=2023)
    assessment.publish_anonymously = True
    assessment.save()
    release = release_cut(version="2027.1", title="Anonymous", notes="", actor=admin_user)
    page = html(client.get("/releases/2027.1/"))
    listed = page.select_one("h3 + ul").get_text(" ", strip=True)
    assert "A civil-society organization" in listed
    assert "None" not in listed
    assert organization.name not in page.get_text()
    readme = bytes(release.files.get(name="README.md").content).decode()
    assert "/2023/(anonymous)" in readme
    assert f"/2023/{organization.slug}" not in readme
