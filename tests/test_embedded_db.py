"""The embedded PostgreSQL recovers by itself from what interruptions and restarts leave behind.

Each test starts a real pgserver in a folder of its own, breaks it the way an interrupted
command or a machine restart does, then asks for the database settings again in a NEW
process (as the next `make run` would) and connects with them.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

from nap_tracker.embedded_db import HANDLE_FILE, repair_data_dir

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (
    "import json, pathlib, sys; from nap_tracker.embedded_db import embedded_database; "
    "print(json.dumps(embedded_database(pathlib.Path(sys.argv[1]))))"
)


def settings_from_a_new_process(data_dir: Path) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS, str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def answers(settings: dict) -> bool:
    connection = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
    )
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def postmaster_pid(data_dir: Path) -> int | None:
    pid_file = data_dir / "postmaster.pid"
    return int(pid_file.read_text().splitlines()[0]) if pid_file.exists() else None


def stop(data_dir: Path) -> None:
    pid = postmaster_pid(data_dir)
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGTERM)  # a "smart" shutdown, like pg_ctl stop
    except ProcessLookupError:
        return
    for _ in range(100):
        if not (data_dir / "postmaster.pid").exists():
            return
        time.sleep(0.1)


def wait_until_gone(pid: int) -> None:
    import psutil

    for _ in range(100):
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return
        time.sleep(0.1)


@pytest.fixture
def data_dir(tmp_path_factory):
    """A started server in a folder of its own, stopped after the test."""
    folder = tmp_path_factory.mktemp("pg") / "data"
    settings, _ = settings_from_a_new_process(folder)
    assert answers(settings)
    yield folder
    stop(folder)


def test_an_empty_handle_file_is_reset_and_the_server_answers(data_dir):
    (data_dir / HANDLE_FILE).write_text("")
    settings, log = settings_from_a_new_process(data_dir)
    assert answers(settings)
    assert f"reset the unreadable {HANDLE_FILE}" in log
    assert json.loads((data_dir / HANDLE_FILE).read_text()) == []


def test_a_corrupt_handle_file_is_reset_and_the_server_answers(data_dir):
    (data_dir / HANDLE_FILE).write_text("[12, 34")
    settings, _ = settings_from_a_new_process(data_dir)
    assert answers(settings)


def test_a_server_killed_outright_is_started_again(data_dir):
    pid = postmaster_pid(data_dir)
    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    assert (data_dir / "postmaster.pid").exists()  # left behind, as after a crash
    settings, _ = settings_from_a_new_process(data_dir)
    assert answers(settings)
    assert postmaster_pid(data_dir) != pid


def test_a_stale_postmaster_pid_naming_another_program_is_removed_after_a_restart(data_dir):
    stop(data_dir)
    # After a restart the old pid may belong to any program: here, this test's own process.
    stale = [
        str(os.getpid()),
        str(data_dir),
        "1700000000",
        "5432",
        str(data_dir),
        "",
        "0 0",
        "ready",
    ]
    (data_dir / "postmaster.pid").write_text("\n".join(stale) + "\n")
    settings, log = settings_from_a_new_process(data_dir)
    assert "removed a stale postmaster.pid" in log
    assert answers(settings)


def test_a_stopped_server_is_started_again(data_dir):
    stop(data_dir)
    assert not (data_dir / "postmaster.pid").exists()
    settings, _ = settings_from_a_new_process(data_dir)
    assert answers(settings)


def test_repair_leaves_a_healthy_folder_alone(data_dir):
    handles = (data_dir / HANDLE_FILE).read_text()
    assert repair_data_dir(data_dir) == []
    assert (data_dir / "postmaster.pid").exists()
    assert json.loads((data_dir / HANDLE_FILE).read_text()) == [
        pid for pid in json.loads(handles) if os.path.exists(f"/proc/{pid}")
    ]
