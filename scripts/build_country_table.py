"""Regenerate plans/data/countries.csv from pycountry (ISO 3166-1) and country_converter (UN M49).

Run: .venv/bin/python scripts/build_country_table.py
Sources:
- ISO 3166-1 codes and official names: pycountry (Debian iso-codes data), https://pypi.org/project/pycountry/
- short names, UN M49 sub-region and UN membership year: country_converter's
  country_data.tsv,
  https://github.com/IndEcol/country_converter (columns name_short, UNregion, UNmember)
- M49 region of each sub-region: https://unstats.un.org/unsd/methodology/m49/
- UN non-member observer states (Holy See, State of Palestine):
  https://www.un.org/en/about-us/non-member-states
"""

import csv
import sys
from importlib import resources
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "plans" / "data" / "countries.csv"
# UN M49: each sub-region (or intermediate region, as country_converter's UNregion gives
# it) belongs to one region. The region is derived from it rather than taken from
# country_converter's continent column, which differs from M49 for a few territories
# (e.g. Christmas Island: continent Asia, M49 Oceania). https://unstats.un.org/unsd/methodology/m49/
M49_REGION_OF = {
    **dict.fromkeys(
        ["Northern Africa", "Eastern Africa", "Middle Africa", "Southern Africa", "Western Africa"],
        "Africa",
    ),
    **dict.fromkeys(
        ["Caribbean", "Central America", "South America", "Northern America"], "Americas"
    ),
    **dict.fromkeys(
        ["Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"],
        "Asia",
    ),
    **dict.fromkeys(
        ["Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"], "Europe"
    ),
    **dict.fromkeys(
        ["Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"], "Oceania"
    ),
}
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
        subregion = extra["UNregion"]
        if subregion and subregion not in M49_REGION_OF and subregion != "Antarctica":
            sys.exit(f"unknown M49 sub-region {subregion!r} for {country.alpha_3}")
        region = M49_REGION_OF.get(subregion, "")
        rows.append(
            {
                "iso3": country.alpha_3,
                "iso2": country.alpha_2,
                "m49": str(int(country.numeric)),
                # country_converter's short names read better in lists ("DR Congo").
                "name": extra["name_short"],
                "official_name": getattr(country, "official_name", country.name),
                "region": region,
                "subregion": subregion if region else "",
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
