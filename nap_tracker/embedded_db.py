"""Start (or reuse) the embedded PostgreSQL server of the pgserver wheel for local use and tests."""

import json
import logging
import subprocess
import time
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

DATABASE_NAME = "nap_tracker"
HANDLE_FILE = ".handle_pids.json"
logger = logging.getLogger("nap_tracker.embedded_db")


def embedded_database(data_dir: Path) -> dict:
    """Return Django DATABASES settings for a pgserver instance kept in ``data_dir``.

    The server is started with ``cleanup_mode=None`` so it keeps running between
    commands (``make run``, ``make test``, ``manage.py`` calls) and is reused by
    each of them; the data folder is git-ignored. What an interrupted command or a
    machine restart leaves behind is repaired first (``repair_data_dir``).
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); harmless here.
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import PostgresServer

        data_dir.mkdir(parents=True, exist_ok=True)
        # pgserver's own inter-process lock: no other command is starting the server meanwhile.
        with PostgresServer._lock:
            repairs = repair_data_dir(data_dir)
        for repair in repairs:
            logger.warning("Embedded PostgreSQL in %s: %s", data_dir, repair)
        server = _start(data_dir)
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


def _start(data_dir: Path, attempts: int = 3):
    """pgserver's handle on the running server, starting it if needed.

    Right after a crash the old server's processes can take a moment to exit and still hold
    its shared memory, so that a new server refuses to start: wait a little and try again.
    """
    import pgserver
    from pgserver.postgres_server import PostgresServer

    for attempt in range(1, attempts + 1):
        try:
            return pgserver.get_server(data_dir, cleanup_mode=None)
        except subprocess.CalledProcessError:
            # pgserver keeps the failed handle; drop it so that the next try starts afresh.
            PostgresServer._instances.pop(data_dir.resolve(), None)
            if attempt == attempts:
                raise
            logger.warning(
                "Embedded PostgreSQL in %s did not start (try %d of %d); retrying shortly.",
                data_dir,
                attempt,
                attempts,
            )
            time.sleep(2)


def repair_data_dir(data_dir: Path) -> list[str]:
    """Undo what an interrupted command or a restart leaves behind; never touches the data.

    - pgserver's list of processes holding the server (``.handle_pids.json``) can be left
      empty or half-written by Ctrl-C or kill; pgserver then fails on every start with a
      JSONDecodeError. An unreadable list is reset; pids of ended processes are dropped.
    - ``postmaster.pid`` can outlive its server (killed, machine restarted); when the pid in
      it is not a running postgres (possibly reused by another program), pgserver would
      believe the server runs and connect to nothing. Such a file is removed, so the server
      is started again.

    Returns one sentence per repair made.
    """
    import psutil

    repairs = []
    handles = data_dir / HANDLE_FILE
    if handles.exists():
        try:
            pids = json.loads(handles.read_text())
            readable = isinstance(pids, list) and all(isinstance(pid, int) for pid in pids)
        except ValueError:
            readable = False
        if not readable:
            handles.write_text("[]")
            repairs.append(f"reset the unreadable {HANDLE_FILE} (left by an interrupted command)")
        else:
            alive = [pid for pid in pids if psutil.pid_exists(pid)]
            if alive != pids:
                handles.write_text(json.dumps(alive))
    pid_file = data_dir / "postmaster.pid"
    if pid_file.exists() and not _postmaster_running(pid_file):
        pid_file.unlink()
        repairs.append("removed a stale postmaster.pid (its server is not running)")
    return repairs


def _postmaster_running(pid_file: Path) -> bool:
    """Whether the first line of postmaster.pid names a running postgres process."""
    import psutil

    try:
        pid = int(pid_file.read_text().splitlines()[0])
        process = psutil.Process(pid)
        return process.name() == "postgres" and process.status() != psutil.STATUS_ZOMBIE
    except (ValueError, IndexError, OSError, psutil.Error):
        return False
