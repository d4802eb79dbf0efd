"""Public pages as a person uses them: home, countries, plans, scorecards, methodology."""

import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from indicators.models import Assessment, Indicator, IndicatorValue
from indicators.services import assessment_rescore
from plans.models import NationalActionPlan
from tests.factories import (
    AssessmentFactory,
    OrganizationFactory,
    PlanFactory,
    add_values,
    scored_assessment,
)
from tests.worked_example_results import SHOWN_INDICATORS

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


def test_home_page_shows_counts_of_countries_plans_and_indicators(client):
    page = text_of(client.get("/"))
    assert "62 countries with a sourced plan on record" in page
    assert "249 countries and territories in ISO 3166-1" in page
    # The 2026-11-24 edition of nap_generations_sourced.csv: 133 sourced plans.
    assert "133 plan generations on record" in page
    assert "11 Women Count indicators" in page
    assert "No assessment has been validated yet." in page


def test_home_page_labels_sample_assessments_as_sample_data(client, organization):
    scored_assessment(organization=organization, year=2021, is_sample=True)
    html = soup(client.get("/"))
    assert html.select_one(".notice") is not None
    assert html.select(".badge.sample")[0].get_text(strip=True) == "Sample data"


def test_base_template_has_navigation_and_a_footer_methodology_link(client):
    html = soup(client.get("/countries/"))
    nav_links = [a["href"] for a in html.select("header nav a")]
    assert "/countries/" in nav_links and "/methodology/" in nav_links
    assert html.select_one("footer a[href='/methodology/']") is not None
    assert html.select_one("a.skip-link[href='#main']") is not None


def test_country_list_is_paginated_by_fifty_over_the_195_un_member_and_observer_states(client):
    html = soup(client.get("/countries/"))
    assert len(html.select("tbody tr")) == 50
    assert "Page 1 of 4" in html.get_text()
    assert "195 UN member and observer states match." in text_of(client.get("/countries/"))
    last = soup(client.get("/countries/?page=4"))
    assert len(last.select("tbody tr")) == 45


def test_country_list_shows_every_country_and_territory_one_filter_away(client):
    html = soup(client.get("/countries/?show=all"))
    assert "249 countries and territories match." in " ".join(html.get_text(" ").split())
    assert "Page 1 of 5" in html.get_text()
    assert html.select_one("select[name=show] option[selected]")["value"] == "all"
    last = soup(client.get("/countries/?show=all&page=5"))
    assert len(last.select("tbody tr")) == 49


def test_country_list_filters_by_region_and_plan_and_keeps_the_filters_in_the_form(client):
    html = soup(client.get("/countries/?region=Europe&has_plan=true"))
    names = [row.th.a.get_text(strip=True) for row in html.select("tbody tr")]
    assert names[:3] == ["Austria", "Belgium", "Bosnia and Herzegovina"]
    assert len(names) == 25  # European countries of nap_generations_sourced.csv (2026-11-24)
    assert html.select_one("select[name=region] option[selected]")["value"] == "Europe"
    assert html.select_one("select[name=has_plan] option[selected]")["value"] == "true"


def test_country_list_explains_an_invalid_filter_and_an_empty_result(client):
    invalid = text_of(client.get("/countries/?region=Atlantis"))
    assert "Select a valid choice. Atlantis is not one of the available choices." in invalid
    empty = text_of(client.get("/countries/?q=zzzz"))
    assert "No country matches these filters." in empty


@pytest.mark.parametrize("query", ["?region=Oceania", "", "?page=3", "?has_plan=true"])
def test_country_list_query_count_does_not_grow_with_rows(
    client, query, django_assert_num_queries, memory_cache
):
    with django_assert_num_queries(3):  # the data version, the count, the page
        client.get(f"/countries/{query}")


