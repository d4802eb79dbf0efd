"""Regressions found by probing the API: each hostile request answers a 4xx, never a 500."""

import copy
import json

import pytest

from indicators.worked_example import WORKED_EXAMPLE

pytestmark = pytest.mark.django_db

PREVIEW = "/api/v1/score-preview/"
SURROGATE_IN_TEXT = (
    "This text contains a lone UTF-16 surrogate (\\ud800), which is not a character: "
    "send valid Unicode."
)
SURROGATE_IN_KEY = SURROGATE_IN_TEXT.replace("This text", "This key")


def post_raw(client, url, text):
    """POST JSON text as written: "\\ud800" stays an escape that json.loads decodes."""
    return client.post(url, text, content_type="application/json")


def worked_example_json(edit) -> str:
    """The worked example as JSON text, edited by ``edit(body)``; ``\\ud800`` escapes survive."""
    body = copy.deepcopy(WORKED_EXAMPLE)
    edit(body)
    # ensure_ascii writes a lone surrogate as the escape a hostile client would send.
    return json.dumps(body, ensure_ascii=True)


# --- 1. A lone UTF-16 surrogate in a JSON body -------------------------------------------------


def test_a_lone_surrogate_as_an_indicator_code_answers_400_naming_the_key(api_client):
    response = post_raw(api_client, PREVIEW, '{"methodology":"1.0","indicators":{"\\ud800":{}}}')
    assert response.status_code == 400
    assert response.json() == {"indicators": {"\\ud800": [SURROGATE_IN_KEY]}}


def _set(*path):
    def edit(body):
        node = body
        for key in path[:-2]:
            node = node[key]
        node[path[-2]] = path[-1]

    return edit


def _rename(*path):
    def edit(body):
        node = body
        for key in path[:-2]:
            node = node[key]
        node[path[-1]] = node.pop(path[-2])

    return edit


SURROGATE_PLACES = [
    ("methodology", _set("methodology", "1.\ud800"), {"methodology": [SURROGATE_IN_TEXT]}),
    (
        "currency",
        _set("indicators", "WC11", "components", "funding", "currency", "US\ud800"),
        {"indicators": {"WC11": {"components": {"funding": {"currency": [SURROGATE_IN_TEXT]}}}}},
    ),
    (
        "component key",
        _rename("indicators", "WC04", "components", "peacekeepers", "peace\ud800"),
        {"indicators": {"WC04": {"components": {"peace\\ud800": [SURROGATE_IN_KEY]}}}},
    ),
    (
        "checklist item key",
        _rename(
            "indicators",
            "WC06",
            "components",
            "laws_and_policies",
            "items",
            "nap_in_force",
            "\ud800",
        ),
        {
            "indicators": {
                "WC06": {
                    "components": {"laws_and_policies": {"items": {"\\ud800": [SURROGATE_IN_KEY]}}}
                }
            }
        },
    ),
    (
        "checklist answer",
        _set(
            "indicators",
            "WC06",
            "components",
            "laws_and_policies",
            "items",
            "nap_in_force",
            "\ud800",
        ),
        {
            "indicators": {
                "WC06": {
                    "components": {
                        "laws_and_policies": {"items": {"nap_in_force": [SURROGATE_IN_TEXT]}}
                    }
                }
            }
        },
    ),
    (
        "not-applicable reason",
        _set("indicators", "WC02", "reason", "no \ud800 process"),
        {"indicators": {"WC02": {"reason": [SURROGATE_IN_TEXT]}}},
    ),
    ("top-level key", _set("\ud800", 1), {"\\ud800": [SURROGATE_IN_KEY]}),
]


@pytest.mark.parametrize(
    ("edit", "errors"),
    [pytest.param(edit, errors, id=name) for name, edit, errors in SURROGATE_PLACES],
)
def test_a_lone_surrogate_anywhere_in_a_score_preview_body_answers_400_naming_the_field(
    api_client, edit, errors
):
    response = post_raw(api_client, PREVIEW, worked_example_json(edit))
    assert response.status_code == 400
    assert response.json() == errors


def test_every_lone_surrogate_of_a_body_is_reported_at_once(api_client):
    def edit(body):
        body["methodology"] = "\udfff"
        body["indicators"]["WC02"]["reason"] = "\ud800"

    response = post_raw(api_client, PREVIEW, worked_example_json(edit))
    assert response.status_code == 400
    assert response.json() == {
        "methodology": [SURROGATE_IN_TEXT.replace("ud800", "udfff")],
        "indicators": {"WC02": {"reason": [SURROGATE_IN_TEXT]}},
    }


