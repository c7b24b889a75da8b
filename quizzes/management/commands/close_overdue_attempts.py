from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from quizzes.attempts import close_overdue_attempts


class Command(BaseCommand):
    # Not translated: argparse cannot take a lazy string, and --help is read by administrators.
    help = (
        "Submit every quiz attempt left open past its deadline, as of its deadline. "
        "Safe to run as often as you like (e.g. every minute from cron)."
    )

    def handle(self, *args, **options):
        closed = close_overdue_attempts()
        if options["verbosity"]:
            self.stdout.write(
                ngettext(
                    "%(count)d overdue attempt closed.",
                    "%(count)d overdue attempts closed.",
                    closed,
                )
                % {"count": closed}
            )
