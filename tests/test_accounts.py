"""Signing in and out through the site's own pages, as editors and reviewers do."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.factories import PASSWORD, scored_assessment

pytestmark = pytest.mark.django_db

DRAFT_URL = "/countries/NOR/2022/owning-org/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_login_page_has_labelled_inputs_and_keeps_next_in_a_hidden_field(client):
    html = soup(client.get(f"/accounts/login/?next={DRAFT_URL}"))
    form = html.select_one("main form[method=post]")
    assert form["action"] == "/accounts/login/"
    for name in ("username", "password"):
        field = form.select_one(f"input[name={name}]")
        assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)
    assert form.select_one("input[name=password]")["type"] == "password"
    assert form.select_one("input[type=hidden][name=next]")["value"] == DRAFT_URL
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None


def test_editor_signs_in_through_the_form_and_sees_their_draft_scorecard(
    client, organization, editor
):
    scored_assessment(organization=organization, year=2022, status="draft")
    assert not editor.is_staff
    assert client.get(DRAFT_URL).status_code == 404

    response = client.post(
        "/accounts/login/",
        {"username": editor.username, "password": PASSWORD, "next": DRAFT_URL},
    )

    assert response.status_code == 302
    assert response["Location"] == DRAFT_URL
    html = soup(client.get(DRAFT_URL))
    assert html.h1.get_text(" ", strip=True) == "Norway: scorecard 2022"
    assert html.select_one("header form button").get_text(strip=True) == (
        f"Sign out {editor.username}"
    )


def test_sign_in_without_next_goes_to_the_home_page(client, editor):
    response = client.post("/accounts/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_shows_the_error_and_keeps_the_username(client, editor):
    response = client.post(
        "/accounts/login/",
        {"username": editor.username, "password": "not-the-password", "next": DRAFT_URL},
    )
    html = soup(response)
    alert = html.select_one("[role=alert]")
    assert alert.get_text(" ", strip=True).startswith(
        "Please enter a correct username and password"
    )
    assert html.select_one("input[name=username]")["value"] == editor.username
    assert html.select_one("input[name=password]").get("value") is None
    assert html.select_one("main input[type=hidden][name=next]")["value"] == DRAFT_URL
    assert "_auth_user_id" not in client.session


def test_sign_in_link_returns_to_the_page_the_visitor_was_on(client):
    html = soup(client.get("/countries/?region=Europe&has_plan=true"))
    link = next(a for a in html.select("header nav a") if a.get_text(strip=True) == "Sign in")
    url = urlsplit(link["href"])
    assert url.path == "/accounts/login/"
    assert parse_qs(url.query) == {"next": ["/countries/?region=Europe&has_plan=true"]}


def test_sign_out_is_a_post_form_to_the_logout_url(client, editor):
    client.force_login(editor)
    html = soup(client.get("/countries/"))
    form = html.select_one("header nav form")
    assert form["method"] == "post"
    assert form["action"] == "/accounts/logout/"
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None


def test_sign_out_by_post_ends_the_session_and_returns_home(client, editor):
    client.force_login(editor)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    html = soup(client.get("/"))
    assert "Sign in" in [a.get_text(strip=True) for a in html.select("header nav a")]


def test_sign_out_is_not_done_by_a_get(client, editor):
    client.force_login(editor)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
