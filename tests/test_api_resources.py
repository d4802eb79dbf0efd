"""The read-only methodology and organization API: fields, keys, ordering, query counts."""

import datetime

import pytest

from indicators.models import Methodology
from organizations.models import Organization
from plans.models import Country
from tests.factories import CoverageFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_methodology_list_has_version_1_0_as_current_with_its_parameters(api_client):
    response = api_client.get("/api/v1/methodologies/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Methodology.objects.count()
    row = next(r for r in body["results"] if r["version"] == "1.0")
    stored = Methodology.objects.get(version="1.0")
    assert row == {
        "version": "1.0",
        "published_on": stored.published_on.isoformat(),
        "is_current": True,
        "description": stored.description,
        "parameters": stored.parameters,
        "url": "http://testserver/api/v1/methodologies/1.0/",
    }


def test_methodology_detail_takes_a_dotted_version_in_the_url(api_client):
    response = api_client.get("/api/v1/methodologies/1.0/")
    assert response.status_code == 200
    assert response.json()["version"] == "1.0"
    assert response.json()["parameters"] == Methodology.objects.get(version="1.0").parameters


def test_methodology_detail_of_an_unknown_version_is_a_json_404(api_client):
    response = api_client.get("/api/v1/methodologies/9.9/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Methodology matches the given query."}


def test_methodology_list_is_newest_first_and_orders_by_version_on_request(api_client):
    Methodology.objects.create(version="0.9", published_on=datetime.date(2010, 1, 1))
    Methodology.objects.create(version="0.5", published_on=datetime.date(2012, 1, 1))
    default = [r["version"] for r in api_client.get("/api/v1/methodologies/").json()["results"]]
    assert default[-2:] == ["0.5", "0.9"]
    by_version = api_client.get("/api/v1/methodologies/?ordering=version").json()["results"]
    assert [r["version"] for r in by_version][:2] == ["0.5", "0.9"]
    descending = api_client.get("/api/v1/methodologies/?ordering=-version").json()["results"]
    assert [r["version"] for r in descending][-2:] == ["0.9", "0.5"]


@pytest.mark.parametrize("extra", [0, 30])
def test_methodology_list_takes_two_queries_however_many_versions(
    api_client, extra, django_assert_num_queries, memory_cache
):
    for n in range(extra):
        Methodology.objects.create(version=f"0.{n}", published_on=datetime.date(2000, 1, 1))
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/methodologies/?page_size=250")
    assert len(response.json()["results"]) == 1 + extra


def test_methodology_detail_takes_one_query(api_client, django_assert_num_queries, memory_cache):
    with django_assert_num_queries(1):
        assert api_client.get("/api/v1/methodologies/1.0/").status_code == 200


def test_organization_list_has_every_field_and_the_iso3_codes_it_covers(api_client):
    org = OrganizationFactory(
        name="Aa Peace Women",
        slug="aa-peace-women",
        acronym="APW",
        kind=Organization.Kind.NETWORK,
        website="https://example.org/apw",
        base_country_iso3="KEN",
    )
    CoverageFactory(organization=org, country=Country.objects.get(iso3="UGA"))
    CoverageFactory(organization=org, country=Country.objects.get(iso3="KEN"))
    body = api_client.get("/api/v1/organizations/").json()
    assert body["results"][0] == {
        "slug": "aa-peace-women",
        "name": "Aa Peace Women",
        "acronym": "APW",
        "kind": "network",
        "website": "https://example.org/apw",
        "base_country": "KEN",
        "is_sample": False,
        "countries": ["KEN", "UGA"],
        "url": "http://testserver/api/v1/organizations/aa-peace-women/",
    }


def test_organization_without_base_country_or_coverage_says_null_and_empty(api_client):
    OrganizationFactory(slug="lonely", name="Lonely", is_sample=True)
    row = api_client.get("/api/v1/organizations/lonely/").json()
    assert row["base_country"] is None
    assert row["countries"] == []
    assert row["is_sample"] is True


def test_inactive_organizations_are_neither_listed_nor_found(api_client, admin_user):
    OrganizationFactory(slug="closed", name="Closed", is_active=False)
    OrganizationFactory(slug="open", name="Open")
    api_client.force_authenticate(admin_user)
    slugs = [r["slug"] for r in api_client.get("/api/v1/organizations/").json()["results"]]
    assert "open" in slugs
    assert "closed" not in slugs
    assert api_client.get("/api/v1/organizations/closed/").status_code == 404


def test_organization_list_is_by_name_and_orders_by_slug_or_kind_on_request(api_client):
    OrganizationFactory(slug="b-first", name="Zed", kind=Organization.Kind.DONOR)
    OrganizationFactory(slug="a-second", name="Yak", kind=Organization.Kind.RESEARCH)
    names = [r["name"] for r in api_client.get("/api/v1/organizations/").json()["results"]]
    assert names == sorted(names)
    slugs = [
        r["slug"] for r in api_client.get("/api/v1/organizations/?ordering=-slug").json()["results"]
    ]
    assert slugs == sorted(slugs, reverse=True)
    kinds = [
        r["kind"] for r in api_client.get("/api/v1/organizations/?ordering=kind").json()["results"]
    ]
    assert kinds == sorted(kinds)


def test_organization_list_is_paginated_with_the_standard_page_size(api_client):
    for n in range(55):
        OrganizationFactory(slug=f"org-{n:02}", name=f"Org {n:02}")
    body = api_client.get("/api/v1/organizations/").json()
    assert body["count"] == Organization.objects.active().count()
    assert len(body["results"]) == 50
    assert body["next"] == "http://testserver/api/v1/organizations/?page=2"
    assert api_client.get("/api/v1/organizations/?page_size=x").status_code == 400


@pytest.mark.parametrize("organizations, countries", [(1, 1), (40, 5)])
def test_organization_list_takes_three_queries_however_many_rows(
    api_client, organizations, countries, django_assert_num_queries, memory_cache
):
    codes = list(Country.objects.order_by("iso3").values_list("iso3", flat=True)[:countries])
    for n in range(organizations):
        org = OrganizationFactory(slug=f"many-{n}", name=f"Many {n}")
        for code in codes:
            CoverageFactory(organization=org, country_id=code)
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/organizations/?page_size=250")
    rows = [r for r in response.json()["results"] if r["slug"].startswith("many-")]
    assert len(rows) == organizations
    assert all(r["countries"] == codes for r in rows)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_to_methodologies_and_organizations_are_405(api_client, method):
    OrganizationFactory(slug="target", name="Target")
    api_client.force_authenticate(UserFactory())
    for url in ("/api/v1/methodologies/1.0/", "/api/v1/organizations/target/"):
        assert getattr(api_client, method)(url, {}).status_code == 405
    assert Organization.objects.filter(slug="target").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/methodologies/",
        "/api/v1/organizations/",
        "/api/v1/plans/?country=NOR",
        "/api/v1/assessments/",
    ],
)
def test_the_new_lists_render_in_the_browsable_api_with_their_filters(api_client, url):
    response = api_client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_an_organization_website_with_non_ascii_letters_is_answered_as_a_uri(api_client):
    # Django's URLField stores IRIs; the schema says format: uri (found by the fuzz run).
    OrganizationFactory(slug="societe", name="Société", website="https://example.org/société")
    row = api_client.get("/api/v1/organizations/societe/").json()
    assert row["website"] == "https://example.org/soci%C3%A9t%C3%A9"
