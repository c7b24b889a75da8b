import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Membership
from quizzes.attempts import (
    close_overdue_attempts,
    follow_new_deadlines,
    save_answers,
    start_attempt,
    submit_attempt,
)
from quizzes.models import Accommodation, Attempt, Choice, QuizAssignment

from ..factories import MembershipFactory, QuizAssignmentFactory, QuizFactory, UserFactory
from .conftest import answer_data, token_of


def post_assignment(client, quiz, classroom, **overrides):
    data = {
        "classroom": classroom.pk,
        "opens_at": "2030-01-01T07:00",
        "closes_at": "2030-01-08T23:59",
        "time_limit": "45",
        "attempts_allowed": "2",
        "grading_method": "highest",
        "draw_count": "",
        "shuffle_choices": "on",
        "review_when": "after_close",
        "review_score": "on",
        **overrides,
    }
    return client.post(reverse("quizzes:assign", args=[quiz.pk]), data)


def test_a_quiz_without_questions_cannot_be_assigned(client, teacher, classroom, course):
    """Students would find it on their list and could not start it."""
    empty = QuizFactory(course=course, title="Kuis kosong", created_by=teacher)
    client.force_login(teacher)
    response = post_assignment(client, empty, classroom)
    assert response.status_code == 200
    assert "Kuis ini belum punya soal: tambahkan soalnya sebelum menugaskannya." in response.text
    assert not QuizAssignment.objects.exists()


def test_a_quiz_assigned_already_closed_is_pointed_out(client, teacher, classroom, quiz):
    client.force_login(teacher)
    post_assignment(
        client, quiz, classroom, opens_at="2025-01-01T07:00", closes_at="2025-01-08T23:59"
    )
    assignment = QuizAssignment.objects.get()
    page = client.get(reverse("quizzes:results", args=[assignment.pk])).text
    assert "Kuis ini sudah ditutup" in page


def test_teacher_assigns_a_quiz_with_its_settings(client, teacher, classroom, quiz):
    client.force_login(teacher)
    response = post_assignment(client, quiz, classroom)
    assignment = QuizAssignment.objects.get()
    assert response.url == reverse("quizzes:results", args=[assignment.pk])
    assert assignment.time_limit == timedelta(minutes=45)
    assert assignment.attempts_allowed == 2
    assert assignment.review_when == "after_close"
    assert assignment.review_score and not assignment.review_correct
    assert timezone.localtime(assignment.closes_at).strftime("%d %H:%M") == "08 23:59"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": "2029-12-31T07:00"}, "Kuis harus ditutup setelah dibuka."),
        ({"draw_count": "99"}, "Kuis ini hanya punya 7 soal."),
        ({"time_limit": "0"}, "lebih besar dari atau sama dengan 1"),
    ],
)
def test_bad_quiz_settings_are_explained(client, teacher, classroom, quiz, overrides, message):
    client.force_login(teacher)
    response = post_assignment(client, quiz, classroom, **overrides)
    assert response.status_code == 200
    assert message in response.text
    assert not QuizAssignment.objects.exists()


def test_teacher_cannot_assign_to_a_class_they_do_not_teach(client, teacher, other_classroom, quiz):
    client.force_login(teacher)
    response = post_assignment(client, quiz, other_classroom)
    assert response.status_code == 200
    assert not QuizAssignment.objects.exists()


def submit_with(attempt, answers):
    save_answers(attempt=attempt, data=answer_data(attempt, answers))
    return submit_attempt(attempt=attempt)


def test_results_page_lists_every_student_with_grade(
    client, teacher, student, classroom, quiz_assignment
):
    slacker = UserFactory(username="siswa2", full_name="Dewi Lestari")
    MembershipFactory(classroom=classroom, user=slacker)
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    single = attempt.questions.get(version__data__type="single")
    submit_with(attempt, {single.position: token_of(single, "Benar")})
    client.force_login(teacher)
    response = client.get(reverse("quizzes:results", args=[quiz_assignment.pk]))
    rows = {row["student"].username: row for row in response.context["rows"]}
    assert rows["siswa1"]["grade"] == Decimal(1)
    assert rows["siswa2"]["grade"] is None
    assert "1 dari 2 siswa sudah mengumpulkan." in response.text


