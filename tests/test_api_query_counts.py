"""Every list endpoint of /api/v1/ takes a fixed number of queries however many rows it lists.

One table for all of them (issue 8, part 9; decision 77): the same exact count at few and at
many rows of every resource, for an anonymous caller and for an editor signed in with a real
session (two more queries: the session and its user). ``memory_cache`` keeps the throttle's
and Last-Modified's cache out of the count. A list added to the router must be added here:
the first test fails otherwise.
"""

import datetime

import pytest

from indicators.models import Assessment, Methodology
from nap_tracker.api import router
from plans.models import Country, PlanDocument
from tests.factories import (
    CoverageFactory,
    OrganizationFactory,
    PlanFactory,
    scored_assessment,
)
from tests.plan_review_data import reviewed

pytestmark = pytest.mark.django_db

# URL of each list (its largest page) -> queries for an anonymous caller.
LISTS = {
    "/api/v1/": 0,  # the root lists the resources: no database
    # Countries, assessments and values read the page first and count only a full page
    # (decision 81): these pages are not full, so the rows are the one query.
    "/api/v1/countries/?page_size=250": 1,  # countries with plans and latest scores
    "/api/v1/indicators/": 1,  # not paginated: the eleven indicators
    "/api/v1/methodologies/?page_size=250": 2,  # count, versions
    "/api/v1/organizations/?page_size=250": 3,  # count, organizations, their coverage
    "/api/v1/plans/?page_size=250": 3,  # count, plans with country and lineage, documents
    # Rows with organization, plan, score; then the page's right-of-reply periods with their
    # replies, one joined query (decision 99).
    "/api/v1/assessments/?page_size=250": 2,
    # A full page of values (there are more than 250 at many rows): the rows, then the count.
    "/api/v1/values/?page_size=5": 2,
    "/api/v1/scores/?page_size=250": 3,  # count, assessments with their score, indicators
    "/api/v1/scores/?page_size=250&form=wide": 3,
    # count, reviews with plan and org, ratings, right-of-reply periods (and, when any,
    # their replies: tests/test_plan_review_replies.py)
    "/api/v1/plan-reviews/?page_size=250": 4,
    "/api/v1/review-criteria/": 1,  # not paginated: the criteria with their framework
    # grow() cuts no release: the count (0) only. With releases it is 3 at any number
    # (count, releases, their files): tests/test_api_releases.py.
    "/api/v1/releases/?page_size=250": 1,
}
SESSION_QUERIES = 2  # the signed-in caller's session and user
FEW, MANY = 1, 12


def grow(rows: int, organization) -> None:
    """``rows`` more of everything the lists show: versions, organizations with coverage,
    plans with documents, validated and draft assessments with their values and scores."""
    without_plans = Country.objects.filter(plans__isnull=True).order_by("iso3")
    for n, country in enumerate(without_plans[:rows]):
        Methodology.objects.create(version=f"0.{n}", published_on=datetime.date(2000, 1, 1))
        org = OrganizationFactory(slug=f"grown-{n}", name=f"Grown {n}")
        CoverageFactory(organization=org, country=country)
        CoverageFactory(organization=org, country_id="NOR")
        plan = PlanFactory(country=country, generation=1)
        PlanDocument.objects.create(plan=plan, url="https://example.org/plan.pdf")
        PlanDocument.objects.create(plan=plan, url="https://example.org/report.pdf")
        scored_assessment(organization=org, country=country, year=2010 + n)
        reviewed(plan, org)  # a validated quality review (issue 10 part 1)
        scored_assessment(
            organization=organization,
            year=2010 + n,
            status=Assessment.Status.DRAFT,
            validated_at=None,
        )


def test_every_list_of_the_router_and_its_root_has_a_query_count():
    lists = {f"/api/v1/{prefix}/" for prefix, _, _ in router.registry} | {"/api/v1/"}
    assert {url.split("?")[0] for url in LISTS} == lists


@pytest.mark.parametrize("rows", [FEW, MANY])
@pytest.mark.parametrize("url", list(LISTS))
def test_an_anonymous_caller_gets_each_list_in_the_same_queries_at_few_and_many_rows(
    client, organization, url, rows, django_assert_num_queries, memory_cache
):
    grow(rows, organization)
    with django_assert_num_queries(LISTS[url]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [FEW, MANY])
@pytest.mark.parametrize("url", list(LISTS))
def test_a_signed_in_editor_gets_each_list_in_the_same_queries_at_few_and_many_rows(
    client, organization, editor, url, rows, django_assert_num_queries, memory_cache
):
    grow(rows, organization)
    client.force_login(editor)
    with django_assert_num_queries(LISTS[url] + SESSION_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_lists_show_the_grown_rows(client, organization, editor, rows, memory_cache):
    """The counts above are of full answers: every grown row is in them."""
    grow(rows, organization)
    client.force_login(editor)

    def count(url):
        return client.get(url).json()["count"]

    assert count("/api/v1/methodologies/?page_size=250") == 1 + rows
    assert count("/api/v1/organizations/?page_size=250") == 1 + rows  # + the owning org
    plans = client.get("/api/v1/plans/?page_size=250").json()["results"]
    assert sum(1 for plan in plans if len(plan["documents"]) == 2) == rows
    # The editor sees every grown validated assessment and their organization's drafts.
    assert count("/api/v1/assessments/?page_size=250") == 2 * rows
    countries = client.get("/api/v1/countries/?page_size=250").json()["results"]
    assert sum(1 for c in countries if c["latest_assessment"]) == rows
