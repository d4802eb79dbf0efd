"""Every page carries a strict Content-Security-Policy and a Permissions-Policy."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/countries/", "/methodology/", "/accounts/login/"])
def test_pages_allow_only_their_own_origin_and_no_inline_code(client, url):
    response = client.get(url)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_api_and_error_pages_carry_the_policy_too(client):
    assert "default-src 'self'" in client.get("/api/v1/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in client.get("/no-such-page/").headers["Content-Security-Policy"]


def test_pages_switch_off_devices_and_powerful_features(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
