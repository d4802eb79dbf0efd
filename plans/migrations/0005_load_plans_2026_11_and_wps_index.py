"""Load the plan rows added to nap_generations_sourced.csv on 2026-11-24 (28 → 133) and the
GIWPS/PRIO WPS Index 2025/26, so every database, reused test databases included, has them
after ``migrate``; ``load_reference_data`` (run by ``make run``) adds the same rows, idempotently.
"""

from django.db import migrations

from plans.reference_data import load_sourced_plans, load_wps_index


def forwards(apps, schema_editor):
    Country = apps.get_model("plans", "Country")
    NationalActionPlan = apps.get_model("plans", "NationalActionPlan")
    WPSIndexEntry = apps.get_model("plans", "WPSIndexEntry")
    load_sourced_plans(Country, NationalActionPlan, first=133)
    load_wps_index(Country, WPSIndexEntry)


def backwards(apps, schema_editor):
    apps.get_model("plans", "WPSIndexEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_plan_key_by_period_and_wps_index")]

    operations = [migrations.RunPython(forwards, backwards)]
