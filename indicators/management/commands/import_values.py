"""Import a values spreadsheet (XLSX or CSV) as a user, or check it with --dry-run."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from indicators import spreadsheets
from indicators.services.imports import values_import
from organizations.models import User


class Command(BaseCommand):
    help = (
        "Import indicator values from a spreadsheet (the template's columns), all rows or "
        "none, as USERNAME; --dry-run reports what would change and every error. Exits with "
        "status 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An .xlsx or .csv file with the template's columns.")
        parser.add_argument("--user", required=True, help="Who imports: the history names them.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and save nothing."
        )

    def handle(self, *args, file, user, dry_run, **options):
        try:
            actor = User.objects.get(username=user)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {user}.") from exc
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        with path.open("rb") as handle:
            data = handle.read(spreadsheets.MAX_FILE_BYTES + 1)

        def progress(rows):
            return tqdm(rows, desc="Rows", unit="row", file=self.stderr._out, leave=False)

        report = values_import(
            actor=actor, data=data, filename=path.name, dry_run=dry_run, progress=progress
        )
        self.stdout.write(
            f"{'Dry run' if dry_run else 'Import'} of {path.name}: {report.rows} rows. "
            f"Assessments: {report.assessments_created} created, "
            f"{report.assessments_updated} updated, {report.assessments_unchanged} unchanged. "
            f"Values: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.removed} removed."
        )
        for error in report.errors:
            where = f"row {error.row}" if error.row else "file"
            column = f", column {error.column}" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s): nothing was saved.", returncode=1)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))
