"""Creating quizzes from structured data (the demo's sample quiz; later GIFT files)."""

from decimal import Decimal

from django.db import transaction

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