def test_a_body_that_is_only_a_lone_surrogate_answers_400_about_the_body(api_client):
    response = post_raw(api_client, PREVIEW, '"\\ud800"')
    assert response.status_code == 400
    assert response.json() == {"__all__": [SURROGATE_IN_TEXT]}


def test_a_surrogate_pair_is_a_character_and_is_accepted(api_client):
    # "\ud83d\ude00" is one emoji, well formed: the reason is text like any other.
    response = post_raw(
        api_client, PREVIEW, worked_example_json(_set("indicators", "WC02", "reason", "\U0001f600"))
    )
    assert response.status_code == 200
    assert response.json()["indicators"]["WC02"]["status"] == "not_applicable"


def test_a_lone_surrogate_deep_in_a_list_is_named_by_its_index(api_client):
    response = post_raw(api_client, PREVIEW, '{"methodology": "1.0", "indicators": [["\\ud800"]]}')
    assert response.status_code == 400
    assert response.json() == {"indicators": {"0": {"0": [SURROGATE_IN_TEXT]}}}


# --- 2. Integer query parameters of thousands of digits ----------------------------------------

# Python refuses to turn more than 4,300 digits into an int: a ValueError, so a 500.
HUGE = "9" * 4301


@pytest.mark.parametrize("digits", [HUGE, "9" * 10_000, "1" + "0" * 30])
def test_a_page_size_of_thousands_of_digits_answers_400_naming_page_size(api_client, digits):
    response = api_client.get("/api/v1/countries/", {"page_size": digits})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["page_size must be a whole number from 1 to 250."]}


def test_a_page_size_of_nine_digits_is_still_capped_at_the_maximum(api_client):
    response = api_client.get("/api/v1/countries/", {"page_size": "999999999"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 249


@pytest.mark.parametrize("digits", [HUGE, "9" * 10_000, "1" + "0" * 30])
def test_a_page_number_of_thousands_of_digits_answers_404_invalid_page(api_client, digits):
    response = api_client.get("/api/v1/countries/", {"page": digits})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_a_year_filter_of_thousands_of_digits_answers_400_naming_year(api_client):
    response = api_client.get("/api/v1/countries/", {"year": HUGE})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


@pytest.mark.parametrize("param", ["page", "year"])
def test_the_country_index_page_shows_a_page_for_thousands_of_digits(client, param):
    response = client.get("/countries/", {param: HUGE})
    assert response.status_code == 200


def test_the_new_assessment_form_ignores_a_year_of_thousands_of_digits(client, editor):
    client.force_login(editor)
    response = client.get("/entry/assessments/new/", {"year": HUGE, "country": "NOR"})
    assert response.status_code == 200


def test_a_scorecard_year_of_thousands_of_digits_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(f"/countries/NOR/{HUGE}/").status_code == 404
    assert client.get(f"/entry/assessments/NOR/{HUGE}/owning-org/").status_code == 404


# --- 3. Write methods on read-only endpoints ---------------------------------------------------

READ_ONLY = [
    "/api/v1/",
    "/api/v1/countries/",
    "/api/v1/countries/NOR/",
    "/api/v1/indicators/",
    "/api/v1/indicators/WC01/",
    "/api/v1/methodologies/",
    "/api/v1/methodologies/1.0/",
    "/api/v1/organizations/",
    "/api/v1/organizations/any-org/",
    "/api/v1/plans/",
    "/api/v1/plans/NOR/1/",
    "/api/v1/assessments/NOR/2020/any-org/scores/",
]
# Endpoints with some write methods (the write path, decision 71): what they allow.
WRITABLE = {
    "/api/v1/assessments/": "GET, POST, HEAD, OPTIONS",
    "/api/v1/assessments/NOR/2020/any-org/": "GET, PATCH, HEAD, OPTIONS",
    "/api/v1/assessments/NOR/2020/any-org/values/": "GET, PUT, HEAD, OPTIONS",
    "/api/v1/assessments/NOR/2020/any-org/submit/": "POST, OPTIONS",
}
WRITES = ["post", "put", "patch", "delete", "trace"]


def send(client, method, url):
    if method == "trace":
        return client.generic("TRACE", url)
    return getattr(client, method)(url, {}, format="json")


@pytest.mark.parametrize("url", READ_ONLY)
@pytest.mark.parametrize("method", WRITES)
def test_a_write_method_on_a_read_only_endpoint_answers_405_with_allow_to_anonymous_callers(
    api_client, url, method
):
    response = send(api_client, method, url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}


@pytest.mark.parametrize("url, allow", WRITABLE.items())
@pytest.mark.parametrize("method", WRITES)
def test_a_writable_endpoint_answers_405_for_what_it_lacks_and_401_for_what_it_takes(
    api_client, url, allow, method
):
    response = send(api_client, method, url)
    if method.upper() in allow.split(", "):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Token realm="api"'
    else:
        assert response.status_code == 405
        assert response["Allow"] == allow


@pytest.mark.parametrize("method", WRITES)
def test_a_write_method_on_a_read_only_endpoint_answers_405_to_a_signed_in_editor_too(
    api_client, editor, method
):
    api_client.force_login(editor)
    response = send(api_client, method, "/api/v1/countries/NOR/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete", "trace"])
def test_the_score_preview_answers_405_with_allow_for_every_method_but_post(api_client, method):
    response = send(api_client, method, PREVIEW)
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"


def test_every_api_route_answers_trace_with_405_whatever_its_permissions(api_client):
    from django.urls import URLPattern, reverse

    from nap_tracker.api import urlpatterns

    samples = {
        "iso3": "NOR",
        "code": "WC01",
        "version": "1.0",
        "slug": "any-org",
        "key": "1",
        "year": "2020",
        "org": "any-org",
    }
    urls = []
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern)
        if "format" in pattern.pattern.regex.groupindex:
            continue
        kwargs = {name: samples[name] for name in pattern.pattern.regex.groupindex}
        urls.append(reverse(f"api:{pattern.name}", kwargs=kwargs))
    assert len(urls) >= len(READ_ONLY) + 1
    for url in urls:
        response = api_client.generic("TRACE", url)
        assert response.status_code == 405, url
        assert "TRACE" not in response["Allow"], url


