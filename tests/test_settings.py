"""Settings come from the environment and refuse unsafe production configurations."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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


def database_settings(env: dict[str, str]) -> str:
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_keeps_database_connections_for_60_s_and_checks_them_before_reuse():
    assert database_settings(PRODUCTION_ENV) == "60 True"


def test_debug_opens_a_database_connection_per_request():
    assert database_settings({**PRODUCTION_ENV, "DEBUG": "true"}) == "0 True"


def test_conn_max_age_can_be_set_from_the_environment():
    assert database_settings({**PRODUCTION_ENV, "CONN_MAX_AGE": "300"}) == "300 True"


def gunicorn_config(monkeypatch, **env: str) -> dict:
    import runpy

    for name in (
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "GUNICORN_TIMEOUT",
        "GUNICORN_BODY_TIMEOUT",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "nap_tracker" / "gunicorn.conf.py"))


def test_gunicorn_serves_with_threads_and_bounded_timeouts_by_default(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config["wsgi_app"] == "nap_tracker.wsgi:application"
    assert config["worker_class"] == "gthread"
    assert (config["workers"], config["threads"]) == (2, 4)
    assert (config["timeout"], config["graceful_timeout"], config["keepalive"]) == (30, 30, 5)
    assert config["body_timeout"] == 30


def test_gunicorn_workers_threads_and_timeouts_come_from_the_environment(monkeypatch):
    config = gunicorn_config(
        monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="8", GUNICORN_TIMEOUT="60"
    )
    assert (config["workers"], config["threads"]) == (3, 8)
    assert (config["timeout"], config["graceful_timeout"], config["body_timeout"]) == (60, 60, 60)


def test_make_serve_runs_gunicorn_with_the_config_file():
    result = subprocess.run(
        ["make", "-n", "serve", "HOST=127.0.0.1", "PORT=8000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "gunicorn --config nap_tracker/gunicorn.conf.py --bind 127.0.0.1:8000" in result.stdout


def connect_timeout(env: dict[str, str]) -> str:
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_database_that_does_not_answer_fails_a_connection_in_5_s_unless_the_url_says():
    assert connect_timeout(PRODUCTION_ENV) == "{'connect_timeout': 5}"
    url = DUMMY_DATABASE + "?connect_timeout=10"
    assert connect_timeout({**PRODUCTION_ENV, "DATABASE_URL": url}) == "{'connect_timeout': 10}"


def cache_and_rates(env: dict[str, str]) -> str:
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "r = settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']; "
        "print(c['BACKEND'], c['LOCATION'], r['anon'], r['user'])"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_cache_is_redis_when_redis_url_is_set():
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://cache.internal:6379/2"}
    assert cache_and_rates(env) == (
        "django.core.cache.backends.redis.RedisCache redis://cache.internal:6379/2 120/min 600/min"
    )


@pytest.mark.parametrize("debug", ["false", "true"])
def test_the_cache_is_the_database_table_without_redis_url_even_with_debug(debug):
    env = {**PRODUCTION_ENV, "DEBUG": debug, "REDIS_URL": ""}
    assert cache_and_rates(env) == (
        "django.core.cache.backends.db.DatabaseCache nap_tracker_cache 120/min 600/min"
    )


def test_throttle_rates_come_from_the_environment():
    env = {**PRODUCTION_ENV, "API_THROTTLE_ANON": "10/hour", "API_THROTTLE_USER": "1000/day"}
    assert cache_and_rates(env).endswith(" 10/hour 1000/day")


def test_make_migrate_creates_the_cache_table():
    result = subprocess.run(
        ["make", "-n", "migrate"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    commands = result.stdout
    assert "manage.py migrate --no-input" in commands
    assert "manage.py createcachetable" in commands
    assert commands.index("manage.py migrate") < commands.index("manage.py createcachetable")
