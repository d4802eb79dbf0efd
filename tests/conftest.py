"""Personas and shared fixtures: anonymous, editors of two organizations, reviewer, admin."""

import pytest

from organizations.models import Membership
from tests.factories import (
    CoverageFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture
def memory_cache(settings):
    """A per-process cache, for query-count tests that count the endpoint's own queries.

    Otherwise tests use the database cache (Django's test database creation runs
    ``createcachetable``), whose rows roll back with each test.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient  # imported late: scoring tests run without Django

    return APIClient()


@pytest.fixture
def organization(db):
    """The owning organization; it monitors Norway."""
    org = OrganizationFactory(name="Owning Organization", slug="owning-org")
    CoverageFactory(organization=org)
    return org


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Other Organization", slug="other-org")


@pytest.fixture
def editor(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user


@pytest.fixture
def reviewer(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.REVIEWER).user


@pytest.fixture
def other_editor(other_organization):
    return MembershipFactory(organization=other_organization, role=Membership.Role.EDITOR).user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="site-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def norway_without_sourced_plans(db):
    """Norway with its sourced plans removed, for tests that build the plans they need.

    Since the 2026-11-24 edition of nap_generations_sourced.csv, Norway (the country the
    personas' organization covers) has five sourced plans.
    """
    from plans.models import NationalActionPlan

    plans = NationalActionPlan.objects.filter(country_id="NOR")
    plans.update(supersedes=None)
    plans.delete()


@pytest.fixture
def respondent(organization):
    """A government respondent of the owning organization for Norway (decision 96)."""
    return MembershipFactory(
        organization=organization,
        role=Membership.Role.GOVERNMENT_RESPONDENT,
        country_id="NOR",
        user__username="gov-norway",
    ).user
