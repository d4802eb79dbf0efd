"""The civil-society data-entry flow in a real browser, as people would walk it.

An editor signs in, creates an assessment of Norway 2023, types a bad value and sees it
explained, enters the METHODOLOGY worked example, and submits; a reviewer returns it with
a reason; the editor resubmits; the reviewer validates; an anonymous visitor reads the
public scorecard, whose overall score is the score preview's for the same inputs.
"""

import re

import pytest
from playwright.sync_api import expect

from indicators.labels import CHECKLIST_LABELS, INPUT_LABELS
from indicators.worked_example import WORKED_EXAMPLE
from tests.browser import ARTIFACTS, chromium, live_server, new_page
from tests.factories import PASSWORD

# serialized_rollback restores the reference data that the flush after the test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FORM_URL = "/entry/assessments/NOR/2023/owning-org/"
SCORECARD_URL = "/countries/NOR/2023/owning-org/"
RETURN_REASON = "Please cite the page for WC09."


@pytest.fixture
def site(transactional_db):
    with live_server() as server:
        yield server


@pytest.fixture
def people(editor, reviewer):
    """The editor and the reviewer of the owning organization (which covers Norway).

    Saved before Playwright starts: ORM calls inside its greenlet would open a database
    connection of their own that outlives the test.
    """
    editor.first_name, editor.last_name = "Ingrid", "Berg"
    editor.save()
    reviewer.first_name, reviewer.last_name = "Kari", "Nilsen"
    reviewer.save()
    return {"editor": editor, "reviewer": reviewer}


@pytest.fixture
def browser(monkeypatch):
    # Skipped without chromium, failed without it when CI=true (tests/browser.py).
    with chromium(monkeypatch) as launched:
        yield launched


@pytest.fixture
def page(browser):
    page = new_page(browser)
    page.set_default_timeout(15_000)
    return page


def shot(page, number: int, step: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"entry-flow-{number}-{step}.png"), full_page=True)


def nav(page):
    return page.get_by_role("navigation", name="Main")


def sign_in(page, site, user) -> None:
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(nav(page).get_by_role("button", name=f"Sign out {user.username}")).to_be_visible()


def sign_out(page, user) -> None:
    nav(page).get_by_role("button", name=f"Sign out {user.username}").click()
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()


def value_row(page, code: str, component: str, row: int = 0):
    """One row of a component's values: its inputs and its "Evidence and level" details."""
    return page.locator(f"[id='{code}-{component}-{row}']")


def fill_worked_example(page) -> None:
    """Every indicator of the worked example, typed in as its labels ask."""
    for code, entry in WORKED_EXAMPLE["indicators"].items():
        if entry.get("not_applicable"):
            block = page.locator(f"fieldset.indicator[data-code='{code}']")
            block.get_by_label(f"{code} is not applicable this year").check()
            block.get_by_label("Why not applicable").fill(entry["reason"])
            continue
        for component, inputs in entry["components"].items():
            row = value_row(page, code, component)
            for name, given in inputs.items():
                if name == "items":
                    for item, answer in given.items():
                        row.get_by_label(str(CHECKLIST_LABELS[item])).select_option(answer)
                elif name == "level":
                    row.get_by_role("radio", name=re.compile(rf"^{given} — ")).check()
                else:
                    row.get_by_label(str(INPUT_LABELS[name]), exact=True).fill(str(given))


def open_evidence(row):
    row.locator("summary", has_text="Evidence and level").click()
    url = row.get_by_label("Source / evidence URL")
    expect(url).to_be_visible()
    return row


def confirm_warnings_if_shown(page) -> None:
    confirm = page.get_by_label("I have checked these warnings; the values are right.")
    if confirm.count():
        confirm.check()


def status_row(page, year: int):
    return page.locator("section.country-entry tbody tr", has=page.locator(f"th:text-is('{year}')"))


