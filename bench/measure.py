"""The measures: API latency beside raw-SQL baselines, export memory, rescore, gunicorn load.

Latency is measured in process with Django's test client (the whole WSGI stack, middleware,
throttle and conditional GET included, no network): the figure is the app's own cost, and
its baseline is measured the same way, in process — one raw SQL query through psycopg2 that
fetches the same rows, encoded with the standard json or csv module into the same document.
Each figure is the median of ``--repeat`` runs after two warm-up runs.
"""

import csv
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import psycopg2

from bench import load

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://testserver"
CLUSTERS = ("participation", "prevention_protection", "promotion")


def median_ms(function, repeat: int) -> float:
    for _ in range(2):
        function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def raw_connection():
    from django.db import connection

    return psycopg2.connect(**connection.get_connection_params())


def get(client, url: str, **headers):
    response = client.get(url, **headers)
    if response.status_code != 200:
        raise SystemExit(f"bench: {url} answered {response.status_code}")
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def number(value):
    return None if value is None else float(value)


# --- Baselines: one query each, encoded with json / csv -----------------------------------

COUNTRIES_SQL = """
SELECT c.iso3, c.iso2, c.m49, c.name, c.official_name, c.region, c.subregion, c.un_member,
       c.un_member_since, c.un_observer, p.plan_count, lp.status,
       a.year, o.slug, a.is_sample, m.version, s.overall, s.overall_status, s.band,
       s.participation, s.participation_status, s.prevention_protection,
       s.prevention_protection_status, s.promotion, s.promotion_status, a.id
FROM plans_country c
LEFT JOIN LATERAL (
  SELECT count(*) AS plan_count FROM plans_nationalactionplan
  WHERE country_id = c.iso3 AND is_published) p ON true
LEFT JOIN LATERAL (
  SELECT status FROM plans_nationalactionplan WHERE country_id = c.iso3 AND is_published
  ORDER BY adopted_year DESC NULLS LAST, generation DESC NULLS LAST, id DESC LIMIT 1) lp ON true
LEFT JOIN LATERAL (
  SELECT id, year, organization_id, is_sample FROM indicators_assessment
  WHERE country_id = c.iso3 AND status = 'validated'
  ORDER BY year DESC, validated_at DESC NULLS LAST, id DESC LIMIT 1) a ON true
LEFT JOIN indicators_assessmentscore s ON s.assessment_id = a.id
LEFT JOIN indicators_methodology m ON m.id = s.methodology_id
LEFT JOIN organizations_organization o ON o.id = a.organization_id
ORDER BY c.name, c.iso3
"""


