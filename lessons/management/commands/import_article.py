from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lessons.article import ArticleError, decode_article, import_article, parse_article


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Turn a plain-text article into a course: the intro becomes the overview and each "
            "section heading a lesson. Running it again updates the course in place."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=_("The article, a UTF-8 text file."))
        parser.add_argument(
            "--slug",
            help=_("The course's slug (default: made from the article's title)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Read the article and show what was found, without saving."),
        )

    def handle(self, *args, path, slug, dry_run, verbosity, **options):
        try:
            article = parse_article(decode_article(self._read(path)))
        except ArticleError as error:
            raise CommandError(
                _("Cannot import %(path)s: %(message)s") % {"path": path, "message": error.message}
            ) from error
        if dry_run:
            self._show(article, verbosity=verbosity)
            return
        try:
            report = import_article(article=article, slug=slug)
        except ValidationError as error:
            raise CommandError(
                _("Cannot import %(path)s: %(message)s")
                % {"path": path, "message": " ".join(error.messages)}
            ) from error
        if verbosity == 0:
            return
        course = report.course
        if report.course_created:
            message = _('Created the course "%(title)s" (%(slug)s).')
        else:
            message = _('Updated the existing course "%(title)s" (%(slug)s) in place.')
        self.stdout.write(
            self.style.SUCCESS(message % {"title": course.title, "slug": course.slug})
        )
        self.stdout.write(
            _(
                "Lessons: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(unpublished)d unpublished."
            )
            % {
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
                "unpublished": len(report.unpublished),
            }
        )
        for lesson in report.unpublished:
            self.stdout.write(
                self.style.WARNING(
                    _('Unpublished "%(title)s" (%(slug)s): it is no longer in the article.')
                    % {"title": lesson.title, "slug": lesson.slug}
                )
            )
        self._show_skipped(article)

    def _read(self, path: Path) -> bytes:
        if path.is_dir():
            raise CommandError(_("%(path)s is a folder, not a text file.") % {"path": path})
        try:
            return path.read_bytes()
        except FileNotFoundError as error:
            raise CommandError(_("%(path)s does not exist.") % {"path": path}) from error
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from error

    def _show(self, article, *, verbosity: int) -> None:
        if verbosity == 0:
            return
        self.stdout.write(_("Dry run: nothing was saved."))
        self.stdout.write(_('Course "%(title)s"') % {"title": article.title})
        for position, section in enumerate(article.sections, start=1):
            self.stdout.write(
                _("  %(position)d. %(title)s (%(slug)s, line %(line)d)")
                % {
                    "position": position,
                    "title": section.title,
                    "slug": section.slug,
                    "line": section.line,
                }
            )
        self._show_skipped(article)

    def _show_skipped(self, article) -> None:
        if not article.skipped:
            return
        self.stdout.write(_("Skipped as page furniture:"))
        for skipped in article.skipped:
            text = skipped.text if len(skipped.text) <= 70 else f"{skipped.text[:69]}…"
            self.stdout.write(
                _('  line %(line)d, %(reason)s: "%(text)s"')
                % {"line": skipped.line, "reason": skipped.reason, "text": text}
            )
