"""Plan generations compare: NAP n beside NAP n+1, facts old → new and score deltas."""

import copy

import pytest

from indicators.scorecard import build
from indicators.worked_example import WORKED_EXAMPLE
from nap_tracker.public import trends
from plans.comparison import ADDED, CHANGED, REMOVED, SAME, compare_facts
from plans.models import NationalActionPlan
from tests.factories import AssessmentFactory, OrganizationFactory, scored_assessment
from tests.html import soup

FIELDS = [("period", "Period"), ("lead_ministry", "Lead ministry")]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({"period": "2015–2018"}, {"period": "2015–2018"}, SAME),
        ({"period": "2015–2018"}, {"period": "2019–2022"}, CHANGED),
        ({}, {"period": "2019–2022"}, ADDED),
        ({"period": "2015–2018"}, {"period": ""}, REMOVED),
        ({"period": ""}, {}, SAME),
        ({"period": " 2015–2018 "}, {"period": "2015–2018"}, SAME),
    ],
    ids=["same", "changed", "newly-stated", "no-longer-stated", "neither", "whitespace"],
)
def test_each_fact_is_marked_same_changed_newly_or_no_longer_stated(old, new, expected):
    period, ministry = compare_facts(old, new, FIELDS)
    assert (period.key, period.change) == ("period", expected)
    assert period.is_changed == (expected != SAME)
    assert (ministry.change, ministry.old, ministry.new) == (SAME, "", "")


def test_fact_rows_keep_the_field_order_and_both_values():
    rows = compare_facts(
        {"lead_ministry": "Foreign Affairs", "period": "2015–2018"},
        {"lead_ministry": "Defence", "period": "2019–2022"},
        FIELDS,
    )
    assert [(r.label, r.old, r.new, r.change) for r in rows] == [
        ("Period", "2015–2018", "2019–2022", CHANGED),
        ("Lead ministry", "Foreign Affairs", "Defence", CHANGED),
    ]


def card(overall, participation=None):
    clusters = {
        "participation": {"score": participation, "status": "scored"}
        if participation is not None
        else {"score": None, "status": "insufficient_data"}
    }
    return build(
        (),
        {
            "methodology": "1.0",
            "clusters": clusters,
            "overall": {"score": overall, "status": "scored" if overall is not None else "no_data"},
        },
    )


@pytest.mark.parametrize(
    ("old", "new", "delta", "text"),
    [
        ([card(40.0)], [card(47.5)], 7.5, "+7.5"),
        ([card(50.0), card(60.0)], [card(52.0)], -3.0, "\u22123.0"),
        ([card(50.0)], [card(50.0)], 0.0, "±0.0"),
        ([], [card(50.0)], None, ""),
        ([card(None)], [card(50.0)], None, ""),
    ],
    ids=["up", "mean-of-two-down", "no-change", "no-assessment", "unscored"],
)
def test_the_overall_delta_is_the_newer_plans_mean_minus_the_older_ones(old, new, delta, text):
    labels = {"overall": "Overall", "participation": "P", "prevention_protection": "PP"}
    labels["promotion"] = "Pr"
    overall = trends.moves(trends.summarize(old), trends.summarize(new), labels)[0]
    assert (overall.delta, overall.delta_text) == (delta, text)


def test_an_unscored_cluster_gives_no_delta_rather_than_a_zero():
    labels = {
        "overall": "O",
        "participation": "P",
        "prevention_protection": "PP",
        "promotion": "Pr",
    }
    rows = trends.moves(
        trends.summarize([card(40.0, None)]), trends.summarize([card(45.0, 30.0)]), labels
    )
    participation = rows[1]
    assert (participation.old, participation.new, participation.delta) == (None, 30.0, None)


# Pages ------------------------------------------------------------------------------------

pages = pytest.mark.django_db


