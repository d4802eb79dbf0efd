"""Load every ISO 3166-1 country and the sourced national action plans (plans/data/).

The plan file had 28 rows when this migration was written; later rows (appended, per the
change log in plans/data/SOURCES.md) need the identity rules of 0004 and load in 0005.
"""

from django.db import migrations

from plans.reference_data import load_countries, load_sourced_plans


def forwards(apps, schema_editor):
    Country = apps.get_model("plans", "Country")
    NationalActionPlan = apps.get_model("plans", "NationalActionPlan")
    load_countries(Country)
    load_sourced_plans(Country, NationalActionPlan, first=28)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
