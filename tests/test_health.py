"""/healthz and /readyz, the probes of load balancers; and serving under gunicorn."""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

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
def test_probes_answer_head_and_refuse_writes_with_405(url):
    client = Client(enforce_csrf_checks=True)  # as a browser-less caller meets the site
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


# --- Under gunicorn, as `make serve` runs it --------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "nap_tracker" / "gunicorn.conf.py"
# Production-like variables of the environment that would change what the server does.
UNRELATED = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict, **options: str) -> str:
    """A DATABASE_URL for what the tests use (a TCP server, or pgserver's socket folder)."""
    user = quote(settings_dict["USER"] or "postgres", safe="")
    if settings_dict["PASSWORD"]:
        user += ":" + quote(settings_dict["PASSWORD"], safe="")
    host, port = settings_dict["HOST"] or "", str(settings_dict["PORT"] or "")
    if host.startswith("/"):
        options = {"host": host, **({"port": port} if port else {}), **options}
        netloc = ""
    else:
        netloc = host + (f":{port}" if port else "")
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{user}@{netloc}/{quote(settings_dict['NAME'], safe='')}{query}"


def http_get(port: int, path: str, timeout: float = 5) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(database: str, **env: str):
    """gunicorn with nap_tracker/gunicorn.conf.py on a free port; always stopped afterwards."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if k not in UNRELATED}
    command = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**clean, "DEBUG": "true", "DATABASE_URL": database, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers are stopped with it
        )
        try:
            wait_until_up(process, port, log)
            yield port
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def wait_until_up(process, port: int, log, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"gunicorn exited: {log.read().decode(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError):
            if http_get(port, "/healthz", timeout=2)[0] == 200:
                return
        if time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not answer /healthz within {seconds} s")
        time.sleep(0.2)


def half_a_post(port: int) -> socket.socket:
    """A client that sends the headers and half of the body of a score preview, then stalls."""
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    body = json.dumps({"methodology": "1.0", "indicators": {}}).encode()
    client.sendall(
        b"POST /api/v1/score-preview/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body[: len(body) // 2]
    )
    return client


@pytest.fixture
def served_database_url(db):
    return database_url(connection.settings_dict)


def test_two_clients_stalling_half_way_through_a_body_do_not_hold_up_a_third(served_database_url):
    # Two sync workers (the old `make serve`) each waited 30 s for the rest of a body.
    with gunicorn(served_database_url, WEB_CONCURRENCY="2", GUNICORN_THREADS="4") as port:
        stalled = [half_a_post(port), half_a_post(port)]
        try:
            time.sleep(0.5)  # both requests are now being read by the server
            started = time.monotonic()
            status, _, body = http_get(port, "/healthz", timeout=2)
            assert status == 200
            assert json.loads(body) == {"status": "ok"}
            assert time.monotonic() - started < 2
        finally:
            for client in stalled:
                client.close()


def test_a_stalled_body_is_given_up_after_the_body_timeout_and_frees_its_thread(
    served_database_url,
):
    with gunicorn(
        served_database_url, WEB_CONCURRENCY="1", GUNICORN_THREADS="1", GUNICORN_BODY_TIMEOUT="2"
    ) as port:
        client = half_a_post(port)
        try:
            time.sleep(0.3)
            started = time.monotonic()
            status, _, _ = http_get(port, "/healthz", timeout=10)  # waits for the only thread
            waited = time.monotonic() - started
            assert status == 200
            assert 1 < waited < 6
            answer = client.recv(4096).decode(errors="replace")
            assert answer.startswith("HTTP/1.1 400")
            assert answer.endswith('{"detail": "The request body was not received in full."}')
        finally:
            client.close()


def test_with_no_database_at_all_pages_and_endpoints_answer_503_and_healthz_200():
    closed = f"postgres://postgres@127.0.0.1:{free_port()}/none"  # nothing listens there
    with gunicorn(closed, WEB_CONCURRENCY="1") as port:
        assert http_get(port, "/healthz")[0] == 200
        status, headers, body = http_get(port, "/readyz")
        assert status == 503
        assert json.loads(body) == {"status": "unavailable", "database": "unreachable"}
        status, headers, body = http_get(port, "/api/v1/countries/")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert json.loads(body)["detail"].startswith("The database is unavailable")
        status, headers, body = http_get(port, "/countries/NOR/")
        assert status == 503
        assert headers["Content-Type"].startswith("text/html")
        assert "briefly unavailable" in body.decode()


def test_a_connection_closed_by_the_database_costs_no_failed_request(db):
    # CONN_MAX_AGE keeps each thread's connection open between requests; CONN_HEALTH_CHECKS
    # notices that the database has closed it (a restart, pg_terminate_backend) and opens
    # a new one before the request's first query.
    name = f"nap-tracker-test-{uuid.uuid4().hex[:12]}"
    url = database_url(connection.settings_dict, application_name=name)
    with gunicorn(url, WEB_CONCURRENCY="1", GUNICORN_THREADS="1", CONN_MAX_AGE="60") as port:

        def backends() -> list[int]:
            with connection.cursor() as cursor:
                # The test runs in a transaction, which would see one snapshot of the view.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [name]
                )
                return [row[0] for row in cursor.fetchall()]

        assert http_get(port, "/api/v1/countries/?page_size=1")[0] == 200
        [first] = backends()  # kept open after the request
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [first])
        deadline = time.monotonic() + 5
        while backends() and time.monotonic() < deadline:
            time.sleep(0.05)
        for _ in range(3):
            assert http_get(port, "/api/v1/countries/?page_size=1")[0] == 200
            assert http_get(port, "/readyz")[0] == 200
        [second] = backends()
        assert second != first
