"""The benchmark (make bench) runs end to end at a tiny scale and prints every measure's line.

Not a timing test: it checks that the generator, the scoring, every measure and the gunicorn
load client work and report in the form scripts read (``bench: NAME key=value``).
"""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^bench: (\w+)((?: \w+=[-\w.]+)+)$")
MEASURES = {
    "countries_list": "ratio",
    "assessments_list": "ratio",
    "values_csv": ("ratio", "skipped"),
    "values_csv_memory": ("mb", "skipped"),
    "api_dbcache_queries": "queries",
    "rescore": "seconds",
    "country_index_rps": "rps",
    "country_index_p95": "p95_ms",
}


def bench_environment() -> dict:
    env = {**os.environ}
    if env.get("DATABASE_URL"):
        # A database of this run's own on the same server, dropped by the bench at the end.
        name = f"nap_bench_test_{uuid.uuid4().hex[:8]}"
        env["BENCH_DATABASE_URL"] = urlunparse(
            urlparse(env["DATABASE_URL"])._replace(path=f"/{name}")
        )
    return env


def test_the_benchmark_runs_at_a_tiny_scale_and_prints_one_line_per_measure():
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "0.01", "--repeat", "1", "--load-seconds", "1"],
        cwd=ROOT,
        env=bench_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stdout.splitlines() if line.startswith("bench: ")]
    figures = {}
    for line in lines:
        match = LINE.match(line)
        assert match, line
        figures[match[1]] = dict(pair.split("=") for pair in match[2].split())
    data = figures["data"]
    assert data["countries"] == "2"
    assert int(data["assessments"]) >= 2 * 15  # every country, every year, 1–5 organizations
    assert int(data["values"]) >= 17 * int(data["assessments"])
    for name, keys in MEASURES.items():
        keys = (keys,) if isinstance(keys, str) else keys
        assert figures[name].keys() & set(keys), (name, figures[name])
    assert float(figures["countries_list"]["ratio"]) > 0
    assert float(figures["country_index_rps"]["rps"]) > 0
    assert figures["country_index_rps"]["errors"] == "0"
