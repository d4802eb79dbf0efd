"""The download-everything archive: one CSV per published list and a README, for anyone."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone

from indicators.models import Assessment, Methodology
from nap_tracker.api import ARCHIVE_RESOURCES
from plans.models import Country, NationalActionPlan
from tests.factories import PlanFactory, scored_assessment

pytestmark = pytest.mark.django_db

URL = "/api/v1/download/"


@pytest.fixture
def data(organization, other_organization):
    scored_assessment(organization=organization, year=2020)
    scored_assessment(
        organization=organization, year=2021, status=Assessment.Status.DRAFT, validated_at=None
    )
    scored_assessment(
        organization=other_organization,
        year=2019,
        country=Country.objects.get(iso3="SEN"),
        is_sample=True,
    )
    PlanFactory(country=Country.objects.get(iso3="MLT"), generation=1, is_published=False)


def archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_archive_has_one_csv_per_list_of_the_registry_and_a_readme(api_client, data):
    response = api_client.get(URL)
    today = timezone.now().date().isoformat()
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="nap_tracker-data-{today}.zip"'
    )
    members = archive(response).namelist()
    assert members == [f"{name}.csv" for name in ARCHIVE_RESOURCES] + ["README.md"]
    assert ARCHIVE_RESOURCES == [
        "countries",
        "plans",
        "indicators",
        "methodologies",
        "organizations",
        "assessments",
        "scores",
        "values",
        "review-criteria",
        "plan-reviews",
    ]


@pytest.mark.parametrize("persona", [None, "editor", "admin_user"])
def test_each_csv_is_the_anonymous_export_of_its_list_whoever_asks(
    api_client, client, request, data, persona
):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    zipped = archive(api_client.get(URL))
    for name in ARCHIVE_RESOURCES:
        export = client.get(f"/api/v1/{name}/?format=csv")  # anonymous
        assert zipped.read(f"{name}.csv") == b"".join(export.streaming_content), name


def test_the_archive_holds_published_data_only(api_client, admin_user, data):
    api_client.force_authenticate(admin_user)
    zipped = archive(api_client.get(URL))
    assessments = rows(zipped.read("assessments.csv"))
    assert {row["status"] for row in assessments} == {"validated"}
    assert len(assessments) == Assessment.objects.published().count() == 2
    plans = rows(zipped.read("plans.csv"))
    assert len(plans) == NationalActionPlan.objects.published().count()
    assert "MLT" not in {row["country"] for row in plans}


def test_the_readme_dates_the_archive_and_summarises_the_current_methodology(api_client, data):
    readme = archive(api_client.get(URL)).read("README.md").decode()
    current = Methodology.objects.get(is_current=True)
    parameters = current.parameters
    assert f"Generated on {timezone.now().date().isoformat()} (UTC)" in readme
    assert f"Current version: **{current.version}**" in readme
    assert current.description in readme
    assert f"parity share: {parameters['parity_share']}%" in readme
    for threshold, band in parameters["band_thresholds"]:
        assert f"{band} from {threshold}" in readme
    assert f"methodology version {current.version}" in readme  # in the citation


def test_the_readme_counts_rows_and_sample_rows_per_file(api_client, data):
    zipped = archive(api_client.get(URL))
    readme = zipped.read("README.md").decode()
    for name in ARCHIVE_RESOURCES:
        count = len(rows(zipped.read(f"{name}.csv")))
        line = next(line for line in readme.splitlines() if line.startswith(f"| `{name}.csv`"))
        assert line.split("|")[2].strip() == str(count), name
    assessments = next(line for line in readme.splitlines() if "`assessments.csv` |" in line)
    assert assessments.split("|")[3].strip() == "1"  # Senegal 2019 is sample data
    assert "`is_sample` column is `true`" in readme


def test_the_readme_names_the_sources_how_to_cite_and_every_column(api_client, data):
    zipped = archive(api_client.get(URL))
    readme = zipped.read("README.md").decode()
    plans = rows(zipped.read("plans.csv"))
    with_source = sum(1 for row in plans if row["source_url"])
    assert f"{with_source} of {len(plans)} plans name one" in readme
    assert "peacewomen.org" in readme  # the most cited source of the sourced plans
    assert "`wording_verified`" in readme and "UN M49" in readme
    assert "## How to cite" in readme and "http://testserver/api/v1/download/" in readme
    for name in ARCHIVE_RESOURCES:
        header = next(csv.reader(io.StringIO(zipped.read(f"{name}.csv").decode())))
        section = readme.split(f"### {name}.csv")[1].split("###")[0]
        for column in header:
            assert f"- `{column}`" in section, (name, column)
    assert "- `clusters.participation.score`: 0–100" in readme


def test_the_same_archive_again_answers_304_to_its_etag(api_client, data):
    first = api_client.get(URL)
    assert first["ETag"].startswith('W/"')
    assert "Last-Modified" in first
    b"".join(first.streaming_content)
    again = api_client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    scored_assessment(organization=Assessment.objects.first().organization, year=2010)
    changed = api_client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_the_archive_is_documented_as_a_zip_and_linked_from_the_api_root(api_client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(api_client.get("/api/v1/", HTTP_ACCEPT="text/html").content, "html.parser")
    links = {a["href"]: a.get_text(strip=True) for a in page.find_all("a", href=True)}
    assert links.get(URL) == "Download everything"
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/zip"}
    assert {"200", "304", "429"} <= set(operation["responses"])


def test_writes_to_the_archive_are_405(api_client, editor):
    api_client.force_authenticate(editor)
    response = api_client.post(URL, {})
    assert response.status_code == 405
    assert "GET" in response["Allow"]
