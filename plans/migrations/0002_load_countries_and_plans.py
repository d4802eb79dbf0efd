"""Load every ISO 3166-1 country and the sourced national action plans (plans/data/)."""

from django.db import migrations

from plans.reference_data import load_countries, load_sourced_plans


def forwards(apps, schema_editor):
    Country = apps.get_model("plans", "Country")
    NationalActionPlan = apps.get_model("plans", "NationalActionPlan")
    load_countries(Country)
    load_sourced_plans(Country, NationalActionPlan)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
