from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Membership
from lessons.models import ReadingState
from quizzes.attempts import start_attempt, submit_attempt

from ..factories import (
    ClassroomFactory,
    LessonFactory,
    MembershipFactory,
    QuizAssignmentFactory,
    QuizFactory,
    ReadingAssignmentFactory,
    ReadingProgressFactory,
    UserFactory,
    make_question,
)

NOW = timezone.now()


@pytest.fixture
def readings(classroom, lessons, teacher):
    """Three readings: one past due, one due soon, the whole course due later."""
    return [
        ReadingAssignmentFactory(
            classroom=classroom, lesson=lessons[0], due_at=NOW - timedelta(days=2)
        ),
        ReadingAssignmentFactory(
            classroom=classroom, lesson=lessons[1], due_at=NOW + timedelta(days=1)
        ),
        ReadingAssignmentFactory(
            classroom=classroom,
            lesson=None,
            course=lessons[0].course,
            due_at=NOW + timedelta(days=9),
        ),
    ]


def test_dashboard_lists_what_is_due_in_due_date_order(client, student, readings):
    client.force_login(student)
    response = client.get(reverse("progress:dashboard"))
    todo = response.context["overview"].todo
    assert [item.assignment for item in todo] == readings
    assert [item.state for item in todo] == [
        ReadingState.MISSING,
        ReadingState.NOT_STARTED,
        ReadingState.NOT_STARTED,
    ]
    assert "belum dikerjakan" in response.text  # the missing one says so


def test_dashboard_moves_finished_readings_to_done_with_late_marked(
    client, student, readings, lessons
):
    ReadingProgressFactory(user=student, lesson=lessons[0], finished_at=NOW - timedelta(days=1))
    ReadingProgressFactory(user=student, lesson=lessons[1], finished_at=NOW)
    client.force_login(student)
    overview = client.get(reverse("progress:dashboard")).context["overview"]
    assert [(item.assignment, item.state) for item in overview.done] == [
        (readings[0], ReadingState.LATE),
        (readings[1], ReadingState.DONE),
    ]
    course_progress = overview.courses[0]
    assert (course_progress.finished, course_progress.total) == (2, 3)
    # The whole course is still open: one lesson is unread.
    assert [item.assignment for item in overview.todo] == [readings[2]]
    assert overview.todo[0].state == ReadingState.IN_PROGRESS


def test_readings_not_yet_available_stay_hidden(client, student, classroom, lessons):
    ReadingAssignmentFactory(
        classroom=classroom, lesson=lessons[2], available_from=NOW + timedelta(days=1)
    )
    client.force_login(student)
    assert client.get(reverse("progress:dashboard")).context["overview"].todo == []


def test_dashboard_shows_nothing_of_other_classes(client, other_student, readings):
    client.force_login(other_student)
    response = client.get(reverse("progress:dashboard"))
    assert response.context["overview"].todo == []
    assert readings[0].lesson.title not in response.text


def test_student_home_lists_readings_and_open_quizzes_by_urgency(
    client, student, classroom, lessons, readings
):
    """Overdue work first, then what is due or closes soonest, readings and quizzes together;
    a quiz not open yet or handed in waits below, under Quizzes."""
    soon = QuizAssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(title="Kuis besok"),
        closes_at=NOW + timedelta(hours=20),
    )
    later = QuizAssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(title="Kuis akhir"),
        closes_at=NOW + timedelta(days=30),
    )
    upcoming = QuizAssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(title="Kuis nanti"),
        opens_at=NOW + timedelta(days=2),
        closes_at=NOW + timedelta(days=3),
    )
    client.force_login(student)
    response = client.get(reverse("progress:dashboard"))
    todo = [(due.kind, due.item.assignment) for due in response.context["todo"]]
    assert todo == [
        ("reading", readings[0]),  # two days overdue
        ("quiz", soon),  # closes in 20 hours
        ("reading", readings[1]),  # due in a day
        ("reading", readings[2]),  # due in nine days
        ("quiz", later),
    ]
    assert [item.assignment for item in response.context["other_quizzes"]] == [upcoming]
    text = response.text
    assert text.index("Kuis besok") < text.index(readings[1].title) < text.index("Kuis nanti")


def test_teacher_dashboard_lists_their_classes_only(
    client, teacher, student, other_classroom, readings
):
    client.force_login(teacher)
    response = client.get(reverse("progress:dashboard"))
    assert [c.name for c in response.context["classes"]] == ["XI IPS 1"]
    card = response.context["classes"][0]
    assert (card.student_count, card.reading_count) == (1, 3)
    assert "1 siswa" in response.text and "3 bacaan" in response.text
    assert other_classroom.name not in response.text


