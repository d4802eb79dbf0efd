"""Load the sourced reference tables in plans/data/ (countries, national action plans).

The functions take model classes as arguments so the data migrations can pass their
historical models and ``manage.py load_reference_data`` the live ones. Both are
idempotent. By default they only add what is missing, so edits made in the admin
survive ``make run``; ``update=True`` (``load_reference_data --update``) writes the
sourced values over the stored ones.
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


def load_sourced_plans(Country, NationalActionPlan, *, update: bool = False) -> int:
    """Add the missing plans of nap_generations_sourced.csv (or refresh all).

    Facts a source does not give stay empty. A plan without a generation in its source
    is found again by its country and year of adoption, even after an admin gave it a
    generation, so a rerun never duplicates it.
    """
    rows = read_csv(PLANS_CSV)
    for row in rows:
        generation = _int_or_none(row["generation"])
        adopted_on, precision = parse_adoption_date(row["adopted_on"])
        country = Country.objects.get(iso3=row["iso3"])
        if generation is not None:
            lookup = {"country": country, "generation": generation}
        else:
            lookup = {"country": country, "adopted_year": _int_or_none(row["adopted_year"])}
        existing = NationalActionPlan.objects.filter(**lookup).order_by("pk").first()
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
            NationalActionPlan.objects.create(**{**lookup, **values})
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
