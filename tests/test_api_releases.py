"""``?release=`` on the archive's lists and items, and ``/api/v1/releases/``."""

import hashlib

import pytest

from indicators.models import ReleaseFile
from indicators.services import release_cut
from nap_tracker.api import ARCHIVE_RESOURCES
from tests.factories import CoverageFactory, OrganizationFactory, scored_assessment
from tests.test_releases import all_items, correct

pytestmark = pytest.mark.django_db

ASSESSMENT = "/api/v1/assessments/NOR/2024/owning-org/"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def published(organization):
    return scored_assessment(organization=organization, year=2024)


@pytest.fixture
def release(published, admin_user):
    return release_cut(version="2027.1", title="First", notes="", actor=admin_user)


def csv_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.usefixtures("release")
@pytest.mark.parametrize("prefix", ARCHIVE_RESOURCES)
def test_each_list_answers_from_the_release_what_it_answered_when_it_was_cut(client, prefix):
    live = all_items(client, prefix)
    response = client.get(f"/api/v1/{prefix}/?release=2027.1&page_size=250")
    assert response.status_code == 200
    body = response.json()
    assert (body if isinstance(body, list) else body["results"]) == live


@pytest.mark.usefixtures("release")
def test_a_release_list_is_paginated_like_the_live_list(client):
    first = client.get("/api/v1/countries/?release=2027.1&page_size=100").json()
    assert first["count"] == 249 and len(first["results"]) == 100
    assert "release=2027.1" in first["next"]
    third = client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(third["results"]) == 49
    assert (
        third["results"][-1]["iso3"]
        == client.get("/api/v1/countries/?page=5").json()["results"][-1]["iso3"]
    )
    assert client.get("/api/v1/countries/?release=2027.1&page=9").status_code == 404


@pytest.mark.usefixtures("release")
def test_an_item_answers_from_the_release_by_its_address_in_any_case(client):
    stored = client.get(f"{ASSESSMENT}?release=2027.1")
    assert stored.status_code == 200
    assert stored.json() == client.get("/api/v1/assessments/?year=2024").json()["results"][0]
    lower = client.get("/api/v1/assessments/nor/2024/owning-org/?release=2027.1")
    assert lower.json() == stored.json()
    country = client.get("/api/v1/countries/nor/?release=2027.1").json()
    assert country["iso3"] == "NOR" and country["latest_assessment"]["year"] == 2024
    assert client.get("/api/v1/indicators/WC04/?release=2027.1").json()["code"] == "WC04"


@pytest.mark.usefixtures("release")
def test_an_item_that_was_not_in_the_release_is_a_404_naming_it(client):
    response = client.get("/api/v1/assessments/NOR/2031/owning-org/?release=2027.1")
    assert response.status_code == 404
    assert response.json()["detail"] == (
        "/api/v1/assessments/NOR/2031/owning-org/ is not in dataset release 2027.1."
    )


@pytest.mark.usefixtures("release")
@pytest.mark.parametrize("url", ["/api/v1/assessments/", ASSESSMENT, "/api/v1/indicators/"])
def test_an_unknown_release_is_a_404_saying_where_the_releases_are(client, url):
    response = client.get(f"{url}?release=2031.4")
    assert response.status_code == 404
    assert response.json()["detail"] == (
        "There is no dataset release '2031.4'. The releases are listed at /api/v1/releases/."
    )


@pytest.mark.usefixtures("release")
def test_a_release_list_filters_by_country_and_year(client, organization):
    answered = client.get("/api/v1/assessments/?release=2027.1&country=nor&year=2024").json()
    assert [(a["country"], a["year"]) for a in answered["results"]] == [("NOR", 2024)]
    assert client.get("/api/v1/assessments/?release=2027.1&year=2023").json()["count"] == 0
    values = client.get("/api/v1/values/?release=2027.1&country=SWE").json()
    assert values["count"] == 0


@pytest.mark.usefixtures("release")
@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("band=low", {"band"}),
        ("ordering=-year&status=validated", {"ordering", "status"}),
        ("country=Norway", {"country"}),
        ("year=twenty", {"year"}),
    ],
)
def test_a_release_list_refuses_other_filters_with_a_400_naming_them(client, query, errors):
    response = client.get(f"/api/v1/assessments/?release=2027.1&{query}")
    assert response.status_code == 400
    assert set(response.json()) == errors


@pytest.mark.usefixtures("release")
@pytest.mark.parametrize("prefix", ARCHIVE_RESOURCES)
def test_the_csv_of_a_release_is_its_stored_file_byte_for_byte(client, prefix):
    response = client.get(f"/api/v1/{prefix}/?release=2027.1&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"nap_tracker-{prefix}-2027.1.csv" in response["Content-Disposition"]
    stored = ReleaseFile.objects.get(release__version="2027.1", name=f"{prefix}.csv")
    assert csv_of(response) == bytes(stored.content)
    assert hashlib.sha256(csv_of(response)).hexdigest() == stored.sha256


@pytest.mark.usefixtures("release")
def test_the_csv_of_a_release_takes_no_filter(client):
    response = client.get("/api/v1/assessments/?release=2027.1&format=csv&country=NOR")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"country"}


