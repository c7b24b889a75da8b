"""A student cannot send what the server decides: scores, correctness, owners, times."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import start_attempt
from quizzes.models import Attempt

from ..factories import MembershipFactory, UserFactory
from .conftest import answer_data, token_of

FORGED = {
    "score": "999",
    "max_score": "1",
    "correct": "1",
    "fraction": "1",
    "student": "",
    "student_id": "",
    "started_at": "2000-01-01T00:00",
    "deadline": "2100-01-01T00:00",
    "submitted_at": "2000-01-01T00:00",
    "state": "in_progress",
    "number": "1",
}


def test_forged_fields_are_ignored_on_start_answer_and_submit(
    client, student, classroom, quiz_assignment
):
    quiz_assignment.time_limit = timedelta(minutes=30)
    quiz_assignment.save()
    classmate = UserFactory(username="teman")
    MembershipFactory(classroom=classroom, user=classmate)
    forged = FORGED | {"student": str(classmate.pk), "student_id": str(classmate.pk)}
    client.force_login(student)
    before = timezone.now()
    client.post(reverse("quizzes:start", args=[quiz_assignment.pk]), forged)
    attempt = Attempt.objects.get()
    assert attempt.student == student
    assert before <= attempt.started_at <= timezone.now()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=30)

    single = attempt.questions.get(version__data__type="single")
    wrong = token_of(single, "Lainnya")
    client.post(
        reverse("quizzes:answer", args=[attempt.pk]),
        answer_data(attempt, {single.position: wrong}) | forged,
    )
    client.post(reverse("quizzes:submit", args=[attempt.pk]), forged)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == Decimal(0)
    assert attempt.max_score == Decimal(8)
    assert attempt.submitted_at >= attempt.started_at
    assert not Attempt.objects.filter(student=classmate).exists()


def test_answers_for_another_students_attempt_are_refused(
    client, student, classroom, quiz_assignment
):
    classmate = UserFactory(username="teman")
    MembershipFactory(classroom=classroom, user=classmate)
    theirs = start_attempt(assignment=quiz_assignment, student=classmate)
    single = theirs.questions.get(version__data__type="single")
    client.force_login(student)
    for name in ("answer", "submit"):
        response = client.post(
            reverse(f"quizzes:{name}", args=[theirs.pk]),
            answer_data(theirs, {single.position: token_of(single, "Benar")}),
        )
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open
    assert theirs.questions.get(pk=single.pk).answer is None


def test_no_start_beyond_the_attempts_allowed(client, student, quiz_assignment):
    client.force_login(student)
    start = reverse("quizzes:start", args=[quiz_assignment.pk])
    client.post(start)
    client.post(reverse("quizzes:submit", args=[Attempt.objects.get().pk]))
    response = client.post(start, follow=True)
    assert "Semua percobaan Anda untuk kuis ini sudah terpakai." in response.text
    assert Attempt.objects.count() == 1
