"""Plan-review pages: entry (start, rate, submit), review queue and decision, public plan page
and plan compare, with their query counts."""

import pytest

from organizations.models import Membership
from plans.review_models import PlanReview
from tests.factories import CoverageFactory, MembershipFactory, OrganizationFactory, PlanFactory
from tests.html import form_data, soup
from tests.plan_review_data import ALL_TWO, MIXED, review, two_generations

pytestmark = pytest.mark.django_db

EDIT = "/entry/plan-reviews/NOR/1/owning-org/"
DECIDE = "/review/plan-reviews/NOR/1/owning-org/"


def text(html) -> str:
    return " ".join(html.get_text(" ").split())


@pytest.fixture
def plans(norway_without_sourced_plans):
    return two_generations()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_the_entry_dashboard_links_to_plan_reviews(editor_client, plans):
    page = soup(editor_client.get("/entry/"))
    section = page.select_one("section[aria-labelledby=plan-reviews-section]")
    assert section.select_one("a[href='/entry/plan-reviews/']")
    assert section.select_one("a[href='/entry/plan-reviews/new/']")


def test_an_editor_starts_a_review_of_a_covered_plan(editor_client, plans, organization):
    first, _second = plans
    page = soup(editor_client.get("/entry/plan-reviews/new/"))
    options = [o.get_text() for o in page.select("#id_plan option") if o["value"]]
    assert options == ["Norway — NAP 1", "Norway — NAP 2"]
    response = editor_client.post(
        "/entry/plan-reviews/new/", {"plan": first.pk, "organization": organization.pk}
    )
    assert response.status_code == 302 and response["Location"] == EDIT
    assert PlanReview.objects.get().status == "draft"


def test_the_start_form_keeps_what_was_typed_when_the_plan_is_missing(editor_client, plans):
    page = soup(editor_client.post("/entry/plan-reviews/new/", {"summary": "My notes"}), 200)
    assert page.select_one(".error-summary")
    assert page.select_one("#id_summary").get_text().strip() == "My notes"


def test_the_rating_form_has_one_row_per_criterion_with_the_unverified_notice(
    editor_client, plans, organization, editor
):
    review(plans[0], organization, editor)
    page = soup(editor_client.get(EDIT))
    rows = page.select("fieldset.criterion")
    assert [r["id"] for r in rows] == [f"criterion-QR0{n}" for n in range(1, 8)]
    assert len(rows[0].select("input[type=radio][name='QR01-rating']")) == 4
    assert rows[0].select_one("label[for=id_QR01-evidence]")
    assert "working paraphrase" in text(page)
    assert rows[0].select_one(".badge.unverified")


def test_errors_are_shown_per_row_and_nothing_typed_is_lost(
    editor_client, plans, organization, editor
):
    review(plans[0], organization, editor)
    data = form_data(editor_client.get(EDIT), "form[novalidate]")
    data.update({"QR01-rating": "2", "QR01-evidence": "", "QR01-quote": "We will…"})
    data.update({"QR02-rating": "1", "QR02-evidence": "p. 4"})
    page = soup(editor_client.post(EDIT, data), 400)
    first = page.select_one("#criterion-QR01")
    assert "page or section" in text(first.select_one(".error"))
    summary = page.select_one("#error-summary")
    assert "Nothing was saved" in text(summary)
    assert summary.select_one("a[href='#criterion-QR01']")
    assert first.select_one("input[value='2']").has_attr("checked")
    assert first.select_one("textarea").get_text().strip() == "We will…"
    assert page.select_one("#id_QR02-evidence")["value"] == "p. 4"
    assert not page.select_one("#criterion-QR02 .error")
    assert not PlanReview.objects.get().ratings.exists()


def test_saving_and_submitting_from_the_form(editor_client, plans, organization, editor):
    review(plans[0], organization, editor)
    data = form_data(editor_client.get(EDIT), "form[novalidate]")
    for n, value in enumerate(MIXED, start=1):
        data[f"QR0{n}-rating"] = str(value)
        data[f"QR0{n}-evidence"] = f"p. {n}"
    assert editor_client.post(EDIT, data).status_code == 302
    made = PlanReview.objects.get()
    assert (str(made.score), made.rated_count) == ("64.3", 7)
    page = editor_client.get(EDIT)
    version = soup(page).select_one("form.stacked input[name=version]")["value"]
    response = editor_client.post(EDIT + "submit/", {"version": version})
    assert response.status_code == 302
    assert PlanReview.objects.get().status == "submitted"
    page = soup(editor_client.get(EDIT))
    assert not page.select("fieldset.criterion")  # read-only now
    assert "Submitted: waiting for a reviewer" in text(page)