def test_country_page_shows_its_plans_with_sources(client):
    html = soup(client.get("/countries/DNK/"))
    assert html.h1.get_text(" ", strip=True) == "Denmark (DNK)"
    rows = html.select("ol.timeline > li")  # newest first
    assert [r.h3.a.get_text(strip=True) for r in rows] == ["NAP 4", "NAP 3", "NAP 2", "NAP 1"]
    assert rows[-1].select_one("a[rel=noopener]")["href"].startswith("http://1325naps.peacewomen")


def test_country_page_accepts_a_lowercase_code_and_404s_an_unknown_one(client):
    assert client.get("/countries/dnk/").status_code == 200
    assert client.get("/countries/XXX/").status_code == 404


def test_country_page_says_when_no_plan_or_assessment_is_on_record(client):
    page = text_of(client.get("/countries/ALB/"))
    assert "No sourced plan on record for Albania." in page
    assert "No validated assessment yet." in page
    assert "No partner organization monitors this country yet." in page


def test_country_page_lists_the_organizations_that_monitor_it(client, organization):
    page = text_of(client.get("/countries/NOR/"))
    assert "Owning Organization" in page


def test_country_page_query_count_is_constant_as_assessments_grow(
    client, organization, django_assert_num_queries
):
    scored_assessment(organization=organization, year=2020)
    with django_assert_num_queries(6):
        client.get("/countries/NOR/")
    for year in (2021, 2022, 2023):
        scored_assessment(organization=organization, year=year)
    with django_assert_num_queries(6):
        client.get("/countries/NOR/")


def test_draft_assessment_is_hidden_from_anonymous_and_other_organizations(
    client, organization, editor, other_editor, reviewer, admin_user
):
    draft = scored_assessment(organization=organization, year=2022, status="draft")
    url = "/countries/NOR/2022/owning-org/"
    assert client.get(url).status_code == 404
    client.force_login(other_editor)
    assert client.get(url).status_code == 404
    assert (
        soup(client.get("/countries/NOR/")).select_one("#assessments a[href$='/owning-org/']")
        is None
    )
    for person in (editor, reviewer, admin_user):
        client.force_login(person)
        assert client.get(url).status_code == 200, person
    assert draft.get_absolute_url() == url


def test_plan_page_shows_facts_and_says_what_the_source_does_not_state(client):
    page = text_of(client.get("/countries/NLD/plans/3/"))
    assert "Netherlands: NAP 3" in page
    assert "2016–2019" in page
    assert "Lead ministry not stated" in page
    assert "extended by one year" in page
    assert "Supersedes NAP 2" in page
    assert "No document has been attached to this plan yet." in page


def test_plan_without_a_generation_is_reached_by_its_year_of_adoption(client):
    page = text_of(client.get("/countries/ARM/plans/adopted-2019/"))
    assert "Armenia: NAP adopted 2019" in page
    assert "Generation not stated by the source" in page
    assert "February 2019" in page


@pytest.mark.parametrize(
    "url",
    ["/countries/NLD/plans/9/", "/countries/NLD/plans/first/", "/countries/NLD/plans/adopted-x/"],
)
def test_unknown_plan_keys_are_404(client, url):
    assert client.get(url).status_code == 404


def test_unpublished_plan_is_404_for_the_public_but_visible_to_staff(client, admin_user):
    NationalActionPlan.objects.filter(country_id="NLD", generation=3).update(is_published=False)
    assert client.get("/countries/NLD/plans/3/").status_code == 404
    client.force_login(admin_user)
    assert client.get("/countries/NLD/plans/3/").status_code == 200


