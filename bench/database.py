"""The benchmark's own database, never the development one: created, then dropped.

Where: ``BENCH_DATABASE_URL`` if set (its database is dropped and re-created); otherwise,
when ``DATABASE_URL`` names a server, a database ``nap_bench`` on that same server; otherwise
the embedded PostgreSQL (pgserver) in a data folder of its own, ``.bench-pgdata/``
(git-ignored), stopped at the end.
"""

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlparse, urlunparse

import psycopg2
from psycopg2 import sql

BENCH_NAME = "nap_bench"
ROOT = Path(__file__).resolve().parent.parent


def _with_name(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


def _connect(url: str, name: str):
    parts = urlparse(_with_name(url, name))
    # A socket folder comes as ``?host=/path`` (the embedded server), else the URL's host.
    socket_dir = parse_qs(parts.query).get("host", [""])[0]
    return psycopg2.connect(
        dbname=name,
        user=parts.username or "postgres",
        password=parts.password or "",
        host=socket_dir or unquote(parts.hostname or ""),
        port=parts.port or 5432,
    )


def _recreate(url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"bench: refusing to use database {name!r}")
    connection = _connect(url, "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def _drop(url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    connection = _connect(url, "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    connection.close()


@contextmanager
def bench_database(*, keep: bool = False):
    """Yield the URL of a fresh, empty benchmark database; drop it afterwards unless ``keep``."""
    server = None
    if os.environ.get("BENCH_DATABASE_URL"):
        url = os.environ["BENCH_DATABASE_URL"]
    elif os.environ.get("DATABASE_URL"):
        url = _with_name(os.environ["DATABASE_URL"], BENCH_NAME)
    else:
        import pgserver

        server = pgserver.get_server(ROOT / ".bench-pgdata", cleanup_mode="stop")
        # The socket folder as ``?host=``: django-environ passes it on to psycopg2 as is
        # (it does not decode a percent-encoded host name).
        socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]
        url = f"postgres://postgres@/{BENCH_NAME}?host={quote(socket_dir, safe='/')}"
    _recreate(url)
    try:
        yield url
    finally:
        if not keep:
            _drop(url)
        if server is not None:
            server.cleanup()
