"""Request limits on the API: 429 with Retry-After, per address and per account (decision 57)."""

import os
import uuid

import pytest

from nap_tracker.errors import throttled_detail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/"
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def rates(settings):
    """Three anonymous requests a minute per address, five per account.

    The counters go to the database cache, so they roll back with each test.
    """
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    return settings


def assert_throttled(response):
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"}
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    assert body["detail"] == throttled_detail(wait)
    assert "ETag" not in response


def test_the_request_after_the_anonymous_limit_answers_429_with_retry_after(rates, api_client):
    for _ in range(3):
        assert api_client.get(URL).status_code == 200
    assert_throttled(api_client.get(URL))
    # Every method and endpoint of the API counts: the score preview too.
    preview = api_client.post(
        "/api/v1/score-preview/", {"methodology": "1.0", "indicators": {}}, format="json"
    )
    assert_throttled(preview)


def test_a_304_counts_as_a_request(rates, api_client):
    etag = api_client.get(URL)["ETag"]
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert_throttled(api_client.get(URL, HTTP_IF_NONE_MATCH=etag))


def test_another_address_has_its_own_anonymous_bucket(rates, api_client):
    for _ in range(3):
        api_client.get(URL, REMOTE_ADDR="192.0.2.1")
    assert_throttled(api_client.get(URL, REMOTE_ADDR="192.0.2.1"))
    assert api_client.get(URL, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_x_forwarded_for_does_not_get_a_client_round_its_limit(rates, api_client):
    for n in range(3):
        api_client.get(URL, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert_throttled(api_client.get(URL, HTTP_X_FORWARDED_FOR="198.51.100.99"))


def test_a_signed_in_user_has_their_own_bucket_by_account(rates, api_client):
    for _ in range(3):
        api_client.get(URL)
    assert_throttled(api_client.get(URL))
    user = UserFactory()
    api_client.force_authenticate(user)
    for _ in range(5):
        assert api_client.get(URL).status_code == 200
    assert_throttled(api_client.get(URL))
    # From another address too: the bucket is the account's.
    assert_throttled(api_client.get(URL, REMOTE_ADDR="192.0.2.7"))
    api_client.force_authenticate(UserFactory())
    assert api_client.get(URL).status_code == 200


def test_pages_and_health_probes_are_never_throttled(rates, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "1/min"},
    }
    client.get(URL)
    assert_throttled(client.get(URL))
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get("/countries/").status_code == 200


def test_the_429_message_is_one_sentence_in_singular_plural_and_without_a_wait():
    assert throttled_detail(1) == "Too many requests. Try again in 1 second."
    assert throttled_detail(42) == "Too many requests. Try again in 42 seconds."
    assert throttled_detail(None) == "Too many requests. Try again later."


def test_the_schema_documents_the_429_as_answered(rates, api_client):
    import yaml

    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "429" in operation["responses"], (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]
            if method == "get":
                assert "304" in operation["responses"], path
                assert {"ETag", "Last-Modified"} <= set(operation["responses"]["200"]["headers"])
    example = schema["paths"][URL]["get"]["responses"]["429"]["content"]["application/json"]
    assert example["examples"]["Throttled"]["value"] == {"detail": throttled_detail(42)}


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def test_throttling_counts_in_redis_when_the_cache_is_redis(rates, api_client):
    if not redis_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"No Redis server at {REDIS_URL}; CI must provide one")
        pytest.skip(f"No Redis server at {REDIS_URL}")
    import redis

    prefix = f"nap-test-{uuid.uuid4().hex}"
    rates.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    body = {"methodology": "1.0", "indicators": {}}
    server = redis.Redis.from_url(REDIS_URL)
    try:
        for _ in range(3):
            response = api_client.post("/api/v1/score-preview/", body, format="json")
            assert response.status_code == 200
        assert_throttled(api_client.post("/api/v1/score-preview/", body, format="json"))
        keys = server.keys(f"{prefix}:*")
        assert [key.decode() for key in keys] == [f"{prefix}:1:throttle_anon_127.0.0.1"]
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


def test_with_redis_out_of_reach_the_api_answers_unthrottled_with_an_etag(
    rates, api_client, caplog
):
    rates.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    for _ in range(5):
        response = api_client.get(URL)
        assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert "Last-Modified" not in response
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert "the cache is unavailable" in caplog.text
