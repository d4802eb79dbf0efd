"""Every public page in a real browser, in English, French and Spanish, on a desktop and a phone.

Playwright drives Debian's chromium over a live server holding realistic sample data. Each
page fails its test on a console error, a Content-Security-Policy violation, a request to any
host but the live server, a subresource answering 400 or more, or an axe-core violation of
impact "serious" or "critical"; a full-page screenshot of each goes to
test-artifacts/public/ (git-ignored) for people to look at.

One browser and one live server serve the whole module, and one browser context per language
and width (the language is the django_language cookie the site's switcher sets), so the 90
page visits stay within a few minutes on two cores.
"""

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from tests.browser import ARTIFACTS, chromium, chromium_path, live_server

SHOTS = ARTIFACTS / "public"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
LANGUAGES = ("en", "fr", "es")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
BLOCKING_IMPACTS = {"serious", "critical"}

# The mark makes pytest-django set up the test database (it only creates the databases
# the session's tests ask for); the data itself is the module's, committed by ``site``.
pytestmark = pytest.mark.django_db
# The connections the tests' own (empty) transactions ran on, closed after the module.
TEST_CONNECTIONS: list = []


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200


# Every public page, with the data seeded below: Norway has five plans on record and
# validated sample assessments under its third and fourth; China has no plan on record;
# Denmark and the Netherlands have seed_demo's validated sample assessments.
ORGANIZATION = "demo-wps-coalition"
PAGES = [
    PublicPage("home", "/"),
    PublicPage("countries", "/countries/"),
    PublicPage("countries-filtered", "/countries/?region=Europe&has_plan=true"),
    PublicPage("countries-sorted", "/countries/?sort=-overall"),
    PublicPage("profile", "/countries/NOR/"),
    PublicPage("profile-no-plan", "/countries/CHN/"),
    PublicPage("plan", "/countries/NOR/plans/4/"),
    PublicPage("plan-compare", "/countries/NOR/plans/4/compare/?with=3"),
    PublicPage("scorecard", f"/countries/NOR/2021/{ORGANIZATION}/"),
    PublicPage("compare", "/compare/?c=NOR&c=DNK&c=NLD"),
    PublicPage("indicators", "/indicators/"),
    PublicPage("indicator", "/indicators/WC01/"),
    PublicPage("methodology", "/methodology/"),
    # seed_demo's sample dataset release.
    PublicPage("releases", "/releases/"),
    PublicPage("release", "/releases/2026.1/"),
    PublicPage("login", "/accounts/login/"),
    PublicPage("not-found", "/countries/ZZZ/", status=404),
]

# Records every CSP violation of the document: init scripts are injected by the browser
# itself, so the policy under test does not block this one.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}` +
    ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""
# WCAG 1.4.10 (reflow): at phone width nothing may make the page itself scroll sideways (a wide
# table scrolls inside its own container). Names the outermost elements that stick out.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map((c) => '.' + c).join('');
  const outermost = [...document.querySelectorAll('main *, header *, footer *')].filter(
    (el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement))
  );
  const described = outermost.map((el) => {
    const path = [];
    for (let p = el; p && p !== document.body; p = p.parentElement) path.unshift(name(p));
    return `${path.join(' > ')} (${Math.round(el.getBoundingClientRect().right)}px)`;
  });
  return [...new Set(described)].slice(0, 5);
}"""
AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map((node) => node.target.join(' ')),
  }));
}"""


