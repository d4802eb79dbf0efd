"""Invitations and the members page (issue 9, part 2): an org admin (or site admin) invites a
person by email with a role; the one-time, expiring link creates the account (or attaches
an existing one) and the membership; the org admin changes roles and removes members."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from organizations.models import Invitation, Membership, User
from organizations.services import (
    invitation_accept,
    invitation_create,
    membership_change_role,
    membership_remove,
)
from tests.factories import PASSWORD, MembershipFactory
from tests.html import form_data, soup

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-password-4321"  # noqa: S105 - tests only


@pytest.fixture
def org_admin(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user


@pytest.fixture
def other_org_admin(other_organization):
    return MembershipFactory(organization=other_organization, role=Membership.Role.ORG_ADMIN).user


def members_url(organization) -> str:
    return f"/organizations/{organization.slug}/members/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(client, organization, email="new.person@example.org", role="editor"):
    return client.post(members_url(organization), {"email": email, "role": role})


def sign_in(username: str, password: str):
    """The sign-in form, as a person uses it (302 on success, 200 with errors otherwise)."""
    return Client().post("/accounts/login/", {"username": username, "password": password})


def link_in(mail) -> str:
    return re.search(r"https?://\S+/invitations/\S+/", mail.body).group(0)


# --- Who may see and use the members page -----------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(organization):
    response = Client().get(members_url(organization))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={members_url(organization)}"


@pytest.mark.parametrize("persona", ["editor", "reviewer", "other_org_admin", "other_editor"])
def test_a_member_who_is_not_an_admin_of_the_organization_is_refused(
    request, organization, persona
):
    user = request.getfixturevalue(persona)
    assert signed_in(user).get(members_url(organization)).status_code == 403
    response = invite(signed_in(user), organization)
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["org_admin", "admin_user"])
def test_an_org_admin_of_the_organization_and_a_site_admin_see_its_members(
    request, organization, editor, persona
):
    page = soup(signed_in(request.getfixturevalue(persona)).get(members_url(organization)))
    rows = [th.get_text(strip=True) for th in page.select("#members tbody th")]
    assert editor.username in rows
    assert page.select_one("form[aria-labelledby=invite] input[name=csrfmiddlewaretoken]")


def test_an_unknown_organization_is_404(org_admin):
    assert signed_in(org_admin).get("/organizations/nope/members/").status_code == 404


# --- Inviting --------------------------------------------------------------------------


def test_an_org_admin_invites_someone_who_gets_a_one_time_link_by_email(
    organization, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organization, email="New.Person@Example.org", role="reviewer")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.org",
        "reviewer",
        org_admin,
    )
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    [mail] = mailoutbox
    assert mail.to == ["new.person@example.org"]
    assert mail.subject == "Your invitation to Owning Organization on the NAP tracker"
    link = link_in(mail)
    secret = link.rstrip("/").rsplit("/", 1)[1]
    assert secret not in invitation.key_hash  # only the hash is stored
    page = soup(client.get(members_url(organization)))
    assert [th.get_text() for th in page.select("#invitations tbody th")] == [
        "new.person@example.org"
    ]


def test_a_second_open_invitation_of_the_same_person_is_refused_and_says_why(
    organization, org_admin
):
    invite(signed_in(org_admin), organization)
    response = invite(signed_in(org_admin), organization, email="NEW.person@example.org")
    assert response.status_code == 400
    errors = [p.get_text() for p in soup(response, 400).select("p.error")]
    assert errors == [
        "new.person@example.org already has an open invitation to Owning Organization."
    ]
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_is_replaced_by_a_new_one(organization, org_admin):
    first, _ = invitation_create(
        actor=org_admin, organization=organization, email="a@example.org", send=False
    )
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    second, _ = invitation_create(
        actor=org_admin, organization=organization, email="a@example.org", send=False
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(Invitation.objects.open()) == [second]


def test_inviting_someone_who_already_belongs_is_refused(organization, org_admin, editor):
    with pytest.raises(ValidationError) as caught:
        invitation_create(
            actor=org_admin, organization=organization, email=editor.email.upper(), send=False
        )
    assert caught.value.message_dict == {
        "email": [f"{editor.email} already belongs to Owning Organization."]
    }


def test_the_invitation_service_refuses_an_org_admin_of_another_organization(
    organization, other_org_admin
):
    with pytest.raises(PermissionDenied):
        invitation_create(
            actor=other_org_admin, organization=organization, email="a@example.org", send=False
        )


# --- Accepting -------------------------------------------------------------------------


def accept_url(secret: str) -> str:
    return f"/invitations/{secret}/"


def test_the_invitee_sets_a_password_and_is_signed_in_as_a_member_with_the_role(
    organization, org_admin
):
    _, secret = invitation_create(
        actor=org_admin,
        organization=organization,
        email="new@example.org",
        role="reviewer",
        send=False,
    )
    client = Client()
    response = client.get(accept_url(secret))
    assert response["Cache-Control"] == "no-store"
    data = form_data(response, "form.stacked")
    data.update(
        {
            "first_name": "Ana",
            "last_name": "Lopez",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        }
    )
    response = client.post(accept_url(secret), data)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert (user.username, user.get_full_name()) == ("new@example.org", "Ana Lopez")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user).role == "reviewer"
    assert client.get("/entry/").wsgi_request.user == user
    # Signed out, the new member signs in with the email and the password she chose.
    assert sign_in("new@example.org", NEW_PASSWORD).status_code == 302


def test_a_used_link_does_not_work_a_second_time(organization, org_admin):
    invitation, secret = invitation_create(
        actor=org_admin, organization=organization, email="new@example.org", send=False
    )
    invitation_accept(invitation=invitation, password=NEW_PASSWORD)
    response = Client().get(accept_url(secret))
    assert response.status_code == 410
    assert "This invitation has already been used." in soup(response, 410).get_text()
    response = Client().post(accept_url(secret), {"password1": "x" * 20, "password2": "x" * 20})
    assert response.status_code == 410
    assert User.objects.get(email="new@example.org").check_password(NEW_PASSWORD)


def test_an_expired_link_says_so_and_creates_nobody(organization, org_admin):
    invitation, secret = invitation_create(
        actor=org_admin, organization=organization, email="new@example.org", send=False
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = Client().post(
        accept_url(secret), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert (
        "This invitation has expired. Ask Owning Organization for a new one."
        in soup(response, 410).get_text()
    )
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_tampered_link_is_404(organization, org_admin):
    _, secret = invitation_create(
        actor=org_admin, organization=organization, email="new@example.org", send=False
    )
    response = Client().get(accept_url(secret[:-1] + ("A" if secret[-1] != "A" else "B")))
    assert response.status_code == 404
    assert "This invitation link is not valid." in soup(response, 404).get_text()


def test_a_withdrawn_link_no_longer_works(organization, org_admin):
    invitation, secret = invitation_create(
        actor=org_admin, organization=organization, email="new@example.org", send=False
    )
    client = signed_in(org_admin)
    url = f"/organizations/{organization.slug}/invitations/{invitation.pk}/withdraw/"
    assert client.post(url).status_code == 302
    assert Client().get(accept_url(secret)).status_code == 410


def test_a_weak_or_mismatched_password_is_refused_and_nothing_is_created(organization, org_admin):
    _, secret = invitation_create(
        actor=org_admin, organization=organization, email="new@example.org", send=False
    )
    response = Client().post(accept_url(secret), {"password1": "123", "password2": "123"})
    assert response.status_code == 400
    response = Client().post(
        accept_url(secret), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )
    errors = [p.get_text() for p in soup(response, 400).select("p.error")]
    assert errors == ["The two passwords differ."]
    assert not User.objects.filter(email="new@example.org").exists()


def test_someone_with_an_account_joins_with_one_click_keeping_her_password(
    organization, org_admin, other_editor
):
    _, secret = invitation_create(
        actor=org_admin, organization=organization, email=other_editor.email, send=False
    )
    page = soup(Client().get(accept_url(secret)))
    assert page.select_one("input[name=password1]") is None
    response = Client().post(accept_url(secret))
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert Membership.objects.get(user=other_editor, organization=organization).role == "editor"
    assert other_editor.memberships.count() == 2
    assert sign_in(other_editor.username, PASSWORD).status_code == 302


# --- Managing members ------------------------------------------------------------------


def test_an_org_admin_changes_a_members_role(organization, org_admin, editor):
    membership = editor.memberships.get()
    url = f"{members_url(organization)}{membership.pk}/role/"
    response = signed_in(org_admin).post(url, {"role": "reviewer"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "reviewer"
    entry = membership.history.first()
    assert (entry.history_user, entry.history_change_reason) == (
        org_admin,
        "Role changed to reviewer",
    )


def test_an_org_admin_removes_a_member_whose_account_stays(organization, org_admin, editor):
    membership = editor.memberships.get()
    response = signed_in(org_admin).post(f"{members_url(organization)}{membership.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=editor.pk).exists()


def test_the_last_org_admin_can_neither_be_demoted_nor_removed(organization, org_admin):
    membership = org_admin.memberships.get()
    with pytest.raises(ValidationError):
        membership_change_role(membership=membership, actor=org_admin, role="editor")
    with pytest.raises(ValidationError):
        membership_remove(membership=membership, actor=org_admin)
    response = signed_in(org_admin).post(
        f"{members_url(organization)}{membership.pk}/remove/", follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "Owning Organization must keep at least one organization admin." in shown
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_of_another_organization_cannot_be_changed_through_this_page(
    organization, org_admin, other_editor
):
    membership = other_editor.memberships.get()
    url = f"{members_url(organization)}{membership.pk}/role/"
    assert signed_in(org_admin).post(url, {"role": "reviewer"}).status_code == 404
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_an_org_admin_of_another_organization_cannot_change_roles_here(
    organization, other_org_admin, editor
):
    membership = editor.memberships.get()
    url = f"{members_url(organization)}{membership.pk}/role/"
    assert signed_in(other_org_admin).post(url, {"role": "org_admin"}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_posting_without_a_csrf_token_is_refused(organization, org_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_admin)
    assert invite(client, organization).status_code == 403
    assert not Invitation.objects.exists()


# --- Query counts ----------------------------------------------------------------------


@pytest.mark.parametrize("members", [1, 12], ids=["few", "many"])
def test_the_members_page_runs_a_fixed_number_of_queries(
    organization, org_admin, members, django_assert_num_queries, memory_cache
):
    for n in range(members):
        MembershipFactory(organization=organization)
        invitation_create(
            actor=org_admin, organization=organization, email=f"p{n}@example.org", send=False
        )
    client = signed_in(org_admin)
    # session, user, organization, may-manage check, memberships with users,
    # open invitations with who invited, the covered countries a respondent may answer for
    with django_assert_num_queries(7):
        response = client.get(members_url(organization))
    assert len(soup(response).select("#members tbody tr")) == members + 1
    assert len(soup(response).select("#invitations tbody tr")) == members


def test_an_org_admin_finds_her_members_and_coverage_pages_on_the_entry_dashboard(
    client, org_admin, organization, editor
):
    client.force_login(org_admin)
    page = soup(client.get("/entry/"))
    links = {a["href"] for a in page.select("main a")}
    assert f"/organizations/{organization.slug}/members/" in links
    assert f"/organizations/{organization.slug}/coverage/" in links
    client.force_login(editor)
    links = {a["href"] for a in soup(client.get("/entry/")).select("main a")}
    assert f"/organizations/{organization.slug}/members/" not in links
