"""Password change and reset through the site's pages; sign-in lockout after failures."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.utils import timezone

from tests.factories import PASSWORD
from tests.html import form_data, soup

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"  # noqa: S105 - tests only


def text(page) -> str:
    return " ".join(page.get_text(" ").split())


def sign_in(client, username, password, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def test_a_signed_in_user_changes_her_password(client, editor):
    client.force_login(editor)
    url = "/accounts/password_change/"
    data = form_data(client.get(url), "main form")
    wrong = {
        **data,
        "old_password": "nope",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    page = soup(client.post(url, wrong))
    assert (
        "Your old password was entered incorrectly."
        in page.select_one("#id_old_password_error").text
    )
    differ = {**data, "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "x"}
    page = soup(client.post(url, differ))
    assert (
        "The two password fields didn’t match." in page.select_one("#id_new_password2_error").text
    )
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
    good = {
        **data,
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    assert client.post(url, good)["Location"] == "/accounts/password_change/done/"
    assert "Your password has been changed." in text(
        soup(client.get("/accounts/password_change/done/"))
    )
    client.logout()
    assert sign_in(client, editor.username, NEW_PASSWORD).status_code == 302


def test_anonymous_is_sent_to_sign_in_before_changing_a_password(client):
    response = client.get("/accounts/password_change/")
    assert response["Location"] == "/accounts/login/?next=/accounts/password_change/"


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, editor):
    page = soup(client.get("/accounts/login/"))
    assert page.select_one("a[href='/accounts/password_reset/']").text == "Forgot your password?"
    response = client.post("/accounts/password_reset/", {"email": editor.email})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "NAP tracker: choose a new password"
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_url = client.get(path)["Location"]  # Django hides the token behind a redirect
    page = soup(client.get(form_url))
    assert page.h1.text == "Choose a new password"
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(form_url, data)["Location"] == "/accounts/reset/done/"
    assert sign_in(client, editor.username, NEW_PASSWORD).status_code == 302


def test_an_invalid_reset_link_says_so_and_offers_a_new_one(client):
    page = soup(client.get("/accounts/reset/MQ/not-a-token/"))
    assert page.h1.text == "This link no longer works"
    assert page.select_one("main a[href='/accounts/password_reset/']")


def test_after_the_failure_limit_even_the_right_password_is_refused_with_when_to_retry(
    client, editor, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        assert sign_in(client, editor.username, "wrong").status_code in (200, 429)
    before = timezone.now() + timedelta(minutes=15)
    response = sign_in(client, editor.username, PASSWORD)
    after = timezone.now() + timedelta(minutes=15)
    assert response.status_code == 429
    page = text(soup(response, status=429))
    assert "There were 3 failed sign-ins in a row for this account from this connection." in page
    shown = re.search(r"Try again in 15 minutes, after (\d\d:\d\d) UTC\.", page).group(1)
    assert shown in {before.strftime("%H:%M"), after.strftime("%H:%M")}
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_is_locked_out_too(client, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, admin_user.username, "wrong", "/admin/login/")
    response = sign_in(client, admin_user.username, PASSWORD, "/admin/login/")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_limit_is_configurable_and_a_success_before_it_resets_the_count(
    client, editor, settings
):
    settings.AXES_FAILURE_LIMIT = 2
    sign_in(client, editor.username, "wrong")
    assert sign_in(client, editor.username, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, editor.username, "wrong")
    assert sign_in(client, editor.username, PASSWORD).status_code == 302


def test_a_lockout_ends_after_the_cool_off(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, editor.username, "wrong")
    assert sign_in(client, editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, editor.username, PASSWORD).status_code == 302


def test_the_default_limit_is_five_failures_and_fifteen_minutes():
    from django.conf import settings

    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
