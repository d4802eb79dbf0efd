"""/api/v1/plan-reviews/ and /api/v1/review-criteria/: visibility, filters, nested ratings, CSV."""

import csv
import io
import json

import pytest

from tests.plan_review_data import ALL_TWO, MIXED, review, two_generations

pytestmark = pytest.mark.django_db

LIST = "/api/v1/plan-reviews/"


@pytest.fixture
def data(norway_without_sourced_plans, organization, editor, reviewer):
    first, second = two_generations()
    old = review(first, organization, editor, values=MIXED, status="validated", reviewer=reviewer)
    new = review(second, organization, editor, values=(2, 2), is_sample=True)
    return old, new


def rows(api_client, url=LIST):
    response = api_client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_anonymous_gets_only_validated_reviews_with_their_ratings(api_client, data):
    [row] = rows(api_client)
    assert {k: row[k] for k in ("country", "plan", "organization", "framework", "status")} == {
        "country": "NOR",
        "plan": "1",
        "organization": "owning-org",
        "framework": "1.0",
        "status": "validated",
    }
    assert (row["score"], row["rated_count"], row["is_sample"]) == (64.3, 7, False)
    assert [r["code"] for r in row["ratings"]] == [f"QR0{n}" for n in range(1, 8)]
    assert row["ratings"][2] == {
        "code": "QR03",
        "title": "Earmarked budget",
        "wording_verified": False,
        "rating": 0,
        "rating_label": "absent",
        "evidence": "p. 3, §3.1",
        "quote": "",
    }
    assert row["url"] == "http://testserver/api/v1/plan-reviews/NOR/1/owning-org/"
    assert row["page_url"] == "http://testserver/countries/NOR/plans/1/#quality"


def test_no_person_is_named_in_a_review_row(api_client, data, editor, reviewer):
    body = json.dumps(rows(api_client))
    assert editor.username not in body and reviewer.username not in body
    assert "submitted_by" not in body and "validated_by" not in body


def test_members_see_their_organizations_drafts_and_others_do_not(
    api_client, data, editor, other_editor
):
    api_client.force_authenticate(editor)
    assert {r["status"] for r in rows(api_client)} == {"validated", "draft"}
    api_client.force_authenticate(other_editor)
    assert {r["status"] for r in rows(api_client)} == {"validated"}


def test_a_site_admin_sees_every_review(api_client, data, admin_user):
    api_client.force_authenticate(admin_user)
    assert len(rows(api_client)) == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?country=nor", 2),
        ("?country=SWE", 0),
        ("?plan=1", 1),
        ("?plan=2", 1),
        ("?organization=owning-org", 2),
        ("?organization=other-org", 0),
        ("?status=draft", 1),
        ("?is_sample=true", 1),
        ("?is_sample=false", 1),
    ],
)
def test_the_filters_narrow_what_an_editor_may_see(api_client, data, editor, query, expected):
    api_client.force_authenticate(editor)
    assert len(rows(api_client, LIST + query)) == expected


def test_a_bad_plan_key_is_a_400_naming_the_filter(api_client, data):
    response = api_client.get(LIST + "?plan=third")
    assert response.status_code == 400
    assert "plan" in response.json()


def test_the_detail_answers_a_visible_review_and_404_otherwise(api_client, data):
    response = api_client.get("/api/v1/plan-reviews/NOR/1/owning-org/")
    assert response.status_code == 200 and response.json()["score"] == 64.3
    assert api_client.get("/api/v1/plan-reviews/NOR/2/owning-org/").status_code == 404
    assert api_client.get("/api/v1/plan-reviews/NOR/1/other-org/").status_code == 404


def test_the_csv_reads_back_to_the_json_rows(api_client, data, editor):
    api_client.force_authenticate(editor)
    json_rows = rows(api_client)
    response = api_client.get(LIST + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    read = list(csv.DictReader(io.StringIO(body)))
    assert [r["plan"] for r in read] == [r["plan"] for r in json_rows]
    assert [r["score"] for r in read] == ["64.3", "100.0"]
    assert json.loads(read[0]["ratings"]) == json_rows[0]["ratings"]


def test_the_archive_includes_the_plan_reviews(api_client, data):
    import zipfile

    response = api_client.get("/api/v1/download/")
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read("plan-reviews.csv").decode()
        assert "review-criteria.csv" in archive.namelist()
    read = list(csv.DictReader(io.StringIO(text)))
    assert [(r["plan"], r["status"]) for r in read] == [("1", "validated")]


def test_the_criteria_endpoint_lists_framework_1_0_unverified(api_client, db):
    response = api_client.get("/api/v1/review-criteria/")
    body = response.json()
    assert [c["code"] for c in body] == [f"QR0{n}" for n in range(1, 8)]
    assert {c["framework"] for c in body} == {"1.0"}
    assert not any(c["wording_verified"] for c in body)
    assert body[0]["source_url"].startswith("https://")


def test_a_second_validated_review_comes_after_by_plan(api_client, data, reviewer, editor):
    from plans.review_services import plan_review_submit, plan_review_validate

    _old, new = data
    from plans.review_services import plan_review_ratings_save
    from tests.plan_review_data import ratings

    new = plan_review_ratings_save(
        review=new, actor=editor, ratings=ratings(*ALL_TWO), expected_version=None
    )
    plan_review_submit(review=new, actor=editor)
    plan_review_validate(review=new, actor=reviewer)
    assert [r["plan"] for r in rows(api_client)] == ["1", "2"]
    assert [r["plan"] for r in rows(api_client, LIST + "?ordering=-score")] == ["2", "1"]
