"""The country profile: plan timeline, latest scorecard, trend, monitors and WPS Index."""

import pytest

from plans.models import NationalActionPlan
from tests.factories import (
    AssessmentFactory,
    CoverageFactory,
    OrganizationFactory,
    scored_assessment,
)
from tests.html import soup

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


def test_norways_five_plans_are_a_timeline_newest_first_with_lineage_and_sources(client):
    html = soup(client.get("/countries/NOR/"))
    items = html.select("ol.timeline > li")
    assert [li.h3.a.get_text(strip=True) for li in items] == [
        "NAP adopted 2023",
        "NAP 4",
        "NAP 3",
        "NAP 2",
        "NAP 1",
    ]
    assert items[0].select_one(".timeline-when").get_text(" ", strip=True) == "Period: 2023–2030"
    nap3 = " ".join(items[2].get_text(" ").split())
    assert "supersedes NAP 2 · superseded by NAP 4" in nap3
    assert "Budget not stated" in nap3 and "M&E not stated" in nap3
    assert items[2].select_one("a[rel=noopener]")["href"].startswith("http")
    assert items[2].select_one("a[href='/countries/NOR/plans/3/compare/']") is not None
    assert items[4].select_one("a[href$='/compare/']") is None  # nothing before NAP 1


def test_the_profile_shows_the_wps_index_as_published_with_attribution_and_edition(client):
    html = soup(client.get("/countries/NOR/"))
    context = " ".join(html.select_one("[aria-labelledby=context-heading]").get_text(" ").split())
    assert "WPS Index score 0.924" in context
    assert "Rank 3 of 181 countries" in context
    assert "Women's share of parliament 44.4%" in context
    assert "Published reference values, not computed by this site" in context
    assert "GIWPS & PRIO, WPS Index 2025/26 (edition 2025/26)" in context
    assert html.select_one("a[href='https://giwps.georgetown.edu/the-index/']") is not None


def test_a_country_the_index_does_not_cover_says_so(client):
    assert "publishes no figures for Antarctica" in text(client.get("/countries/ATA/"))


def test_a_country_with_no_plan_says_no_sourced_plan_on_record_never_that_it_has_none(client):
    page = text(client.get("/countries/ALB/"))
    assert "No sourced plan on record for Albania." in page
    assert "This does not mean Albania has no national action plan" in page
    assert "No validated assessment of Albania yet." in page
    assert "No validated assessment yet, so there is no trend to draw." in page


def test_the_latest_validated_scorecard_is_summarized_with_its_clusters_and_a_link(
    client, organization
):
    scored_assessment(organization=organization, year=2020)
    scored_assessment(organization=organization, year=2022)
    AssessmentFactory(organization=organization, year=2024, status="submitted")
    html = soup(client.get("/countries/NOR/"))
    card = html.select_one("[aria-labelledby=latest-heading]")
    assert card.select_one(".profile-score .score").get_text(strip=True) == "47.0"
    assert "2022, by Owning Organization, methodology 1.0" in card.get_text(" ")
    assert [th.get_text(strip=True) for th in card.select("tbody th")] == [
        "Participation",
        "Prevention and protection",
        "Promotion of a gender perspective",
    ]
    assert card.select_one("a[href='/countries/NOR/2022/owning-org/']") is not None


def test_an_anonymous_visitor_never_sees_a_draft_in_the_summary_or_the_trend(client, organization):
    scored_assessment(organization=organization, year=2020)
    scored_assessment(organization=organization, year=2023, status="draft")
    html = soup(client.get("/countries/NOR/"))
    card = html.select_one("[aria-labelledby=latest-heading]")
    assert "2020, by Owning Organization" in card.get_text(" ")
    trend = " ".join(html.select_one("#trend").find_next("p").get_text(" ").split())
    assert (
        trend
        == "Only one year has a validated assessment (2020), so there is no trend to draw yet."
    )


def test_an_editor_of_the_owning_organization_sees_the_draft_listed_but_not_summarized(
    client, organization, editor
):
    scored_assessment(organization=organization, year=2020)
    scored_assessment(organization=organization, year=2023, status="draft")
    client.force_login(editor)
    html = soup(client.get("/countries/NOR/"))
    years = [
        a.get_text(strip=True) for a in html.select("#assessments + .table-scroll tbody td.num a")
    ]
    assert years == ["2023", "2020"]
    card = html.select_one("[aria-labelledby=latest-heading]")
    assert "2020, by Owning Organization" in card.get_text(" ")


def test_the_trend_chart_draws_overall_and_clusters_by_year_with_a_table(client, organization):
    for year in (2019, 2021, 2023):
        scored_assessment(organization=organization, year=year)
    html = soup(client.get("/countries/NOR/"))
    chart = html.select_one("figure.chart")
    assert chart.select_one("svg[role=img]")["aria-labelledby"] == "trend-chart-title"
    table = chart.select_one("details table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Year",
        "Overall",
        "Participation",
        "Prevention and protection",
        "Promotion of a gender perspective",
    ]
    assert [tr.th.get_text(strip=True) for tr in table.select("tbody tr")] == [
        "2019",
        "2021",
        "2023",
    ]
    assert table.select("tbody tr")[0].td.get_text(strip=True) == "47.0"


def test_sample_assessments_are_labelled_on_the_profile(client, organization):
    scored_assessment(organization=organization, year=2021, is_sample=True)
    html = soup(client.get("/countries/NOR/"))
    assert html.select_one(".notice") is not None
    card = html.select_one("[aria-labelledby=latest-heading]")
    assert card.select_one(".badge.sample").get_text(strip=True) == "Sample data"


def test_only_active_organizations_are_listed_as_monitoring(client, organization):
    CoverageFactory(organization=OrganizationFactory(name="Dormant Group", is_active=False))
    page = text(client.get("/countries/NOR/"))
    assert "Owning Organization" in page and "Dormant Group" not in page


def test_profile_headings_are_in_order_with_one_h1(client):
    html = soup(client.get("/countries/NOR/"))
    levels = [int(h.name[1]) for h in html.select("main h1, main h2, main h3")]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_profile_query_count_is_constant_as_plans_and_assessments_grow(
    client, organization, django_assert_num_queries
):
    scored_assessment(organization=organization, year=2020)
    with django_assert_num_queries(6):
        client.get("/countries/NOR/")
    plans = list(NationalActionPlan.objects.filter(country_id="NOR"))
    for year in (2021, 2022, 2023):
        scored_assessment(organization=organization, year=year, plan=plans[0])
    for plan in plans:
        plan.documents.create(url="https://example.org/text.pdf")
    NationalActionPlan.objects.create(country_id="NOR", generation=6, source_url="https://x.org")
    CoverageFactory(organization=OrganizationFactory(name="Second monitor"))
    with django_assert_num_queries(6):
        client.get("/countries/NOR/")