def test_teacher_sees_classes_newest_year_first_then_by_name_and_quizzes_by_closing(
    client, teacher, classroom
):
    for name, year in [
        ("XII IPA 2", "2026/2027"),
        ("X IPS 3", "2025/2026"),
        ("XI IPA 1", "2026/2027"),
    ]:
        MembershipFactory(
            classroom=ClassroomFactory(name=name, school_year=year),
            user=teacher,
            role=Membership.Role.TEACHER,
        )
    for days, title in [(9, "Kuis C"), (2, "Kuis A"), (5, "Kuis B")]:
        QuizAssignmentFactory(
            classroom=classroom,
            quiz=QuizFactory(title=title),
            closes_at=NOW + timedelta(days=days),
        )
    client.force_login(teacher)
    classes = client.get(reverse("progress:dashboard")).context["classes"]
    # Counted with a GROUP BY, which leaves out the model's ordering: asked for by name.
    assert [c.name for c in classes] == ["XI IPA 1", "XI IPS 1", "XII IPA 2", "X IPS 3"]
    page = client.get(reverse("progress:classroom", args=[classroom.pk]))
    assert [q.quiz.title for q in page.context["quizzes"]] == ["Kuis A", "Kuis B", "Kuis C"]


def test_class_page_counts_finished_late_and_missing(
    client, teacher, student, classroom, readings, lessons
):
    late = UserFactory(username="siswa2", full_name="Citra Dewi")
    MembershipFactory(classroom=classroom, user=late)
    ReadingProgressFactory(user=student, lesson=lessons[0], finished_at=NOW - timedelta(days=3))
    ReadingProgressFactory(user=late, lesson=lessons[0], finished_at=NOW - timedelta(days=1))
    ReadingProgressFactory(user=late, lesson=lessons[1])
    client.force_login(teacher)
    response = client.get(reverse("progress:classroom", args=[classroom.pk]))
    data = response.context["readings"]
    first, second, whole = data.columns
    assert (first.finished, first.counts[ReadingState.LATE]) == (2, 1)
    assert second.counts[ReadingState.IN_PROGRESS] == 1
    assert whole.counts[ReadingState.NOT_STARTED] == 0
    rows = {row.membership.user.username: row.states for row in data.rows}
    assert rows["siswa1"] == [ReadingState.DONE, ReadingState.NOT_STARTED, ReadingState.IN_PROGRESS]
    assert rows["siswa2"] == [ReadingState.LATE, ReadingState.IN_PROGRESS, ReadingState.IN_PROGRESS]
    assert classroom.join_code in response.text


def test_class_page_counts_missing_after_the_due_date(client, teacher, student, readings):
    client.force_login(teacher)
    data = client.get(reverse("progress:classroom", args=[readings[0].classroom.pk])).context[
        "readings"
    ]
    assert data.columns[0].counts[ReadingState.MISSING] == 1
    assert data.rows[0].missing == 1


def test_removed_student_leaves_the_class_page_but_keeps_progress(
    client, teacher, student, classroom, readings, lessons
):
    ReadingProgressFactory(user=student, lesson=lessons[0], finished_at=NOW)
    Membership.objects.filter(user=student).delete()
    client.force_login(teacher)
    data = client.get(reverse("progress:classroom", args=[classroom.pk])).context["readings"]
    assert data.rows == []
    assert student.reading_progress.count() == 1


def _class_of(size, lesson_count, classroom, course):
    lessons = [LessonFactory(course=course, position=i) for i in range(lesson_count)]
    for lesson in lessons:
        ReadingAssignmentFactory(classroom=classroom, lesson=lesson)
    ReadingAssignmentFactory(classroom=classroom, lesson=None, course=course)
    quiz = QuizFactory(course=course)
    make_question(quiz, "single")
    make_question(quiz, "essay")
    quiz_assignment = QuizAssignmentFactory(classroom=classroom, quiz=quiz)
    students = [UserFactory() for _ in range(size)]
    for user in students:
        MembershipFactory(classroom=classroom, user=user)
        for lesson in lessons[::2]:
            ReadingProgressFactory(user=user, lesson=lesson, finished_at=NOW)
        attempt = start_attempt(assignment=quiz_assignment, student=user)
        submit_attempt(attempt=attempt)
    return students


@pytest.mark.parametrize(("size", "lesson_count"), [(1, 1), (30, 1), (1, 8), (30, 8)])
def test_class_page_and_dashboard_queries_do_not_grow(
    client, teacher, classroom, course, size, lesson_count, django_assert_num_queries
):
    students = _class_of(size, lesson_count, classroom, course)
    client.force_login(teacher)
    with django_assert_num_queries(10):
        client.get(reverse("progress:classroom", args=[classroom.pk]))
    with django_assert_num_queries(6):  # + the quizzes of classes they attend: none
        client.get(reverse("progress:dashboard"))
    client.force_login(students[0])
    with django_assert_num_queries(10):  # + quiz assignments, own accommodations, own attempts
        client.get(reverse("progress:dashboard"))
