"""Load (or refresh) the sourced countries and national action plans from plans/data/."""

from django.core.management.base import BaseCommand
from django.db import transaction

from plans.models import Country, NationalActionPlan
from plans.reference_data import load_countries, load_sourced_plans


class Command(BaseCommand):
    help = "Create or update countries and sourced plans from plans/data/*.csv (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        countries = load_countries(Country)
        plans = load_sourced_plans(Country, NationalActionPlan)
        self.stdout.write(
            self.style.SUCCESS(f"Reference data: {countries} countries, {plans} sourced plans.")
        )
