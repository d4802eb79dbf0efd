"""API tokens: the account page that manages them, the admin, and authenticating with one."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from indicators.models import Assessment
from organizations.models import ApiToken
from organizations.services import api_token_create, api_token_revoke
from tests.factories import AssessmentFactory, UserFactory
from tests.html import soup

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"
DRAFTS = "/api/v1/assessments/?status=draft"


def bearer(secret: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


@pytest.fixture
def draft(organization):
    return AssessmentFactory(
        organization=organization, year=2024, status=Assessment.Status.DRAFT, validated_at=None
    )


# The service ---------------------------------------------------------------------------


def test_a_new_token_stores_only_the_hash_of_its_secret_and_a_prefix(editor):
    token, secret = api_token_create(user=editor, name=" R script ", scope="read")
    assert secret.startswith("napt_") and len(secret) > 40
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) == 13
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert secret not in [str(v) for v in stored.values()]
    assert (token.name, token.scope, token.user) == ("R script", "read", editor)
    assert token.history.get().history_user == editor


def test_only_the_owner_or_staff_revoke_a_token(editor, other_editor, admin_user):
    from django.core.exceptions import PermissionDenied

    token, _ = api_token_create(user=editor, name="a")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=other_editor)
    assert api_token_revoke(token=token, actor=admin_user).revoked_at is not None


# Authenticating ------------------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "bearer"])
def test_a_token_authenticates_its_user_with_either_keyword(editor, draft, keyword):
    token, secret = api_token_create(user=editor, name="a")
    assert token.last_used_at is None
    response = bearer(secret, keyword).get(DRAFTS)
    assert response.status_code == 200
    assert response.json()["count"] == 1  # the editor's organization's draft
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.history.count() == 1  # being used writes no history row


def test_a_read_token_reads(editor, draft):
    _, secret = api_token_create(user=editor, name="a", scope="read")
    assert bearer(secret).get("/api/v1/assessments/NOR/2024/owning-org/").status_code == 200


@pytest.mark.parametrize(
    "case, message",
    [
        ("unknown", "Invalid token."),
        ("revoked", "This token has been revoked."),
        ("expired", "This token expired on"),
        ("inactive", "User inactive or deleted."),
        ("malformed", "Send the token as: Authorization: Token <secret>"),
    ],
)
def test_a_bad_token_is_401_with_www_authenticate_even_for_public_data(editor, case, message):
    token, secret = api_token_create(user=editor, name="a")
    if case == "unknown":
        secret = "napt_" + "x" * 43
    elif case == "revoked":
        api_token_revoke(token=token, actor=editor)
    elif case == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    elif case == "inactive":
        editor.is_active = False
        editor.save()
    elif case == "malformed":
        secret = f"{secret} extra"
    response = bearer(secret).get("/api/v1/countries/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json()["detail"].startswith(message)


def test_another_authorization_scheme_is_left_to_the_session(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert api_client.get("/api/v1/countries/").status_code == 200  # anonymous, not Basic


def test_throttling_counts_the_tokens_user(settings, editor):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/min", "user": "3/min"},
    }
    _, first = api_token_create(user=editor, name="a")
    _, second = api_token_create(user=editor, name="b")
    for secret in (first, first, second):
        assert bearer(secret).get("/api/v1/indicators/").status_code == 200
    throttled = bearer(second).get("/api/v1/indicators/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    _, someone_else = api_token_create(user=UserFactory(), name="c")
    assert bearer(someone_else).get("/api/v1/indicators/").status_code == 200


# The account page ----------------------------------------------------------------------


def test_the_token_page_needs_a_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_creating_a_token_shows_its_secret_once_and_the_list_only_its_prefix(client, editor):
    client.force_login(editor)
    assert "You have no API token yet." in soup(client.get(PAGE)).get_text()
    created = client.post(PAGE, {"name": "Nightly R job", "scope": "read_write"})
    page = soup(created, 201)
    assert created["Cache-Control"] == "no-store"
    secret = page.select_one("#new-token-secret")["value"]
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (token.name, token.scope, token.user) == ("Nightly R job", "read_write", editor)
    assert "shown only this once" in page.get_text()

    again = client.get(PAGE)
    assert secret.encode() not in again.content
    listing = soup(again)
    [row] = listing.select("tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
    assert cells[:3] == ["Nightly R job", f"{token.prefix}…", "Read and write"]
    assert listing.select_one("#new-token-secret") is None
    assert bearer(secret).get(DRAFTS).status_code == 200


def test_a_token_created_with_an_expiry_stops_that_day(client, editor):
    client.force_login(editor)
    day = (timezone.now() + timedelta(days=30)).date()
    soup(client.post(PAGE, {"name": "a", "scope": "read", "expires_on": day.isoformat()}), 201)
    assert ApiToken.objects.get().expires_at.date() == day
    past = soup(client.post(PAGE, {"name": "b", "scope": "read", "expires_on": "2020-01-01"}))
    assert "Choose a day after today." in past.get_text()
    assert ApiToken.objects.count() == 1


def test_bad_input_is_named_in_the_error_summary_and_nothing_is_created(client, editor):
    client.force_login(editor)
    page = soup(client.post(PAGE, {"name": "", "scope": "admin"}))
    summary = page.select_one("#error-summary").get_text(" ", strip=True)
    assert "Name: This field is required." in summary
    assert "Scope: Select a valid choice." in summary
    assert ApiToken.objects.count() == 0


def test_revoking_a_token_from_the_page_stops_it(client, editor):
    token, secret = api_token_create(user=editor, name="old script")
    client.force_login(editor)
    page = soup(client.get(PAGE))
    form = page.select_one("tbody form")
    assert form["action"] == f"/accounts/tokens/{token.pk}/revoke/"
    response = client.post(form["action"], follow=True)
    assert "Token old script revoked: it no longer works." in soup(response).get_text()
    assert "revoked on" in soup(response).select_one("tbody tr").get_text()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.first().history_change_reason == "Revoked"
    assert bearer(secret).get("/api/v1/countries/").status_code == 401


def test_another_users_token_cannot_be_revoked_and_revoke_is_post_only(client, editor):
    token, _ = api_token_create(user=UserFactory(), name="theirs")
    client.force_login(editor)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    mine, _ = api_token_create(user=editor, name="mine")
    assert client.get(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 405
    assert not ApiToken.objects.exclude(revoked_at=None).exists()
    assert "theirs" not in soup(client.get(PAGE)).get_text()


def test_revoking_needs_the_csrf_token(editor):
    from django.test import Client

    token, _ = api_token_create(user=editor, name="a")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("count", [1, 12])
def test_the_token_page_takes_the_same_queries_however_many_tokens(
    client, editor, count, django_assert_num_queries
):
    for n in range(count):
        api_token_create(user=editor, name=f"token {n}")
    client.force_login(editor)
    with django_assert_num_queries(3):  # the session, the user, the tokens
        response = client.get(PAGE)
    assert len(soup(response).select("tbody tr")) == count


def test_the_site_header_links_to_the_token_page(client, editor):
    client.force_login(editor)
    link = soup(client.get("/")).select_one(f'header a[href="{PAGE}"]')
    assert link.get_text(strip=True) == "API tokens"


# The admin -----------------------------------------------------------------------------


def test_admins_list_every_token_without_secret_or_hash_and_revoke_them(client, admin_user, editor):
    token, secret = api_token_create(user=editor, name="editor script")
    client.force_login(admin_user)
    listing = client.get("/admin/organizations/apitoken/")
    assert listing.status_code == 200
    assert b"editor script" in listing.content and token.prefix.encode() in listing.content
    assert secret.encode() not in listing.content
    assert token.key_hash.encode() not in listing.content
    change = client.get(f"/admin/organizations/apitoken/{token.pk}/change/")
    assert token.key_hash.encode() not in change.content
    assert client.get("/admin/organizations/apitoken/add/").status_code == 403
    response = client.post(
        "/admin/organizations/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert b"1 token revoked." in response.content
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.first().history_user == admin_user


# The schema ----------------------------------------------------------------------------


def test_the_schema_documents_the_token_scheme(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    create = schema["paths"]["/api/v1/assessments/"]["post"]
    assert {"tokenAuth": []} in create["security"]
    assert {"401", "403", "400", "201"} <= set(create["responses"])
