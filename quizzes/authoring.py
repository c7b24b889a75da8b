"""Teachers write quizzes: questions saved, copied and reordered, and the versions attempts keep.

A question can be edited at any time: an attempt keeps the version of each question it was
given, made here when the question's content has changed since its last version.
"""

import copy as pycopy

from django.db import transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from .models import Choice, Question, QuestionVersion, Quiz

# --- versions -------------------------------------------------------------------------------


def current_versions(questions: list[Question]) -> dict[int, QuestionVersion]:
    """The version that matches each question's content now, made when the content changed.

    `questions` must come with their choices prefetched. A constant number of queries.
    """
    ids = [question.pk for question in questions]
    newest = QuestionVersion.objects.filter(question=OuterRef("question")).order_by("-number")
    latest = {
        version.question_id: version
        for version in QuestionVersion.objects.filter(
            question__in=ids, number=Subquery(newest.values("number")[:1])
        )
    }
    missing = []
    for question in questions:
        data = question.snapshot(list(question.choices.all()))
        version = latest.get(question.pk)
        if version is None or version.data != data:
            number = version.number + 1 if version else 1
            missing.append(QuestionVersion(question=question, number=number, data=data))
    if missing:
        # Two students starting at once may both make the same new version: one row wins.
        QuestionVersion.objects.bulk_create(missing, ignore_conflicts=True)
        latest.update(
            (version.question_id, version)
            for version in QuestionVersion.objects.filter(
                question__in=[v.question_id for v in missing],
                number=Subquery(newest.values("number")[:1]),
            )
        )
    return latest


def questions_with_choices(quiz: Quiz) -> list[Question]:
    """The quiz's questions in their order, each with its choices prefetched."""
    return list(quiz.questions.order_by("position", "pk").prefetch_related("choices"))


# --- writing questions ----------------------------------------------------------------------


@transaction.atomic
def save_question(*, question: Question, choices: list[Choice]) -> Question:
    """Save a question and its choices in place, in the order given; drop the choices left out.

    A new question goes last in its quiz. Attempts keep their own versions, so editing is safe.
    """
    if question.pk is None:
        last = question.quiz.questions.aggregate(n=Max("position"))["n"]
        question.position = 0 if last is None else last + 1
    question.save()
    question.choices.exclude(pk__in=[c.pk for c in choices if c.pk]).delete()
    for position, choice in enumerate(choices):
        choice.question = question
        choice.position = position
    Choice.objects.bulk_update(
        [c for c in choices if c.pk],
        ["position", "text", "match", "value", "tolerance", "fraction", "feedback"],
    )
    Choice.objects.bulk_create([c for c in choices if c.pk is None])
    return question


def _copy_question(question: Question, **changes) -> Question:
    """A saved copy of the question with its choices, `changes` applied to the copy."""
    choices = list(question.choices.all())
    copy = pycopy.copy(question)  # the caller's instance keeps its own primary key
    copy.pk = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    for choice in choices:
        choice.pk = None
        choice.question = copy
    Choice.objects.bulk_create(choices)
    return copy


@transaction.atomic
def duplicate_question(*, question: Question) -> Question:
    """A copy placed right after the original, with its choices."""
    Question.objects.filter(quiz=question.quiz, position__gt=question.position).update(
        position=F("position") + 1
    )
    return _copy_question(question, position=question.position + 1)


@transaction.atomic
def duplicate_quiz(*, quiz: Quiz, by) -> Quiz:
    """A copy of the quiz and all its questions, not assigned to anyone."""
    title = _("Copy of %(title)s") % {"title": quiz.title}
    copy = Quiz.objects.create(
        course=quiz.course,
        title=title[: Quiz._meta.get_field("title").max_length],
        instructions=quiz.instructions,
        created_by=by,
    )
    for question in questions_with_choices(quiz):
        _copy_question(question, quiz=copy)
    return copy


@transaction.atomic
def move_question(*, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1); positions are renumbered 0..n-1."""
    questions = list(question.quiz.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = min(max(index + offset, 0), len(questions) - 1)
    questions.insert(target, questions.pop(index))
    for position, q in enumerate(questions):
        q.position = position
    Question.objects.bulk_update(questions, ["position"])
