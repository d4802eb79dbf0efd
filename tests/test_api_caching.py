"""Conditional GET on the API's read endpoints: ETag, Last-Modified, 304 (decision 56)."""

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from indicators.api.resources import AssessmentDetailView, AssessmentScoresView, PlanDetailView
from indicators.models import Assessment
from nap_tracker.api import RootView, router
from nap_tracker.conditional import ConditionalGetMixin
from plans.models import Country
from tests.factories import scored_assessment

pytestmark = pytest.mark.django_db

READ_URLS = [
    "/api/v1/",
    "/api/v1/countries/",
    "/api/v1/countries/NOR/",
    "/api/v1/indicators/",
    "/api/v1/indicators/WC01/",
]


def test_every_read_view_of_the_router_answers_conditional_gets():
    for prefix, viewset, _ in router.registry:
        assert issubclass(viewset, ConditionalGetMixin), prefix
    assert issubclass(RootView, ConditionalGetMixin)
    for view in (PlanDetailView, AssessmentDetailView, AssessmentScoresView):
        assert issubclass(view, ConditionalGetMixin), view


@pytest.mark.parametrize("url", READ_URLS)
def test_a_read_answers_200_with_validators_and_the_same_request_with_its_etag_304(api_client, url):
    first = api_client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"') and etag.endswith('"')
    assert parse_http_date(first["Last-Modified"]) <= timezone.now().timestamp() + 1
    assert first["Cache-Control"] == "no-cache"
    vary = {v.strip() for v in first["Vary"].split(",")}
    assert {"Accept", "Accept-Language", "Cookie", "Authorization"} <= vary

    again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Last-Modified"] == first["Last-Modified"]

    since = api_client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert since.content == b""


def test_head_answers_the_validators_of_get_and_304_to_its_etag(api_client):
    get = api_client.get("/api/v1/countries/")
    head = api_client.head("/api/v1/countries/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert api_client.head("/api/v1/countries/", HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


def test_validating_an_assessment_changes_the_etag_and_the_last_modified(api_client):
    assessment = scored_assessment(status=Assessment.Status.DRAFT, validated_at=None, year=2024)
    url = "/api/v1/countries/NOR/"
    before = api_client.get(url)
    assert before.json()["latest_assessment"] is None  # a draft is not published
    assert api_client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    assessment.status = Assessment.Status.VALIDATED
    assessment.validated_at = timezone.now()
    assessment.save()
    after = api_client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["latest_assessment"]["year"] == 2024
    assert after["ETag"] != before["ETag"]
    # A new body is dated later than the old one, even within the same second.
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    stale = api_client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert stale.status_code == 200
    assert api_client.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_editing_a_country_changes_the_list_etag(api_client):
    before = api_client.get("/api/v1/countries/")
    Country.objects.filter(iso3="AFG").update(official_name="The Islamic Republic, renamed")
    after = api_client.get("/api/v1/countries/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_filters_pages_and_formats_have_their_own_etags(api_client):
    urls = [
        "/api/v1/countries/",
        "/api/v1/countries/?page=2",
        "/api/v1/countries/?page_size=10",
        "/api/v1/countries/?region=Africa",
        "/api/v1/countries/?sort=-name",
    ]
    etags = {api_client.get(url)["ETag"] for url in urls}
    assert len(etags) == len(urls)
    page_one = api_client.get("/api/v1/countries/")["ETag"]
    assert (
        api_client.get("/api/v1/countries/?page=2", HTTP_IF_NONE_MATCH=page_one).status_code == 200
    )
    html = api_client.get("/api/v1/indicators/", HTTP_ACCEPT="text/html")
    json = api_client.get("/api/v1/indicators/")
    assert html["Content-Type"].startswith("text/html")
    assert html["ETag"] != json["ETag"]


def test_an_if_none_match_list_with_the_etag_or_a_star_answers_304(api_client):
    etag = api_client.get("/api/v1/indicators/")["ETag"]
    listed = api_client.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH=f'W/"other", {etag}')
    assert listed.status_code == 304
    assert api_client.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert api_client.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_an_if_modified_since_before_the_answer_was_first_served_answers_200(api_client):
    first = api_client.get("/api/v1/indicators/")
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 1)
    assert api_client.get("/api/v1/indicators/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_failed_if_match_answers_412_as_json(api_client):
    response = api_client.get("/api/v1/indicators/", HTTP_IF_MATCH='W/"other"')
    assert response.status_code == 412
    assert set(response.json()) == {"detail"}


def test_errors_and_the_score_preview_carry_no_validators(api_client):
    missing = api_client.get("/api/v1/countries/XXX/")
    assert missing.status_code == 404
    assert "ETag" not in missing and "Last-Modified" not in missing
    bad = api_client.get("/api/v1/countries/?region=Atlantis")
    assert bad.status_code == 400 and "ETag" not in bad
    preview = api_client.post(
        "/api/v1/score-preview/", {"methodology": "1.0", "indicators": {}}, format="json"
    )
    assert preview.status_code == 200
    assert "ETag" not in preview and "Last-Modified" not in preview


def test_a_signed_in_members_answer_is_private_and_not_a_304_for_anyone_else(
    api_client, client, editor
):
    """A validator is a hash of the bytes sent: a 304 means "you already hold exactly this"."""
    client.force_login(editor)
    member = client.get("/api/v1/countries/NOR/", HTTP_ACCEPT="text/html")
    assert member.status_code == 200
    assert editor.username.encode() in member.content  # the browsable page names the user
    assert member["Cache-Control"] in {"no-cache, private", "private, no-cache"}
    anonymous = api_client.get(
        "/api/v1/countries/NOR/", HTTP_ACCEPT="text/html", HTTP_IF_NONE_MATCH=member["ETag"]
    )
    assert anonymous.status_code == 200
    assert editor.username.encode() not in anonymous.content
    assert anonymous["ETag"] != member["ETag"]
    assert anonymous["Cache-Control"] == "no-cache"
    own = client.get("/api/v1/countries/NOR/")
    again = client.get("/api/v1/countries/NOR/", HTTP_IF_NONE_MATCH=own["ETag"])
    assert again.status_code == 304
    assert "private" in again["Cache-Control"]
