"""``python -m bench [--scale 1] [--keep] [--repeat N] [--load-seconds S]``: one benchmark run.

Makes its own database (``bench.database``), migrates it, generates the data
(``bench.generate``), scores it with the rescore command, then prints one line per measure,
``bench: NAME ratio=R`` (or ``seconds=S``, ``mb=M``, ``rps=N``, ``p95_ms=M``), for scripts to
read. Django runs with ``DEBUG`` off, as in production, and Redis as the cache when it
answers (``REDIS_URL``, default ``redis://127.0.0.1:6379/14``); the database cache's own
cost is measured beside it. See docs/performance.md.
"""

import argparse
import os
import sys
import time


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 193 countries")
    parser.add_argument("--repeat", type=int, default=15, help="requests per latency median")
    parser.add_argument("--load-seconds", type=float, default=10.0, help="gunicorn load test")
    parser.add_argument("--clients", type=int, default=8, help="concurrent load clients")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    return parser.parse_args(argv)


def report(name: str, **figures) -> None:
    shown = " ".join(f"{key}={value}" for key, value in figures.items())
    print(f"bench: {name} {shown}", flush=True)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - no Redis here: the database cache it is
        return ""
    return url


def configure(database_url: str) -> dict[str, str]:
    """The environment of the benchmarked app: production settings on the bench database."""
    env = {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",  # noqa: S105
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        # The throttles run (and cost what they cost) but the bench's own requests stay
        # under their limit.
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": redis_url(),
        "DJANGO_SETTINGS_MODULE": "nap_tracker.settings",
    }
    os.environ.update(env)
    return env


def main(argv=None) -> int:
    args = parse_args(argv)
    from bench.database import bench_database

    with bench_database(keep=args.keep) as url:
        env = configure(url)
        import django

        django.setup()
        from django.core.management import call_command

        from bench import generate, measure

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        from django.conf import settings
        from django.test import override_settings

        with override_settings(CACHES={"default": settings.DATABASE_CACHE}):
            call_command("createcachetable", verbosity=0)  # for the database cache's measure
        counts = generate.generate(args.scale)
        call_command("rescore", verbosity=0)
        from django.db import connection

        with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum keeps
            cursor.execute("VACUUM ANALYZE")
        setup = time.perf_counter() - started
        print(
            "bench: data "
            + " ".join(f"{name}={number}" for name, number in counts.items())
            + f" seconds={setup:.1f} cache={'redis' if env['REDIS_URL'] else 'database'}",
            flush=True,
        )
        measure.run_all(args, env, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
