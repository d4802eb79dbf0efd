"""Settings come from the environment and refuse unsafe production configurations."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A URL is enough: these commands never open a connection.
DUMMY_DATABASE = "postgres://nobody@127.0.0.1:1/none"
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!q9-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "naps.example.org",
    "DATABASE_URL": DUMMY_DATABASE,
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    unrelated = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unrelated}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_like_env_prints_no_warning():
    result = run_manage("check", "--deploy", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_app_refuses_to_start_without_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_app_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_debug_is_off_unless_set():
    env = {**PRODUCTION_ENV}
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_env_example_lists_every_setting_the_readme_documents():
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    names = [
        line.lstrip("# ").split("=", 1)[0]
        for line in example.splitlines()
        if re.match(r"^(# )?[A-Z_]+=", line)
    ]
    assert "DATABASE_URL" in names and "SECRET_KEY" in names
    for name in names:
        assert f"`{name}`" in readme, f"{name} is missing from the README configuration table"
