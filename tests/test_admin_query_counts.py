"""Every changelist of the admin runs a fixed number of queries, however many rows it shows.

One table for all of them (issue 9, part 1): the exact count for a site admin at few and at
many rows of every model (list_select_related, annotations and prefetches in get_queryset).
A model registered in the admin without a count here fails the first test.
"""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from indicators.models import Assessment, Methodology, Release
from organizations.models import Membership
from organizations.services import api_token_create, invitation_create
from plans.models import Country, PlanDocument
from plans.review_models import QualityFramework
from plans.services import coverage_request_create
from tests.factories import (
    CoverageFactory,
    MembershipFactory,
    OrganizationFactory,
    PlanFactory,
    scored_assessment,
)
from tests.plan_review_data import reviewed

pytestmark = pytest.mark.django_db

# Model label -> queries of its changelist for a signed-in site admin: 5 at least (session,
# user, the filtered and the total count, the page of rows with list_select_related and the
# annotations of get_queryset), plus one per filter whose choices come from the database.
# Countries, plans and the WPS index come with the reference data: many rows already.
CHANGELISTS = {
    "auth.Group": 5,
    "axes.AccessAttempt": 8,  # django-axes' own admin: its filters' choices
    "axes.AccessFailureLog": 8,
    "axes.AccessLog": 8,
    "indicators.Assessment": 7,  # + the organization and year filters' choices
    "indicators.AssessmentScore": 6,  # + the methodology filter's choices
    "indicators.Indicator": 5,
    "indicators.IndicatorValue": 6,  # + the indicator filter's choices
    "indicators.Methodology": 5,
    "indicators.Release": 5,
    "organizations.ApiToken": 5,
    "organizations.Invitation": 6,  # + the organization filter's choices
    "organizations.Membership": 6,  # + the organization filter's choices
    "organizations.Organization": 5,
    "organizations.User": 8,  # + memberships with organizations (one prefetch), filters' choices
    "plans.Country": 5,
    "plans.Coverage": 6,  # + the organization filter's choices
    "plans.CoverageRequest": 5,
    "plans.NationalActionPlan": 5,
    "plans.PlanDocument": 5,
    "plans.WPSIndexEntry": 7,  # + the edition and region filters' choices
    "plans.QualityFramework": 5,
    "plans.QualityCriterion": 6,  # + the framework filter's choices
    "plans.PlanReview": 6,  # + the framework filter's choices
}
FEW, MANY = 1, 5


def changelist_url(label: str) -> str:
    app_label, model_name = label.lower().split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def grow(rows: int, organization, admin_user) -> None:
    """``rows`` more of every model the admin lists, each with the relations it shows."""
    without_plans = Country.objects.filter(plans__isnull=True).order_by("iso3")
    now = timezone.now()
    for n, country in enumerate(without_plans[:rows]):
        Group.objects.create(name=f"Group {n}")
        Methodology.objects.create(version=f"0.{n}", published_on=datetime.date(2000, 1, 1))
        org = OrganizationFactory(slug=f"grown-{n}", name=f"Grown {n}")
        CoverageFactory(organization=org, country=country)
        CoverageFactory(organization=org, country_id="NOR")
        for role in Membership.Role.values:
            # A government respondent answers for one country (decision 96).
            answers_for = "NOR" if role == Membership.Role.GOVERNMENT_RESPONDENT else None
            member = MembershipFactory(organization=org, role=role, country_id=answers_for).user
            MembershipFactory(organization=organization, user=member)
        api_token_create(user=member, name=f"script {n}")
        invitation_create(
            actor=admin_user, organization=org, email=f"new{n}@example.org", send=False
        )
        coverage_request_create(
            actor=admin_user, organization=org, country=Country.objects.get(iso3="DNK")
        )
        first = PlanFactory(country=country, generation=1)
        second = PlanFactory(
            country=country, generation=2, supersedes=first, period_start=2020, period_end=2024
        )
        PlanDocument.objects.create(plan=second, url="https://example.org/plan.pdf")
        reviewed(second, org)  # a validated quality review (issue 10 part 1)
        QualityFramework.objects.create(version=f"0.{n}", title=f"Grown framework {n}")
        scored_assessment(organization=org, country=country, year=2010 + n)
        scored_assessment(
            organization=organization,
            year=2010 + n,
            status=Assessment.Status.DRAFT,
            validated_at=None,
        )
        AccessAttempt.objects.create(
            username=f"u{n}", ip_address="127.0.0.1", failures_since_start=1
        )
        AccessLog.objects.create(username=f"u{n}", ip_address="127.0.0.1", attempt_time=now)
        AccessFailureLog.objects.create(username=f"u{n}", ip_address="127.0.0.1", attempt_time=now)
        # A release row as release_cut writes it, without its files (cutting is slow).
        Release.objects.create(
            version=f"2027.{n + 1}",
            title=f"Release {n}",
            cut_at=now,
            cut_by=admin_user,
            citation_text="x",
            citation_bibtex="x",
            citation_csl=[],
        )


def test_every_changelist_of_the_admin_has_a_query_count():
    assert set(CHANGELISTS) == {model._meta.label for model in admin.site._registry}


@pytest.mark.parametrize("rows", [FEW, MANY], ids=["few", "many"])
@pytest.mark.parametrize("label", sorted(CHANGELISTS))
def test_a_changelist_runs_a_fixed_number_of_queries(
    client, admin_user, organization, django_assert_num_queries, memory_cache, label, rows
):
    grow(rows, organization, admin_user)
    client.force_login(admin_user)
    url = changelist_url(label)
    client.get(url)  # warm: content types, the admin's per-process caches
    with django_assert_num_queries(CHANGELISTS[label]):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= rows
