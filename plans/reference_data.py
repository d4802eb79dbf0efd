"""Load the sourced reference tables in plans/data/ (countries, plans, the WPS Index).

The functions take model classes as arguments so the data migrations can pass their
historical models and ``manage.py load_reference_data`` the live ones. Both are
idempotent. By default they only add what is missing, so edits made in the admin
survive ``make run``; ``update=True`` (``load_reference_data --update``) writes the
sourced values over the stored ones.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_CSV = DATA_DIR / "countries.csv"
PLANS_CSV = DATA_DIR / "nap_generations_sourced.csv"
WPS_INDEX_CSV = DATA_DIR / "giwps_wps_index_2025.csv"
WPS_INDEX_EDITION = "2025/26"
WPS_INDEX_ATTRIBUTION = "GIWPS & PRIO, WPS Index 2025/26"
WPS_INDEX_URL = "https://giwps.georgetown.edu/the-index/"
# CSV column → WPSIndexEntry field, for the thirteen published indicator values.
WPS_INDEX_INDICATORS = {
    "Education": "education",
    "Employment": "employment",
    "Financial Inclusion": "financial_inclusion",
    "Cell Phone Use": "cell_phone_use",
    "Parliamentary Representation": "parliamentary_representation",
    "Absence of Legal Discrimination": "absence_of_legal_discrimination",
    "Access to Justice": "access_to_justice",
    "Maternal Mortality Ratio": "maternal_mortality_ratio",
    "Son Bias": "son_bias",
    "Intimate partner violence ": "intimate_partner_violence",
    "Community Safety": "community_safety",
    "Political Violence Targeting Women": "political_violence_targeting_women",
    "Proximity to Conflict": "proximity_to_conflict",
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_countries(Country, *, update: bool = False) -> int:
    """Add every missing ISO 3166-1 country (or refresh all); returns the rows read."""
    rows = read_csv(COUNTRIES_CSV)
    write = Country.objects.update_or_create if update else Country.objects.get_or_create
    for row in rows:
        write(
            iso3=row["iso3"],
            defaults={
                "iso2": row["iso2"],
                "m49": int(row["m49"]),
                "name": row["name"],
                "official_name": row["official_name"],
                "region": row["region"],
                "subregion": row["subregion"],
                "un_member": bool(row["un_member_since"]),
                "un_member_since": int(row["un_member_since"]) if row["un_member_since"] else None,
                "un_observer": row["un_observer"] == "1",
            },
        )
    return len(rows)


def parse_adoption_date(value: str) -> tuple[datetime.date | None, str]:
    """'2005-06' -> (2005-06-01, 'month'); '2011-02-17' -> (…, 'day'); '' -> (None, '')."""
    if not value:
        return None, ""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts), "day"
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], 1), "month"
    return datetime.date(parts[0], 1, 1), "year"


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip() else None


def _plan_lookup(NationalActionPlan, country, row, sourced_generations):
    """The stored plan a CSV row describes, or None.

    A row with a generation is found by it. A row without one is found by its year of
    adoption or, where the source gives none, by the start of its period, among the
    country's plans whose generation is not another row's, so that a rerun finds it
    again even after an admin gave it a generation or a year.
    """
    generation = _int_or_none(row["generation"])
    if generation is not None:
        return NationalActionPlan.objects.filter(country=country, generation=generation).first()
    plans = NationalActionPlan.objects.filter(country=country).exclude(
        generation__in=sourced_generations
    )
    year = _int_or_none(row["adopted_year"])
    if year is not None:
        plans = plans.filter(adopted_year=year)
    else:
        plans = plans.filter(period_start=_int_or_none(row["period_start"]))
    return plans.order_by("pk").first()


def load_sourced_plans(
    Country, NationalActionPlan, *, update: bool = False, first: int | None = None
) -> int:
    """Add the missing plans of nap_generations_sourced.csv (or refresh all).

    Facts a source does not give stay empty. A rerun never duplicates a plan (see
    ``_plan_lookup``); returns the rows read. ``first``: only the file's first rows, for
    a data migration written when the file had that many (rows are only ever appended).
    """
    rows = read_csv(PLANS_CSV)[:first]
    sourced_generations: dict[str, set[int]] = {}
    for row in rows:
        if row["generation"]:
            sourced_generations.setdefault(row["iso3"], set()).add(int(row["generation"]))
    for row in rows:
        adopted_on, precision = parse_adoption_date(row["adopted_on"])
        country = Country.objects.get(iso3=row["iso3"])
        existing = _plan_lookup(
            NationalActionPlan, country, row, sourced_generations.get(row["iso3"], set())
        )
        if existing is not None and not update:
            continue
        values = {
            "adopted_on": adopted_on,
            "adopted_on_precision": precision,
            "adopted_year": _int_or_none(row["adopted_year"]),
            "period_start": _int_or_none(row["period_start"]),
            "period_end": _int_or_none(row["period_end"]),
            "lead_ministry": row["lead_ministry"],
            "source_url": row["source_url"],
            "notes": row["note"],
        }
        if existing is None:
            NationalActionPlan.objects.create(
                country=country, generation=_int_or_none(row["generation"]), **values
            )
        else:
            for field, value in values.items():
                setattr(existing, field, value)
            existing.save()
    link_generations(NationalActionPlan)
    return len(rows)


def link_generations(NationalActionPlan) -> None:
    """Generation N supersedes generation N-1 of the same country, where both are known.

    Only plans that supersede nothing yet are linked: a link set in the admin stays.
    """
    plans = NationalActionPlan.objects.filter(generation__isnull=False)
    by_key = {(p.country_id, p.generation): p for p in plans}
    linked = {p.supersedes_id for p in plans if p.supersedes_id is not None}
    for (country_id, generation), plan in by_key.items():
        previous = by_key.get((country_id, generation - 1))
        if previous is not None and plan.supersedes_id is None and previous.pk not in linked:
            plan.supersedes = previous
            plan.save(update_fields=["supersedes"])


def _decimal_or_none(value: str) -> Decimal | None:
    return Decimal(value.strip()) if value.strip() else None


def load_wps_index(Country, WPSIndexEntry, *, update: bool = False) -> tuple[int, list[str]]:
    """Add the missing rows of the WPS Index 2025/26 (or refresh all), as published.

    Returns the rows loaded and the codes of rows with no country in the ISO 3166-1
    table (Kosovo's user-assigned XKX), which are left out.
    """
    countries = set(Country.objects.values_list("iso3", flat=True))
    write = (
        WPSIndexEntry.objects.update_or_create if update else WPSIndexEntry.objects.get_or_create
    )
    loaded, missing = 0, []
    for row in read_csv(WPS_INDEX_CSV):
        iso3 = row["Code"].strip()
        if iso3 not in countries:
            missing.append(f"{iso3} ({row['Country']})")
            continue
        codes = [c.strip() for c in row["Region"].split(",")]
        write(
            country_id=iso3,
            edition=WPS_INDEX_EDITION,
            defaults={
                "rank": int(row["WPS Index Rank"]),
                "score": Decimal(row["Women, Peace, and Security Index"]),
                "region_codes": row["Region"],
                "region": codes[0],
                "fragile_state": "FS" in codes[1:],
                **{
                    field: _decimal_or_none(row[column])
                    for column, field in WPS_INDEX_INDICATORS.items()
                },
                "source_url": WPS_INDEX_URL,
                "attribution": WPS_INDEX_ATTRIBUTION,
            },
        )
        loaded += 1
    return loaded, missing
