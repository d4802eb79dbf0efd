"""Indicator pages: the index of the eleven, and each one's definition and country scores."""

import pytest
from bs4 import BeautifulSoup

from indicators.models import Assessment, Indicator
from plans.models import Country
from tests.factories import OrganizationFactory, scored_assessment

pytestmark = pytest.mark.django_db


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


def score_rows(html) -> list[tuple[str, str]]:
    return [
        (tr.th.a.get_text(strip=True), tr.select("td")[-1].get_text(strip=True))
        for tr in html.select("table.country-scores tbody tr")
    ]


def wc04(women: int, men: int) -> dict:
    return {"WC04": {"components": {"peacekeepers": {"women": women, "men": men}}}}


def test_indicator_index_lists_the_eleven_by_cluster_with_links(client):
    html = page(client, "/indicators/")
    links = [a["href"] for a in html.select("a.indicator-link")]
    assert links == [f"/indicators/WC{n:02d}/" for n in range(1, 12)]
    assert [h.get_text(strip=True) for h in html.select("main h2")] == [
        "Participation",
        "Prevention and protection",
        "Promotion of a gender perspective",
    ]
    assert "Components: Cabinet (ministers), Parliament (seats)" in html.get_text(" ")


def test_indicator_page_gives_the_definition_components_in_words_and_the_working_title_notice(
    client,
):
    html = page(client, "/indicators/WC01/")
    assert html.h1.get_text(" ", strip=True) == (
        "WC01 Index of women's participation in governance working title"
    )
    assert "This is a working title" in html.select_one(".notice").get_text()
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in html.select("dl.facts dt")
    }
    assert facts["Cluster"] == "Participation"
    assert facts["Minimum scored components"].startswith("2 of 3")
    assert facts["Not applicable"] == "Never: every country is scored on it."
    components = [
        tr.th.get_text(" ", strip=True) for tr in html.select("table.components tbody tr")
    ]
    assert components == [
        "Cabinet (ministers) cabinet",
        "Parliament (seats) parliament",
        "Local government (councillors) local_government",
    ]
    assert "parity is full marks" in html.select_one("table.components").get_text()


def test_a_verified_title_has_no_working_title_notice(client):
    Indicator.objects.filter(code="WC02").update(wording_verified=True)
    html = page(client, "/indicators/WC02/")
    assert html.select_one(".badge.unverified") is None
    assert "working title" not in html.get_text()
    assert "May be marked not applicable" in html.select_one("dl.facts").get_text()


def test_wc06_lists_its_checklist_items_in_words(client):
    html = page(client, "/indicators/WC06/")
    items = [li.get_text(" ", strip=True) for li in html.select("ul.checklist-items li")]
    assert items[0] == "A national action plan is in force nap_in_force"
    assert (
        "Security-sector policy on sexual and gender-based violence security_sector_sgbv_policy"
        in items
    )
    assert len(items) == 8


@pytest.mark.parametrize(("code", "first"), [("WC08", "women's rights absent"), ("WC10", "none")])
def test_rated_indicators_show_their_rubric(client, code, first):
    html = page(client, f"/indicators/{code}/")
    rubric = html.select_one("table.rubric")
    assert [th.get_text(strip=True) for th in rubric.select("tbody th")] == [
        "0",
        "1",
        "2",
        "3",
        "4",
    ]
    assert rubric.select("tbody td")[0].get_text(strip=True) == first


def test_indicator_codes_are_case_insensitive_and_unknown_ones_are_404(client):
    assert client.get("/indicators/wc03/").status_code == 200
    assert client.get("/indicators/WC12/").status_code == 404
    assert client.get("/indicators/nothing/").status_code == 404


def test_indicator_page_without_assessments_says_so_in_words(client):
    html = page(client, "/indicators/WC04/")
    assert "No validated assessment yet" in html.select_one(".empty").get_text()
    assert html.select_one("table.country-scores") is None


def test_indicator_page_lists_each_countrys_latest_validated_score_highest_first(
    client, organization
):
    scored_assessment(wc04(1, 3), organization=organization, year=2019, country=country("NOR"))
    scored_assessment(wc04(1, 9), organization=organization, year=2021, country=country("NOR"))
    scored_assessment(wc04(5, 5), organization=organization, year=2021, country=country("DNK"))
    scored_assessment({}, organization=organization, year=2021, country=country("SWE"))
    html = page(client, "/indicators/WC04/")
    assert score_rows(html) == [("Denmark", "100.0"), ("Norway", "20.0"), ("Sweden", "no data")]
    assert "no data: 1 country" in html.get_text(" ", strip=True)


