"""The country compare page: 2–5 countries' latest validated scores side by side."""

import datetime

import pytest
from bs4 import BeautifulSoup

from indicators.models import Assessment, AssessmentScore, Indicator, IndicatorValue, Methodology
from plans.models import Country
from tests.factories import AssessmentFactory, OrganizationFactory, scored_assessment

pytestmark = pytest.mark.django_db


def page(client, query: str) -> BeautifulSoup:
    response = client.get(f"/compare/{query}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


def compare_table(html) -> dict[str, list[str]]:
    """Row header → the cells' text, one per compared country."""
    return {
        tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in html.select("table.compare tbody tr")
    }


def test_compare_shows_each_countrys_latest_validated_scores_side_by_side(client, organization):
    scored_assessment(organization=organization, year=2020, country=country("NOR"))
    only_wc04 = {"WC04": {"components": {"peacekeepers": {"women": 1, "men": 3}}}}
    scored_assessment(only_wc04, organization=organization, year=2021, country=country("DNK"))
    html = page(client, "?c=NOR&c=DNK")
    headers = [th.a.get_text(strip=True) for th in html.select("table.compare thead th")]
    assert headers == ["Norway", "Denmark"]
    rows = compare_table(html)
    assert rows["Overall"] == ["47.0", "insufficient data"]
    assert rows["Participation"] == ["40.9", "insufficient data"]
    assert rows["WC01 Participation in governance working title"] == ["59.5", "no data"]
    assert rows["WC04 Peacekeeping working title"] == ["28.0", "50.0"]
    assert rows["WC02 Peace negotiations working title"] == ["not applicable", "no data"]
    figure = html.select_one("figure.chart")
    assert "Cluster and overall scores" in figure.figcaption.get_text()
    alternative = figure.select_one("details table")
    assert [th.get_text(strip=True) for th in alternative.select("thead th")][1:] == [
        "Norway",
        "Denmark",
    ]
    assert html.select_one("a[href='/indicators/WC01/']") is not None


def test_compare_says_when_a_country_has_no_validated_assessment_yet(client, organization):
    scored_assessment(organization=organization, year=2021, country=country("NOR"))
    html = page(client, "?c=NOR&c=SWE")
    swe = html.select("table.compare thead th")[1]
    assert "no validated assessment yet" in swe.get_text(" ", strip=True)
    assert compare_table(html)["Overall"] == ["47.0", "no assessment"]


def test_compare_with_no_assessment_at_all_says_so_in_words(client):
    html = page(client, "?c=NOR&c=SWE")
    assert "None of these countries has a validated assessment yet" in html.get_text()
    assert compare_table(html) == {
        "Scores": ["no validated assessment yet", "no validated assessment yet"]
    }


def test_compare_never_shows_a_draft_even_to_its_own_organization(client, organization, editor):
    scored_assessment(organization=organization, year=2020, country=country("NOR"))
    scored_assessment(
        organization=organization,
        year=2023,
        country=country("NOR"),
        status=Assessment.Status.DRAFT,
        validated_at=None,
    )
    scored_assessment(organization=organization, year=2021, country=country("DNK"))
    for who in (None, editor):
        if who:
            client.force_login(who)
        html = page(client, "?c=NOR&c=DNK")
        links = [a["href"] for a in html.select("table.compare thead .col-meta a")]
        assert links == ["/countries/NOR/2020/owning-org/", "/countries/DNK/2021/owning-org/"]


def test_compare_picks_the_latest_year_then_the_most_recently_validated(client, organization):
    other = OrganizationFactory(name="Another Organization", slug="another-org")
    now = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    scored_assessment(organization=organization, year=2019, country=country("NOR"))
    scored_assessment(
        organization=organization, year=2021, country=country("NOR"), validated_at=now
    )
    scored_assessment(
        organization=other,
        year=2021,
        country=country("NOR"),
        validated_at=now + datetime.timedelta(days=1),
    )
    scored_assessment(organization=organization, year=2021, country=country("DNK"))
    html = page(client, "?c=NOR&c=DNK")
    first = html.select("table.compare thead th")[0].get_text(" ", strip=True)
    assert "scorecard 2021" in first and "Another Organization" in first


@pytest.mark.parametrize(
    ("query", "message", "chosen"),
    [
        ("?c=NOR", "Choose at least two countries", ["NOR", "", "", "", ""]),
        ("?c=NOR&c=XYZ", "No country has the code XYZ", ["NOR", "XYZ", "", "", ""]),
        ("?c=NOR&c=nor&c=DNK", "Norway was chosen more than once", ["NOR", "DNK", "", "", ""]),
        (
            "?c=NOR&c=DNK&c=SWE&c=FIN&c=ISL&c=NLD",
            "Choose at most five countries; 6 are chosen",
            ["NOR", "DNK", "SWE", "FIN", "ISL", "NLD"],
        ),
    ],
)
def test_compare_explains_a_wrong_choice_and_keeps_what_was_chosen_in_the_form(
    client, query, message, chosen
):
    html = page(client, query)
    assert message in html.select_one(".error-summary").get_text(" ", strip=True)
    selects = html.select("form.compare-form select[name=c]")
    assert [
        s.select_one("option[selected]")["value"] if s.select_one("option[selected]") else ""
        for s in selects
    ] == chosen
    compared = len([c for c in chosen if c]) - ("XYZ" in chosen)
    if not 2 <= compared <= 5:
        assert html.select_one("table.compare") is None


def test_compare_with_a_duplicate_still_compares_the_countries_once(client, organization):
    scored_assessment(organization=organization, year=2021, country=country("NOR"))
    html = page(client, "?c=NOR&c=NOR&c=DNK")
    assert [th.a.get_text(strip=True) for th in html.select("table.compare thead th")] == [
        "Norway",
        "Denmark",
    ]


def test_compare_form_has_a_labelled_select_per_country_and_works_without_javascript(client):
    html = page(client, "")
    form = html.select_one("form.compare-form")
    assert form["method"] == "get" and form["action"] == "/compare/"
    selects = form.select("select[name=c]")
    assert len(selects) == 5
    for select in selects:
        assert form.select_one(f"label[for={select['id']}]") is not None
    assert html.select_one(".error-summary") is None
    assert html.select_one("table.compare") is None


def test_compare_notes_assessments_scored_with_different_methodology_versions(client, organization):
    scored_assessment(organization=organization, year=2021, country=country("NOR"))
    denmark = scored_assessment(organization=organization, year=2021, country=country("DNK"))
    older = Methodology.objects.create(
        version="0.9", published_on=datetime.date(2020, 1, 1), parameters={}
    )
    AssessmentScore.objects.filter(assessment=denmark).update(methodology=older)
    note = page(client, "?c=NOR&c=DNK").select_one(".comparability").get_text(" ", strip=True)
    assert "different methodology versions" in note
    assert "Norway: method 1.0; Denmark: method 0.9" in note


def test_compare_notes_an_indicator_reported_only_at_local_level_in_one_country(
    client, organization
):
    scored_assessment(organization=organization, year=2021, country=country("NOR"))
    local = AssessmentFactory(organization=organization, year=2021, country=country("DNK"))
    IndicatorValue.objects.create(
        assessment=local,
        indicator=Indicator.objects.get(code="WC04"),
        component="peacekeepers",
        level=IndicatorValue.Level.LOCAL,
        locality="Copenhagen",
        inputs={"women": 1, "men": 3},
    )
    from indicators.services import assessment_rescore

    assessment_rescore(assessment=local)
    note = page(client, "?c=NOR&c=DNK").select_one(".comparability").get_text(" ", strip=True)
    assert "WC04: Denmark reported only local values" in note
    assert "WC01" not in note


def test_compare_has_no_notes_when_the_assessments_are_comparable(client, organization):
    scored_assessment(organization=organization, year=2021, country=country("NOR"))
    scored_assessment(organization=organization, year=2021, country=country("DNK"))
    assert page(client, "?c=NOR&c=DNK").select_one(".comparability") is None


def test_compare_labels_sample_data(client, organization):
    scored_assessment(organization=organization, year=2021, country=country("NOR"))
    scored_assessment(organization=organization, year=2021, country=country("DNK"), is_sample=True)
    html = page(client, "?c=NOR&c=DNK")
    assert "Sample data." in html.select_one(".notice").get_text()
    badges = [th.select_one(".badge.sample") for th in html.select("table.compare thead th")]
    assert [badge is not None for badge in badges] == [False, True]


def test_compare_query_count_is_the_same_for_two_and_five_countries(
    client, organization, django_assert_num_queries
):
    codes = ["NOR", "DNK", "SWE", "FIN", "ISL"]
    for code in codes:
        scored_assessment(organization=organization, year=2021, country=country(code))
        scored_assessment(organization=organization, year=2020, country=country(code))
    # countries for the form; indicators; latest assessments with their scores; value levels
    with django_assert_num_queries(4):
        client.get("/compare/?c=NOR&c=DNK")
    with django_assert_num_queries(4):
        client.get("/compare/?" + "&".join(f"c={code}" for code in codes))
