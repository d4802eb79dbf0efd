"""The read-only plan API: every field, lineage, documents, filters, visibility, query counts."""

import pytest

from plans.models import NationalActionPlan, PlanDocument
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

SHA = "ab" * 32


@pytest.fixture
def norway_plans(norway_without_sourced_plans):
    """Norway's plans 1 and 2 published (2 supersedes 1), plan 3 unpublished (supersedes 2)."""
    first = PlanFactory(
        generation=1,
        adopted_year=2006,
        period_start=2006,
        period_end=2010,
        status=NationalActionPlan.Status.SUPERSEDED,
        lead_category=NationalActionPlan.LeadCategory.FOREIGN_AFFAIRS,
        budget=NationalActionPlan.Budget.NONE,
        me_framework=False,
    )
    second = PlanFactory(
        generation=2,
        adopted_year=2011,
        period_start=2011,
        period_end=2013,
        supersedes=first,
        status=NationalActionPlan.Status.EXPIRED,
        lead_category=NationalActionPlan.LeadCategory.DEFENCE,
        budget=NationalActionPlan.Budget.EARMARKED,
        budget_amount="1500000.00",
        budget_currency="NOK",
        me_framework=True,
    )
    PlanDocument.objects.create(
        plan=second,
        kind=PlanDocument.Kind.PLAN_TEXT,
        language=PlanDocument.Language.EN,
        title="Plan text",
        url="https://example.org/nor-2.pdf",
        sha256=SHA,
        is_official_translation=True,
    )
    third = PlanFactory(
        generation=3, adopted_year=2015, period_start=2015, supersedes=second, is_published=False
    )
    return first, second, third


def norway_rows(client, query=""):
    body = client.get(f"/api/v1/plans/?country=NOR&page_size=250{query}").json()
    return body["results"]


def test_a_plan_row_has_every_field_its_lineage_and_its_documents(api_client, norway_plans):
    row = api_client.get("/api/v1/plans/NOR/2/").json()
    assert row == {
        "country": "NOR",
        "key": "2",
        "region": "Europe",
        "generation": 2,
        "title": "",
        "original_title": "",
        "adopted_on": None,
        "adopted_on_precision": row["adopted_on_precision"],
        "adopted_year": 2011,
        "period_start": 2011,
        "period_end": 2013,
        "status": "expired",
        "lead_ministry": "",
        "lead_category": "defence",
        "budget": "earmarked",
        "budget_amount": 1500000.0,
        "budget_currency": "NOK",
        "me_framework": True,
        "me_indicators": None,
        "me_baseline": None,
        "me_targets": None,
        "cso_role_design": None,
        "cso_role_implementation": None,
        "cso_role_monitoring": None,
        "scope": row["scope"],
        "source_url": "https://example.org/plan",
        "notes": "",
        "is_published": True,
        "is_sample": False,
        "supersedes": "1",
        "superseded_by": None,  # plan 3 is unpublished: not even its key shows
        "documents": [
            {
                "kind": "plan_text",
                "language": "en",
                "title": "Plan text",
                "url": "https://example.org/nor-2.pdf",
                "sha256": SHA,
                "is_official_translation": True,
            }
        ],
        "url": "http://testserver/api/v1/plans/NOR/2/",
        "page_url": "http://testserver/countries/NOR/plans/2/",
    }


def test_the_first_plan_is_superseded_by_the_second(api_client, norway_plans):
    row = api_client.get("/api/v1/plans/nor/1/").json()
    assert row["supersedes"] is None
    assert row["superseded_by"] == "2"
    assert row["documents"] == []


def test_plans_without_generation_are_found_by_their_adoption_year_key(
    api_client, norway_without_sourced_plans
):
    PlanFactory(generation=None, adopted_year=2019, period_start=2019)
    row = api_client.get("/api/v1/plans/NOR/adopted-2019/").json()
    assert row["key"] == "adopted-2019"
    assert row["url"] == "http://testserver/api/v1/plans/NOR/adopted-2019/"


@pytest.mark.parametrize(
    "persona, sees_draft",
    [(None, False), ("editor", False), ("other_editor", False), ("admin_user", True)],
)
def test_an_unpublished_plan_is_404_to_all_but_administrators(
    api_client, request, norway_plans, persona, sees_draft
):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    detail = api_client.get("/api/v1/plans/NOR/3/")
    assert detail.status_code == (200 if sees_draft else 404)
    keys = [row["key"] for row in norway_rows(api_client)]
    assert keys == (["1", "2", "3"] if sees_draft else ["1", "2"])
    lineage = api_client.get("/api/v1/plans/NOR/2/").json()["superseded_by"]
    assert lineage == ("3" if sees_draft else None)


