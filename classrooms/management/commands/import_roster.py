from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from classrooms.roster import import_roster, parse_roster


class Command(BaseCommand):
    # Help stays untranslated, as in Django's own commands: argparse cannot format lazy text.
    help = (
        "Import a class list from a CSV file: creates the new accounts and puts everyone in "
        "their class. Nothing is imported if any line has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would happen; save nothing.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        preview = parse_roster(data)
        if preview.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(preview.ignored_columns)}
            )
        if preview.errors:
            for error in preview.errors:
                self.stderr.write(str(error))
            count = len(preview.errors)
            raise CommandError(
                ngettext(
                    "%(count)d problem in the file: nothing was imported.",
                    "%(count)d problems in the file: nothing was imported.",
                    count,
                )
                % {"count": count}
            )
        if dry_run:
            self.stdout.write(
                _("Dry run, nothing was saved. Importing would give: %(result)s")
                % {"result": preview.expected}
            )
            return
        result = import_roster(rows=preview.rows)
        self.stdout.write(self.style.SUCCESS(str(result)))
