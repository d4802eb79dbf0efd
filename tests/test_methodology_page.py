"""The methodology page: rendered from the stored method and indicators, never a copy."""

import datetime

import pytest
from bs4 import BeautifulSoup

from indicators import scoring
from indicators.models import Indicator, Methodology
from tests.worked_example_results import SHOWN_INDICATORS

pytestmark = pytest.mark.django_db


def page(client) -> BeautifulSoup:
    response = client.get("/methodology/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def worked_scores(html) -> dict[str, str]:
    table = html.select_one("table.worked-example")
    scores = {
        tr.th.a.get_text(strip=True): tr.select("td")[-1].get_text(" ", strip=True)
        for tr in table.select("tbody tr")
    }
    for tr in table.select("tfoot tr"):
        scores[tr.th.get_text(" ", strip=True).split(" —")[0]] = tr.td.get_text(" ", strip=True)
    return scores


def test_the_worked_example_is_scored_live_with_the_results_of_section_5(client):
    scores = worked_scores(page(client))
    assert scores == {
        **SHOWN_INDICATORS,
        "Cluster: Participation": "40.9",
        "Cluster: Prevention and protection": "44.1",
        "Cluster: Promotion of a gender perspective": "57.5",
        "Overall (geometric mean of the clusters)": "47.0 low",
    }


def test_the_worked_example_shows_its_inputs_in_words(client):
    table = page(client).select_one("table.worked-example")
    text = " ".join(table.get_text(" ").split())
    assert "Local government (councillors) : Women 2,100; Men 4,900" in text
    assert "not applicable : no formal peace process" in text
    assert "Security-sector policy on sexual and gender-based violence: no" in text
    assert "arithmetic mean 47.5" in text


def test_the_worked_example_and_bands_follow_the_stored_parameters(client):
    """Change the stored method and the page changes with it: nothing is a copy."""
    current = Methodology.objects.current()
    current.parameters = {
        **current.parameters,
        "parity_share": "40",
        "band_thresholds": [["20", "low"], ["45", "moderate"], ["70", "high"]],
    }
    current.save()
    html = page(client)
    scores = worked_scores(html)
    assert scores["WC04"] == "35.0"  # a 14 % share against a 40 % parity share
    assert scores["Overall (geometric mean of the clusters)"].endswith("moderate")
    bands = [" ".join(tr.get_text(" ").split()) for tr in html.select("table.bands tbody tr")]
    assert bands == [
        "very low below 20",
        "low from 20, below 45",
        "moderate from 45, below 70",
        "high 70 and above",
    ]


def test_each_component_kind_has_one_row_with_the_methods_rules(client):
    rows = page(client).select("table.kinds tbody tr")
    assert [tr.th.get_text(strip=True) for tr in rows] == [
        "Share",
        "Ratio",
        "Checklist",
        "Rating",
        "Attrition",
        "Funding",
    ]
    share = [td.get_text(strip=True) for td in rows[0].select("td")]
    rule = scoring.KIND_RULES[scoring.SHARE]
    assert share == [rule.inputs, rule.valid_when, rule.rule, rule.unscored_when]


def test_indicator_rows_come_from_the_database_and_link_to_their_pages(client):
    Indicator.objects.filter(code="WC05").update(title="A title edited by an admin")
    html = page(client)
    row = html.select_one("th#WC05").parent
    assert "A title edited by an admin" in row.get_text()
    assert row.th.a["href"] == "/indicators/WC05/"
    assert "Civil-society seats in the 1325/1820 task force (ratio)" in row.get_text(
        " ", strip=True
    )
    cluster_links = [a["href"] for a in html.select("ul.cluster-cards a")]
    assert cluster_links == [f"/indicators/WC{n:02d}/" for n in range(1, 12)]


def test_version_history_lists_every_stored_methodology(client):
    Methodology.objects.create(
        version="0.9",
        published_on=datetime.date(2020, 1, 1),
        parameters={"decimal_places": 1},
        description="A trial version.",
    )
    rows = page(client).select("table.versions tbody tr")
    assert [tr.th.get_text(strip=True) for tr in rows] == ["1.0", "0.9"]
    assert "A trial version." in rows[1].get_text()
    assert rows[0].select("td")[1].get_text(strip=True) == "yes"


def test_contest_section_gives_the_contact_address_and_the_right_of_reply(client, settings):
    settings.CONTACT_EMAIL = "corrections@example.org"
    html = page(client)
    section = html.select_one("#contest").find_next_sibling("p")
    assert "to the organization that published the assessment" in section.get_text()
    assert "publish anonymously" in section.get_text()
    assert "right to reply" in section.get_text()
    assert "never changes it" in section.get_text()
    assert html.select_one(".contact a")["href"] == "mailto:corrections@example.org"


def test_sources_of_section_1_are_links(client):
    links = [a["href"] for a in page(client).select("ul.sources a")]
    assert links == [
        "https://gnwp.org/what-we-do/global-policy-local-action/monitoring-evaluation/",
        "http://www.gnwp.org/what-we-do/policy-advocacy/"
        "in-country-and-global-monitoring-of-united-nations-security-council-resolution-1325",
        "http://www.peacewomen.org/content/sierra-leone-now-seek-inputs-un-resolutions-1325-1820",
        "https://gnwp.org/publications/1325-civil-society-scorecard/",
    ]


def test_checklist_items_are_shown_in_words_with_their_api_key(client):
    items = [li.get_text(" ", strip=True) for li in page(client).select("ul.checklist-items li")]
    assert items[-1] == "Reparations law for conflict-related sexual violence crsv_reparations_law"


def test_methodology_page_query_count(client, django_assert_num_queries):
    # indicators; methodologies
    with django_assert_num_queries(2):
        client.get("/methodology/")
