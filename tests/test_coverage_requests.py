"""Coverage requests (issue 9, part 2; decision 85): an org admin asks on her organization's
coverage page for a country; a site admin approves (adding the coverage) or declines in the
admin. Also a site admin's invitation from the admin."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.test import Client

from organizations.models import Invitation, Membership
from plans.models import Country, Coverage, CoverageRequest
from plans.services import coverage_request_create, coverage_request_decide
from tests.factories import MembershipFactory
from tests.html import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_admin(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def coverage_url(organization) -> str:
    return f"/organizations/{organization.slug}/coverage/"


def test_an_org_admin_requests_a_country_which_is_pending_until_a_site_admin_decides(
    organization, org_admin
):
    client = signed_in(org_admin)
    response = client.post(coverage_url(organization), {"country": "DNK", "reason": "Partners"})
    assert response.status_code == 302
    request = CoverageRequest.objects.get()
    assert (request.country_id, request.status, request.requested_by, request.reason) == (
        "DNK",
        "pending",
        org_admin,
        "Partners",
    )
    assert not Coverage.objects.filter(organization=organization, country_id="DNK").exists()
    page = soup(client.get(coverage_url(organization)))
    assert [li.get_text() for li in page.select("#covered tbody th")] == ["Norway (NOR)"]
    assert page.select_one("#requests tbody td:nth-of-type(2)").get_text() == "Pending"


def test_requesting_a_country_already_covered_or_already_requested_is_refused(
    organization, org_admin
):
    client = signed_in(org_admin)
    response = client.post(coverage_url(organization), {"country": "NOR"})
    errors = [p.get_text() for p in soup(response, 400).select("p.error")]
    assert errors == ["Owning Organization already covers Norway."]
    client.post(coverage_url(organization), {"country": "DNK"})
    response = client.post(coverage_url(organization), {"country": "DNK"})
    errors = [p.get_text() for p in soup(response, 400).select("p.error")]
    assert errors == ["Denmark is already requested and awaits a site admin."]
    assert CoverageRequest.objects.count() == 1


@pytest.mark.parametrize("persona", ["editor", "reviewer", "other_editor"])
def test_members_who_are_not_its_admins_cannot_request_coverage(request, organization, persona):
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(coverage_url(organization)).status_code == 403
    assert client.post(coverage_url(organization), {"country": "DNK"}).status_code == 403
    assert not CoverageRequest.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(organization):
    response = Client().get(coverage_url(organization))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_site_admin_approves_in_the_admin_which_adds_the_coverage(
    organization, org_admin, admin_user
):
    denmark = Country.objects.get(iso3="DNK")
    pending = coverage_request_create(actor=org_admin, organization=organization, country=denmark)
    response = signed_in(admin_user).post(
        "/admin/plans/coveragerequest/",
        {"action": "approve", ACTION_CHECKBOX_NAME: [str(pending.pk)]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("approved", admin_user)
    assert Coverage.objects.filter(organization=organization, country=denmark).exists()
    assert pending.history.first().history_change_reason == "Approved"


def test_a_declined_request_adds_nothing_and_is_decided_once(organization, org_admin, admin_user):
    denmark = Country.objects.get(iso3="DNK")
    pending = coverage_request_create(actor=org_admin, organization=organization, country=denmark)
    coverage_request_decide(coverage_request=pending, actor=admin_user, approve=False)
    pending.refresh_from_db()
    assert pending.status == "declined"
    assert not Coverage.objects.filter(organization=organization, country=denmark).exists()
    response = signed_in(admin_user).post(
        "/admin/plans/coveragerequest/",
        {"action": "approve", ACTION_CHECKBOX_NAME: [str(pending.pk)]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].endswith("This request has already been decided.")
    assert not Coverage.objects.filter(organization=organization, country=denmark).exists()


def test_an_org_admin_cannot_approve_her_own_request(organization, org_admin):
    denmark = Country.objects.get(iso3="DNK")
    pending = coverage_request_create(actor=org_admin, organization=organization, country=denmark)
    with pytest.raises(PermissionDenied):
        coverage_request_decide(coverage_request=pending, actor=org_admin, approve=True)


def test_a_site_admin_invites_from_the_admin_through_the_invitation_service(
    organization, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/organizations/invitation/add/",
            {"organization": str(organization.pk), "email": "x@example.org", "role": "org_admin"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.invited_by) == ("org_admin", admin_user)
    assert "http://testserver/invitations/" in mailoutbox[0].body


@pytest.mark.parametrize("requests", [1, 10], ids=["few", "many"])
def test_the_coverage_page_runs_a_fixed_number_of_queries(
    organization, org_admin, requests, django_assert_num_queries, memory_cache
):
    countries = Country.objects.exclude(iso3="NOR").order_by("iso3")[:requests]
    for country in countries:
        coverage_request_create(actor=org_admin, organization=organization, country=country)
    client = signed_in(org_admin)
    # session, user, organization, may-manage check, coverage, requests, the country choices
    with django_assert_num_queries(7):
        response = client.get(coverage_url(organization))
    assert len(soup(response).select("#requests tbody tr")) == requests


def test_the_admin_replaces_an_expired_invitation_and_refuses_an_open_one_as_a_form_error(
    organization, admin_user, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    from organizations.services import invitation_create

    expired, _secret = invitation_create(
        actor=admin_user, organization=organization, email="late@example.org", send=False
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client = signed_in(admin_user)
    data = {"organization": str(organization.pk), "email": "Late@Example.org", "role": "editor"}
    response = client.post("/admin/organizations/invitation/add/", data)
    assert response.status_code == 302
    expired.refresh_from_db()
    assert expired.revoked_at is not None
    assert Invitation.objects.filter(email="late@example.org", revoked_at__isnull=True).count() == 1
    again = client.post("/admin/organizations/invitation/add/", data)
    assert again.status_code == 200  # the add form again, with the service's message
    assert "already has an open invitation" in again.content.decode()
    assert Invitation.objects.filter(email="late@example.org").count() == 2
