"""Quizzes and questions from structured data: the sample quiz, drafts, GIFT files."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from lessons.models import Course

from .models import Choice, Question, Quiz


@transaction.atomic
def create_quiz(*, course: Course, data: dict, created_by=None) -> Quiz:
    """A quiz with its questions from a dict: title, instructions, questions with choices.

    Each question names the slug of the lesson it tests, its type, text, points (default 1),
    general feedback and choices (text, match, value, tolerance, fraction, feedback).
    """
    lessons = {lesson.slug: lesson for lesson in course.lessons.all()}
    quiz = Quiz.objects.create(
        course=course,
        title=data["title"],
        instructions=data.get("instructions", ""),
        created_by=created_by,
    )
    for position, item in enumerate(data["questions"]):
        question = Question.objects.create(
            quiz=quiz,
            lesson=lessons.get(item.get("lesson", "")),
            position=position,
            type=item["type"],
            text=item["text"],
            points=Decimal(str(item.get("points", 1))),
            general_feedback=item.get("general_feedback", ""),
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=index,
                text=choice.get("text", ""),
                match=choice.get("match", ""),
                value=None if choice.get("value") is None else Decimal(str(choice["value"])),
                tolerance=Decimal(str(choice.get("tolerance", 0))),
                fraction=Decimal(str(choice.get("fraction", 0))),
                feedback=choice.get("feedback", ""),
            )
            for index, choice in enumerate(item.get("choices", []))
        )
    return quiz


def unsaved_questions(*, quiz: Quiz, questions: list) -> list[tuple[Question, list[Choice]]]:
    """Questions parsed from a file as unsaved rows, each with its choices: for a preview.

    They carry stand-in ids (negative for questions) so the preview can tell choices apart;
    `add_questions` saves them with real ones.
    """
    rows = []
    next_choice = 1
    for index, item in enumerate(questions):
        question = Question(
            pk=-(index + 1),
            quiz=quiz,
            position=index,
            type=item.type,
            text=item.text,
            general_feedback=item.general_feedback,
        )
        choices = []
        for position, answer in enumerate(item.answers):
            choices.append(
                Choice(
                    pk=next_choice,
                    question=question,
                    position=position,
                    text=answer.text,
                    match=answer.match,
                    value=answer.value,
                    tolerance=answer.tolerance,
                    fraction=answer.fraction,
                    feedback=answer.feedback,
                )
            )
            next_choice += 1
        rows.append((question, choices))
    return rows


@transaction.atomic
def add_questions(*, quiz: Quiz, questions: list) -> list[Question]:
    """Append parsed questions (`gift.GiftQuestion`) to a quiz, after the ones it has."""
    start = (quiz.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    saved = []
    for question, choices in unsaved_questions(quiz=quiz, questions=questions):
        question.pk = None
        question.position += start
        question.save()
        for choice in choices:
            choice.pk = None
            choice.question = question
        Choice.objects.bulk_create(choices)
        saved.append(question)
    return saved