def baseline_countries(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(COUNTRIES_SQL)
        rows = cursor.fetchall()
    results = []
    for r in rows:
        latest = None
        if r[25] is not None:
            latest = {
                "year": r[12],
                "organization": r[13],
                "is_sample": r[14],
                "methodology": r[15],
                "overall": number(r[16]),
                "overall_status": r[17],
                "band": r[18] or None,
                "clusters": {
                    name: {"score": number(r[19 + 2 * i]), "status": r[20 + 2 * i]}
                    for i, name in enumerate(CLUSTERS)
                },
                "page_url": f"{BASE}/countries/{r[0]}/{r[12]}/{r[13]}/",
            }
        results.append(
            {
                "iso3": r[0],
                "iso2": r[1],
                "m49": r[2],
                "name": r[3],
                "official_name": r[4],
                "region": r[5],
                "subregion": r[6],
                "un_member": r[7],
                "un_member_since": r[8],
                "un_observer": r[9],
                "has_plan": r[10] > 0,
                "plan_count": r[10],
                "url": f"{BASE}/api/v1/countries/{r[0]}/",
                "page_url": f"{BASE}/countries/{r[0]}/",
                "nap_status": r[11],
                "latest_assessment": latest,
            }
        )
    body = {"count": len(results), "next": None, "previous": None, "results": results}
    return len(json.dumps(body).encode())


ASSESSMENTS_SQL = """
SELECT a.country_id, a.year, o.slug, p.generation, p.adopted_year, p.period_start, a.status,
       a.is_sample, a.validated_at, m.version, s.overall, s.overall_status, s.band,
       s.participation, s.participation_status, s.prevention_protection,
       s.prevention_protection_status, s.promotion, s.promotion_status, s.id,
       count(*) OVER () AS total
FROM indicators_assessment a
JOIN plans_country c ON c.iso3 = a.country_id
JOIN organizations_organization o ON o.id = a.organization_id
LEFT JOIN plans_nationalactionplan p ON p.id = a.plan_id
LEFT JOIN indicators_assessmentscore s ON s.assessment_id = a.id
LEFT JOIN indicators_methodology m ON m.id = s.methodology_id
WHERE a.status = 'validated'
ORDER BY c.name, a.year DESC, o.slug
LIMIT %s
"""


def plan_key(generation, adopted_year, period_start):
    if generation is not None:
        return str(generation)
    if adopted_year is not None:
        return f"adopted-{adopted_year}"
    return f"period-{period_start}"


def baseline_assessments(connection, page_size: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(ASSESSMENTS_SQL, [page_size])
        rows = cursor.fetchall()
    results = []
    for r in rows:
        scored = r[19] is not None
        path = f"{r[0]}/{r[1]}/{r[2]}/"
        results.append(
            {
                "country": r[0],
                "year": r[1],
                "organization": r[2],
                "plan": plan_key(r[3], r[4], r[5]) if r[5] or r[3] or r[4] else None,
                "status": r[6],
                "is_sample": r[7],
                "validated_at": r[8].isoformat().replace("+00:00", "Z") if r[8] else None,
                "methodology": r[9],
                "overall": number(r[10]) if scored else None,
                "overall_status": r[11],
                "band": r[12] or None,
                "clusters": {
                    name: {"score": number(r[13 + 2 * i]), "status": r[14 + 2 * i]}
                    for i, name in enumerate(CLUSTERS)
                }
                if scored
                else None,
                "url": f"{BASE}/api/v1/assessments/{path}",
                "scores_url": f"{BASE}/api/v1/assessments/{path}scores/",
                "page_url": f"{BASE}/countries/{path}",
            }
        )
    total = rows[0][20] if rows else 0
    body = {"count": total, "next": None, "previous": None, "results": results}
    return len(json.dumps(body).encode())


VALUES_SQL = """
SELECT a.country_id, a.year, o.slug, i.code, v.component, v.level, v.locality,
       v.not_applicable, v.not_applicable_reason, v.inputs, v.data_year, v.source_url,
       v.source_page, v.source_quote, v.notes
FROM indicators_indicatorvalue v
JOIN indicators_assessment a ON a.id = v.assessment_id
JOIN organizations_organization o ON o.id = a.organization_id
JOIN indicators_indicator i ON i.id = v.indicator_id
JOIN plans_country c ON c.iso3 = a.country_id
WHERE a.status = 'validated'
ORDER BY c.name, a.year DESC, o.slug, i."order", v.component, v.level, v.locality
"""
VALUES_HEADER = [
    "country",
    "year",
    "organization",
    "indicator",
    "component",
    "level",
    "locality",
    "not_applicable",
    "not_applicable_reason",
    "inputs",
    "data_year",
    "source_url",
    "source_page",
    "source_quote",
    "notes",
]


class Counter:
    """A file that only counts what is written to it (the export is streamed, not kept)."""

    size = 0

    def write(self, text: str) -> None:
        self.size += len(text.encode())


def baseline_values_csv(connection) -> int:
    out = Counter()
    writer = csv.writer(out)
    writer.writerow(VALUES_HEADER)
    with connection.cursor(name="values_export") as cursor:  # server-side: flat memory
        cursor.itersize = 2000
        cursor.execute(VALUES_SQL)
        for row in cursor:
            writer.writerow([*row[:9], json.dumps(row[9]), *row[10:]])
    connection.rollback()
    return out.size


# --- The measures --------------------------------------------------------------------------


def compare(report, name: str, app, baseline, repeat: int) -> None:
    app_ms = median_ms(app, repeat)
    baseline_ms = median_ms(baseline, repeat)
    report(
        name,
        ratio=f"{app_ms / baseline_ms:.2f}",
        ms=f"{app_ms:.1f}",
        baseline_ms=f"{baseline_ms:.1f}",
    )


def peak_mb(function) -> float:
    tracemalloc.start()
    try:
        function()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def cache_queries(client, url: str) -> int:
    """Queries a repeated anonymous request makes beyond the endpoint's own (cache ones)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get(client, url)
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    table = "nap_tracker_cache"
    return sum(table in query["sql"] for query in captured.captured_queries)


def run_all(args, env: dict, report) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    client = Client()
    connection = raw_connection()
    repeat = args.repeat

    countries = "/api/v1/countries/?page_size=250"
    compare(
        report,
        "countries_list",
        lambda: get(client, countries),
        lambda: baseline_countries(connection),
        repeat,
    )
    assessments = "/api/v1/assessments/?page_size=250"
    compare(
        report,
        "assessments_list",
        lambda: get(client, assessments),
        lambda: baseline_assessments(connection, 250),
        repeat,
    )

    if env["REDIS_URL"]:
        # The same requests with the cache of Redis-less deployments (the database table).
        with override_settings(CACHES={"default": settings.DATABASE_CACHE}):
            compare(
                report,
                "countries_list_dbcache",
                lambda: get(client, countries),
                lambda: baseline_countries(connection),
                repeat,
            )
            report("api_dbcache_queries", queries=cache_queries(client, countries))
    else:
        report("api_dbcache_queries", queries=cache_queries(client, countries))

    values = "/api/v1/values/?format=csv"
    if client.get(values).status_code == 404:
        report("values_csv", skipped="not-available")
        report("values_csv_memory", skipped="not-available")
    else:
        compare(
            report,
            "values_csv",
            lambda: get(client, values),
            lambda: baseline_values_csv(connection),
            max(3, repeat // 5),
        )
        report("values_csv_memory", mb=f"{peak_mb(lambda: get(client, values)):.1f}")
        report(
            "values_csv_baseline_memory",
            mb=f"{peak_mb(lambda: baseline_values_csv(connection)):.1f}",
        )
    connection.close()

    started = time.perf_counter()
    call_command("rescore", verbosity=0)
    report("rescore", seconds=f"{time.perf_counter() - started:.2f}")

    call_command("collectstatic", interactive=False, verbosity=0)
    rps, p95, errors = serve_and_load(env, args.clients, args.load_seconds)
    report("country_index_rps", rps=f"{rps:.0f}", errors=errors)
    report("country_index_p95", p95_ms=f"{p95:.1f}")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_and_load(env: dict, clients: int, seconds: float) -> tuple[float, float, int]:
    """gunicorn with the production config (nap_tracker/gunicorn.conf.py), 8 clients."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "nap_tracker/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        load.wait_until_up("127.0.0.1", port, "/countries/", timeout=30)
        load.run("127.0.0.1", port, "/countries/", clients=clients, seconds=min(2.0, seconds))
        return load.run("127.0.0.1", port, "/countries/", clients=clients, seconds=seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
