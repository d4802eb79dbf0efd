"""Dataset releases: release_cut, immutability, the change summary, citations and files."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from indicators import release_changes
from indicators.models import Release, ReleaseFile, ReleaseImmutable, ReleaseRecord
from indicators.services import (
    ValueData,
    assessment_reopen,
    assessment_submit,
    assessment_validate,
    assessment_values_save,
    release_cut,
)
from nap_tracker.api import ARCHIVE_RESOURCES
from tests.factories import scored_assessment
from tests.plan_review_data import ALL_TWO, review, two_generations

pytestmark = pytest.mark.django_db

CORRECTION = "Peacekeeper figures corrected from the 2024 annual report"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "http://testserver"
    settings.SITE_NAME = "nap_tracker"


def cut(admin_user, version="2027.1", **kwargs):
    return release_cut(version=version, title="First", notes="Notes.", actor=admin_user, **kwargs)


def correct(assessment, editor, reviewer, women=30):
    """Reopen a validated assessment, change a value with a reason, validate it again."""
    assessment_reopen(assessment=assessment, actor=reviewer, reason=CORRECTION)
    assessment.refresh_from_db()
    value = ValueData(
        component="peacekeepers",
        inputs={"women": women, "men": 100 - women},
        source_url="https://example.org/evidence",
        source_page="p. 3",
        source_quote="Corrected figures.",
    )
    assessment_values_save(
        assessment=assessment,
        values={"WC04": [value]},
        actor=editor,
        expected_version=None,
        reason=CORRECTION,
    )
    assessment_submit(assessment=assessment, actor=editor, confirm_warnings=True)
    assessment.refresh_from_db()
    assessment_validate(assessment=assessment, actor=reviewer)
    assessment.refresh_from_db()
    return assessment


def all_items(client, prefix):
    items, url = [], f"/api/v1/{prefix}/?page_size=250"
    while url:
        body = client.get(url).json()
        if isinstance(body, list):
            return body
        items += body["results"]
        url = body["next"]
    return items


# --- The service --------------------------------------------------------------------------


def test_a_release_holds_every_archive_list_exactly_as_an_anonymous_client_gets_it(
    client, organization, admin_user, norway_without_sourced_plans, editor, reviewer
):
    scored_assessment(organization=organization, year=2023)
    first, _second = two_generations()
    review(first, organization, editor, values=ALL_TWO, status="validated", reviewer=reviewer)
    release = cut(admin_user)
    for prefix in ARCHIVE_RESOURCES:
        stored = list(
            ReleaseRecord.objects.filter(release=release, resource=prefix)
            .order_by("position")
            .values_list("data", flat=True)
        )
        assert stored == all_items(client, prefix), prefix
        assert stored, prefix


def test_each_csv_of_a_release_is_byte_for_byte_the_lists_csv_export(
    client, organization, admin_user
):
    scored_assessment(organization=organization, year=2023)
    release = cut(admin_user)
    for prefix in ARCHIVE_RESOURCES:
        stored = bytes(ReleaseFile.objects.get(release=release, name=f"{prefix}.csv").content)
        response = client.get(f"/api/v1/{prefix}/?format=csv")
        assert stored == b"".join(response.streaming_content), prefix


def test_every_file_carries_the_sha256_and_size_of_its_bytes_and_the_manifest_lists_them(
    organization, admin_user
):
    scored_assessment(organization=organization, year=2023)
    release = cut(admin_user)
    files = {f.name: f for f in release.files.all()}
    expected = {f"{prefix}.csv" for prefix in ARCHIVE_RESOURCES} | {
        "README.md",
        "CITATION.cff",
        "citation.txt",
        "citation.bib",
        "citation.json",
        "MANIFEST.sha256",
        "nap_tracker-release-2027.1.zip",
    }
    assert set(files) == expected
    for file in files.values():
        content = bytes(file.content)
        assert file.sha256 == hashlib.sha256(content).hexdigest()
        assert file.size == len(content)
    manifest = bytes(files["MANIFEST.sha256"].content).decode().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in manifest)
    assert set(listed) == expected - {"MANIFEST.sha256", "nap_tracker-release-2027.1.zip"}
    for name, digest in listed.items():
        assert digest == files[name].sha256
    assert files["assessments.csv"].rows == 1
    assert files["README.md"].rows is None


def test_the_zip_holds_every_other_file_with_the_same_bytes(organization, admin_user):
    scored_assessment(organization=organization, year=2023)
    release = cut(admin_user)
    files = {f.name: bytes(f.content) for f in release.files.all()}
    archive = zipfile.ZipFile(io.BytesIO(files.pop("nap_tracker-release-2027.1.zip")))
    folder = "nap_tracker-release-2027.1/"
    assert sorted(archive.namelist()) == sorted(folder + name for name in files)
    for name, content in files.items():
        assert archive.read(folder + name) == content
    readme = files["README.md"].decode()
    assert "# nap_tracker dataset release 2027.1: First" in readme
    assert "Notes." in readme and "## Columns" in readme


def test_a_release_records_its_methodology_cut_time_and_actor(admin_user, organization):
    scored_assessment(organization=organization, year=2023)
    release = cut(admin_user)
    assert release.methodology_versions == ["1.0"]
    assert release.cut_by == admin_user and release.cut_at is not None
    assert release.changes["first_release"] is True
    assert [a["key"] for a in release.changes["new_assessments"]] == ["NOR/2023/owning-org"]


@pytest.mark.parametrize("persona", ["editor", "reviewer", "other_editor"])
def test_only_site_administrators_may_cut_a_release(request, persona):
    with pytest.raises(PermissionDenied):
        release_cut(version="2027.1", title="T", notes="", actor=request.getfixturevalue(persona))
    assert not Release.objects.exists()


@pytest.mark.parametrize("version", ["2027", "27.1", "2027.0", "2027.a", "v2027.1", ""])
def test_a_version_that_is_not_year_dot_number_is_refused_on_version(admin_user, version):
    with pytest.raises(ValidationError) as exc:
        release_cut(version=version, title="T", notes="", actor=admin_user)
    assert "version" in exc.value.message_dict
    assert not ReleaseFile.objects.exists()


def test_a_version_already_cut_is_refused_and_the_first_release_is_unchanged(admin_user):
    first = cut(admin_user)
    with pytest.raises(ValidationError) as exc:
        cut(admin_user)
    assert "version" in exc.value.message_dict
    assert Release.objects.get() == first


def test_the_management_command_cuts_a_release_with_the_given_title_and_notes(admin_user):
    out = io.StringIO()
    call_command("release_cut", "2027.2", "--title", "Second", "--notes", "Why.", stdout=out)
    release = Release.objects.get(version="2027.2")
    assert (release.title, release.notes, release.cut_by) == ("Second", "Why.", admin_user)
    assert "nap_tracker-release-2027.2.zip" in out.getvalue()
    with pytest.raises(CommandError, match="year and a number"):
        call_command("release_cut", "2027", "--title", "Bad", stdout=io.StringIO())


def test_seed_demo_cuts_one_sample_release_and_not_another_when_run_again(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    release = Release.objects.get()
    assert (release.version, release.is_sample) == ("2026.1", True)
    assert "SAMPLE" in release.title and "SAMPLE" in release.notes
    readme = bytes(release.files.get(name="README.md").content).decode()
    assert "**SAMPLE RELEASE**" in readme


# --- Immutability -------------------------------------------------------------------------


def test_a_release_its_files_and_records_refuse_save_and_delete(admin_user):
    release = cut(admin_user)
    file = release.files.first()
    record = release.records.first()
    for row in (release, file, record):
        with pytest.raises(ReleaseImmutable):
            row.save()
        with pytest.raises(ReleaseImmutable):
            row.delete()
    release.title = "Changed"
    with pytest.raises(ReleaseImmutable):
        release.save()
    with pytest.raises(ReleaseImmutable):
        Release.objects.update(title="Changed")
    with pytest.raises(ReleaseImmutable):
        ReleaseFile.objects.all().delete()
    with pytest.raises(ReleaseImmutable):
        release.records.update(data={})
    assert Release.objects.get().title == "First"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE indicators_release SET title = 'Changed'",
        "DELETE FROM indicators_release",
        "UPDATE indicators_releasefile SET content = 'x'::bytea",
        "DELETE FROM indicators_releasefile",
        "UPDATE indicators_releaserecord SET data = '{}'::jsonb",
        "DELETE FROM indicators_releaserecord",
    ],
)
def test_the_database_rejects_every_update_and_delete_of_a_release(admin_user, sql):
    release = cut(admin_user)
    digests = list(release.files.values_list("sha256", flat=True))
    with (
        pytest.raises(DatabaseError, match="dataset releases are immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert Release.objects.get().title == "First"
    assert list(release.files.values_list("sha256", flat=True)) == digests
    for file in release.files.all():
        assert hashlib.sha256(bytes(file.content)).hexdigest() == file.sha256


# --- What changed -------------------------------------------------------------------------


def assessment(country="NOR", year=2024, org="org", **fields):
    return {"country": country, "year": year, "organization": org, "overall": 50.0, **fields}


CHANGE_CASES = [
    # (previous, current, reasons, expected)
    (
        None,
        {"assessments": [assessment()], "methodologies": [{"version": "1.0", "is_current": True}]},
        {},
        {
            "first_release": True,
            "new": ["NOR/2024/org"],
            "corrections": [],
            "withdrawn": [],
            "methodology": {"added": ["1.0"], "current_before": None, "current": "1.0"},
        },
    ),
    (
        {"assessments": [assessment(), assessment(year=2020)], "methodologies": []},
        {"assessments": [assessment(overall=61.5), assessment(year=2021)]},
        {"NOR/2024/org": ["Reopened: typo"]},
        {
            "first_release": False,
            "new": ["NOR/2021/org"],
            "corrections": [("NOR/2024/org", ["overall"], ["Reopened: typo"])],
            "withdrawn": ["NOR/2020/org"],
            "methodology": {"added": [], "current_before": None, "current": None},
        },
    ),
    (
        {
            "assessments": [assessment(url="http://old.example/api/v1/assessments/NOR/2024/org/")],
            "methodologies": [{"version": "1.0", "is_current": True}],
        },
        {
            "assessments": [assessment(url="https://new.example/api/v1/assessments/NOR/2024/org/")],
            "methodologies": [
                {"version": "1.1", "is_current": True},
                {"version": "1.0", "is_current": False},
            ],
        },
        {},
        {
            "first_release": False,
            "new": [],
            "corrections": [],  # a link that moved is no correction
            "withdrawn": [],
            "methodology": {"added": ["1.1"], "current_before": "1.0", "current": "1.1"},
        },
    ),
]


@pytest.mark.parametrize(("previous", "current", "reasons", "expected"), CHANGE_CASES)
def test_the_change_summary_names_new_corrected_withdrawn_and_methodology_changes(
    previous, current, reasons, expected
):
    summary = release_changes.changes(previous, current, reasons)
    assert summary["first_release"] is expected["first_release"]
    assert [a["key"] for a in summary["new_assessments"]] == expected["new"]
    assert [(c["key"], c["fields"], c["reasons"]) for c in summary["corrections"]] == expected[
        "corrections"
    ]
    assert [a["key"] for a in summary["withdrawn_assessments"]] == expected["withdrawn"]
    assert summary["methodology"] == expected["methodology"]


def test_the_change_summary_counts_plans_added_since_the_previous_release():
    previous = {"plans": [{"country": "NOR", "key": "1"}]}
    current = {"plans": [{"country": "NOR", "key": "1"}, {"country": "NOR", "key": "2"}]}
    summary = release_changes.changes(previous, current, {})
    assert summary["new_plans"] == [{"key": "NOR/2", "country": "NOR", "plan": "2"}]
    text = release_changes.changes_text(summary, "2027.1")
    assert "since release 2027.1" in text and "- 1 plan(s) added." in text


def test_a_second_release_lists_a_correction_with_the_reason_from_its_history(
    organization, editor, reviewer, admin_user
):
    published = scored_assessment(organization=organization, year=2024)
    cut(admin_user)
    correct(published, editor, reviewer)
    second = release_cut(version="2027.2", title="Second", notes="", actor=admin_user)
    (correction,) = second.changes["corrections"]
    assert correction["key"] == "NOR/2024/owning-org"
    assert "overall" in correction["fields"]
    assert f"Reopened: {CORRECTION}" in correction["reasons"]
    assert CORRECTION in second.changes_text
    assert second.changes["new_assessments"] == []


# --- Citation -----------------------------------------------------------------------------


def test_the_citation_comes_as_a_text_line_bibtex_csl_json_and_citation_cff(admin_user):
    release = cut(admin_user)
    date = release.cut_at.date().isoformat()
    url = "http://testserver/releases/2027.1/"
    assert release.citation_text == (
        f"nap_tracker dataset release 2027.1 ({date}). nap_tracker. {url}"
    )
    assert release.citation_bibtex.startswith("@dataset{nap_tracker_2027_1,\n")
    assert f"url = {{{url}}}" in release.citation_bibtex
    assert "version = {2027.1}" in release.citation_bibtex
    (item,) = release.citation_csl
    assert (item["type"], item["version"], item["URL"]) == ("dataset", "2027.1", url)
    year, month, day = (int(part) for part in date.split("-"))
    assert item["issued"] == {"date-parts": [[year, month, day]]}
    files = {
        f.name: bytes(f.content).decode() for f in release.files.exclude(name__endswith=".zip")
    }
    assert json.loads(files["citation.json"]) == release.citation_csl
    assert files["citation.txt"] == release.citation_text + "\n"
    assert files["citation.bib"] == release.citation_bibtex
    assert files["CITATION.cff"].startswith("cff-version: 1.2.0\n")
    assert 'version: "2027.1"' in files["CITATION.cff"]
    assert f"date-released: {date}" in files["CITATION.cff"]


def test_bibtex_drops_braces_and_backslashes_from_the_title():
    import datetime  # noqa: PLC0415

    entry = release_changes.citation_bibtex(
        site_name="nap_tracker",
        version="2027.1",
        title="A {bad} \\title",
        date=datetime.date(2027, 1, 15),
        url="https://example.org/releases/2027.1/",
    )
    assert "A bad title" in entry
    assert entry.count("{") == entry.count("}")


def test_the_items_link_to_site_url_even_when_it_is_not_an_allowed_host(settings, admin_user):
    settings.SITE_URL = "https://data.example.org"
    settings.ALLOWED_HOSTS = ["testserver"]
    release = cut(admin_user)
    country = release.records.get(resource="countries", key="/api/v1/countries/nor/")
    assert country.data["url"] == "https://data.example.org/api/v1/countries/NOR/"
    assert release.citation_text.endswith("https://data.example.org/releases/2027.1/")