def test_scorecard_shows_eleven_indicators_by_cluster_with_scores_and_band(client, organization):
    scored_assessment(organization=organization, year=2021)
    html = soup(client.get("/countries/NOR/2021/owning-org/"))
    headings = [h.get_text(strip=True) for h in html.select("main h2")]
    assert headings == [
        "Overall",
        "Participation",
        "Prevention and protection",
        "Promotion of a gender perspective",
        "Cite this scorecard",
    ]
    rows = html.select("table.scorecard tbody tr")
    assert [r.th.get_text(" ", strip=True).split()[0] for r in rows] == [
        f"WC{n:02d}" for n in range(1, 12)
    ]
    scores = {
        r.th.get_text(" ", strip=True).split()[0]: r.select("td")[-1].get_text(strip=True)
        for r in rows
    }
    assert scores == SHOWN_INDICATORS
    overall = html.select_one(".overall").get_text(" ", strip=True)
    assert overall.startswith("47.0 — band: low")
    assert "arithmetic mean 47.5" in overall
    line = html.select_one(".overall-line").get_text(" ", strip=True)
    assert line.startswith("Overall score 47.0 — band: low")
    clusters = [li.get_text(" ", strip=True) for li in html.select(".cluster-scores li")]
    assert clusters == [
        "Participation 40.9",
        "Prevention and protection 44.1",
        "Promotion of a gender perspective 57.5",
    ]
    assert "method 1.0" in html.get_text()


def test_scorecard_shows_inputs_evidence_and_the_working_title_note(client, organization):
    scored_assessment(organization=organization, year=2021)
    html = soup(client.get("/countries/NOR/2021/owning-org/"))
    wc04 = next(r for r in html.select("tbody tr") if r.th.get_text().startswith("WC04"))
    assert "Uniformed peacekeepers deployed: Women 14; Men 86" in wc04.get_text(
        " ", strip=True
    ).replace(" :", ":")
    assert wc04.select_one("a[href='https://example.org/evidence']") is not None
    assert "Quoted evidence for WC04 peacekeepers." in wc04.get_text()
    assert wc04.select_one(".badge.unverified").get_text(strip=True) == "working title"


def test_scorecard_shows_missing_data_as_words_never_as_zero(client, organization):
    only_two = {
        "WC01": {"components": {"cabinet": {"women": 5, "men": 15}}},
        "WC04": {"components": {"peacekeepers": {"women": 0, "men": 0}}},
    }
    scored_assessment(only_two, organization=organization, year=2021)
    html = soup(client.get("/countries/NOR/2021/owning-org/"))
    cells = {
        r.th.get_text(" ", strip=True).split()[0]: r.select("td")[-1].get_text(strip=True)
        for r in html.select("table.scorecard tbody tr")
    }
    assert cells["WC01"] == "insufficient data"
    assert cells["WC04"] == "insufficient data"  # entered, but women + men = 0 is unscored
    assert cells["WC11"] == "no data"
    assert "0.0" not in cells.values()
    assert html.select_one(".overall").get_text(strip=True) == "insufficient data"


def test_scorecard_of_sample_data_says_so(client, organization):
    scored_assessment(organization=organization, year=2021, is_sample=True)
    html = soup(client.get("/countries/NOR/2021/owning-org/"))
    assert "Sample data." in html.select_one(".notice").get_text()


def test_year_page_redirects_to_the_only_scorecard_or_lists_several(client, organization):
    scored_assessment(organization=organization, year=2021)
    response = client.get("/countries/NOR/2021/")
    assert response.status_code == 302
    assert response["Location"] == "/countries/NOR/2021/owning-org/"
    other = OrganizationFactory(name="Second Organization", slug="second-org")
    scored_assessment(organization=other, year=2021)
    page = text_of(client.get("/countries/NOR/2021/"))
    assert "Owning Organization" in page and "Second Organization" in page
    assert client.get("/countries/NOR/1999/").status_code == 404


def test_methodology_page_lists_the_eleven_indicators_and_version_1_0(client):
    html = soup(client.get("/methodology/"))
    codes = [th.get_text(strip=True) for th in html.select("th[id^=WC]")]
    assert codes == [f"WC{n:02d}" for n in range(1, 12)]
    assert len(html.select(".badge.unverified")) == 11
    assert "1.0" in [th.get_text(strip=True) for th in html.select("th[scope=row]")]
    assert "nap_in_force" in html.get_text()


