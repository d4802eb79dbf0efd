"""Reference data: countries, sourced plans, the eleven indicators and methodology 1.0."""

import csv

import pytest
from django.core.management import call_command

from indicators import scoring
from indicators.models import Indicator, Methodology
from plans.models import Country, NationalActionPlan
from plans.reference_data import COUNTRIES_CSV, PLANS_CSV
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
    assert NationalActionPlan.objects.count() == len(rows) == 28
    for row in rows:
        plan = NationalActionPlan.objects.get(
            country_id=row["iso3"],
            adopted_year=int(row["adopted_year"]),
        )
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


@pytest.mark.django_db
def test_loading_reference_data_twice_changes_nothing():
    before = list(NationalActionPlan.objects.order_by("pk").values())
    call_command("load_reference_data", stdout=None)
    call_command("load_reference_data", stdout=None)
    assert Country.objects.count() == 249
    after = list(NationalActionPlan.objects.order_by("pk").values())
    for row in before + after:
        row.pop("updated_at")
    assert after == before


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
    assert NationalActionPlan.objects.count() == 28
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
    assert NationalActionPlan.objects.count() == 28
