import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import gift, importing
from quizzes.models import Quiz


class Command(BaseCommand):
    help = "Add the questions of a Moodle GIFT file to a quiz (nothing is saved if it has errors)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--quiz", type=int, required=True, help="The id of the quiz.")
        parser.add_argument("--dry-run", action="store_true", help="Read and report only.")
        parser.add_argument(
            "--json", action="store_true", help="Print the questions read, as JSON."
        )

    def handle(self, *args, path, quiz, dry_run, json: bool, **options):
        try:
            target = Quiz.objects.get(pk=quiz)
        except Quiz.DoesNotExist:
            raise CommandError(f"There is no quiz with id {quiz}.") from None
        try:
            text = gift.decode_gift(path.read_bytes())
        except OSError as error:
            raise CommandError(str(error)) from None
        except gift.GiftDecodeError as error:
            raise CommandError(str(error)) from None
        result = gift.parse_gift(text)
        if json:
            self.stdout.write(_dumps(result))
        for problem in result.warnings:
            self.stderr.write(f"warning: {problem}")
        for problem in result.errors:
            self.stderr.write(f"error: {problem}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s): nothing is imported.")
        if dry_run:
            if not json:
                self.stdout.write(f"{len(result.questions)} question(s) read; nothing saved.")
            return
        added = importing.add_questions(quiz=target, questions=result.questions)
        if not json:
            self.stdout.write(f"{len(added)} question(s) added to “{target}”.")


def _dumps(result: gift.ParseResult) -> str:
    return json.dumps(
        {
            "questions": [question.as_dict() for question in result.questions],
            "errors": [_problem(p) for p in result.errors],
            "warnings": [_problem(p) for p in result.warnings],
        },
        ensure_ascii=False,
        indent=2,
    )


def _problem(problem: gift.Problem) -> dict:
    return {"line": problem.line, "question": problem.question, "message": problem.message}