def seed() -> None:
    """Sample data the pages can show: seed_demo's organizations and assessments, and the
    demo coalition's validated assessments of Norway under its third and fourth plans (the
    sourced plans of the reference data), made the way seed_demo makes its own."""
    from indicators.management.commands.seed_demo import seed_one
    from indicators.models import Assessment
    from organizations.models import Organization, User
    from plans.models import Country, Coverage

    call_command("seed_demo", allow_production=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    norway = Country.objects.get(iso3="NOR")
    coalition = Organization.objects.get(slug=ORGANIZATION)
    Coverage.objects.get_or_create(organization=coalition, country=norway)
    editor = User.objects.get(username="demo-editor")
    reviewer = User.objects.get(username="demo-reviewer")
    for year in (2017, 2018, 2020, 2021):
        seed_one(coalition, norway, year, Assessment.Status.VALIDATED, editor, reviewer)
    # The plan pages below need these links; seed_one links the plan in force that year.
    plans = Assessment.objects.filter(country=norway).values_list("year", "plan__generation")
    assert dict(plans) == {2017: 3, 2018: 3, 2020: 4, 2021: 4}, dict(plans)


def restore(snapshot: str) -> None:
    """Back to the reference data alone, as a serialized_rollback test leaves the database."""
    call_command(
        "flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True
    )
    connection.creation.deserialize_db_from_string(snapshot)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A live server over committed sample data, removed again after the module.

    The data is committed (the live server's thread has its own connection), so the
    database is snapshotted first and restored afterwards; database access stays unblocked
    for the module because the live server's thread uses it during every test.
    """
    chromium_path()  # skip (or, with CI=true, fail) before seeding anything
    with django_db_blocker.unblock():
        # The snapshot is restored with a flush: never on anything but a test database.
        assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict
        from plans.models import Country

        if not Country.objects.exists():
            pytest.fail(
                "The test database holds no reference data (did a test flush it?); "
                "run again with --create-db."
            )
        snapshot = connection.creation.serialize_db_to_string()
        try:
            seed()
            with live_server() as server:
                yield server
        finally:
            for test_connection in {id(c): c for c in TEST_CONNECTIONS}.values():
                if test_connection is not connection:
                    test_connection.close()
            restore(snapshot)


@pytest.fixture(autouse=True)
def remember_the_test_connection():
    """Each test runs in the transaction of its ``django_db`` mark, which pytest-django rolls
    back after this fixture's teardown. While Playwright's sync API runs, that transaction's
    connection belongs to a context the module's teardown cannot reach, so it is kept here
    and closed with the live server (otherwise it outlives the session and blocks dropping
    the test database)."""
    yield
    TEST_CONNECTIONS.append(connections[DEFAULT_DB_ALIAS])


@pytest.fixture(scope="module")
def browser(site):
    """One chromium for the module, started after the data is seeded."""
    with pytest.MonkeyPatch.context() as monkeypatch, chromium(monkeypatch) as launched:
        yield launched


@pytest.fixture(scope="module")
def contexts(browser, site):
    """One browser context per (language, width), created on first use."""
    opened = {}

    def get(language: str, width: str):
        if (language, width) not in opened:
            context = browser.new_context(viewport=VIEWPORTS[width])
            context.add_cookies([{"name": "django_language", "value": language, "url": site.url}])
            context.add_init_script(CSP_LISTENER)
            context.set_default_timeout(20_000)
            opened[language, width] = context
        return opened[language, width]

    yield get
    for context in opened.values():
        context.close()


class Watch:
    """What a page does that it must not: console errors, CSP violations, requests that
    leave the live server, failed subresources."""

    def __init__(self, page, expected_status: int):
        self.page = page
        self.expected_status = expected_status
        self.console: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))
        page.on("response", self.on_response)
        page.on("requestfailed", self.on_request_failed)
        page.route("**/*", self.on_route)

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        text = message.text
        # Chromium logs the deliberate 404 of the page itself as a failed resource.
        if (
            self.expected_status >= 400
            and text.startswith("Failed to load resource")
            and message.location.get("url") == self.page.url
        ):
            return
        self.console.append(text)

    def on_route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def on_response(self, response) -> None:
        if response.request.is_navigation_request() and response.request.frame.parent_frame is None:
            return  # the document itself: its status is checked by the test
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def on_request_failed(self, request) -> None:
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            self.failed.append(f"failed ({request.failure}) {request.url}")


def axe_violations(page) -> list[dict]:
    # page.evaluate runs in the page's JavaScript world through the DevTools protocol, which
    # the page's Content-Security-Policy does not govern (a <script> tag would be blocked).
    page.evaluate(AXE_SOURCE)
    return page.evaluate(AXE_RUN)


def describe(violation: dict) -> str:
    targets = "; ".join(violation["targets"][:5])
    more = len(violation["targets"]) - 5
    if more > 0:
        targets += f"; … and {more} more"
    return (
        f"axe {violation['id']} ({violation['impact']}): {violation['help']} — "
        f"{targets} — {violation['helpUrl']}"
    )


def params():
    for public_page in PAGES:
        for language in LANGUAGES:
            for width in VIEWPORTS:
                yield pytest.param(
                    public_page,
                    language,
                    width,
                    id=f"{public_page.name}-{language}-{width}",
                )


def problems_of(page, watch: Watch) -> tuple[list[str], list[dict]]:
    """Everything the page did wrong so far, axe-core's serious and critical findings included."""
    csp = page.evaluate("window.__cspViolations || []")
    violations = axe_violations(page)
    return [
        *(f"console error: {text}" for text in watch.console),
        *(f"CSP violation: {text}" for text in csp),
        *(f"request leaving the live server (aborted): {url}" for url in watch.outside),
        *(f"subresource {text}" for text in watch.failed),
        *(describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS),
    ], violations


@pytest.mark.parametrize(("public_page", "language", "width"), list(params()))
def test_each_public_page_loads_cleanly_and_has_no_serious_accessibility_violation(
    site, contexts, public_page, language, width
):
    page = contexts(language, width).new_page()
    try:
        watch = Watch(page, public_page.status)
        response = page.goto(site.url + public_page.path, wait_until="load")
        problems = []
        if response.status != public_page.status:
            problems.append(f"status {response.status}, expected {public_page.status}")
        html_lang = page.get_attribute("html", "lang")
        if html_lang != language:
            problems.append(f'<html lang="{html_lang}">, expected {language}')
        found, violations = problems_of(page, watch)
        problems += found
        if width == "phone":
            problems += [f"wider than the phone: {what}" for what in page.evaluate(OVERFLOW)]
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = SHOTS / f"{public_page.name}-{language}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        report = shot.with_suffix(".axe.json")
        if violations:  # all impacts, for whoever polishes the page
            report.write_text(json.dumps(violations, indent=2, ensure_ascii=False))
        else:
            report.unlink(missing_ok=True)
    finally:
        page.close()
    assert not problems, f"{public_page.path} ({language}, {width}):\n  " + "\n  ".join(problems)


def wait_until(page, predicate: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        page.wait_for_timeout(50)


def test_the_checks_catch_each_kind_of_problem(site, contexts):
    """The harness itself: a page given one problem of each kind reports every one of them."""
    page = contexts("en", "desktop").new_page()
    try:
        watch = Watch(page, 200)
        page.goto(site.url + "/methodology/")
        page.evaluate(
            """() => {
              const main = document.querySelector('main');
              const image = document.createElement('img');  // no alt text: axe image-alt
              image.src = '/static/no-such-image.png';       // and a 404 subresource
              main.append(image);
              const script = document.createElement('script');  // inline: the CSP blocks it
              script.textContent = 'window.inlineRan = true;';
              document.body.append(script);
              console.error('a deliberate console error');
            }"""
        )
        # Not page.wait_for_function: it evaluates a string in the page, which the CSP forbids.
        wait_until(page, "() => window.__cspViolations.length > 0")
        wait_until(page, "() => document.querySelector('main img').complete")
        # A request the CSP does not govern (a navigation away): aborted and recorded.
        outside = page.context.new_page()
        outside_watch = Watch(outside, 200)
        with pytest.raises(Exception, match="net::ERR_FAILED"):
            outside.goto("http://example.org/")
        outside.close()
        problems, _ = problems_of(page, watch)
    finally:
        page.close()
    joined = "\n".join(problems)
    assert "console error: a deliberate console error" in joined
    assert "CSP violation: script-src-elem blocked inline" in joined
    assert "subresource 404 " in joined and "/static/no-such-image.png" in joined
    assert "axe image-alt (critical)" in joined
    assert outside_watch.outside == ["http://example.org/"]


# What the focused element looks like, and whether that differs visibly from its unfocused
# look: an outline or box shadow, or (like the world map's countries, whose focus is a thick
# yellow stroke) a change of stroke, border, background or text decoration on it or a child.
FOCUSED = """(isTarget) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {target: false, name: '(nothing)'};
  const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ` +
    el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40);
  if (!isTarget(el)) return {target: false, name};
  const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'stroke',
    'stroke-width', 'border-color', 'background-color', 'text-decoration-line'];
  const look = () => [el, ...el.children].slice(0, 4).map((node) => {
    const style = getComputedStyle(node);
    return props.map((prop) => style.getPropertyValue(prop)).join('|');
  }).join(' / ');
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const focusedLook = look();
  el.blur();
  const blurredLook = look();
  el.focus();
  return {
    target: true, name, text: el.textContent.trim(),
    visible: outline || style.boxShadow !== 'none' || focusedLook !== blurredLook,
    look: focusedLook,
  };
}"""


def tab_to(page, is_target: str, what: str, limit: int = 60) -> dict:
    """Press Tab until the focused element satisfies ``is_target`` (a JavaScript function of
    the element, run through page.evaluate), and check that its focus is visible."""
    trail = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(f"() => ({FOCUSED})({is_target})")
        trail.append(focused["name"])
        if focused["target"]:
            assert focused["visible"], f"no visible focus on {what}: {focused['look']}"
            return focused
    raise AssertionError(f"{limit} presses of Tab never reached {what}; focus went to: {trail}")


IS_LANGUAGE_SWITCHER = "(el) => el.id === 'language-select'"
FILTER_CONTROLS = "form.filters :is(input:not([type=hidden]), select, button)"
# HTML links and the SVG links of the world map alike.
IS_COUNTRY_LINK = "(el) => /^\\/countries\\/[A-Z]{3}\\/$/.test(el.getAttribute('href') || '')"


def keyboard_page(contexts, site, path: str):
    page = contexts("en", "desktop").new_page()
    page.goto(site.url + path)
    return page


def test_on_the_home_page_tab_reaches_the_language_switcher_and_a_country_with_visible_focus(
    site, contexts
):
    page = keyboard_page(contexts, site, "/")
    try:
        tab_to(page, IS_LANGUAGE_SWITCHER, "the language switcher")
        tab_to(page, IS_COUNTRY_LINK, "the first country link")
    finally:
        page.close()


def test_on_the_country_index_tab_reaches_the_switcher_every_filter_and_the_first_country(
    site, contexts
):
    page = keyboard_page(contexts, site, "/countries/")
    try:
        count = page.locator(FILTER_CONTROLS).count()
        assert count >= 5, f"the country index has {count} filter controls"
        first_country = page.locator("table tbody a[href^='/countries/']").first.inner_text()
        tab_to(page, IS_LANGUAGE_SWITCHER, "the language switcher")
        for n in range(count):
            nth = f"(el) => el === document.querySelectorAll({json.dumps(FILTER_CONTROLS)})[{n}]"
            tab_to(page, nth, f"filter control {n + 1} of {count}", limit=5)
        found = tab_to(page, IS_COUNTRY_LINK, "the first country link", limit=30)
        assert found["text"] == first_country
    finally:
        page.close()


def test_the_language_switcher_changes_the_language_and_keeps_the_page(site, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        page.goto(site.url + "/countries/NOR/")
        assert page.get_attribute("html", "lang") == "en"
        page.select_option("#language-select", "fr")
        page.locator("form.language-switcher button").click()
        page.wait_for_url(re.compile(r"/countries/NOR/$"))
        assert page.get_attribute("html", "lang") == "fr"
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert cookies.get("django_language") == "fr"
    finally:
        context.close()


def test_the_stylesheet_closes_every_block_it_opens():
    """An unclosed ``@media {`` silently turns every later rule into a phone-only rule."""
    css = (Path(__file__).parent.parent / "static" / "css" / "site.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\"[^\"]*\"|'[^']*'", '""', css)
    depth = 0
    for number, line in enumerate(css.splitlines(), start=1):
        if line.startswith("@media"):
            assert depth == 0, f"site.css line {number} (comments removed): @media inside a block"
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"site.css line {number} (comments removed) closes no open block"
    assert depth == 0, "site.css ends inside an unclosed block"