def test_results_page_counts_a_hand_in_whose_essay_waits(client, teacher, student, quiz_assignment):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    essay = attempt.questions.get(version__data__type="essay")
    assert submit_with(attempt, {essay.position: "Perdamaian dunia."}).needs_grading
    client.force_login(teacher)
    response = client.get(reverse("quizzes:results", args=[quiz_assignment.pk]))
    assert "1 dari 1 siswa sudah mengumpulkan." in response.text
    row = response.context["rows"][0]
    assert row["submitted"] and row["waiting"] and row["grade"] is None
    assert "uraian menunggu" in response.text and "sedang mengerjakan" not in response.text


def test_results_page_closes_overdue_attempts(client, teacher, student, quiz_assignment):
    quiz_assignment.time_limit = timedelta(minutes=5)
    quiz_assignment.save()
    attempt = start_attempt(
        assignment=quiz_assignment, student=student, now=timezone.now() - timedelta(hours=1)
    )
    client.force_login(teacher)
    client.get(reverse("quizzes:results", args=[quiz_assignment.pk]))
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.submitted_at == attempt.deadline


def test_close_overdue_attempts_command(student, quiz_assignment, capsys):
    quiz_assignment.time_limit = timedelta(minutes=5)
    quiz_assignment.save()
    start_attempt(
        assignment=quiz_assignment, student=student, now=timezone.now() - timedelta(hours=1)
    )
    call_command("close_overdue_attempts")
    assert "1" in capsys.readouterr().out
    assert Attempt.objects.get().state == Attempt.State.SUBMITTED


def test_accommodations_are_saved_per_student(client, teacher, student, classroom, quiz_assignment):
    client.force_login(teacher)
    prefix = f"s{student.pk}"
    response = client.post(
        reverse("quizzes:accommodations", args=[quiz_assignment.pk]),
        {f"{prefix}-extra_time": "15", f"{prefix}-extra_attempts": "1"},
    )
    assert response.status_code == 302
    accommodation = Accommodation.objects.get()
    assert accommodation.extra_time == timedelta(minutes=15)
    assert accommodation.extra_attempts == 1


def test_only_students_given_something_extra_get_an_accommodation(
    client, teacher, student, classroom, quiz_assignment
):
    """The page posts every student's row, with 0 where nothing is given: those rows must not
    become accommodations (each showed an "extra" badge on the results page)."""
    others = [UserFactory(username=f"siswa{n}") for n in (7, 8)]
    for other in others:
        MembershipFactory(classroom=classroom, user=other)
    client.force_login(teacher)
    url = reverse("quizzes:accommodations", args=[quiz_assignment.pk])
    rows = {}
    for user in (student, *others):
        rows |= {f"s{user.pk}-extra_time": "0", f"s{user.pk}-extra_attempts": "0"}
    rows[f"s{others[0].pk}-extra_time"] = ""  # an emptied box
    given = rows | {f"s{student.pk}-extra_time": "2", f"s{student.pk}-extra_attempts": "1"}
    assert client.post(url, given).status_code == 302
    assert list(Accommodation.objects.values_list("student", flat=True)) == [student.pk]
    assert client.post(url, rows).status_code == 302  # taken back
    assert not Accommodation.objects.exists()