def test_scorecard_and_list_queries_do_not_depend_on_assessments(
    client, organization, django_assert_num_queries
):
    AssessmentFactory(organization=organization, year=2010)
    # countries with plan facts and latest scores (map, stats, table); plans; indicators; latest
    with django_assert_num_queries(4) as few:
        client.get("/")
    for year in range(2011, 2016):
        scored_assessment(organization=organization, year=year)
    assert Assessment.objects.count() == 6
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")


def test_scorecard_query_count_does_not_grow_with_values(
    client, organization, django_assert_num_queries
):
    scored_assessment(
        {"WC04": {"components": {"peacekeepers": {"women": 1, "men": 3}}}},
        organization=organization,
        year=2020,
    )
    scored_assessment(organization=organization, year=2021)
    # assessment with country, organization, plan and score; its values; the indicators;
    # its right-of-reply periods (their replies are one more query when it has one: 96–100)
    with django_assert_num_queries(4):
        client.get("/countries/NOR/2020/owning-org/")
    with django_assert_num_queries(4):
        client.get("/countries/NOR/2021/owning-org/")


def test_country_list_names_a_yes_no_filter_it_does_not_understand(client):
    html = soup(client.get("/countries/?has_plan=perhaps"))
    error = html.select_one("#id_has_plan_error")
    assert error.get_text(strip=True) == "perhaps is not one of true, false, 1 or 0."
    assert html.select_one("#id_has_plan")["aria-describedby"] == "id_has_plan_error"


def rows_by_code(html: BeautifulSoup) -> dict:
    return {r.th.get_text(" ", strip=True).split()[0]: r for r in html.select("tbody tr")}


def test_unscored_assessment_says_not_scored_yet_never_no_data(client, organization):
    assessment = AssessmentFactory(organization=organization, year=2021)
    add_values(assessment, {"WC04": {"components": {"peacekeepers": {"women": 14, "men": 86}}}})
    html = soup(client.get("/countries/NOR/2021/owning-org/"))
    rows = rows_by_code(html)
    assert len(rows) == 11
    assert {code: r.select("td")[-1].get_text(strip=True) for code, r in rows.items()} == {
        f"WC{n:02d}": "not scored yet" for n in range(1, 12)
    }
    assert "no data" not in html.select_one("main").get_text()
    overall = html.select_one(".overall-line").get_text(" ", strip=True)
    assert overall == "Overall score not scored yet"
    assert [li.get_text(" ", strip=True) for li in html.select(".cluster-scores li")] == [
        "Participation not scored yet",
        "Prevention and protection not scored yet",
        "Promotion of a gender perspective not scored yet",
    ]
    peacekeepers = rows["WC04"].select_one(".value")
    assert "Uniformed peacekeepers deployed: Women 14; Men 86" in peacekeepers.get_text(
        " ", strip=True
    ).replace(" :", ":")
    assert peacekeepers.select_one(".component-score").get_text(" ", strip=True) == (
        "component score not scored yet"
    )


def test_scorecard_shows_each_component_score_next_to_its_inputs(client, organization):
    scored_assessment(organization=organization, year=2021)
    html = soup(client.get("/countries/NOR/2021/owning-org/"))
    wc01 = rows_by_code(html)["WC01"]
    shown = {
        value.select_one(".component")["data-key"]: value.select_one(".component-score").get_text(
            " ", strip=True
        )
        for value in wc01.select(".value")
    }
    # 5 of 20 is a 25 % share of a 50 % parity share; 120 of 350 and 2,100 of 7,000 likewise.
    assert shown == {
        "cabinet": "component score 50.0",
        "parliament": "component score 68.6",
        "local_government": "component score 60.0",
    }


def test_scorecard_shows_missing_and_unscorable_components_as_words(client, organization):
    only_two = {
        "WC01": {"components": {"cabinet": {"women": 5, "men": 15}}},
        "WC04": {"components": {"peacekeepers": {"women": 0, "men": 0}}},
    }
    scored_assessment(only_two, organization=organization, year=2021)
    rows = rows_by_code(soup(client.get("/countries/NOR/2021/owning-org/")))
    wc01 = [v.get_text(" ", strip=True).replace(" :", ":") for v in rows["WC01"].select(".value")]
    assert wc01[0].startswith("Cabinet (ministers): Women 5; Men 15 component score 50.0")
    assert wc01[1:] == [
        "Parliament (seats): no value entered",
        "Local government (councillors): no value entered",
    ]
    score = rows["WC04"].select_one(".component-score").get_text(" ", strip=True)
    assert score == "component score no data"
    assert rows["WC11"].select_one("td").get_text(strip=True) == "no value entered"


