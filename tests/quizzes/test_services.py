from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from classrooms.models import Classroom
from quizzes import services
from quizzes.models import GRACE, Attempt, AttemptQuestion, Choice, QuestionVersion

from ..factories import MembershipFactory, UserFactory
from .conftest import answer_data, token_of


def full_marks_answers(attempt):
    rows = {row.version.data["type"]: row for row in attempt.questions.select_related("version")}
    m = rows["matching"]
    return answer_data(
        attempt,
        {
            rows["single"].position: token_of(rows["single"], "Benar"),
            rows["multiple"].position: [
                token_of(rows["multiple"], "A"),
                token_of(rows["multiple"], "B"),
            ],
            rows["true_false"].position: token_of(rows["true_false"], "Benar"),
            rows["short"].position: "  perserikatan   bangsa-bangsa. ",
            rows["numerical"].position: "193,5",
            m.position: {
                token_of_item(m, "NATO"): token_of(m, "keamanan", matching_answer=True),
                token_of_item(m, "WTO"): token_of(m, "perdagangan", matching_answer=True),
                token_of_item(m, "UNESCO"): token_of(m, "pendidikan", matching_answer=True),
            },
            rows["essay"].position: "Kerjasama membawa perdamaian.",
        },
    )


def token_of_item(row, text):
    choices = {c["id"]: c for c in row.version.data["choices"]}
    return str(next(i for i, c in enumerate(row.choice_order) if choices[c]["text"] == text))


def test_start_fixes_questions_order_and_deadline(quiz_assignment, student):
    quiz_assignment.time_limit = timedelta(minutes=30)
    quiz_assignment.save()
    now = timezone.now()
    attempt = services.start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert attempt.deadline == now + timedelta(minutes=30)
    assert attempt.max_score == Decimal(8)
    assert attempt.questions.count() == 7
    again = services.start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert again == attempt  # a reload or a second tab resumes it
    assert QuestionVersion.objects.count() == 7


def test_deadline_is_the_close_date_when_it_comes_first(quiz_assignment, student):
    now = timezone.now()
    quiz_assignment.time_limit = timedelta(hours=2)
    quiz_assignment.closes_at = now + timedelta(minutes=10)
    quiz_assignment.save()
    attempt = services.start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert attempt.deadline == quiz_assignment.closes_at


def test_full_marks_exactly_when_everything_is_right(quiz_assignment, student):
    attempt = services.start_attempt(assignment=quiz_assignment, student=student)
    services.save_answers(attempt=attempt, data=full_marks_answers(attempt))
    attempt = services.submit_attempt(attempt=attempt)
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == Decimal(7)  # all but the essay, which waits for the teacher
    assert attempt.needs_grading


def test_submitting_twice_counts_once(quiz_assignment, student):
    attempt = services.start_attempt(assignment=quiz_assignment, student=student)
    first = services.submit_attempt(attempt=attempt)
    second = services.submit_attempt(attempt=attempt, now=timezone.now() + timedelta(minutes=5))
    assert first.submitted_at == second.submitted_at
    assert Attempt.objects.count() == 1


def test_no_answer_after_submit(quiz_assignment, student):
    attempt = services.start_attempt(assignment=quiz_assignment, student=student)
    services.submit_attempt(attempt=attempt)
    with pytest.raises(ValidationError) as error:
        services.save_answers(attempt=attempt, data=full_marks_answers(attempt))
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
    attempt = services.start_attempt(assignment=quiz_assignment, student=student, now=start)
    when = attempt.deadline + after_deadline
    data = full_marks_answers(attempt)
    if accepted:
        services.save_answers(attempt=attempt, data=data, now=when)
        assert AttemptQuestion.objects.filter(answer__isnull=False).count() == 7
    else:
        with pytest.raises(ValidationError) as error:
            services.save_answers(attempt=attempt, data=data, now=when)
        assert error.value.code == "time_up"
        attempt.refresh_from_db()
        assert attempt.submitted_at == attempt.deadline
        assert not AttemptQuestion.objects.filter(answer__isnull=False).exists()


def test_overdue_attempts_close_at_their_deadline(quiz_assignment, student):
    quiz_assignment.time_limit = timedelta(minutes=10)
    quiz_assignment.save()
    attempt = services.start_attempt(assignment=quiz_assignment, student=student)
    services.save_answers(attempt=attempt, data=full_marks_answers(attempt))
    assert services.close_overdue_attempts(now=attempt.deadline) == 0
    assert services.close_overdue_attempts(now=attempt.deadline + timedelta(hours=1)) == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline
    assert attempt.closed_by == Attempt.ClosedBy.TIME_UP
    assert attempt.score == Decimal(7)


