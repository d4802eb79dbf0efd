"""The home page's world map and the country index, as anonymous visitors and members see them."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from indicators.models import Assessment, AssessmentScore
from indicators.worked_example import WORKED_EXAMPLE
from nap_tracker.public import worldmap
from plans.models import Country
from tests.factories import AssessmentFactory, OrganizationFactory, scored_assessment

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(html: BeautifulSoup) -> str:
    return " ".join(html.get_text(" ").split())


def map_link(html: BeautifulSoup, iso3: str):
    return html.select_one(f"svg a[href='/countries/{iso3}/']")


def index_row(html: BeautifulSoup, name: str):
    return next(r for r in html.select("tbody tr") if r.th.a.get_text(strip=True) == name)


# --- the world map module (pure) ---------------------------------------------------------


def test_world_map_has_one_shape_per_atlas_country_and_is_computed_once():
    first = worldmap.world_map()
    assert worldmap.world_map() is first
    codes = [s.m49 for s in first.shapes if s.m49 is not None]
    assert len(codes) == len(set(codes)) > 170
    assert 578 in codes and 10 not in codes  # Norway drawn, Antarctica left out
    assert all(s.d.startswith("M") and s.d.endswith("z") for s in first.shapes)
    assert first.view_box == f"0 0 960 {first.height:g}"


def test_a_ring_across_the_antimeridian_is_split_into_one_ring_per_side():
    ring = [(170, 60), (180, 60), (-180, 61), (-175, 62), (-180, 63), (179, 63), (170, 60)]
    runs = worldmap.split_at_antimeridian(ring)
    assert runs == [
        [(179, 63), (170, 60), (170, 60), (180, 60)],
        [(-180, 61), (-175, 62), (-180, 63)],
    ]
    assert worldmap.split_at_antimeridian([(0, 0), (1, 1), (0, 0)]) == [[(0, 0), (1, 1), (0, 0)]]


@pytest.mark.parametrize(
    ("has_plan", "has_assessment", "band", "expected"),
    [
        (True, True, "high", "high"),
        (False, True, "very_low", "very_low"),
        (True, True, None, "no_overall"),
        (True, False, None, "no_assessment"),
        (False, False, None, "no_plan"),
    ],
)
def test_map_class_is_the_band_or_which_kind_of_nothing_is_on_record(
    has_plan, has_assessment, band, expected
):
    assert (
        worldmap.map_class(has_plan=has_plan, has_assessment=has_assessment, band=band) == expected
    )


# --- home ------------------------------------------------------------------------------


def test_home_counts_what_the_tracker_holds_apart_from_the_external_figure(client):
    html = soup(client.get("/"))
    page = text(html)
    # The 2026-11-24 edition of nap_generations_sourced.csv: 133 plans of 62 countries.
    assert "62 countries with a sourced plan on record" in page
    assert "133 plan generations on record" in page
    assert "None yet countries with a validated assessment" in page
    context = html.select_one("aside.context-figure")
    assert "External figure, for context" in context.get_text()
    assert "105 countries" in context.get_text()
    assert "UN Women Asia-Pacific" in context.get_text()


def test_every_country_on_the_map_is_a_focusable_link_with_a_title_in_words(client):
    html = soup(client.get("/"))
    links = html.select("svg a.map-area")
    drawn = worldmap.world_map().by_m49()
    expected = Country.objects.filter(m49__in=drawn).count()
    assert len(links) == expected
    assert all(a["href"].startswith("/countries/") and a.title for a in links)
    assert map_link(html, "NLD").title.get_text() == (
        "Netherlands: sourced plan on record, no validated assessment yet"
    )
    assert map_link(html, "BRA").title.get_text() == "Brazil: no sourced plan on record"
    assert "map-no_plan" in map_link(html, "BRA")["class"]
    assert map_link(html, "BRA").path["fill"] == "url(#map-dots)"
    assert html.select_one("svg pattern#map-dots") is not None


def test_a_validated_assessment_colours_the_map_by_band_with_the_score_in_the_title(
    client, organization
):
    assessment = scored_assessment(organization=organization, year=2022)
    score = assessment.score
    html = soup(client.get("/"))
    norway = map_link(html, "NOR")
    assert f"map-{score.band}" in norway["class"]
    assert norway.title.get_text() == (
        f"Norway: overall score {score.overall:.1f} ({score.get_band_display().lower()} band), 2022"
    )
    legend = text(html.select_one(".map-legend"))
    assert f"{score.get_band_display()} (1 country)" in legend


def test_the_map_has_a_table_alternative_and_a_legend_in_words(client, organization):
    scored_assessment(organization=organization, year=2022, is_sample=True)
    html = soup(client.get("/"))
    table = html.select_one("details.map-table table")
    rows = {r.th.get_text(strip=True): r for r in table.select("tbody tr")}
    assert "Norway" in rows and "Netherlands" in rows
    assert rows["Norway"].select_one(".badge.sample").get_text(strip=True) == "Sample data"
    assert "no validated assessment yet" in rows["Netherlands"].get_text()
    assert "Brazil" not in rows  # nothing on record: the sentence below and the index cover it
    legend = text(html.select_one(".map-legend"))
    assert "No sourced plan on record" in legend
    assert "Sourced plan on record, no validated assessment yet" in legend
    assert html.select_one(".map-sample .badge.sample") is not None


@pytest.mark.parametrize("status", [Assessment.Status.DRAFT, Assessment.Status.SUBMITTED])
def test_a_draft_or_submitted_assessment_never_colours_the_map_or_the_index(
    client, organization, editor, status
):
    scored_assessment(organization=organization, year=2023, status=status)
    for who in ("anonymous", "member"):
        if who == "member":
            client.force_login(editor)  # not even for its own organization's editors
        home = soup(client.get("/"))
        assert "map-no_assessment" in map_link(home, "NOR")["class"]  # sourced plans only
        assert "None yet" in text(home.select_one(".stats"))
        row = index_row(soup(client.get("/countries/?q=NOR")), "Norway")
        assert "no validated assessment yet" in row.get_text()


def test_home_query_count_is_the_same_with_3_or_30_assessments(
    client, organization, django_assert_num_queries
):
    countries = list(Country.objects.filter(un_member=True).order_by("iso3")[:30])
    for country in countries[:3]:
        scored_assessment(organization=organization, country=country, year=2020)
    with django_assert_num_queries(4) as few:
        client.get("/")
    for country in countries[3:]:
        AssessmentFactory(organization=organization, country=country, year=2021)
    assert Assessment.objects.count() == 30
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/")


# --- the country index -----------------------------------------------------------------


def test_country_index_shows_plan_facts_and_latest_scores_in_words(client, organization):
    assessment = scored_assessment(organization=organization, year=2022)
    norway = index_row(soup(client.get("/countries/?q=Norway")), "Norway")
    assert norway.select_one("td[data-label=Assessed] a")["href"] == (
        "/countries/NOR/2022/owning-org/"
    )
    overall = norway.select_one("td[data-label=Overall]").get_text(strip=True)
    assert overall == f"{assessment.score.overall:.1f}"
    assert norway.select_one(f".band-{assessment.score.band}") is not None
    albania = index_row(soup(client.get("/countries/")), "Albania")
    assert albania.select_one("td[colspan='2']").get_text(strip=True) == (
        "no sourced plan on record"
    )
    assert albania.select_one("td[colspan='6']").get_text(strip=True) == (
        "no validated assessment yet"
    )
    assert not any(td.get_text(strip=True) == "0" for td in albania.select("td"))


def test_latest_assessment_is_the_latest_year_then_the_one_validated_last(client):
    early, late = OrganizationFactory(slug="early-org"), OrganizationFactory(slug="late-org")
    now = timezone.now()
    scored_assessment(organization=early, year=2019, validated_at=now)
    scored_assessment(organization=early, year=2021, validated_at=now - timedelta(days=2))
    scored_assessment(organization=late, year=2021, validated_at=now - timedelta(days=1))
    row = index_row(soup(client.get("/countries/?q=NOR")), "Norway")
    assert row.select_one("td[data-label=Assessed] a")["href"] == "/countries/NOR/2021/late-org/"


def test_country_index_sorts_by_a_score_with_unassessed_countries_last(client, organization):
    weaker = {**WORKED_EXAMPLE["indicators"]}
    weaker["WC04"] = {"components": {"peacekeepers": {"women": 1, "men": 99}}}
    low = scored_assessment(
        weaker,
        organization=organization,
        country=Country.objects.get(iso3="SWE"),
        year=2022,
    )
    high = scored_assessment(organization=organization, year=2022)
    assert low.score.overall < high.score.overall
    html = soup(client.get("/countries/?sort=-overall"))
    names = [r.th.a.get_text(strip=True) for r in html.select("tbody tr")]
    assert names[:3] == ["Norway", "Sweden", "Afghanistan"]
    header = html.select_one("th[aria-sort]")
    assert header["aria-sort"] == "descending"
    assert header.a.get_text(strip=True) == "Overall"
    ascending = soup(client.get("/countries/?sort=overall"))
    names = [r.th.a.get_text(strip=True) for r in ascending.select("tbody tr")]
    assert names[:3] == ["Sweden", "Norway", "Afghanistan"]


def test_sort_links_keep_the_filters_and_go_back_to_page_one(client):
    html = soup(client.get("/countries/?region=Africa&page=2&sort=name"))
    assert html.select_one("th[aria-sort]")["aria-sort"] == "ascending"
    links = {a.get_text(strip=True): a["href"] for a in html.select("thead th a")}
    assert parse_qs(links["Country"][1:]) == {"region": ["Africa"], "sort": ["-name"]}
    assert parse_qs(links["Overall"][1:]) == {"region": ["Africa"], "sort": ["-overall"]}
    next_page = html.select_one(".pagination a[rel=prev]")["href"]
    assert parse_qs(next_page[1:]) == {"region": ["Africa"], "sort": ["name"], "page": ["1"]}


def test_country_index_filters_by_band_year_sub_region_and_plan_status(client, organization):
    scored_assessment(organization=organization, year=2022)
    band = Assessment.objects.get().score.band
    assert [
        r.th.a.get_text(strip=True)
        for r in soup(client.get(f"/countries/?band={band}&year=2022")).select("tbody tr")
    ] == ["Norway"]
    assert "No country matches these filters." in text(soup(client.get("/countries/?year=2019")))
    names = [
        r.th.a.get_text(strip=True)
        for r in soup(client.get("/countries/?subregion=Northern+Europe&has_plan=true")).select(
            "tbody tr"
        )
    ]
    assert names == [
        "Denmark",
        "Estonia",
        "Finland",
        "Iceland",
        "Ireland",
        "Lithuania",
        "Norway",
        "Sweden",
        "United Kingdom",
    ]
    none = soup(client.get("/countries/?nap_status=none&region=Europe"))
    assert all("no sourced plan on record" in r.get_text() for r in none.select("tbody tr"))
    not_stated = soup(client.get("/countries/?nap_status=not_stated&region=Europe"))
    assert len(not_stated.select("tbody tr")) == 25  # every sourced European plan
    unassessed = soup(client.get("/countries/?band=none&q=nor"))
    names = [r.th.a.get_text(strip=True) for r in unassessed.select("tbody tr")]
    assert "North Korea" in names and "Norway" not in names


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("sort=bogus", "sort", "Select a valid choice. bogus is not one of the available choices."),
        ("band=great", "band", "Select a valid choice. great is not one of the available choices."),
        ("year=soon", "year", "Enter a whole number."),
        ("show=some", "show", "Select a valid choice. some is not one of the available choices."),
    ],
)
def test_country_index_names_an_invalid_filter_value(client, query, field, message):
    html = soup(client.get(f"/countries/?{query}"))
    assert html.select_one(f"#id_{field}_error").get_text(strip=True) == message
    assert html.select_one("main table") is None


@pytest.mark.parametrize("query", ["", "?sort=-overall", "?band=none", "?show=all&page=2"])
def test_country_index_query_count_is_the_same_with_3_or_30_assessments(
    client, organization, query, django_assert_num_queries, memory_cache
):
    countries = list(Country.objects.filter(un_member=True).order_by("iso3")[:30])
    for country in countries[:3]:
        scored_assessment(organization=organization, country=country, year=2020)
    with django_assert_num_queries(3):  # the data version, the count and the page
        client.get(f"/countries/{query}")
    with django_assert_num_queries(1):  # the same data: its version only, the rest is cached
        client.get(f"/countries/{query}")
    for country in countries[3:]:
        scored_assessment(organization=organization, country=country, year=2021)
    assert Assessment.objects.count() == 30
    with django_assert_num_queries(3):
        client.get(f"/countries/{query}")
    with django_assert_num_queries(1):
        client.get(f"/countries/{query}")


def test_the_cached_country_index_shows_a_change_made_by_any_write_at_once(
    client, organization, memory_cache
):
    assessment = scored_assessment(organization=organization, year=2022)
    before = index_row(soup(client.get("/countries/?q=Norway")), "Norway")
    assert "47.0" in before.get_text()
    # Neither a service nor a save(): a bulk update, as an import or a script may do.
    AssessmentScore.objects.filter(assessment=assessment).update(overall=Decimal("81.5"))
    after = index_row(soup(client.get("/countries/?q=Norway")), "Norway")
    assert "81.5" in after.get_text()
    Country.objects.filter(iso3="NOR").update(name="Norway (renamed)")
    assert index_row(soup(client.get("/countries/?q=NOR")), "Norway (renamed)")


def test_the_cached_country_index_keeps_each_callers_own_page_around_it(
    client, editor, memory_cache
):
    anonymous = soup(client.get("/countries/"))
    assert "Sign out" not in text(anonymous)
    french = soup(client.get("/countries/", HTTP_ACCEPT_LANGUAGE="fr"))  # the same data
    assert (french.html["lang"], french.h1.get_text(strip=True)) == ("fr", "Pays")
    client.force_login(editor)
    signed_in = soup(client.get("/countries/"))
    assert f"Sign out {editor.username}" in text(signed_in)
    table = signed_in.select_one("table.country-index")
    assert table is not None and str(table) == str(anonymous.select_one("table.country-index"))


# --- the same FilterSet in the API -----------------------------------------------------


def test_api_country_rows_carry_the_latest_validated_scores(api_client, organization):
    assessment = scored_assessment(organization=organization, year=2022, is_sample=True)
    AssessmentFactory(organization=organization, year=2024, status=Assessment.Status.DRAFT)
    rows = api_client.get("/api/v1/countries/?q=NOR").json()["results"]
    row = next(r for r in rows if r["iso3"] == "NOR")
    latest = row["latest_assessment"]
    assert latest["year"] == 2022
    assert latest["organization"] == "owning-org"
    assert latest["is_sample"] is True
    assert latest["overall"] == float(assessment.score.overall)
    assert latest["band"] == assessment.score.band
    assert set(latest["clusters"]) == {"participation", "prevention_protection", "promotion"}
    assert latest["page_url"] == "http://testserver/countries/NOR/2022/owning-org/"


def test_api_filters_and_sorts_with_the_index_filterset(api_client, organization):
    scored_assessment(organization=organization, year=2022)
    band = Assessment.objects.get().score.band
    body = api_client.get(f"/api/v1/countries/?band={band}").json()
    assert [r["iso3"] for r in body["results"]] == ["NOR"]
    first = api_client.get("/api/v1/countries/?sort=-overall").json()["results"][0]
    assert first["iso3"] == "NOR"
    un = api_client.get("/api/v1/countries/?show=un").json()
    assert un["count"] == 195


@pytest.mark.parametrize(
    ("param", "value"),
    [("sort", "bogus"), ("band", "great"), ("year", "soon"), ("nap_status", "x")],
)
def test_api_answers_400_naming_an_invalid_filter(api_client, param, value):
    response = api_client.get("/api/v1/countries/", {param: value})
    assert response.status_code == 400
    assert list(response.json()) == [param]


def test_keyboard_users_can_skip_the_map_to_its_table(client):
    html = soup(client.get("/"))
    skip = html.select_one("a.skip-map")
    target = html.select_one(skip["href"])
    assert target is not None and target.name == "details"
    # the link comes before the first country link of the map
    links = html.select("a")
    assert links.index(skip) < links.index(html.select_one("a.map-area"))


def test_every_page_names_the_sites_icon_so_browsers_do_not_ask_for_favicon_ico(client):
    icon = soup(client.get("/")).select_one("link[rel=icon]")
    assert icon["href"] == "/static/favicon.svg"
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg") is not None
