"""Students double-clicking, many tabs and a whole class at once, on real PostgreSQL
(tests/concurrency.py)."""

import random
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quizzes import scoring
from quizzes.attempts import save_answers, start_attempt, submit_attempt
from quizzes.models import Attempt, AttemptQuestion, QuestionVersion

from ..concurrency import POSTGRES_ONLY, THREADS, together
from ..factories import (
    MembershipFactory,
    QuizAssignmentFactory,
    QuizFactory,
    UserFactory,
    make_question,
)
from .conftest import answer_data, full_marks_answers

pytestmark = POSTGRES_ONLY


def test_twenty_submits_at_once_submit_and_grade_once(quiz_assignment, student):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    save_answers(attempt=attempt, data=full_marks_answers(attempt))
    start = timezone.now()

    results, errors = together(
        lambda i: submit_attempt(attempt=attempt, now=start + timedelta(milliseconds=i))
    )

    assert errors == [None] * THREADS
    assert len({(a.submitted_at, a.score, a.closed_by) for a in results}) == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at == results[0].submitted_at
    assert attempt.score == Decimal(7)


@pytest.mark.parametrize("spread", [0, 0.05])
def test_twenty_starts_at_once_by_one_student_give_one_attempt(quiz_assignment, student, spread):
    def start(i):
        time.sleep(random.uniform(0, spread))  # all at once, or clicks a few ms apart
        return start_attempt(assignment=quiz_assignment, student=student)

    results, errors = together(start)

    assert errors == [None] * THREADS
    assert len({attempt.pk for attempt in results}) == 1
    assert Attempt.objects.count() == 1
    assert AttemptQuestion.objects.count() == 7
    assert QuestionVersion.objects.count() == 7  # each question's version made once


def test_autosaves_racing_a_submit_never_change_the_submitted_attempt(course, classroom, student):
    quiz = QuizFactory(course=course)
    savers = THREADS - 1
    for position in range(savers):
        make_question(quiz, "short", position=position)
    assignment = QuizAssignmentFactory(classroom=classroom, quiz=quiz)
    attempt = start_attempt(assignment=assignment, student=student)
    saved = [[] for _ in range(savers)]  # per question, each save: (text, stored or refused)

    def save_or_submit(i):
        if i == savers:
            time.sleep(random.uniform(0, 0.2))  # somewhere among the saves
            return submit_attempt(attempt=attempt)
        for n in range(8):
            text = "PBB" if n % 2 else f"jawaban {n}"
            try:
                save_answers(attempt=attempt, data=answer_data(attempt, {i: text}))
            except ValidationError as error:
                assert error.code == "submitted"
                saved[i].append((text, False))
            else:
                saved[i].append((text, True))

    _results, errors = together(save_or_submit)

    assert errors == [None] * THREADS
    rows = list(attempt.questions.select_related("version").order_by("position"))
    for row, saves in zip(rows, saved, strict=True):
        stored = [text for text, ok in saves if ok]
        # Once refused, always refused: the submit came in between, and nothing after it.
        assert [ok for _text, ok in saves] == sorted((ok for _t, ok in saves), reverse=True)
        assert row.answer == ({"text": stored[-1]} if stored else None)
        assert row.score == scoring.score(row.version.data, row.answer)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == sum((row.score for row in rows), Decimal(0))


def test_a_whole_class_starts_and_submits_at_once(quiz_assignment, classroom):
    students = [UserFactory() for _ in range(THREADS)]
    for student in students:
        MembershipFactory(classroom=classroom, user=student)

    def take_quiz(i):
        attempt = start_attempt(assignment=quiz_assignment, student=students[i])
        save_answers(attempt=attempt, data=full_marks_answers(attempt))
        return submit_attempt(attempt=attempt)

    results, errors = together(take_quiz)

    assert errors == [None] * THREADS
    assert {attempt.student_id for attempt in results} == {s.pk for s in students}
    attempts = Attempt.objects.filter(assignment=quiz_assignment)
    assert attempts.count() == THREADS
    assert {(a.number, a.state, a.score) for a in attempts} == {
        (1, Attempt.State.SUBMITTED, Decimal(7))
    }
    assert QuestionVersion.objects.count() == 7  # the first starts made each version once