def test_one_attempt_that_cannot_be_closed_does_not_keep_the_others_open(
    quiz_assignment, student, classroom, monkeypatch, caplog
):
    other = UserFactory(username="siswa9")
    MembershipFactory(classroom=classroom, user=other)
    first = services.start_attempt(assignment=quiz_assignment, student=student)
    second = services.start_attempt(assignment=quiz_assignment, student=other)
    finish = services._finish

    def broken_for_the_first(attempt, **kwargs):
        if attempt.pk == first.pk:
            raise ZeroDivisionError("a question that cannot be graded")
        return finish(attempt, **kwargs)

    monkeypatch.setattr(services, "_finish", broken_for_the_first)
    later = max(first.deadline, second.deadline) + timedelta(hours=1)
    with pytest.raises(ZeroDivisionError):  # the student's own pages let the error through
        services.close_overdue_attempts(now=later, keep_going=False)
    assert services.close_overdue_attempts(now=later) == 1  # the command, the teachers' pages
    second.refresh_from_db()
    assert second.closed_by == Attempt.ClosedBy.TIME_UP
    assert f"closing overdue attempt {first.pk} failed" in caplog.text


def test_attempts_allowed_and_extra_attempts(quiz_assignment, student):
    services.submit_attempt(
        attempt=services.start_attempt(assignment=quiz_assignment, student=student)
    )
    with pytest.raises(ValidationError) as error:
        services.start_attempt(assignment=quiz_assignment, student=student)
    assert error.value.code == "no_attempts_left"
    quiz_assignment.accommodations.create(student=student, extra_attempts=1)
    assert services.start_attempt(assignment=quiz_assignment, student=student).number == 2


def test_extra_time_moves_the_close_date(quiz_assignment, student):
    now = timezone.now()
    quiz_assignment.closes_at = now + timedelta(minutes=5)
    quiz_assignment.time_limit = timedelta(minutes=30)
    quiz_assignment.save()
    quiz_assignment.accommodations.create(student=student, extra_time=timedelta(minutes=15))
    attempt = services.start_attempt(assignment=quiz_assignment, student=student, now=now)
    assert attempt.deadline == now + timedelta(minutes=20)


def test_only_students_of_the_class_start(quiz_assignment, teacher, other_student):
    for user in (teacher, other_student):
        with pytest.raises(ValidationError):
            services.start_attempt(assignment=quiz_assignment, student=user)


def test_quiz_window_is_enforced(quiz_assignment, student):
    with pytest.raises(ValidationError) as error:
        services.start_attempt(
            assignment=quiz_assignment, student=student, now=quiz_assignment.opens_at - GRACE
        )
    assert error.value.code == "not_open"
    with pytest.raises(ValidationError) as error:
        services.start_attempt(
            assignment=quiz_assignment, student=student, now=quiz_assignment.closes_at
        )
    assert error.value.code == "closed"


def test_teacher_grades_the_essay_and_the_score_becomes_final(quiz_assignment, student, teacher):
    attempt = services.start_attempt(assignment=quiz_assignment, student=student)
    services.save_answers(attempt=attempt, data=full_marks_answers(attempt))
    attempt = services.submit_attempt(attempt=attempt)
    essay = attempt.questions.get(version__data__type="essay")
    services.grade_answer(
        attempt_question=essay, points=Decimal("0.5"), comment="Bagus", grader=teacher
    )
    attempt.refresh_from_db()
    assert attempt.score == Decimal("7.5")
    assert not attempt.needs_grading
    with pytest.raises(ValidationError):
        services.grade_answer(attempt_question=essay, points=Decimal(2), comment="", grader=teacher)


def test_attempts_keep_their_version_until_the_teacher_regrades(quiz, quiz_assignment, student):
    attempt = services.start_attempt(assignment=quiz_assignment, student=student)
    single = attempt.questions.get(version__data__type="single")
    services.save_answers(
        attempt=attempt, data=answer_data(attempt, {single.position: token_of(single, "Lainnya")})
    )
    services.submit_attempt(attempt=attempt)
    assert attempt.questions.get(pk=single.pk).score == 0
    # The teacher finds the key was wrong: "Lainnya" is the right answer.
    question = quiz.questions.get(type="single")
    Choice.objects.filter(question=question).update(fraction=0)
    Choice.objects.filter(question=question, text="Lainnya").update(fraction=1)
    everywhere = Classroom.objects.all()
    stale, _versions = services.attempt_questions_to_regrade(quiz, everywhere)
    assert [row.pk for row in stale] == [single.pk]
    changes = services.regrade_quiz(quiz=quiz, classrooms=everywhere)
    assert [(c.old_score, c.new_score) for c in changes] == [(0, 1)]
    attempt.refresh_from_db()
    assert attempt.score == Decimal(1)
    assert services.attempt_questions_to_regrade(quiz, everywhere)[0] == []


def test_rewording_a_question_does_not_ask_for_a_regrade(quiz, quiz_assignment, student):
    services.submit_attempt(
        attempt=services.start_attempt(assignment=quiz_assignment, student=student)
    )
    quiz.questions.filter(type="single").update(text="Pertanyaan yang ditulis ulang?")
    assert services.attempt_questions_to_regrade(quiz, Classroom.objects.all())[0] == []


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
    assert services.quiz_grade(attempts, method) == Decimal(expected)


def test_two_students_get_independent_attempts(quiz_assignment, classroom, student):
    other = UserFactory()
    MembershipFactory(classroom=classroom, user=other)
    a = services.start_attempt(assignment=quiz_assignment, student=student)
    b = services.start_attempt(assignment=quiz_assignment, student=other)
    assert a != b and a.number == b.number == 1