def test_corrections_after_a_release_change_the_live_api_but_never_the_release(
    client, published, release, editor, reviewer, admin_user
):
    before_item = client.get(f"{ASSESSMENT}?release=2027.1").json()
    before_list = client.get("/api/v1/scores/?release=2027.1&page_size=250").json()
    files = {f.name: (bytes(f.content), f.sha256) for f in release.files.all()}
    live_before = client.get(ASSESSMENT).json()
    assert live_before == before_item

    correct(published, editor, reviewer)

    live_after = client.get(ASSESSMENT).json()
    assert live_after["overall"] != live_before["overall"]
    assert live_after["version"] > live_before["version"]
    assert client.get(f"{ASSESSMENT}?release=2027.1").json() == before_item
    assert client.get("/api/v1/scores/?release=2027.1&page_size=250").json() == before_list
    for file in ReleaseFile.objects.filter(release=release):
        assert (bytes(file.content), file.sha256) == files[file.name]
        assert hashlib.sha256(bytes(file.content)).hexdigest() == file.sha256
    csv = csv_of(client.get("/api/v1/assessments/?release=2027.1&format=csv"))
    assert csv == files["assessments.csv"][0]
    assert csv != csv_of(client.get("/api/v1/assessments/?format=csv"))


def test_a_reopened_assessment_leaves_the_live_list_but_stays_in_the_release(
    client, published, release, reviewer
):
    from indicators.services import assessment_reopen  # noqa: PLC0415

    assessment_reopen(assessment=published, actor=reviewer, reason="Checking a figure")
    assert client.get(ASSESSMENT).status_code == 404
    assert client.get(f"{ASSESSMENT}?release=2027.1").status_code == 200
    assert client.get("/api/v1/assessments/?release=2027.1").json()["count"] == 1


@pytest.mark.parametrize("persona", [None, "editor", "other_editor", "reviewer", "admin_user"])
def test_a_release_answers_every_persona_the_same_published_items(
    request, client, organization, admin_user, persona
):
    scored_assessment(organization=organization, year=2024)
    scored_assessment(organization=organization, year=2025, status="draft", validated_at=None)
    release_cut(version="2027.1", title="First", notes="", actor=admin_user)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    body = client.get("/api/v1/assessments/?release=2027.1").json()
    assert [a["year"] for a in body["results"]] == [2024]


# --- /api/v1/releases/ --------------------------------------------------------------------


@pytest.mark.usefixtures("release")
def test_the_releases_endpoint_lists_files_with_sha256_and_the_citation(client):
    body = client.get("/api/v1/releases/").json()
    (item,) = body["results"]
    assert item["version"] == "2027.1" and item["is_sample"] is False
    assert item["citation"]["text"].startswith("nap_tracker dataset release 2027.1 (")
    assert item["citation"]["bibtex"].startswith("@dataset{")
    assert item["citation"]["csl_json"][0]["type"] == "dataset"
    files = {f["name"]: f for f in item["files"]}
    stored = ReleaseFile.objects.get(release__version="2027.1", name="assessments.csv")
    assert files["assessments.csv"]["sha256"] == stored.sha256
    assert files["assessments.csv"]["rows"] == 1
    assert files["assessments.csv"]["url"] == (
        "http://testserver/releases/2027.1/files/assessments.csv"
    )
    assert "cut_by" not in item
    detail = client.get("/api/v1/releases/2027.1/").json()
    assert detail == item
    assert client.get("/api/v1/releases/2031.1/").status_code == 404


def test_the_releases_endpoint_takes_the_same_queries_at_few_and_many_releases(
    client, admin_user, django_assert_num_queries, memory_cache
):
    release_cut(version="2027.1", title="One", notes="", actor=admin_user)
    with django_assert_num_queries(3):  # count, releases, their files
        assert client.get("/api/v1/releases/").status_code == 200
    for n in range(2, 5):
        release_cut(version=f"2027.{n}", title="More", notes="", actor=admin_user)
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/releases/").json()["results"]) == 4


@pytest.mark.parametrize("rows", [1, 8])
def test_a_release_list_takes_the_same_queries_however_many_rows_it_holds(
    client, organization, admin_user, rows, django_assert_num_queries, memory_cache
):
    for n in range(rows):
        org = OrganizationFactory(slug=f"grown-{n}", name=f"Grown {n}")
        CoverageFactory(organization=org)
        scored_assessment(organization=org, year=2010 + n)
    release_cut(version="2027.1", title="First", notes="", actor=admin_user)
    with django_assert_num_queries(3):  # the release, the count, the page
        body = client.get("/api/v1/assessments/?release=2027.1&page_size=250").json()
    assert body["count"] == rows
    with django_assert_num_queries(2):  # the release, the item
        assert client.get("/api/v1/assessments/NOR/2010/grown-0/?release=2027.1").json()
    with django_assert_num_queries(2):  # the release, its CSV
        client.get("/api/v1/values/?release=2027.1&format=csv")


def test_the_schema_documents_release_on_every_list_and_item_of_the_archive():
    from drf_spectacular.generators import SchemaGenerator  # noqa: PLC0415

    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        path
        for path, item in schema["paths"].items()
        if any(p["name"] == "release" for p in item.get("get", {}).get("parameters", []))
    }
    expected = {f"/api/v1/{prefix}/" for prefix in ARCHIVE_RESOURCES} | {
        "/api/v1/countries/{iso3}/",
        "/api/v1/indicators/{code}/",
        "/api/v1/methodologies/{version}/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/plans/{iso3}/{key}/",
        "/api/v1/assessments/{iso3}/{year}/{org}/",
        "/api/v1/plan-reviews/{iso3}/{key}/{org}/",
    }
    assert documented == expected


@pytest.mark.parametrize("version", ["2027.1\x00", "ä", "2027.1' OR 1=1", "9" * 5000])
def test_a_release_parameter_that_is_no_version_is_a_404_not_an_error(client, version):
    response = client.get("/api/v1/plans/", {"release": version})
    assert response.status_code == 404
    assert "There is no dataset release" in response.json()["detail"]
