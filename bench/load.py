"""A small HTTP load client: N threads, each on one kept-alive ``http.client`` connection.

Each thread sends GET requests one after the other for ``seconds``; the answer is the
requests per second completed by all of them, the 95th percentile of their latency in
milliseconds and how many answers were not 200 (or failed).
"""

import http.client
import statistics
import threading
import time


def wait_until_up(host: str, port: int, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection(host, port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
            raise SystemExit(f"bench: {path} answered {status}")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _client(host, port, path, deadline, latencies, errors, lock):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    mine, failed = [], 0
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failed += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            continue
        mine.append(time.perf_counter() - started)
    connection.close()
    with lock:
        latencies.extend(mine)
        errors.append(failed)


def run(host: str, port: int, path: str, *, clients: int, seconds: float):
    """(requests per second, p95 latency in ms, errors) of ``clients`` concurrent clients."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_client, args=(host, port, path, deadline, latencies, errors, lock))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) > 1 else 0.0
    return len(latencies) / elapsed, p95, sum(errors)
