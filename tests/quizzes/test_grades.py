"""Scores and grades: teachers grading essays, regrading after a key is fixed, grading methods."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from classrooms.models import Classroom
from quizzes.attempts import save_answers, start_attempt, submit_attempt
from quizzes.grades import (
    attempt_questions_to_regrade,
    counting_attempt,
    grade_answer,
    quiz_grade,
    regrade_quiz,
)
from quizzes.models import Attempt, Choice

from .conftest import answer_data, full_marks_answers, token_of


def test_teacher_grades_the_essay_and_the_score_becomes_final(quiz_assignment, student, teacher):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    save_answers(attempt=attempt, data=full_marks_answers(attempt))
    attempt = submit_attempt(attempt=attempt)
    essay = attempt.questions.get(version__data__type="essay")
    grade_answer(attempt_question=essay, points=Decimal("0.5"), comment="Bagus", grader=teacher)
    attempt.refresh_from_db()
    assert attempt.score == Decimal("7.5")
    assert not attempt.needs_grading
    with pytest.raises(ValidationError):
        grade_answer(attempt_question=essay, points=Decimal(2), comment="", grader=teacher)


def test_attempts_keep_their_version_until_the_teacher_regrades(quiz, quiz_assignment, student):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    single = attempt.questions.get(version__data__type="single")
    save_answers(
        attempt=attempt, data=answer_data(attempt, {single.position: token_of(single, "Lainnya")})
    )
    submit_attempt(attempt=attempt)
    assert attempt.questions.get(pk=single.pk).score == 0
    # The teacher finds the key was wrong: "Lainnya" is the right answer.
    question = quiz.questions.get(type="single")
    Choice.objects.filter(question=question).update(fraction=0)
    Choice.objects.filter(question=question, text="Lainnya").update(fraction=1)
    everywhere = Classroom.objects.all()
    stale, _versions = attempt_questions_to_regrade(quiz, everywhere)
    assert [row.pk for row in stale] == [single.pk]
    changes = regrade_quiz(quiz=quiz, classrooms=everywhere)
    assert [(c.old_score, c.new_score) for c in changes] == [(0, 1)]
    attempt.refresh_from_db()
    assert attempt.score == Decimal(1)
    assert attempt_questions_to_regrade(quiz, everywhere)[0] == []


def test_rewording_a_question_does_not_ask_for_a_regrade(quiz, quiz_assignment, student):
    submit_attempt(attempt=start_attempt(assignment=quiz_assignment, student=student))
    quiz.questions.filter(type="single").update(text="Pertanyaan yang ditulis ulang?")
    assert attempt_questions_to_regrade(quiz, Classroom.objects.all())[0] == []


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", "6.00"), ("latest", "2.00"), ("first", "3.00"), ("average", "3.67")],
)
def test_grading_methods(method, expected):
    attempts = [
        Attempt(number=n, state=Attempt.State.SUBMITTED, score=Decimal(s))
        for n, s in [(1, 3), (2, 6), (3, 2)]
    ]
    attempts.append(Attempt(number=4, state=Attempt.State.IN_PROGRESS))
    assert quiz_grade(attempts, method) == Decimal(expected)


def submitted(*scores):
    return [
        Attempt(number=n, state=Attempt.State.SUBMITTED, score=Decimal(s))
        for n, s in enumerate(scores, start=1)
    ]


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 2), ("first", 1), ("latest", 4), ("average", 4)],
)
def test_the_attempt_whose_answers_count_follows_the_grading_method(method, expected):
    """The quiz report analyses one attempt per student: the best (the earlier of two equal
    ones), the first, or the latest (for an average too)."""
    attempts = submitted(3, 6, 6, 2)
    assert counting_attempt(attempts, method).number == expected
    assert counting_attempt([], method) is None
