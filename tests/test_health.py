"""/healthz and /readyz, the probes of load balancers."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection refused")


def test_healthz_answers_200_ok_as_json_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_200_while_the_database_is_down(client):
    with connection.execute_wrapper(refuse):
        assert client.get("/healthz").status_code == 200


def test_readyz_answers_200_when_the_database_answers_select_1(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readyz_answers_503_with_retry_after_while_the_database_is_down(client):
    with connection.execute_wrapper(refuse):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_answer_head_and_refuse_writes(client, url):
    assert client.head(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_probes_are_exempt_from_the_https_redirect_that_pages_get(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # a new handler reads the setting
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    response = client.get("/countries/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/countries/"
