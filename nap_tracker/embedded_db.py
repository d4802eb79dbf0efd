"""Start (or reuse) the embedded PostgreSQL server of the pgserver wheel for local use and tests."""

import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

DATABASE_NAME = "nap_tracker"


def embedded_database(data_dir: Path) -> dict:
    """Return Django DATABASES settings for a pgserver instance kept in ``data_dir``.

    The server is started with ``cleanup_mode=None`` so it keeps running between
    commands (``make run``, ``make test``, ``manage.py`` calls) and is reused by
    each of them; the data folder is git-ignored.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode=None)
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        uri = urlparse(server.get_uri(DATABASE_NAME))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": uri.username or "postgres",
        "PASSWORD": uri.password or "",
        "HOST": parse_qs(uri.query).get("host", [""])[0],
        "PORT": str(uri.port or ""),
        "CONN_MAX_AGE": 0,
    }
