"""Load (or refresh) the sourced countries, national action plans and WPS Index from plans/data/."""

from django.core.management.base import BaseCommand
from django.db import transaction

from plans.models import Country, NationalActionPlan, WPSIndexEntry
from plans.reference_data import load_countries, load_sourced_plans, load_wps_index


class Command(BaseCommand):
    help = (
        "Add missing countries, sourced plans and WPS Index rows from plans/data/*.csv "
        "(idempotent); "
        "--update also overwrites stored rows with the sourced values."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite countries, sourced plans and WPS Index rows with the CSV values "
            "(loses admin edits).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        countries = load_countries(Country, update=options["update"])
        plans = load_sourced_plans(Country, NationalActionPlan, update=options["update"])
        wps, missing = load_wps_index(Country, WPSIndexEntry, update=options["update"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data: {countries} countries, {plans} sourced plans, "
                f"{wps} WPS Index 2025/26 rows."
            )
        )
        if missing:
            self.stdout.write(
                "WPS Index rows left out, no ISO 3166-1 country: " + ", ".join(missing)
            )