def test_submitting_an_incomplete_review_says_how_many_are_rated(
    editor_client, plans, organization, editor
):
    made = review(plans[0], organization, editor, values=(1, 1))
    response = editor_client.post(EDIT + "submit/", {"version": made.version}, follow=True)
    assert "2 of 7 are rated" in text(soup(response))
    assert PlanReview.objects.get().status == "draft"


def test_a_stale_form_is_a_conflict_and_keeps_the_typed_rows(
    editor_client, plans, organization, editor
):
    made = review(plans[0], organization, editor)
    data = form_data(editor_client.get(EDIT), "form[novalidate]")
    review_again = PlanReview.objects.get(pk=made.pk)
    review_again.summary = "someone else"
    review_again.save()
    data.update({"QR01-rating": "2", "QR01-evidence": "p. 9"})
    page = soup(editor_client.post(EDIT, data), 409)
    assert "Someone saved this review" in text(page)
    assert page.select_one("#id_QR01-evidence")["value"] == "p. 9"


def test_another_organizations_editor_gets_404(client, plans, organization, editor, other_editor):
    review(plans[0], organization, editor)
    client.force_login(other_editor)
    assert client.get(EDIT).status_code == 404
    assert client.get(EDIT + "history/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, plans, organization, editor):
    review(plans[0], organization, editor)
    assert client.get(EDIT).status_code == 302
    assert client.get("/entry/plan-reviews/").status_code == 302


def test_the_history_shows_workflow_steps_and_rating_changes(
    editor_client, plans, organization, editor, reviewer
):
    review(plans[0], organization, editor, values=ALL_TWO, status="validated", reviewer=reviewer)
    page = text(soup(editor_client.get(EDIT + "history/")))
    assert "Validated" in page and "Submitted for validation" in page
    assert "QR01" in page and "p. 1, §1.1" in page


def test_the_review_queue_lists_submitted_plan_reviews(
    reviewer_client, plans, organization, editor
):
    review(plans[0], organization, editor, values=ALL_TWO, status="submitted")
    page = soup(reviewer_client.get("/review/"))
    section = page.select_one("section[aria-labelledby=plan-reviews-queue]")
    assert section.select_one(f"a[href='{DECIDE}']")


def test_a_reviewer_validates_and_the_plan_page_shows_it(
    reviewer_client, client, plans, organization, editor
):
    made = review(plans[0], organization, editor, values=MIXED, status="submitted")
    page = soup(reviewer_client.get(DECIDE))
    assert "working paraphrase" in text(page)
    response = reviewer_client.post(DECIDE + "validate/", {"version": made.version})
    assert response.status_code == 302 and response["Location"] == "/review/plan-reviews/"
    reviewer_client.logout()
    page = soup(client.get("/countries/NOR/plans/1/"))
    section = page.select_one("section.quality-review")
    assert "64.3" in text(section)
    assert "Owning Organization" in text(section)
    cells = [text(td) for td in section.select("tbody tr")[2].select("td")]
    assert cells[0] == "0 — absent" and cells[1] == "p. 3, §3.1"
    assert "working paraphrase" in text(page)


def test_returning_without_a_reason_keeps_the_page_with_the_error(
    reviewer_client, plans, organization, editor
):
    made = review(plans[0], organization, editor, values=ALL_TWO, status="submitted")
    page = soup(reviewer_client.post(DECIDE + "return/", {"version": made.version}), 400)
    assert page.select_one("#id_return_reason_error")
    assert PlanReview.objects.get().status == "submitted"


def test_the_submitter_sees_the_four_eyes_notice(client, plans, organization):
    admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    review(plans[0], organization, admin, values=ALL_TWO, status="submitted")
    client.force_login(admin)
    page = soup(client.get(DECIDE))
    assert "four eyes" in text(page)
    assert not page.select_one("form[action$='validate/']")


def test_the_plan_page_has_an_empty_state_and_hides_drafts(client, plans, organization, editor):
    review(plans[0], organization, editor, values=ALL_TWO, status="submitted")
    page = soup(client.get("/countries/NOR/plans/1/"))
    assert "No validated quality review of this plan yet." in text(page)
    assert not page.select("section.quality-review")


def test_a_sample_review_is_labelled_sample(client, plans, organization, editor, reviewer):
    review(
        plans[0],
        organization,
        editor,
        values=ALL_TWO,
        status="validated",
        reviewer=reviewer,
        is_sample=True,
    )
    page = soup(client.get("/countries/NOR/plans/1/"))
    assert page.select_one("section.quality-review .badge.sample")


def test_plan_compare_shows_the_quality_move_per_criterion(
    client, plans, organization, editor, reviewer
):
    first, second = plans
    review(first, organization, editor, values=MIXED, status="validated", reviewer=reviewer)
    review(second, organization, editor, values=ALL_TWO, status="validated", reviewer=reviewer)
    page = soup(client.get("/countries/NOR/plans/2/compare/"))
    table = page.select_one("table.compare-criteria")
    rows = [[text(c) for c in row.select("th, td")] for row in table.select("tbody tr")]
    assert rows[0] == ["Quality score", "64.3", "100.0", "+35.7 up"]
    assert rows[3] == ["QR03 Earmarked budget", "0 — absent", "2 — clear", "+2 up"]
    assert rows[2][-1] == "+1 up" and rows[1][-1] == "0 no change"


def test_plan_compare_pairs_only_the_same_organization(
    client, plans, organization, editor, reviewer
):
    first, second = plans
    other = OrganizationFactory(slug="other-org", name="Other")
    CoverageFactory(organization=other)
    other_editor = MembershipFactory(organization=other, role=Membership.Role.EDITOR).user
    other_reviewer = MembershipFactory(organization=other, role=Membership.Role.REVIEWER).user
    review(first, organization, editor, values=MIXED, status="validated", reviewer=reviewer)
    review(second, other, other_editor, values=ALL_TWO, status="validated", reviewer=other_reviewer)
    page = soup(client.get("/countries/NOR/plans/2/compare/"))
    assert not page.select("table.compare-criteria")
    assert "No organization has a validated review of both plans" in text(page)
    assert len(page.select("table.compare-quality tbody tr")) == 2


def test_plan_compare_without_reviews_has_an_empty_state(client, plans):
    page = soup(client.get("/countries/NOR/plans/2/compare/"))
    assert "No validated quality review of NAP 1 or NAP 2 yet." in text(page)


def grow_reviews(count: int, plans) -> None:
    """``count`` validated reviews of each plan, each by its own organization."""
    for n in range(count):
        org = OrganizationFactory(slug=f"grown-{n}", name=f"Grown {n}")
        CoverageFactory(organization=org)
        editor = MembershipFactory(organization=org, role=Membership.Role.EDITOR).user
        reviewer = MembershipFactory(organization=org, role=Membership.Role.REVIEWER).user
        for plan in plans:
            review(plan, org, editor, values=MIXED, status="validated", reviewer=reviewer)


@pytest.mark.parametrize("count", [1, 6])
def test_the_plan_page_runs_a_fixed_number_of_queries_as_reviews_grow(
    client, plans, django_assert_num_queries, count
):
    grow_reviews(count, plans)
    # plan, documents, earlier plans, assessments, reviews, their ratings, the criteria,
    # their right-of-reply periods (none here: no replies query)
    with django_assert_num_queries(8):
        client.get("/countries/NOR/plans/1/")


@pytest.mark.parametrize("count", [1, 6])
def test_plan_compare_runs_a_fixed_number_of_queries_as_reviews_grow(
    client, plans, django_assert_num_queries, count
):
    grow_reviews(count, plans)
    with django_assert_num_queries(7):
        client.get("/countries/NOR/plans/2/compare/")


@pytest.mark.parametrize("count", [1, 6])
def test_the_plan_review_lists_run_a_fixed_number_of_queries(
    client, organization, editor, reviewer, plans, django_assert_num_queries, count
):
    for n in range(count):
        plan = PlanFactory(generation=3 + n)
        review(plan, organization, editor, values=ALL_TWO, status="submitted")
    client.force_login(editor)
    with django_assert_num_queries(5):
        client.get("/entry/plan-reviews/")
    client.force_login(reviewer)
    with django_assert_num_queries(4):
        client.get("/review/plan-reviews/")
