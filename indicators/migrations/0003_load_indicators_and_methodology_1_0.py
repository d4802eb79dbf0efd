"""Load the eleven Women Count indicators (working titles, unverified) and methodology 1.0.

Frozen copies of indicators/scoring.py's definitions and default parameters as of method
1.0 (METHODOLOGY.md §2-§4); tests check that the database still equals the scoring module.
"""

import datetime

from django.db import migrations

SOURCE_URL = "https://gnwp.org/what-we-do/global-policy-local-action/monitoring-evaluation/"
INDICATORS = [
    {
        "code": "WC01",
        "cluster": "participation",
        "title": "Index of women's participation in governance",
        "short_title": "Participation in governance",
        "components": [
            {"key": "cabinet", "kind": "share"},
            {"key": "parliament", "kind": "share"},
            {"key": "local_government", "kind": "share"},
        ],
        "min_components": 2,
        "not_applicable_allowed": False,
        "order": 1,
    },
    {
        "code": "WC02",
        "cluster": "participation",
        "title": "Women in formal peace negotiating and mediation teams",
        "short_title": "Peace negotiations",
        "components": [{"key": "negotiating_teams", "kind": "share"}],
        "min_components": 1,
        "not_applicable_allowed": True,
        "order": 2,
    },
    {
        "code": "WC03",
        "cluster": "participation",
        "title": "Index of women's participation in the justice and security sector",
        "short_title": "Justice and security sector",
        "components": [
            {"key": "military", "kind": "share"},
            {"key": "police", "kind": "share"},
            {"key": "judiciary", "kind": "share"},
        ],
        "min_components": 2,
        "not_applicable_allowed": False,
        "order": 3,
    },
    {
        "code": "WC04",
        "cluster": "participation",
        "title": "Women in peacekeeping missions",
        "short_title": "Peacekeeping",
        "components": [{"key": "peacekeepers", "kind": "share"}],
        "min_components": 1,
        "not_applicable_allowed": True,
        "order": 4,
    },
    {
        "code": "WC05",
        "cluster": "participation",
        "title": "Civil-society organizations in 1325/1820 task forces",
        "short_title": "CSOs in task forces",
        "components": [{"key": "task_force_seats", "kind": "ratio"}],
        "min_components": 1,
        "not_applicable_allowed": True,
        "order": 5,
    },
    {
        "code": "WC06",
        "cluster": "prevention_protection",
        "title": "Number and quality of gender-responsive laws and policies",
        "short_title": "Gender-responsive laws",
        "components": [
            {
                "key": "laws_and_policies",
                "kind": "checklist",
                "items": [
                    "nap_in_force",
                    "domestic_violence_law",
                    "sexual_violence_law",
                    "trafficking_law",
                    "electoral_quota_law",
                    "non_discrimination_law",
                    "security_sector_sgbv_policy",
                    "crsv_reparations_law",
                ],
            }
        ],
        "min_components": 1,
        "not_applicable_allowed": False,
        "order": 6,
    },
    {
        "code": "WC07",
        "cluster": "prevention_protection",
        "title": "Military and police training that incorporates 1325/1820, IHL and IHRL",
        "short_title": "Security-sector training",
        "components": [
            {"key": "military_training", "kind": "ratio"},
            {"key": "police_training", "kind": "ratio"},
        ],
        "min_components": 1,
        "not_applicable_allowed": False,
        "order": 7,
    },
    {
        "code": "WC08",
        "cluster": "prevention_protection",
        "title": "Women's rights in transitional justice and reparations",
        "short_title": "Transitional justice",
        "components": [{"key": "transitional_justice", "kind": "rating"}],
        "min_components": 1,
        "not_applicable_allowed": True,
        "order": 8,
    },
    {
        "code": "WC09",
        "cluster": "prevention_protection",
        "title": "SGBV cases reported, investigated, prosecuted and penalised",
        "short_title": "SGBV case attrition",
        "components": [{"key": "sgbv_cases", "kind": "attrition"}],
        "min_components": 1,
        "not_applicable_allowed": False,
        "order": 9,
    },
    {
        "code": "WC10",
        "cluster": "promotion",
        "title": "Dissemination and awareness of resolutions 1325 and 1820",
        "short_title": "Dissemination of 1325/1820",
        "components": [{"key": "dissemination", "kind": "rating"}],
        "min_components": 1,
        "not_applicable_allowed": False,
        "order": 10,
    },
    {
        "code": "WC11",
        "cluster": "promotion",
        "title": "Allocation and disbursement of funding for 1325 implementation, including to "
        "civil society",
        "short_title": "Funding for 1325",
        "components": [{"key": "funding", "kind": "funding"}],
        "min_components": 1,
        "not_applicable_allowed": False,
        "order": 11,
    },
]
PARAMETERS_1_0 = {
    "version": "1.0",
    "parity_share": "50",
    "ratio_targets": {
        "military_training": "100",
        "police_training": "100",
        "task_force_seats": "50",
    },
    "geometric_floor": "1",
    "band_thresholds": [["25", "low"], ["50", "moderate"], ["75", "high"]],
    "lowest_band": "very_low",
    "decimal_places": 1,
}
# METHODOLOGY.md §2, column "N/A allowed".
NOT_APPLICABLE_WHEN = {
    "WC02": "May be marked not applicable when there is no formal peace process.",
    "WC04": "May be marked not applicable when the country deploys no peacekeepers.",
    "WC05": "May be marked not applicable when there is no 1325/1820 task force.",
    "WC08": "May be marked not applicable when there is no transitional justice process.",
}
DESCRIPTION = (
    "Women Count scoring method 1.0: components scored 0-100, indicators as the mean of their "
    "scored components, clusters as the mean of their scored indicators, overall as the "
    "geometric mean of the clusters floored at 1; half-up rounding to one decimal."
)


def forwards(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Methodology = apps.get_model("indicators", "Methodology")
    for row in INDICATORS:
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                **row,
                "description": NOT_APPLICABLE_WHEN.get(row["code"], ""),
                "wording_verified": False,
                "source_url": SOURCE_URL,
            },
        )
    Methodology.objects.update_or_create(
        version="1.0",
        defaults={
            "published_on": datetime.date(2026, 11, 23),
            "parameters": PARAMETERS_1_0,
            "description": DESCRIPTION,
            "is_current": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
