"""The read-only country and indicator API: pagination, filters, details, query counts."""

import pytest

from plans.models import Country, NationalActionPlan
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

COUNTRY_FIELDS = {
    "iso3",
    "iso2",
    "m49",
    "name",
    "official_name",
    "region",
    "subregion",
    "un_member",
    "un_member_since",
    "un_observer",
    "has_plan",
    "plan_count",
    "url",
    "page_url",
    "nap_status",
    "latest_assessment",
}
NLD_SOURCE = "https://canonvannederland.nl/nl/page/158143/2000-un-security-council-resolution-1325"


def countries_with_published_plans() -> set[str]:
    rows = NationalActionPlan.objects.filter(is_published=True).values("country").distinct()
    return {row["country"] for row in rows}


def test_country_list_is_paginated_by_fifty_with_a_next_link(api_client):
    response = api_client.get("/api/v1/countries/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 249
    assert len(body["results"]) == 50
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/countries/?page=2"


def test_country_list_last_page_has_the_remaining_rows_and_no_next_link(api_client):
    body = api_client.get("/api/v1/countries/?page=5").json()
    assert len(body["results"]) == 49
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/v1/countries/?page=4"


def test_country_list_page_size_250_returns_every_country_in_one_page(api_client):
    body = api_client.get("/api/v1/countries/?page_size=250").json()
    assert body["count"] == 249
    assert len(body["results"]) == 249
    assert body["next"] is None
    iso3s = [row["iso3"] for row in body["results"]]
    assert set(iso3s) == set(Country.objects.values_list("iso3", flat=True))
    names = [row["name"] for row in body["results"]]
    assert names == list(Country.objects.order_by("name").values_list("name", flat=True))


def test_country_list_page_size_is_capped_at_250(api_client):
    Country.objects.create(iso3="XAA", iso2="X1", m49=991, name="Zz Test Land A")
    Country.objects.create(iso3="XAB", iso2="X2", m49=992, name="Zz Test Land B")
    body = api_client.get("/api/v1/countries/?page_size=1000").json()
    assert body["count"] == 251
    assert len(body["results"]) == 250
    assert body["next"] == "http://testserver/api/v1/countries/?page=2&page_size=1000"


def test_country_list_rows_have_every_field(api_client):
    body = api_client.get("/api/v1/countries/?q=NLD").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) == COUNTRY_FIELDS
    assert row == {
        "iso3": "NLD",
        "iso2": "NL",
        "m49": 528,
        "name": "Netherlands",
        "official_name": "Kingdom of the Netherlands",
        "region": "Europe",
        "subregion": "Western Europe",
        "un_member": True,
        "un_member_since": 1945,
        "un_observer": False,
        "has_plan": True,
        "plan_count": 3,
        "url": "http://testserver/api/v1/countries/NLD/",
        "page_url": "http://testserver/countries/NLD/",
        "nap_status": "",
        "latest_assessment": None,
    }


def test_country_list_filters_by_region(api_client):
    body = api_client.get("/api/v1/countries/?region=Africa&page_size=250").json()
    assert body["count"] == Country.objects.filter(region="Africa").count()
    assert body["count"] > 50
    assert len(body["results"]) == body["count"]
    assert {row["region"] for row in body["results"]} == {"Africa"}


def test_country_list_filters_by_has_plan_true(api_client):
    expected = countries_with_published_plans()
    body = api_client.get("/api/v1/countries/?has_plan=true&page_size=250").json()
    assert body["count"] == len(expected)
    assert {row["iso3"] for row in body["results"]} == expected
    assert all(row["has_plan"] and row["plan_count"] >= 1 for row in body["results"])


def test_country_list_filters_by_has_plan_false(api_client):
    expected = Country.objects.count() - len(countries_with_published_plans())
    body = api_client.get("/api/v1/countries/?has_plan=false&page_size=250").json()
    assert body["count"] == expected
    assert body["count"] + len(countries_with_published_plans()) == 249
    assert all(not row["has_plan"] and row["plan_count"] == 0 for row in body["results"])


