"""``manage.py release_cut 2027.1 --title … --notes …``: cut a dataset release."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.services import release_cut
from organizations.models import User


class Command(BaseCommand):
    help = "Cut a dataset release: freeze everything published now (release_cut)."

    def add_arguments(self, parser):
        parser.add_argument("version", help="Year and number: 2027.1.")
        parser.add_argument("--title", required=True, help="The release's title.")
        parser.add_argument("--notes", default="", help="Release notes (Markdown text).")
        parser.add_argument(
            "--user",
            help="Username of the site administrator cutting it (default: the first "
            "active superuser).",
        )
        parser.add_argument(
            "--sample", action="store_true", help="A demonstration release, labelled SAMPLE."
        )

    def handle(self, *args, **options):
        admins = User.objects.filter(is_active=True, is_staff=True)
        if options["user"]:
            actor = admins.filter(username=options["user"]).first()
        else:
            actor = admins.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError("No active site administrator to cut the release: pass --user.")
        try:
            release = release_cut(
                version=options["version"],
                title=options["title"],
                notes=options["notes"],
                actor=actor,
                is_sample=options["sample"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        files = release.files.defer("content")
        self.stdout.write(
            self.style.SUCCESS(f"Release {release.version} cut: {files.count()} files.")
        )
        for file in files:
            self.stdout.write(f"  {file.sha256}  {file.name}  ({file.size} bytes)")