def edit_assignment(client, assignment, **overrides):
    local = timezone.localtime
    data = {
        "opens_at": local(assignment.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": local(assignment.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "time_limit": "",
        "attempts_allowed": "1",
        "grading_method": "highest",
        "draw_count": "",
        "review_when": "after_close",
        **overrides,
    }
    return client.post(reverse("quizzes:assignment_update", args=[assignment.pk]), data)


def test_closing_a_quiz_early_ends_the_attempts_under_way_now_keeping_their_answers(
    client, teacher, student, quiz_assignment
):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    single = attempt.questions.get(version__data__type="single")
    save_answers(attempt=attempt, data=answer_data(attempt, {single.position: "0"}))
    client.force_login(teacher)
    before = timezone.now()
    earlier = timezone.localtime() - timedelta(minutes=2)  # after it opened, before now
    response = edit_assignment(
        client, quiz_assignment, closes_at=earlier.strftime("%Y-%m-%dT%H:%M")
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert before <= attempt.deadline <= timezone.now()  # now, not minutes ago
    close_overdue_attempts(now=timezone.now() + timedelta(minutes=1))
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.questions.get(pk=single.pk).answer is not None


def test_a_later_close_date_or_extra_time_gives_the_attempts_under_way_more_time(
    client, teacher, student, quiz_assignment
):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    assert attempt.deadline == quiz_assignment.closes_at
    client.force_login(teacher)
    later = timezone.localtime(quiz_assignment.closes_at) + timedelta(days=2)
    edit_assignment(client, quiz_assignment, closes_at=later.strftime("%Y-%m-%dT%H:%M"))
    attempt.refresh_from_db()
    assert attempt.deadline == later.replace(second=0, microsecond=0)
    client.post(
        reverse("quizzes:accommodations", args=[quiz_assignment.pk]),
        {f"s{student.pk}-extra_time": "30", f"s{student.pk}-extra_attempts": "0"},
    )
    attempt.refresh_from_db()
    assert attempt.deadline == later.replace(second=0, microsecond=0) + timedelta(minutes=30)


def test_saving_settings_closes_an_attempt_whose_time_ran_out_as_of_its_deadline(
    student, quiz_assignment
):
    quiz_assignment.time_limit = timedelta(minutes=30)
    quiz_assignment.opens_at = timezone.now() - timedelta(hours=3)
    quiz_assignment.save()
    started = timezone.now() - timedelta(hours=2)
    attempt = start_attempt(assignment=quiz_assignment, student=student, now=started)
    quiz_assignment.attempts_allowed = 2  # any change of settings
    quiz_assignment.save()
    assert follow_new_deadlines(assignment=quiz_assignment) == 0
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.submitted_at == attempt.deadline == started + timedelta(minutes=30)


def test_a_time_limit_set_during_an_attempt_counts_from_its_start(student, quiz_assignment):
    started = timezone.now() - timedelta(minutes=10)
    attempt = start_attempt(assignment=quiz_assignment, student=student, now=started)
    quiz_assignment.time_limit = timedelta(minutes=45)
    quiz_assignment.save()
    assert follow_new_deadlines(assignment=quiz_assignment) == 1
    attempt.refresh_from_db()
    assert attempt.deadline == started + timedelta(minutes=45)


def test_teacher_grades_an_essay_from_the_queue(client, teacher, student, quiz_assignment):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    essay = attempt.questions.get(version__data__type="essay")
    attempt = submit_with(attempt, {essay.position: "Perdamaian dunia."})
    assert attempt.needs_grading
    client.force_login(teacher)
    queue = client.get(reverse("quizzes:grading", args=[quiz_assignment.pk]))
    assert "Perdamaian dunia." in queue.text
    response = client.post(
        reverse("quizzes:grade", args=[essay.pk]),
        {f"a{essay.pk}-points": "0,5", f"a{essay.pk}-comment": "Tambahkan contoh."},
        follow=True,
    )
    assert "Tersimpan" in response.text
    attempt.refresh_from_db()
    assert not attempt.needs_grading
    assert attempt.score == Decimal("0.5")
    assert "Tidak ada uraian yang menunggu" in response.text


@pytest.mark.parametrize(
    ("points", "problem"), [("5", "Beri antara 0 dan 1 poin."), ("abc", "Masukkan")]
)
@pytest.mark.parametrize("page", ["queue", "attempt"])
def test_a_refused_grade_keeps_what_the_teacher_typed_beside_what_to_fix(
    client, teacher, student, quiz_assignment, points, problem, page
):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    essay = attempt.questions.get(version__data__type="essay")
    submit_with(attempt, {essay.position: "Jawaban."})
    client.force_login(teacher)
    response = client.post(
        reverse("quizzes:grade", args=[essay.pk]),
        {
            f"a{essay.pk}-points": points,
            f"a{essay.pk}-comment": "Jelaskan dengan contoh dari artikel.",
            **({"next": "attempt"} if page == "attempt" else {}),
        },
    )
    assert response.status_code == 400
    html = response.text
    assert "Tidak tersimpan: Budi Santoso, soal" in html
    field = re.search(rf'<input[^>]*name="a{essay.pk}-points"[^>]*>', html).group(0)
    assert f'value="{points}"' in field and "is-invalid" in field
    assert "autofocus" in field  # the page opens at it, not at the message far above
    assert f'id="id_a{essay.pk}-points-error">{problem}' in html
    assert "Jelaskan dengan contoh dari artikel.</textarea>" in html
    essay.refresh_from_db()
    assert essay.score is None


def test_regrade_page_offers_and_applies_the_new_key(
    client, teacher, student, quiz, quiz_assignment
):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    single = attempt.questions.get(version__data__type="single")
    submit_with(attempt, {single.position: token_of(single, "Lainnya")})
    question = quiz.questions.get(type="single")
    Choice.objects.filter(question=question).update(fraction=0)
    Choice.objects.filter(question=question, text="Lainnya").update(fraction=1)
    client.force_login(teacher)
    offer = client.get(reverse("quizzes:regrade", args=[quiz.pk]))
    assert "Nilai ulang 1 percobaan" in offer.text
    done = client.post(reverse("quizzes:regrade", args=[quiz.pk]))
    assert "Budi Santoso" in done.text
    attempt.refresh_from_db()
    assert attempt.score == Decimal(1)


@pytest.mark.parametrize("attempts", ["51", "99999999999999"])
def test_attempts_beyond_fifty_are_explained(client, teacher, classroom, quiz, attempts):
    client.force_login(teacher)
    response = post_assignment(client, quiz, classroom, attempts_allowed=attempts)
    assert response.status_code == 200
    assert "lebih kecil dari atau sama dengan 50" in response.text
    assert not QuizAssignment.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"opens_at": "0001-01-01T00:00"},
        {"closes_at": "9999-12-31T23:59"},  # extra time on top of it would overflow
    ],
)
def test_a_date_outside_the_school_years_is_explained(client, teacher, classroom, quiz, dates):
    client.force_login(teacher)
    response = post_assignment(client, quiz, classroom, **dates)
    assert response.status_code == 200
    assert "Pilih tanggal antara tahun 2000 dan 2099." in response.text
    assert not QuizAssignment.objects.exists()