def test_country_list_has_plan_ignores_unpublished_plans(api_client):
    PlanFactory(country=Country.objects.get(iso3="ALB"), generation=1, is_published=False)
    with_plan = api_client.get("/api/v1/countries/?has_plan=true&page_size=250").json()
    without_plan = api_client.get("/api/v1/countries/?has_plan=false&page_size=250").json()
    assert "ALB" not in {row["iso3"] for row in with_plan["results"]}
    albania = next(row for row in without_plan["results"] if row["iso3"] == "ALB")
    assert albania["has_plan"] is False
    assert albania["plan_count"] == 0


def test_country_list_filters_un_members(api_client):
    body = api_client.get("/api/v1/countries/?un_member=true&page_size=250").json()
    assert body["count"] == 193
    assert all(row["un_member"] for row in body["results"])


def test_country_list_searches_by_name_with_q(api_client):
    body = api_client.get("/api/v1/countries/?q=nor&page_size=250").json()
    names = {row["name"] for row in body["results"]}
    assert "Norway" in names
    assert "NOR" in {row["iso3"] for row in body["results"]}
    assert all("nor" in (row["name"] + row["official_name"]).lower() for row in body["results"])


def test_country_list_rejects_an_unknown_region_naming_the_filter(api_client):
    response = api_client.get("/api/v1/countries/?region=Atlantis")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["region"]
    assert "Atlantis" in body["region"][0]


def test_country_list_boolean_filters_accept_one_and_zero(api_client):
    yes = api_client.get("/api/v1/countries/?has_plan=1").json()
    no = api_client.get("/api/v1/countries/?has_plan=0").json()
    assert yes["count"] == len(countries_with_published_plans())
    assert no["count"] == 249 - yes["count"]


@pytest.mark.parametrize("page_size, queries", [(5, 2), (50, 2), (250, 1)])
def test_country_list_query_count_does_not_grow_with_page_size(
    api_client, page_size, queries, django_assert_num_queries, memory_cache
):
    # The rows, and the count only when the page is full: all 249 fit on a page of 250.
    with django_assert_num_queries(queries):
        response = api_client.get(f"/api/v1/countries/?page_size={page_size}")
    assert len(response.json()["results"]) == min(page_size, 249)


