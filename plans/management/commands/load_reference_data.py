"""Load (or refresh) the sourced countries and national action plans from plans/data/."""

from django.core.management.base import BaseCommand
from django.db import transaction

from plans.models import Country, NationalActionPlan
from plans.reference_data import load_countries, load_sourced_plans


class Command(BaseCommand):
    help = (
        "Add missing countries and sourced plans from plans/data/*.csv (idempotent); "
        "--update also overwrites stored rows with the sourced values."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite countries and sourced plans with the CSV values (loses admin edits).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        countries = load_countries(Country, update=options["update"])
        plans = load_sourced_plans(Country, NationalActionPlan, update=options["update"])
        self.stdout.write(
            self.style.SUCCESS(f"Reference data: {countries} countries, {plans} sourced plans.")
        )