def text(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


@pages
def test_anyone_sees_what_changed_between_norways_third_and_fourth_plans(client):
    html = soup(client.get("/countries/NOR/plans/4/compare/"))
    assert html.h1.get_text(strip=True) == "Norway: NAP 3 → NAP 4"
    rows = {r.th.get_text(strip=True): r for r in html.select("table.compare-facts tbody tr")}
    period = [td.get_text(strip=True) for td in rows["Period"].select("td")]
    assert period == ["2015–2018", "2019–2022", "changed"]
    assert "Lead ministry" not in rows  # stated for neither: named in one sentence
    assert "Not stated for either plan:" in html.get_text()
    assert "NAP 4 supersedes NAP 3." in html.get_text()


@pages
def test_the_compare_page_moves_scores_of_validated_assessments_under_each_plan(client):
    org = OrganizationFactory(name="Owning Organization", slug="owning-org")
    plans = {p.generation: p for p in NationalActionPlan.objects.filter(country_id="NOR")}
    scored_assessment(organization=org, year=2016, plan=plans[3])
    indicators = copy.deepcopy(WORKED_EXAMPLE["indicators"])
    indicators["WC04"]["components"]["peacekeepers"] = {"women": 50, "men": 50}
    newer = scored_assessment(organization=org, year=2020, plan=plans[4], indicators=indicators)
    # A draft under NAP 4 never counts, even for its own organization.
    AssessmentFactory(organization=org, year=2021, plan=plans[4], status="draft")
    html = soup(client.get("/countries/NOR/plans/4/compare/"))
    overall = html.select("table.compare-scores tbody tr")[0]
    cells = [td.get_text(" ", strip=True) for td in overall.select("td")]
    older_overall, newer_overall = cells[0], cells[1]
    assert older_overall == "47.0"  # the worked example's stored overall score
    assert newer_overall == f"{newer.score.overall:.1f}"
    assert newer.score.overall > 47
    assert cells[2] == f"+{newer.score.overall - 47:.1f} up"
    headers = html.select("table.compare-scores thead th")
    assert "1 assessment" in headers[1].get_text() and "1 assessment" in headers[2].get_text()


@pages
def test_the_first_plan_has_nothing_earlier_to_compare_and_links_its_successor(client):
    page = soup(client.get("/countries/NOR/plans/1/compare/"))
    assert "NAP 1 is the earliest plan of Norway on record" in page.get_text()
    assert page.select_one("a[href='/countries/NOR/plans/2/compare/']") is not None


@pages
def test_a_plan_without_a_stated_predecessor_is_compared_with_the_one_before_it(client):
    page = text(client.get("/countries/NOR/plans/adopted-2023/compare/"))
    assert "Norway: NAP 4 → NAP adopted 2023" in page
    assert "no source on record says that one supersedes the other" in page


@pages
def test_any_two_plans_of_a_country_can_be_compared_by_choosing_one(client):
    html = soup(client.get("/countries/NOR/plans/4/compare/?with=1"))
    assert html.h1.get_text(strip=True) == "Norway: NAP 1 → NAP 4"
    assert html.select_one("label[for=compare-with]") is not None
    assert html.select_one("select#compare-with option[selected]")["value"] == "1"


@pages
@pytest.mark.parametrize(
    "url",
    [
        "/countries/NOR/plans/9/compare/",
        "/countries/NOR/plans/4/compare/?with=4",
        "/countries/NOR/plans/4/compare/?with=12",
        "/countries/XXX/plans/1/compare/",
    ],
)
def test_unknown_plans_to_compare_are_404(client, url):
    assert client.get(url).status_code == 404


@pages
def test_an_unpublished_plan_is_left_out_of_the_compare_page_for_anonymous_visitors(
    client, admin_user
):
    NationalActionPlan.objects.filter(country_id="NOR", generation=3).update(is_published=False)
    assert client.get("/countries/NOR/plans/3/compare/").status_code == 404
    page = text(client.get("/countries/NOR/plans/4/compare/"))
    assert "Norway: NAP 2 → NAP 4" in page
    client.force_login(admin_user)
    assert "Norway: NAP 3 → NAP 4" in text(client.get("/countries/NOR/plans/4/compare/"))


@pages
def test_the_plan_page_links_to_the_compare_page_both_ways(client):
    html = soup(client.get("/countries/NOR/plans/3/"))
    links = {a["href"] for a in html.select(".compare-link a")}
    assert links == {"/countries/NOR/plans/3/compare/", "/countries/NOR/plans/4/compare/"}


@pages
def test_compare_page_query_count_does_not_grow_with_documents_or_assessments(
    client, django_assert_num_queries
):
    org = OrganizationFactory(slug="owning-org")
    plans = {p.generation: p for p in NationalActionPlan.objects.filter(country_id="NOR")}
    scored_assessment(organization=org, year=2016, plan=plans[3])
    # 4, and 1 for the quality reviews (none here, so no prefetch; issue 10 part 1)
    with django_assert_num_queries(5):
        client.get("/countries/NOR/plans/4/compare/")
    for year in (2019, 2020, 2021):
        scored_assessment(organization=org, year=year, plan=plans[4])
    for n in range(3):
        plans[4].documents.create(url=f"https://example.org/nap4-{n}.pdf", title=f"Doc {n}")
    # 4, and 1 for the quality reviews (none here, so no prefetch; issue 10 part 1)
    with django_assert_num_queries(5):
        client.get("/countries/NOR/plans/4/compare/")