def test_a_teacher_sharing_a_quiz_regrades_only_their_own_class(
    client, teacher, student, quiz, quiz_assignment
):
    """The same quiz set to a parallel class: its teacher may fix the key, but the regrade
    neither changes nor shows the first class's attempts."""
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    single = attempt.questions.get(version__data__type="single")
    submit_with(attempt, {single.position: token_of(single, "Lainnya")})
    other = QuizAssignmentFactory(quiz=quiz)
    colleague = UserFactory(full_name="Guru Kelas Sebelah")
    MembershipFactory(classroom=other.classroom, user=colleague, role=Membership.Role.TEACHER)
    question = quiz.questions.get(type="single")
    Choice.objects.filter(question=question).update(fraction=0)
    Choice.objects.filter(question=question, text="Lainnya").update(fraction=1)
    client.force_login(colleague)
    assert "Nilai ulang" not in client.get(reverse("quizzes:detail", args=[quiz.pk])).text
    done = client.post(reverse("quizzes:regrade", args=[quiz.pk]))
    assert done.status_code == 200 and "Budi Santoso" not in done.text
    attempt.refresh_from_db()
    assert attempt.score == 0
    client.force_login(teacher)
    assert "Nilai ulang" in client.get(reverse("quizzes:detail", args=[quiz.pk])).text
    assert "Nilai ulang 1 percobaan" in client.get(reverse("quizzes:regrade", args=[quiz.pk])).text


def test_an_assignment_with_attempts_cannot_be_deleted(client, teacher, student, quiz_assignment):
    start_attempt(assignment=quiz_assignment, student=student)
    client.force_login(teacher)
    client.post(reverse("quizzes:assignment_delete", args=[quiz_assignment.pk]))
    assert QuizAssignment.objects.filter(pk=quiz_assignment.pk).exists()


def test_an_unused_assignment_can_be_deleted(client, teacher, quiz_assignment):
    client.force_login(teacher)
    client.post(reverse("quizzes:assignment_delete", args=[quiz_assignment.pk]))
    assert not QuizAssignment.objects.exists()


@pytest.mark.parametrize("size", [2, 30])
def test_results_page_queries_do_not_grow(
    client, teacher, classroom, quiz_assignment, size, django_assert_num_queries
):
    for _ in range(size):
        user = UserFactory()
        MembershipFactory(classroom=classroom, user=user)
        submit_attempt(attempt=start_attempt(assignment=quiz_assignment, student=user))
    client.force_login(teacher)
    with django_assert_num_queries(8):
        client.get(reverse("quizzes:results", args=[quiz_assignment.pk]))


def test_the_empty_accommodations_saved_before_are_dropped(quiz_assignment, student, classroom):
    from importlib import import_module

    from django.apps import apps

    given = UserFactory(username="siswa7")
    MembershipFactory(classroom=classroom, user=given)
    Accommodation.objects.create(assignment=quiz_assignment, student=student)
    Accommodation.objects.create(assignment=quiz_assignment, student=given, extra_attempts=1)
    migration = import_module("quizzes.migrations.0004_drop_empty_accommodations")
    migration.drop_empty_accommodations(apps, None)
    assert list(Accommodation.objects.values_list("student", flat=True)) == [given.pk]