def test_an_unknown_plan_key_is_a_json_404(api_client, norway_plans):
    response = api_client.get("/api/v1/plans/NOR/9/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No NationalActionPlan matches the given query."}


def test_the_plan_list_filters_by_one_or_many_countries_in_any_case(api_client, norway_plans):
    published = NationalActionPlan.objects.published()
    both = api_client.get("/api/v1/plans/?country=nor,SWE&page_size=250").json()
    assert both["count"] == published.filter(country_id__in=["NOR", "SWE"]).count()
    assert {row["country"] for row in both["results"]} == {"NOR", "SWE"}
    assert len(norway_rows(api_client)) == 2


def test_the_plan_list_rejects_a_country_that_is_not_an_iso3_code(api_client):
    response = api_client.get("/api/v1/plans/?country=NOR,Norway")
    assert response.status_code == 400
    assert list(response.json()) == ["country"]


def test_the_plan_list_filters_by_region(api_client):
    body = api_client.get("/api/v1/plans/?region=Africa&page_size=250").json()
    expected = NationalActionPlan.objects.published().filter(country__region="Africa")
    assert body["count"] == expected.count() > 0
    assert {row["region"] for row in body["results"]} == {"Africa"}


@pytest.mark.parametrize(
    "query, keys",
    [
        ("&status=expired", ["2"]),
        ("&lead_category=foreign_affairs", ["1"]),
        ("&budget=earmarked", ["2"]),
        ("&me_framework=true", ["2"]),
        ("&me_framework=false", ["1"]),
        ("&adopted_year_min=2007", ["2"]),
        ("&adopted_year_max=2010", ["1"]),
        ("&adopted_year_min=2006&adopted_year_max=2011", ["1", "2"]),
        ("&ordering=-adopted_year", ["2", "1"]),
    ],
)
def test_the_plan_list_filters_and_orders(api_client, norway_plans, query, keys):
    assert [row["key"] for row in norway_rows(api_client, query)] == keys


@pytest.mark.parametrize(
    "query", ["status=secret", "me_framework=maybe", "adopted_year_min=1" + "0" * 5000]
)
def test_the_plan_list_answers_a_bad_filter_with_a_400_naming_it(api_client, query):
    response = api_client.get(f"/api/v1/plans/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


@pytest.mark.parametrize("page_size", [5, 250])
def test_the_plan_list_takes_three_queries_however_many_rows(
    api_client, admin_user, page_size, django_assert_num_queries, memory_cache
):
    for plan in NationalActionPlan.objects.all()[:20]:
        PlanDocument.objects.create(plan=plan, url="https://example.org/doc.pdf")
    api_client.force_authenticate(admin_user)
    with django_assert_num_queries(3):  # count, plans with country and lineage, documents
        response = api_client.get(f"/api/v1/plans/?page_size={page_size}")
    assert len(response.json()["results"]) == min(page_size, NationalActionPlan.objects.count())


@pytest.mark.parametrize("documents", [0, 6])
def test_the_plan_detail_takes_two_queries_however_many_documents(
    api_client, norway_plans, documents, django_assert_num_queries, memory_cache
):
    for n in range(documents):
        PlanDocument.objects.create(plan=norway_plans[0], url=f"https://example.org/{n}.pdf")
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/plans/NOR/1/")
    assert len(response.json()["documents"]) == documents


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_to_plans_are_405(api_client, norway_plans, method):
    for url in ("/api/v1/plans/", "/api/v1/plans/NOR/1/"):
        assert getattr(api_client, method)(url, {}).status_code == 405


def test_plan_and_document_urls_with_non_ascii_letters_are_answered_as_uris(
    api_client, norway_plans
):
    # Found by the fuzz run: the sourced plan of Guinea has a U+FFFC in its source URL.
    first = norway_plans[0]
    first.source_url = "https://example.org/plan-année"
    first.save()
    PlanDocument.objects.create(plan=first, title="Texte", url="https://example.org/texte-é.pdf")
    row = api_client.get("/api/v1/plans/NOR/1/").json()
    assert row["source_url"] == "https://example.org/plan-ann%C3%A9e"
    assert row["documents"][0]["url"] == "https://example.org/texte-%C3%A9.pdf"
    summary = api_client.get("/api/v1/countries/NOR/").json()["plans"][0]
    assert summary["source_url"] == "https://example.org/plan-ann%C3%A9e"


def test_every_sourced_plan_url_in_the_api_is_ascii(api_client):
    rows = api_client.get("/api/v1/plans/?page_size=250").json()["results"]
    urls = [row["source_url"] for row in rows if row["source_url"]]
    assert urls and all(url.isascii() for url in urls)
    assert "https://fps.assistic.net/kb/indicateur-5-resolution-1325%EF%BF%BC-3" in urls