def test_scorecard_keeps_each_values_evidence_with_that_value(client, organization):
    assessment = AssessmentFactory(organization=organization, year=2021)
    wc01 = Indicator.objects.get(code="WC01")
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                assessment=assessment,
                indicator=wc01,
                component="cabinet",
                inputs={"women": 5, "men": 15},
            ),
            IndicatorValue(
                assessment=assessment,
                indicator=wc01,
                component="parliament",
                inputs={"women": 120, "men": 230},
                source_url="https://example.org/parliament",
                source_page="table 3",
                data_year=2020,
                source_quote="120 of 350 seats are held by women.",
            ),
        ]
    )
    assessment_rescore(assessment=assessment)
    values = rows_by_code(soup(client.get("/countries/NOR/2021/owning-org/")))["WC01"].select(
        ".value"
    )
    cabinet, parliament = values[0], values[1]
    assert cabinet.select_one(".component")["data-key"] == "cabinet"
    assert cabinet.select_one("a") is None
    assert "no evidence cited" in cabinet.get_text()
    assert parliament.select_one(".component")["data-key"] == "parliament"
    link = parliament.select_one("a[rel=noopener]")
    assert link["href"] == "https://example.org/parliament"
    assert link.get_text(strip=True) == "Source for Parliament (seats)"
    evidence = parliament.select_one("p.evidence").get_text(" ", strip=True)
    assert evidence == "Source for Parliament (seats) , table 3, data year 2020"
    assert parliament.blockquote.get_text(strip=True) == "120 of 350 seats are held by women."


def test_scorecard_names_the_reason_and_evidence_of_a_not_applicable_indicator(
    client, organization
):
    scored_assessment(organization=organization, year=2021)
    wc02 = rows_by_code(soup(client.get("/countries/NOR/2021/owning-org/")))["WC02"]
    assert wc02.select_one(".value").get_text(" ", strip=True).replace(" :", ":") == (
        "not applicable: no formal peace process no evidence cited"
    )
    assert wc02.select(".component-score") == []


def test_country_list_asks_to_correct_an_invalid_filter_instead_of_counting_zero(client):
    html = soup(client.get("/countries/?region=Atlantis&page=2"))
    page = " ".join(html.get_text(" ").split())
    assert "Correct the filter below to see countries." in page
    assert "0 countries" not in page
    assert "No country matches these filters." not in page
    assert "There is no page" not in page
    assert html.select_one("#id_region_error").get_text(strip=True) == (
        "Select a valid choice. Atlantis is not one of the available choices."
    )
    assert html.select_one("main table") is None


@pytest.mark.parametrize(
    ("requested", "shown", "rows"),
    [("abc", 1, 50), ("0", 1, 50), ("-1", 1, 50), ("1.5", 1, 50), ("9999", 4, 45)],
)
def test_country_list_shows_the_nearest_page_and_names_a_page_that_does_not_exist(
    client, requested, shown, rows
):
    html = soup(client.get(f"/countries/?page={requested}"))
    note = html.select_one("main [role=status]").get_text(strip=True)
    assert note == f"There is no page “{requested}”; showing page {shown}."
    assert f"Page {shown} of 4" in html.get_text()
    assert len(html.select("tbody tr")) == rows


def test_country_list_says_nothing_about_a_page_that_exists(client):
    html = soup(client.get("/countries/?page=last"))
    assert "Page 4 of 4" in html.get_text()
    assert html.select_one("main [role=status]") is None


