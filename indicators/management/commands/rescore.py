"""Recompute the stored score of every assessment with the current methodology.

In chunks of 500 (three queries each: ``indicators.services.assessments_rescore``), so that
rescoring every assessment takes seconds, not minutes (docs/performance.md).
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from indicators.models import Assessment, Methodology
from indicators.services import assessments_rescore


class Command(BaseCommand):
    help = "Recompute AssessmentScore for every assessment (or those of --country), with progress."

    def add_arguments(self, parser):
        parser.add_argument("--methodology", help="Methodology version (default: the current one).")
        parser.add_argument("--country", help="Only this country (ISO3).")

    def handle(self, *args, **options):
        try:
            methodology = (
                Methodology.objects.get(version=options["methodology"])
                if options["methodology"]
                else Methodology.objects.current()
            )
        except Methodology.DoesNotExist as exc:
            raise CommandError(f"No methodology {options['methodology'] or '(current)'}.") from exc
        assessments = Assessment.objects.all()
        if options["country"]:
            assessments = assessments.filter(country_id=options["country"].upper())
        with tqdm(
            total=assessments.count(),
            desc=f"Rescoring with method {methodology.version}",
            unit="assessment",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        ) as bar:
            done, failed = assessments_rescore(
                assessments=assessments, methodology=methodology, progress=bar.update
            )
        for line in failed:
            self.stderr.write(self.style.ERROR(line))
        self.stdout.write(self.style.SUCCESS(f"Rescored {done} assessments."))
        if failed:
            raise CommandError(f"{len(failed)} assessments could not be scored.")
