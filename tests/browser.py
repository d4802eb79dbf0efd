"""Shared by the browser tests: Debian's chromium (or a skip, or a failure on CI), the live
server, and the folder the screenshots go to (git-ignored)."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium; without it the test is skipped, except on CI (CI=true) where it fails.

    Playwright cannot download a browser of its own here, so a missing chromium would
    otherwise turn the browser tests into silent skips on the machine that must run them.
    """
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if Path(path).exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but Debian's chromium is missing: apt-get install -y chromium")
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")


@contextmanager
def live_server() -> Iterator:
    """A live server for one test, stopped (and its connections closed) after it."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1:0")
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def chromium(monkeypatch) -> Iterator:
    """A Playwright (sync API) chromium browser, closed afterwards.

    Playwright's sync API runs an event loop in this thread; the ORM calls the test itself
    makes are still plain synchronous code, hence DJANGO_ALLOW_ASYNC_UNSAFE. Create the
    database rows before the browser starts: ORM calls made inside Playwright's greenlet
    open a database connection of their own that outlives the test.
    """
    executable = chromium_path()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser):
    """A page in a fresh context: its own cookies, so nobody is signed in."""
    ARTIFACTS.mkdir(exist_ok=True)
    return browser.new_context(viewport=VIEWPORT).new_page()