def test_an_anonymous_write_to_an_endpoint_that_accepts_it_answers_401_with_www_authenticate():
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Writable(APIView):  # uses the default permission classes
        def get(self, request):
            return Response({})

        def post(self, request):
            return Response({}, status=201)

    factory = APIRequestFactory()
    assert Writable.as_view()(factory.get("/api/v1/x/")).status_code == 200
    response = Writable.as_view()(factory.post("/api/v1/x/", {}, format="json"))
    assert response.status_code == 401  # the token scheme is first: it says how to sign in
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    response = Writable.as_view()(factory.delete("/api/v1/x/"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


# --- 4. JSON errors everywhere under /api/ -----------------------------------------------------


@pytest.fixture
def quiet_client():
    """A test client that returns a 500 response instead of raising the view's error."""
    from django.test import Client

    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url", ["/api/", "/api/nope", "/api/v2/countries/", "/api/v1/nope/", "/api/v1/countries/NOR/x/"]
)
def test_an_unknown_path_under_api_answers_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_country_in_the_api_answers_a_json_404(client):
    response = client.get("/api/v1/countries/XXX/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Country matches the given query."}


def test_an_unknown_path_elsewhere_answers_the_html_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_a_server_error_in_an_api_view_answers_a_json_500(quiet_client, monkeypatch):
    from indicators.api.views import IndicatorViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(IndicatorViewSet, "list", broken)
    response = quiet_client.get("/api/v1/indicators/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "A server error occurred."}


def test_a_server_error_in_a_page_answers_the_html_500_page(quiet_client, monkeypatch):
    from nap_tracker.public.views.home import HomeView

    def broken(self, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    response = quiet_client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_suspicious_request_under_api_answers_a_json_400(quiet_client):
    response = quiet_client.get("/api/v1/countries/", headers={"host": "evil.example.org"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


# --- 5. The database is down -------------------------------------------------------------------


@pytest.fixture
def database_down():
    """Every query fails as it does when PostgreSQL is stopped, while the block runs."""
    import contextlib

    from django.db import OperationalError, connection

    def refuse(execute, sql, params, many, context):
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    @contextlib.contextmanager
    def down():
        with connection.execute_wrapper(refuse):
            yield

    return down


PAGES = ["/", "/countries/", "/countries/NOR/", "/indicators/", "/indicators/WC01/", "/compare/"]
ENDPOINTS = ["/api/v1/countries/", "/api/v1/countries/NOR/", "/api/v1/indicators/"]


@pytest.mark.parametrize("url", PAGES)
def test_with_the_database_down_every_page_answers_a_friendly_503(quiet_client, database_down, url):
    with database_down():
        response = quiet_client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<h1>The NAP tracker is briefly unavailable</h1>" in html
    assert "Please try again in 30 seconds." in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "style=" not in html and "<style" not in html and "<script" not in html


@pytest.mark.parametrize("url", ENDPOINTS)
def test_with_the_database_down_every_endpoint_answers_a_json_503(quiet_client, database_down, url):
    with database_down():
        response = quiet_client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": "The database is unavailable just now; try again shortly."}


def test_with_the_database_down_the_score_preview_answers_a_json_503(quiet_client, database_down):
    with database_down():
        response = quiet_client.post(PREVIEW, WORKED_EXAMPLE, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_with_the_database_down_a_signed_in_page_answers_503_not_500(
    quiet_client, database_down, editor
):
    quiet_client.force_login(editor)  # the session and the user are read from the database
    with database_down():
        response = quiet_client.get("/entry/")
    assert response.status_code == 503


def test_with_the_database_down_a_404_page_that_shows_the_user_answers_503(
    quiet_client, database_down, editor
):
    # 404.html extends base.html, which reads the session's user: the error is raised by
    # the 404 handler, outside any view, and handler500 turns it into the 503 page.
    quiet_client.force_login(editor)
    with database_down():
        response = quiet_client.get("/no-such-page/")
    assert response.status_code == 503
    assert "briefly unavailable" in response.content.decode()


def test_once_the_database_is_back_the_same_client_is_served_again(quiet_client, database_down):
    with database_down():
        assert quiet_client.get("/countries/").status_code == 503
        assert quiet_client.get("/api/v1/countries/").status_code == 503
    assert quiet_client.get("/countries/").status_code == 200
    assert quiet_client.get("/api/v1/countries/").status_code == 200


def test_an_error_that_is_not_the_database_still_answers_500(quiet_client, monkeypatch):
    from django.db import IntegrityError

    from indicators.api.views import IndicatorViewSet

    def broken(self, request, *args, **kwargs):
        raise IntegrityError("a bug, not an outage")

    monkeypatch.setattr(IndicatorViewSet, "list", broken)
    assert quiet_client.get("/api/v1/indicators/").status_code == 500


# --- Found by the schemathesis run (tests/test_api_fuzz.py, decision 76) -------------------


def basic(credentials: bytes) -> str:
    import base64

    return "Basic " + base64.b64encode(credentials).decode()


def test_http_basic_credentials_are_ignored_by_the_api_whatever_they_hold(quiet_client, editor):
    # A NUL in the user name reached django-axes' database query: a 500.
    for credentials in (b"a\x00b:secret", f"{editor.username}:a-wrong-password".encode()):
        response = quiet_client.get(
            "/api/v1/countries/?page_size=1", HTTP_AUTHORIZATION=basic(credentials)
        )
        assert response.status_code == 200, credentials
        assert response["Cache-Control"] == "no-cache"  # served as anonymous


def test_http_basic_with_the_right_password_does_not_sign_in_to_the_api(api_client, editor):
    from tests.factories import PASSWORD

    credentials = f"{editor.username}:{PASSWORD}".encode()
    response = api_client.post(
        "/api/v1/score-preview/", {}, format="json", HTTP_AUTHORIZATION=basic(credentials)
    )
    assert response.status_code == 400  # the preview answers; nobody was signed in
    assert (
        "private"
        not in api_client.get("/api/v1/countries/NOR/", HTTP_AUTHORIZATION=basic(credentials))[
            "Cache-Control"
        ]
    )


@pytest.mark.parametrize("url", ["/api/v1/countries/NOR/", "/countries/NOR/"])
@pytest.mark.parametrize("key", ["abcdefgh\x00ijkl", "ABCDEFGH1234", "ünïcödé-sessions"])
def test_a_session_cookie_django_never_made_is_no_session_not_a_500(quiet_client, url, key):
    # A NUL (a client sends one as a quoted cookie, "\000") made PostgreSQL's driver raise.
    quiet_client.cookies["sessionid"] = key
    response = quiet_client.get(url)
    assert response.status_code == 200


def test_a_session_cookie_with_an_octal_nul_escape_is_no_session(quiet_client):
    response = quiet_client.get("/api/v1/indicators/", HTTP_COOKIE='sessionid="abcdefgh\\000ijk"')
    assert response.status_code == 200


def test_a_real_session_still_signs_in(client, editor):
    client.force_login(editor)
    response = client.get("/api/v1/countries/NOR/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
