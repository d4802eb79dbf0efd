"""Load the sourced reference tables in plans/data/ (countries, national action plans).

The functions take model classes as arguments so the data migrations can pass their
historical models and ``manage.py load_reference_data`` the live ones. Both are
idempotent: a second run updates rows in place and creates nothing new.
"""

import csv
import datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_CSV = DATA_DIR / "countries.csv"
PLANS_CSV = DATA_DIR / "nap_generations_sourced.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_countries(Country) -> int:
    """Create or update every ISO 3166-1 country; returns how many rows were read."""
    rows = read_csv(COUNTRIES_CSV)
    for row in rows:
        Country.objects.update_or_create(
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


def load_sourced_plans(Country, NationalActionPlan) -> int:
    """Create or update the plans of nap_generations_sourced.csv; facts not given stay empty."""
    rows = read_csv(PLANS_CSV)
    for row in rows:
        generation = _int_or_none(row["generation"])
        adopted_on, precision = parse_adoption_date(row["adopted_on"])
        country = Country.objects.get(iso3=row["iso3"])
        lookup = {"country": country}
        if generation is not None:
            lookup["generation"] = generation
        else:
            lookup.update(generation=None, adopted_year=_int_or_none(row["adopted_year"]))
        NationalActionPlan.objects.update_or_create(
            **lookup,
            defaults={
                "adopted_on": adopted_on,
                "adopted_on_precision": precision,
                "adopted_year": _int_or_none(row["adopted_year"]),
                "period_start": _int_or_none(row["period_start"]),
                "period_end": _int_or_none(row["period_end"]),
                "lead_ministry": row["lead_ministry"],
                "source_url": row["source_url"],
                "notes": row["note"],
            },
        )
    link_generations(NationalActionPlan)
    return len(rows)


def link_generations(NationalActionPlan) -> None:
    """Generation N supersedes generation N-1 of the same country, where both are known."""
    plans = NationalActionPlan.objects.filter(generation__isnull=False)
    by_key = {(p.country_id, p.generation): p for p in plans}
    for (country_id, generation), plan in by_key.items():
        previous = by_key.get((country_id, generation - 1))
        if previous is not None and plan.supersedes_id != previous.pk:
            plan.supersedes = previous
            plan.save(update_fields=["supersedes"])
