"""Recompute the stored score of every assessment with the current methodology."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from indicators.models import Assessment, Methodology
from indicators.services import assessment_rescore


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
        assessments = Assessment.objects.select_related("country", "organization").order_by("pk")
        if options["country"]:
            assessments = assessments.filter(country_id=options["country"].upper())
        failed = []
        for assessment in tqdm(
            assessments.iterator(chunk_size=200),
            total=assessments.count(),
            desc=f"Rescoring with method {methodology.version}",
            unit="assessment",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        ):
            try:
                assessment_rescore(assessment=assessment, methodology=methodology)
            except ValidationError as exc:
                failed.append(f"{assessment}: {'; '.join(exc.messages)}")
        for line in failed:
            self.stderr.write(self.style.ERROR(line))
        done = assessments.count() - len(failed)
        self.stdout.write(self.style.SUCCESS(f"Rescored {done} assessments."))
        if failed:
            raise CommandError(f"{len(failed)} assessments could not be scored.")