def test_editor_enters_reviewer_returns_then_validates_and_the_public_sees_it(
    site, people, browser, page
):
    editor, reviewer = people["editor"], people["reviewer"]

    # 1. The editor signs in with the form.
    sign_in(page, site, editor)

    # 2. Your entries → New assessment → Norway 2023.
    nav(page).get_by_role("link", name="Your entries").click()
    expect(page).to_have_url(site.url + "/entry/")
    page.get_by_role("link", name="New assessment").first.click()
    organization = page.get_by_label("Organization")
    expect(organization.locator("option")).to_have_count(1)
    expect(organization.locator("option:checked")).to_have_text("Owning Organization")
    page.get_by_label("Country").select_option(label="Norway")
    page.get_by_label("Reporting year").fill("2023")
    shot(page, 2, "new-assessment")
    page.get_by_role("button", name="Create and start entering data").click()
    expect(page).to_have_url(site.url + FORM_URL)
    expect(page.locator(".messages")).to_contain_text("Assessment of Norway 2023 created")
    expect(page.get_by_role("heading", level=1)).to_have_text("Norway 2023: the eleven indicators")

    # 3. A bad ratio (15 of 12) next to a good WC04: explained, and nothing typed is lost.
    task_force = value_row(page, "WC05", "task_force_seats")
    task_force.get_by_label("Numerator", exact=True).fill("15")
    task_force.get_by_label("Denominator", exact=True).fill("12")
    peacekeepers = value_row(page, "WC04", "peacekeepers")
    peacekeepers.get_by_label("Women", exact=True).fill("14")
    peacekeepers.get_by_label("Men", exact=True).fill("86")
    page.get_by_role("button", name="Save draft").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem with 1 field")
    problem = "numerator (15) must not be greater than denominator (12)."
    expect(summary.get_by_role("link", name=problem)).to_be_visible()
    numerator = task_force.get_by_label("Numerator", exact=True)
    next_to_it = page.locator(f"[id='{numerator.get_attribute('id')}_error']")
    assert next_to_it.inner_text() == problem
    expect(numerator).to_have_attribute("aria-invalid", "true")
    expect(numerator).to_have_value("15")
    expect(task_force.get_by_label("Denominator", exact=True)).to_have_value("12")
    expect(peacekeepers.get_by_label("Women", exact=True)).to_have_value("14")
    expect(peacekeepers.get_by_label("Men", exact=True)).to_have_value("86")
    expect(page.locator("#scores")).to_contain_text("Not scored yet")
    shot(page, 3, "invalid-value")

    # 4. Fixed, the whole worked example entered, evidence cited for WC01 cabinet.
    fill_worked_example(page)
    assert task_force.get_by_label("Numerator", exact=True).input_value() == "3"
    cabinet = open_evidence(value_row(page, "WC01", "cabinet"))
    cabinet.get_by_label("Source / evidence URL").fill("https://www.regjeringen.no/en/dep/")
    cabinet.get_by_label("Page or section").fill("Ministers")
    cabinet.get_by_label("Quote").fill("The government has 20 ministers, 5 of them women.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Saved. Overall score: 47.0.")
    expect(page.locator("#scores .overall")).to_contain_text("47.0")
    expect(page.locator("#error-summary")).to_have_count(0)
    expect(value_row(page, "WC01", "cabinet").locator("summary")).to_contain_text(
        "source cited, Ministers"
    )
    shot(page, 4, "saved")

    confirm_warnings_if_shown(page)
    page.get_by_role("button", name="Save and submit for validation").click()
    expect(page).to_have_url(site.url + "/entry/")
    expect(page.locator(".messages")).to_contain_text("Submitted for validation.")
    expect(status_row(page, 2023).locator(".workflow")).to_have_text("Submitted")
    expect(status_row(page, 2023)).to_contain_text("Waiting for a reviewer")
    shot(page, 4, "submitted")

    # 5. The reviewer returns it; first without a reason.
    sign_out(page, editor)
    sign_in(page, site, reviewer)
    nav(page).get_by_role("link", name="Review", exact=True).click()
    expect(page).to_have_url(site.url + "/review/")
    page.get_by_role("link", name="Norway 2023").click()
    expect(page).to_have_url(site.url + "/review/NOR/2023/owning-org/")
    expect(page.locator("dd.overall")).to_contain_text("47.0")

    reason = page.get_by_label("Reason (the editor sees it)")
    return_button = page.get_by_role("button", name="Return with this reason")
    # Left empty, the browser itself asks for the reason (the textarea is required) …
    return_button.click()
    expect(page).to_have_url(site.url + "/review/NOR/2023/owning-org/")
    assert reason.evaluate("field => field.validationMessage")
    # … and a reason of blanks only reaches the server, which asks for it in words.
    reason.fill("   ")
    return_button.click()
    asked = page.locator("#id_return_reason_error")
    expect(asked).to_have_text("Give the reason, so the editor knows what to fix.")
    expect(reason).to_have_attribute("aria-invalid", "true")
    shot(page, 5, "reason-missing")

    reason.fill(RETURN_REASON)
    return_button.click()
    expect(page).to_have_url(site.url + "/review/")
    expect(page.locator(".messages")).to_contain_text("Returned to the editors with your reason.")
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    shot(page, 5, "returned")

    # 6. The editor reads the reason, cites the page for WC09 and resubmits.
    sign_out(page, reviewer)
    sign_in(page, site, editor)
    nav(page).get_by_role("link", name="Your entries").click()
    returned = status_row(page, 2023)
    expect(returned.locator(".workflow")).to_have_text("Returned")
    expect(returned.locator(".reason")).to_contain_text(RETURN_REASON)
    returned.get_by_role("link", name="Fix what the reviewer asked, then resubmit").click()
    expect(page).to_have_url(site.url + FORM_URL)
    expect(page.locator(".notice.returned")).to_contain_text(
        f"Returned by the reviewer: {RETURN_REASON}"
    )
    sgbv = open_evidence(value_row(page, "WC09", "sgbv_cases"))
    sgbv.get_by_label("Page or section").fill("p. 14")
    confirm_warnings_if_shown(page)
    page.get_by_role("button", name="Save and submit for validation").click()
    expect(page).to_have_url(site.url + "/entry/")
    expect(page.locator(".messages")).to_contain_text("Submitted for validation.")
    expect(status_row(page, 2023).locator(".workflow")).to_have_text("Submitted")
    shot(page, 6, "resubmitted")

    # 7. The reviewer validates it: it goes public.
    sign_out(page, editor)
    sign_in(page, site, reviewer)
    nav(page).get_by_role("link", name="Review", exact=True).click()
    page.get_by_role("link", name="Norway 2023").click()
    page.get_by_role("button", name="Validate", exact=True).click()
    expect(page).to_have_url(site.url + "/review/")
    expect(page.locator(".messages")).to_contain_text("Validated: the assessment is now public.")
    shot(page, 7, "validated")

    # 8. Anyone reads the public scorecard; its overall is the preview's for the same inputs.
    visitor = new_page(browser)
    visitor.goto(site.url + SCORECARD_URL)
    expect(nav(visitor).get_by_role("link", name="Sign in")).to_be_visible()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Norway: scorecard 2023")
    overall = visitor.locator(".overall").inner_text()
    preview = visitor.request.post(site.url + "/api/v1/score-preview/", data=WORKED_EXAMPLE)
    assert preview.ok, preview.text()
    expected = f"{preview.json()['overall']['score']:.1f}"
    assert expected == "47.0"
    assert overall.startswith(expected), overall
    shot(visitor, 8, "public-scorecard")
