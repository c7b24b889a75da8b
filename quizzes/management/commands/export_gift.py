from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import gift
from quizzes.authoring import questions_with_choices
from quizzes.models import Quiz


class Command(BaseCommand):
    help = "Write a quiz as a Moodle GIFT file (UTF-8), to standard output or --output."

    def add_arguments(self, parser):
        parser.add_argument("quiz_id", type=int)
        parser.add_argument("--output", type=Path, help="The file to write.")

    def handle(self, *args, quiz_id, output, **options):
        try:
            quiz = Quiz.objects.get(pk=quiz_id)
        except Quiz.DoesNotExist:
            raise CommandError(f"There is no quiz with id {quiz_id}.") from None
        text = gift.export_gift(
            title=quiz.title,
            questions=[question.snapshot() for question in questions_with_choices(quiz)],
        )
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
