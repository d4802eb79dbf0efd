"""Reference data: countries, sourced plans, the eleven indicators and methodology 1.0."""

import csv

import pytest
from django.core.management import call_command

from indicators import scoring
from indicators.models import Indicator, Methodology
from plans.models import Country, NationalActionPlan, WPSIndexEntry
from plans.reference_data import COUNTRIES_CSV, PLANS_CSV, WPS_INDEX_CSV
from scripts.build_country_table import M49_REGION_OF, build_rows

M49_REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_country_table_is_exactly_what_its_sources_generate():
    with COUNTRIES_CSV.open(encoding="utf-8") as fh:
        committed = list(csv.DictReader(fh))
    assert committed == build_rows()


@pytest.mark.django_db
def test_every_iso_3166_country_is_loaded_with_its_un_classification():
    assert Country.objects.count() == 249
    assert Country.objects.filter(un_member=True).count() == 193
    assert set(Country.objects.filter(un_observer=True).values_list("iso3", flat=True)) == {
        "PSE",
        "VAT",
    }
    regions = set(Country.objects.values_list("region", flat=True))
    assert regions - {""} == M49_REGIONS
    norway = Country.objects.get(iso3="NOR")
    assert (norway.iso2, norway.m49, norway.region, norway.subregion) == (
        "NO",
        578,
        "Europe",
        "Northern Europe",
    )
    assert norway.un_member_since == 1945


@pytest.mark.django_db
def test_sourced_plans_are_loaded_with_their_source_and_nothing_invented():
    with PLANS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # The 2026-11-24 edition of the file: 133 plans of 62 countries.
    assert NationalActionPlan.objects.count() == len(rows) == 133
    assert NationalActionPlan.objects.values("country").distinct().count() == 62
    for row in rows:
        key = {"country_id": row["iso3"]}
        if row["generation"]:
            key["generation"] = int(row["generation"])
        elif row["adopted_year"]:
            key |= {"generation": None, "adopted_year": int(row["adopted_year"])}
        else:
            key |= {"generation": None, "adopted_year": None, "period_start": row["period_start"]}
        plan = NationalActionPlan.objects.get(**key)
        assert plan.adopted_year == (int(row["adopted_year"]) if row["adopted_year"] else None)
        assert plan.period_end == (int(row["period_end"]) if row["period_end"] else None)
        assert plan.source_url == row["source_url"]
        assert plan.lead_ministry == row["lead_ministry"]
        assert plan.notes == row["note"]
        assert plan.generation == (int(row["generation"]) if row["generation"] else None)
        # Facts no source gives stay empty.
        assert plan.status == ""
        assert plan.budget == ""
        assert plan.scope == ""
        assert plan.me_framework is None
        assert plan.cso_role_design is None
        assert not plan.is_sample


@pytest.mark.django_db
def test_adoption_dates_keep_the_precision_of_their_source():
    denmark_first = NationalActionPlan.objects.get(country_id="DNK", generation=1)
    assert (str(denmark_first.adopted_on), denmark_first.adopted_on_precision) == (
        "2005-06-01",
        "month",
    )
    nepal = NationalActionPlan.objects.get(country_id="NPL", generation=1)
    assert (str(nepal.adopted_on), nepal.adopted_on_precision) == ("2011-02-17", "day")
    uk_first = NationalActionPlan.objects.get(country_id="GBR", generation=1)
    assert (uk_first.adopted_on, uk_first.adopted_on_precision) == (None, "")


@pytest.mark.django_db
def test_each_known_generation_supersedes_the_one_before():
    denmark = {p.generation: p for p in NationalActionPlan.objects.filter(country_id="DNK")}
    assert denmark[1].supersedes is None
    assert [denmark[g].supersedes.generation for g in (2, 3, 4)] == [1, 2, 3]
    armenia = NationalActionPlan.objects.get(country_id="ARM")
    assert armenia.generation is None
    assert armenia.supersedes is None
    assert armenia.url_key == "adopted-2019"
    # A gap in the sourced generations is not bridged: Mali's third plan supersedes nothing.
    mali = {p.generation: p for p in NationalActionPlan.objects.filter(country_id="MLI")}
    assert set(mali) == {1, 3}
    assert mali[3].supersedes is None


@pytest.mark.django_db
def test_a_plan_whose_source_gives_neither_generation_nor_year_is_keyed_by_its_period():
    iraq = NationalActionPlan.objects.get(country_id="IRQ", generation=None)
    assert (iraq.adopted_year, iraq.period_start, iraq.period_end) == (None, 2021, 2024)
    assert iraq.url_key == "period-2021"
    assert str(iraq.label) == "NAP for 2021–2024"
    assert NationalActionPlan.objects.filter(country_id="IRQ").by_key("period-2021").get() == iraq


@pytest.mark.django_db
def test_a_rerun_finds_a_period_keyed_plan_again_after_an_admin_gave_it_a_generation_and_year():
    jordan = NationalActionPlan.objects.get(country_id="JOR", generation=None)
    jordan.generation, jordan.adopted_year = 2, 2022
    jordan.save()
    call_command("load_reference_data", stdout=None)
    assert NationalActionPlan.objects.filter(country_id="JOR").count() == 2


@pytest.mark.django_db
def test_loading_reference_data_twice_changes_nothing():
    before = list(NationalActionPlan.objects.order_by("pk").values())
    wps_before = list(WPSIndexEntry.objects.order_by("pk").values())
    call_command("load_reference_data", stdout=None)
    call_command("load_reference_data", stdout=None)
    assert Country.objects.count() == 249
    after = list(NationalActionPlan.objects.order_by("pk").values())
    for row in before + after:
        row.pop("updated_at")
    assert after == before
    assert list(WPSIndexEntry.objects.order_by("pk").values()) == wps_before


