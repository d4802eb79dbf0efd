"""Regenerate plans/data/countries.csv from pycountry (ISO 3166-1) and country_converter (UN M49).

Run: .venv/bin/python scripts/build_country_table.py
Sources:
- ISO 3166-1 codes and official names: pycountry (Debian iso-codes data), https://pypi.org/project/pycountry/
- short names, UN M49 region, sub-region and UN membership year: country_converter's
  country_data.tsv,
  https://github.com/IndEcol/country_converter (columns name_short, continent, UNregion, UNmember)
- UN non-member observer states (Holy See, State of Palestine):
  https://www.un.org/en/about-us/non-member-states
"""

import csv
import sys
from importlib import resources
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "plans" / "data" / "countries.csv"
# M49 spells the region "Americas"; country_converter's continent column says "America".
REGION_NAMES = {"America": "Americas", "Antarctica": ""}
UN_OBSERVERS = {"VAT", "PSE"}
FIELDS = [
    "iso3",
    "iso2",
    "m49",
    "name",
    "official_name",
    "region",
    "subregion",
    "un_member_since",
    "un_observer",
]


def build_rows() -> list[dict[str, str]]:
    tsv = resources.files("country_converter") / "country_data.tsv"
    with tsv.open(encoding="utf-8") as fh:
        coco = {row["ISO3"]: row for row in csv.DictReader(fh, delimiter="\t")}
    rows = []
    for country in pycountry.countries:
        extra = coco.get(country.alpha_3)
        if extra is None:
            sys.exit(f"country_converter has no row for {country.alpha_3}")
        region = REGION_NAMES.get(extra["continent"], extra["continent"])
        rows.append(
            {
                "iso3": country.alpha_3,
                "iso2": country.alpha_2,
                "m49": str(int(country.numeric)),
                # country_converter's short names read better in lists ("DR Congo").
                "name": extra["name_short"],
                "official_name": getattr(country, "official_name", country.name),
                "region": region,
                "subregion": extra["UNregion"] if region else "",
                "un_member_since": extra["UNmember"],
                "un_observer": "1" if country.alpha_3 in UN_OBSERVERS else "0",
            }
        )
    return sorted(rows, key=lambda r: r["iso3"])


def main() -> None:
    rows = build_rows()
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