def test_indicator_table_sorts_by_score_or_name_either_way(client, organization):
    for code, women in (("NOR", 1), ("DNK", 5), ("SWE", 3)):
        scored_assessment(
            wc04(women, 10), organization=organization, year=2021, country=country(code)
        )
    names = {
        sort: [name for name, _score in score_rows(page(client, f"/indicators/WC04/?sort={sort}"))]
        for sort in ("score", "-score", "name", "-name")
    }
    assert names == {
        "score": ["Denmark", "Sweden", "Norway"],
        "-score": ["Norway", "Sweden", "Denmark"],
        "name": ["Denmark", "Norway", "Sweden"],
        "-name": ["Sweden", "Norway", "Denmark"],
    }
    html = page(client, "/indicators/WC04/?sort=name")
    assert html.select_one("th[aria-sort=ascending]").get_text(strip=True) == "Country"
    assert html.select_one("th[aria-sort=ascending] a")["href"] == "?sort=-name#scores"


def test_an_unknown_sort_is_named_and_the_table_sorted_by_score(client, organization):
    scored_assessment(wc04(1, 3), organization=organization, year=2021, country=country("NOR"))
    html = page(client, "/indicators/WC04/?sort=bogus")
    assert "“bogus” is not a way to sort this table" in html.get_text()
    assert html.select_one("select#sort option[selected]")["value"] == "score"


def test_drafts_never_appear_on_an_indicator_page_even_for_their_organization(
    client, organization, editor
):
    scored_assessment(wc04(1, 3), organization=organization, year=2020, country=country("NOR"))
    scored_assessment(
        wc04(5, 5),
        organization=organization,
        year=2023,
        country=country("NOR"),
        status=Assessment.Status.DRAFT,
        validated_at=None,
    )
    scored_assessment(
        wc04(5, 5),
        organization=organization,
        year=2023,
        country=country("DNK"),
        status=Assessment.Status.SUBMITTED,
        validated_at=None,
    )
    for who in (None, editor):
        if who:
            client.force_login(who)
        assert score_rows(page(client, "/indicators/WC04/")) == [("Norway", "50.0")]


def test_distribution_chart_counts_countries_in_bands_of_ten_with_a_table(client, organization):
    # 50.0 and 100.0 (the last band includes 100), and 20.0.
    for code, inputs in (("NOR", wc04(1, 3)), ("DNK", wc04(5, 5)), ("SWE", wc04(1, 9))):
        scored_assessment(inputs, organization=organization, year=2021, country=country(code))
    html = page(client, "/indicators/WC04/")
    table = html.select_one("figure.chart details table")
    counts = {
        tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in table.select("tbody tr")
    }
    assert len(counts) == 10
    assert counts["20–30 points"] == "1 country"
    assert counts["50–60 points"] == "1 country"
    assert counts["90–100 points"] == "1 country"
    assert counts["0–10 points"] == "0 countries"


def test_indicator_page_labels_sample_data(client, organization):
    scored_assessment(
        wc04(1, 3), organization=organization, year=2021, country=country("NOR"), is_sample=True
    )
    html = page(client, "/indicators/WC04/")
    assert html.select_one("table.country-scores .badge.sample") is not None
    assert "sample data" in html.select_one(".sample-notice").get_text()


def test_indicator_page_query_count_does_not_grow_with_countries(
    client, organization, django_assert_num_queries
):
    scored_assessment(wc04(1, 3), organization=organization, year=2021, country=country("NOR"))
    # indicators; latest assessment per country with country, organization and score
    with django_assert_num_queries(2):
        client.get("/indicators/WC04/")
    other = OrganizationFactory(name="Second", slug="second")
    for code in ("DNK", "SWE", "FIN", "ISL", "NLD"):
        scored_assessment(wc04(2, 3), organization=other, year=2020, country=country(code))
        scored_assessment(wc04(2, 5), organization=other, year=2021, country=country(code))
    with django_assert_num_queries(2):
        client.get("/indicators/WC04/")


def test_indicator_index_uses_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/indicators/")