def test_country_detail_shows_the_netherlands_with_its_sourced_plans(api_client):
    response = api_client.get("/api/v1/countries/NLD/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == COUNTRY_FIELDS | {"plans"}
    assert body["name"] == "Netherlands"
    assert body["plan_count"] == 3
    plans = body["plans"]
    assert [p["generation"] for p in plans] == [1, 2, 3]
    assert [p["supersedes"] for p in plans] == [None, "1", "2"]
    assert [p["adopted_year"] for p in plans] == [2008, 2012, 2016]
    third = plans[2]
    assert third == {
        "country": "NLD",
        "generation": 3,
        "title": "",
        "adopted_on": None,
        "adopted_on_precision": "",
        "adopted_year": 2016,
        "period_start": 2016,
        "period_end": 2019,
        "status": "",
        "lead_ministry": "",
        "lead_category": "",
        "supersedes": "2",
        "source_url": NLD_SOURCE,
        "notes": "extended by one year",
        "is_sample": False,
        "page_url": "http://testserver/countries/NLD/plans/3/",
    }
    assert all(p["source_url"] == NLD_SOURCE for p in plans)


def test_country_detail_accepts_a_lowercase_code(api_client):
    response = api_client.get("/api/v1/countries/nld/")
    assert response.status_code == 200
    assert response.json()["iso3"] == "NLD"
    assert len(response.json()["plans"]) == 3


def test_country_detail_of_an_unknown_code_is_404(api_client):
    assert api_client.get("/api/v1/countries/XXX/").status_code == 404


def test_country_detail_hides_unpublished_plans(api_client):
    PlanFactory(
        country=Country.objects.get(iso3="NLD"),
        generation=4,
        adopted_year=2021,
        is_published=False,
    )
    body = api_client.get("/api/v1/countries/NLD/").json()
    assert [p["generation"] for p in body["plans"]] == [1, 2, 3]
    assert body["plan_count"] == 3
    assert NationalActionPlan.objects.filter(country="NLD").count() == 4


@pytest.mark.parametrize("iso3, plans", [("ALB", 0), ("NLD", 3), ("DNK", 4)])
def test_country_detail_query_count_does_not_grow_with_plans(
    api_client, iso3, plans, django_assert_num_queries, memory_cache
):
    with django_assert_num_queries(2):
        response = api_client.get(f"/api/v1/countries/{iso3}/")
    assert len(response.json()["plans"]) == plans


@pytest.mark.parametrize(
    "method, url",
    [
        ("post", "/api/v1/countries/"),
        ("put", "/api/v1/countries/NLD/"),
        ("patch", "/api/v1/countries/NLD/"),
        ("delete", "/api/v1/countries/NLD/"),
    ],
)
def test_anonymous_writes_to_countries_are_not_allowed_and_change_nothing(api_client, method, url):
    payload = {"iso3": "NLD", "iso2": "NL", "m49": 528, "name": "Changed"}
    response = getattr(api_client, method)(url, payload, format="json")
    # 405, not 403: signing in would not help (tests/test_api_hardening.py).
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    assert Country.objects.count() == 249
    assert Country.objects.get(iso3="NLD").name == "Netherlands"


@pytest.mark.parametrize(
    "method, url",
    [
        ("post", "/api/v1/countries/"),
        ("put", "/api/v1/countries/NLD/"),
        ("delete", "/api/v1/countries/NLD/"),
    ],
)
def test_signed_in_writes_to_countries_are_not_allowed(api_client, method, url):
    api_client.force_authenticate(UserFactory(is_staff=True))
    response = getattr(api_client, method)(url, {"name": "Changed"}, format="json")
    assert response.status_code == 405
    assert Country.objects.count() == 249
    assert Country.objects.get(iso3="NLD").name == "Netherlands"


def test_indicator_list_has_the_eleven_codes_in_order_with_unverified_wording(api_client):
    response = api_client.get("/api/v1/indicators/")
    assert response.status_code == 200
    rows = response.json()
    assert [row["code"] for row in rows] == [f"WC{n:02d}" for n in range(1, 12)]
    assert all(row["wording_verified"] is False for row in rows)
    assert all(row["source_url"].startswith("http") for row in rows)
    assert [row["cluster"] for row in rows] == ["participation"] * 5 + [
        "prevention_protection"
    ] * 4 + ["promotion"] * 2


def test_indicator_list_takes_one_query(api_client, django_assert_num_queries, memory_cache):
    with django_assert_num_queries(1):
        response = api_client.get("/api/v1/indicators/")
    assert len(response.json()) == 11


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["has_plan", "un_member"])
def test_country_list_rejects_a_yes_no_filter_it_does_not_understand(api_client, param):
    response = api_client.get(f"/api/v1/countries/?{param}=perhaps")
    assert response.status_code == 400
    assert response.json() == {param: ["perhaps is not one of true, false, 1 or 0."]}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-1", "0", "abc", "1.5", "²"])
def test_country_list_rejects_a_page_size_that_is_not_a_whole_number(api_client, value):
    response = api_client.get("/api/v1/countries/", {"page_size": value})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["page_size must be a whole number from 1 to 250."]}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "0", "99"])
def test_country_list_answers_an_invalid_page_with_a_message(api_client, value):
    response = api_client.get("/api/v1/countries/", {"page": value})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Invalid page")