def test_country_list_pagination_links_encode_keys_and_values(client):
    html = soup(client.get("/countries/", {"odd key=&": "a&b=c d", "page": "2"}))
    for rel, page in (("prev", "1"), ("next", "3")):
        href = html.select_one(f".pagination a[rel={rel}]")["href"]
        assert href.startswith("?")
        assert parse_qs(href[1:], keep_blank_values=True) == {
            "odd key=&": ["a&b=c d"],
            "page": [page],
        }


def test_methodology_rubrics_have_row_headers_and_a_caption_naming_the_indicator(client):
    html = soup(client.get("/methodology/"))
    rubrics = html.select("table.rubric")
    captions = [t.caption.get_text(" ", strip=True) for t in rubrics]
    assert captions == [
        "WC08 Women's rights in transitional justice and reparations: rating levels",
        "WC10 Dissemination and awareness of resolutions 1325 and 1820: rating levels",
    ]
    levels = [th.get_text(strip=True) for th in rubrics[0].select("tbody th[scope=row]")]
    assert levels == ["0", "1", "2", "3", "4"]
    assert rubrics[0].select("tbody td")[0].get_text(strip=True) == "women's rights absent"


def test_methodology_parameters_read_as_text_not_python(client):
    html = soup(client.get("/methodology/"))
    params = html.select_one("dl.parameters")
    shown = {
        dt.get_text(" ", strip=True): dt.find_next_sibling("dd").get_text(" | ", strip=True)
        for dt in params.select("dt")
    }
    assert shown == {
        "Parity share (% of women that scores 100)": "50",
        "Ratio targets (% that scores 100)": (
            "Civil-society seats in the 1325/1820 task force: 50 | "
            "Military training covering 1325/1820, IHL and IHRL: 100 | "
            "Police training covering 1325/1820, IHL and IHRL: 100"
        ),
        "Band thresholds": "Very low < 25 | Low ≥ 25 | Moderate ≥ 50 | High ≥ 75",
        "Geometric floor (cluster scores below it count as it)": "1",
        "Decimal places": "1",
    }
    assert not any(char in params.get_text() for char in "{}[]'")


@pytest.mark.usefixtures("norway_without_sourced_plans")
def test_plan_page_does_not_claim_a_language_for_the_original_title(client):
    PlanFactory(generation=1, title="National Action Plan", original_title="Nasjonal handlingsplan")
    html = soup(client.get("/countries/NOR/plans/1/"))
    assert "National Action Plan — Nasjonal handlingsplan" in html.select_one(".lead").get_text()
    assert html.select("main [lang]") == []


def test_missing_country_shows_a_friendly_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/countries/XXX/")
    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser")
    assert html.h1.get_text(strip=True) == "Page not found"
    links = {a.get_text(strip=True): a["href"] for a in html.select("main a")}
    assert links["Go to the home page"] == "/"
    assert links["Browse all countries"] == "/countries/"
    assert html.select_one("header nav a[href='/countries/']") is not None


def test_500_page_renders_without_a_request_and_links_home_and_to_countries():
    html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert html.h1.get_text(strip=True) == "Something went wrong on our side"
    links = {a.get_text(strip=True): a["href"] for a in html.select("main a")}
    assert links == {"Go to the home page": "/", "Browse all countries": "/countries/"}
    assert html.select("link[rel=stylesheet]") == []
    assert html.select("style, [style]") == []  # the CSP forbids inline styles


def test_500_page_of_the_site_links_its_stylesheet(client, monkeypatch):
    from nap_tracker.public.views.home import HomeView

    def broken(self, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one("link[rel=stylesheet]")["href"] == "/static/css/site.css"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_band_and_sample_badge_colours_meet_wcag_aa_contrast():
    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    for band in ("very-low", "low", "moderate", "high"):
        assert contrast("#ffffff", colours[band]) >= 4.5, band
    badge = re.search(r"\.badge\.sample \{[^}]*background: (#[0-9a-fA-F]{6})", css).group(1)
    assert contrast(colours["sample"], badge) >= 4.5
    assert colours["low"].lower() == "#a85000"