@pytest.mark.django_db
def test_an_empty_database_gets_every_sourced_plan_from_the_command_alone():
    NationalActionPlan.objects.update(supersedes=None)
    NationalActionPlan.objects.all().delete()
    WPSIndexEntry.objects.all().delete()
    call_command("load_reference_data", stdout=None)
    assert NationalActionPlan.objects.count() == 133
    assert NationalActionPlan.objects.filter(supersedes__isnull=False).count() == 64
    assert WPSIndexEntry.objects.count() == 180


@pytest.mark.django_db
def test_the_wps_index_is_stored_as_published_with_its_attribution():
    with WPS_INDEX_CSV.open(encoding="utf-8") as fh:
        rows = {row["Code"]: row for row in csv.DictReader(fh)}
    assert len(rows) == 181
    stored = {e.country_id: e for e in WPSIndexEntry.objects.all()}
    # Every code but Kosovo's user-assigned XKX is an ISO 3166-1 country.
    assert set(rows) - set(stored) == {"XKX"}
    denmark = stored["DNK"]
    assert (denmark.edition, denmark.rank, str(denmark.score)) == ("2025/26", 1, "0.939")
    assert str(denmark.parliamentary_representation) == "43.600"
    assert denmark.attribution == "GIWPS & PRIO, WPS Index 2025/26"
    assert denmark.source_url == "https://giwps.georgetown.edu/the-index/"
    for iso3, entry in stored.items():
        row = rows[iso3]
        assert entry.rank == int(row["WPS Index Rank"])
        assert str(entry.score) == f"{float(row['Women, Peace, and Security Index']):.3f}"
        assert float(entry.parliamentary_representation) == float(
            row["Parliamentary Representation"]
        )
        assert entry.fragile_state == row["Region"].endswith(", FS")
        assert entry.region == row["Region"].split(",")[0]


@pytest.mark.django_db
def test_the_command_names_the_wps_index_row_it_cannot_place():
    import io

    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "180 WPS Index 2025/26 rows" in out.getvalue()
    assert "XKX (Kosovo)" in out.getvalue()


@pytest.mark.django_db
def test_database_indicators_equal_the_scoring_definitions():
    stored = list(Indicator.objects.ordered())
    assert [i.code for i in stored] == [d.code for d in scoring.INDICATORS]
    for indicator, definition in zip(stored, scoring.INDICATORS, strict=True):
        assert indicator.cluster == definition.cluster
        assert indicator.title == definition.title
        assert indicator.min_components == definition.min_components
        assert indicator.not_applicable_allowed == definition.not_applicable_allowed
        assert [(c["key"], c["kind"], tuple(c.get("items", ()))) for c in indicator.components] == [
            (c.key, c.kind, c.items) for c in definition.components
        ]


@pytest.mark.django_db
def test_indicator_titles_ship_unverified_with_a_source():
    assert Indicator.objects.count() == 11
    assert not Indicator.objects.filter(wording_verified=True).exists()
    assert not Indicator.objects.filter(source_url="").exists()


@pytest.mark.django_db
def test_methodology_1_0_is_current_and_stores_the_scoring_parameters():
    methodology = Methodology.objects.current()
    assert methodology.version == "1.0"
    assert methodology.parameters == scoring.DEFAULT_PARAMETERS.to_dict()
    assert scoring.Parameters.from_dict(methodology.parameters) == scoring.DEFAULT_PARAMETERS


@pytest.mark.django_db
def test_every_sub_region_lies_in_its_m49_region():
    for country in Country.objects.exclude(subregion=""):
        assert M49_REGION_OF[country.subregion] == country.region, country.iso3
    christmas_island = Country.objects.get(iso3="CXR")
    assert (christmas_island.region, christmas_island.subregion) == (
        "Oceania",
        "Australia and New Zealand",
    )
    assert Country.objects.get(iso3="BVT").region == "Americas"
    assert list(Country.objects.filter(region="").values_list("iso3", flat=True)) == ["ATA"]


@pytest.mark.django_db
def test_reloading_reference_data_keeps_admin_edits_and_never_duplicates_a_plan():
    nld = NationalActionPlan.objects.get(country_id="NLD", generation=1)
    nld.lead_ministry = "Ministry of Foreign Affairs"
    nld.save()
    armenia = NationalActionPlan.objects.get(country_id="ARM")
    armenia.generation = 1  # an admin found the generation in a new source
    armenia.save()
    Country.objects.filter(iso3="NOR").update(name="Norway (edited)")
    call_command("load_reference_data", stdout=None)
    assert NationalActionPlan.objects.count() == 133
    assert NationalActionPlan.objects.get(pk=nld.pk).lead_ministry == "Ministry of Foreign Affairs"
    assert NationalActionPlan.objects.get(country_id="ARM").generation == 1
    assert Country.objects.get(iso3="NOR").name == "Norway (edited)"


@pytest.mark.django_db
def test_reloading_with_update_restores_the_sourced_values():
    NationalActionPlan.objects.filter(country_id="NLD", generation=1).update(lead_ministry="X")
    Country.objects.filter(iso3="NOR").update(name="Norway (edited)")
    call_command("load_reference_data", update=True, stdout=None)
    assert NationalActionPlan.objects.get(country_id="NLD", generation=1).lead_ministry == ""
    assert Country.objects.get(iso3="NOR").name == "Norway"
    assert NationalActionPlan.objects.count() == 133
