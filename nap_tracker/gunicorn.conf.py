"""gunicorn's settings for ``make serve`` (production): threads, so slow clients cannot stall it.

With the default sync workers every connection holds a whole worker until its request is
read and answered: two clients that send half a body and stop held both workers for the
30 s worker timeout, and nobody else was served (decision 51). gthread workers accept
connections in a main loop and serve each request on one of ``threads`` threads, waiting
in the loop (not on a thread) for a request's first bytes; a request body that stalls
for ``body_timeout`` seconds is given up (400), so a stalled client holds one thread for
at most that long. Keep a buffering reverse proxy (nginx) in front for the Internet.

Tunable from the environment; ``make serve`` gives ``--bind``; the command line wins.
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


wsgi_app = "nap_tracker.wsgi:application"

# Processes x threads requests are served at once; each thread keeps its own database
# connection open (CONN_MAX_AGE), so PostgreSQL sees up to that many connections.
workers = _int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A worker whose main loop is silent this long is restarted; and it gets this long to
# finish its requests on a graceful restart (SIGHUP, deploy).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = timeout
# Seconds an idle kept-alive connection waits for its next request (behind a proxy: more
# than nothing, less than the proxy's own idle timeout).
keepalive = 5
# Seconds a request body may stall between two reads before the request is given up.
body_timeout = _int("GUNICORN_BODY_TIMEOUT", timeout)

accesslog = "-"
errorlog = "-"


def pre_request(worker, req):
    """Bound each read of the request body: the thread is not held by a silent client."""
    sock = getattr(req.unreader, "sock", None)
    if sock is not None:
        sock.settimeout(body_timeout)
