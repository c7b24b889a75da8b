"""Taking a quiz, service by service: starting, answering, handing in, closing when time is up."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quizzes import attempts
from quizzes.attempts import close_overdue_attempts, save_answers, start_attempt, submit_attempt
from quizzes.models import GRACE, Attempt, AttemptQuestion, QuestionVersion

from ..factories import MembershipFactory, UserFactory
from .conftest import full_marks_answers


def test_start_fixes_questions_order_and_deadline(quiz_assignment, student):
    quiz_assignment.time_limit = timedelta(minutes=30)
    quiz_assignment.save()
    now = timezone.now()
    attempt = start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert attempt.deadline == now + timedelta(minutes=30)
    assert attempt.max_score == Decimal(8)
    assert attempt.questions.count() == 7
    again = start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert again == attempt  # a reload or a second tab resumes it
    assert QuestionVersion.objects.count() == 7


def test_deadline_is_the_close_date_when_it_comes_first(quiz_assignment, student):
    now = timezone.now()
    quiz_assignment.time_limit = timedelta(hours=2)
    quiz_assignment.closes_at = now + timedelta(minutes=10)
    quiz_assignment.save()
    attempt = start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert attempt.deadline == quiz_assignment.closes_at


def test_full_marks_exactly_when_everything_is_right(quiz_assignment, student):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    save_answers(attempt=attempt, data=full_marks_answers(attempt))
    attempt = submit_attempt(attempt=attempt)
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == Decimal(7)  # all but the essay, which waits for the teacher
    assert attempt.needs_grading


def test_submitting_twice_counts_once(quiz_assignment, student):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    first = submit_attempt(attempt=attempt)
    second = submit_attempt(attempt=attempt, now=timezone.now() + timedelta(minutes=5))
    assert first.submitted_at == second.submitted_at
    assert Attempt.objects.count() == 1


def test_no_answer_after_submit(quiz_assignment, student):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    submit_attempt(attempt=attempt)
    with pytest.raises(ValidationError) as error:
        save_answers(attempt=attempt, data=full_marks_answers(attempt))
    assert error.value.code == "submitted"


@pytest.mark.parametrize(
    ("after_deadline", "accepted"),
    [
        (-timedelta(seconds=1), True),
        (GRACE - timedelta(seconds=1), True),
        (GRACE + timedelta(seconds=1), False),
    ],
)
def test_answers_in_flight_get_a_short_grace(quiz_assignment, student, after_deadline, accepted):
    quiz_assignment.time_limit = timedelta(minutes=10)
    quiz_assignment.save()
    start = timezone.now()
    attempt = start_attempt(assignment=quiz_assignment, student=student, now=start)
    when = attempt.deadline + after_deadline
    data = full_marks_answers(attempt)
    if accepted:
        save_answers(attempt=attempt, data=data, now=when)
        assert AttemptQuestion.objects.filter(answer__isnull=False).count() == 7
    else:
        with pytest.raises(ValidationError) as error:
            save_answers(attempt=attempt, data=data, now=when)
        assert error.value.code == "time_up"
        attempt.refresh_from_db()
        assert attempt.submitted_at == attempt.deadline
        assert not AttemptQuestion.objects.filter(answer__isnull=False).exists()


def test_overdue_attempts_close_at_their_deadline(quiz_assignment, student):
    quiz_assignment.time_limit = timedelta(minutes=10)
    quiz_assignment.save()
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    save_answers(attempt=attempt, data=full_marks_answers(attempt))
    assert close_overdue_attempts(now=attempt.deadline) == 0
    assert close_overdue_attempts(now=attempt.deadline + timedelta(hours=1)) == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline
    assert attempt.closed_by == Attempt.ClosedBy.TIME_UP
    assert attempt.score == Decimal(7)


def test_one_attempt_that_cannot_be_closed_does_not_keep_the_others_open(
    quiz_assignment, student, classroom, monkeypatch, caplog
):
    other = UserFactory(username="siswa9")
    MembershipFactory(classroom=classroom, user=other)
    first = start_attempt(assignment=quiz_assignment, student=student)
    second = start_attempt(assignment=quiz_assignment, student=other)
    finish = attempts._finish

    def broken_for_the_first(attempt, **kwargs):
        if attempt.pk == first.pk:
            raise ZeroDivisionError("a question that cannot be graded")
        return finish(attempt, **kwargs)

    monkeypatch.setattr(attempts, "_finish", broken_for_the_first)
    later = max(first.deadline, second.deadline) + timedelta(hours=1)
    with pytest.raises(ZeroDivisionError):  # the student's own pages let the error through
        close_overdue_attempts(now=later, keep_going=False)
    assert close_overdue_attempts(now=later) == 1  # the command, the teachers' pages
    second.refresh_from_db()
    assert second.closed_by == Attempt.ClosedBy.TIME_UP
    assert f"closing overdue attempt {first.pk} failed" in caplog.text


def test_attempts_allowed_and_extra_attempts(quiz_assignment, student):
    submit_attempt(attempt=start_attempt(assignment=quiz_assignment, student=student))
    with pytest.raises(ValidationError) as error:
        start_attempt(assignment=quiz_assignment, student=student)
    assert error.value.code == "no_attempts_left"
    quiz_assignment.accommodations.create(student=student, extra_attempts=1)
    assert start_attempt(assignment=quiz_assignment, student=student).number == 2


def test_extra_time_moves_the_close_date(quiz_assignment, student):
    now = timezone.now()
    quiz_assignment.closes_at = now + timedelta(minutes=5)
    quiz_assignment.time_limit = timedelta(minutes=30)
    quiz_assignment.save()
    quiz_assignment.accommodations.create(student=student, extra_time=timedelta(minutes=15))
    attempt = start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert attempt.deadline == now + timedelta(minutes=20)


def test_quiz_window_is_enforced(quiz_assignment, student):
    with pytest.raises(ValidationError) as error:
        start_attempt(
            assignment=quiz_assignment, student=student, now=quiz_assignment.opens_at - GRACE
        )
    assert error.value.code == "not_open"
    with pytest.raises(ValidationError) as error:
        start_attempt(assignment=quiz_assignment, student=student, now=quiz_assignment.closes_at)
    assert error.value.code == "closed"


def test_two_students_get_independent_attempts(quiz_assignment, classroom, student):
    other = UserFactory()
    MembershipFactory(classroom=classroom, user=other)
    a = start_attempt(assignment=quiz_assignment, student=student)
    b = start_attempt(assignment=quiz_assignment, student=other)
    assert a != b and a.number == b.number == 1
