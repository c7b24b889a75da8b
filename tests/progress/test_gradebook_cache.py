"""The gradebook is built once per change and served from the cache until then.

What makes that safe is the class's `GradebookVersion` token, which database triggers change
with every write that can change the gradebook (progress/triggers.py). These tests write to
every watched table the ways the app and the admin do, and check that the token moves for the
class concerned and no other; and that the page after each kind of change is the page built
from scratch."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from classrooms.models import Membership
from classrooms.services import join_classroom, remove_student
from lessons.models import Course, Lesson, ReadingAssignment, ReadingProgress
from lessons.services import finish_lesson, record_opening
from progress.models import GradebookVersion
from progress.triggers import WATCHED
from quizzes.attempts import start_attempt, submit_attempt
from quizzes.models import Accommodation, Attempt, Quiz, QuizAssignment

from ..factories import (
    ClassroomFactory,
    CourseFactory,
    LessonFactory,
    MembershipFactory,
    QuizAssignmentFactory,
    QuizFactory,
    ReadingAssignmentFactory,
    UserFactory,
    make_question,
)

NOW = timezone.now()

# Committed writes, as in production: on PostgreSQL the token changes when the writer commits
# (progress/triggers.py), which a test wrapped in one transaction would never do.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def work(classroom, teacher, student, other_classroom, other_student):
    """Two classes with their own courses: a reading and a quiz each."""
    mine, theirs = CourseFactory(slug="mine"), CourseFactory(slug="theirs")
    lesson, other_lesson = LessonFactory(course=mine), LessonFactory(course=theirs)
    quiz, other_quiz = QuizFactory(course=mine), QuizFactory(course=theirs)
    make_question(quiz, "multiple_choice")
    reading = ReadingAssignmentFactory(
        classroom=classroom, course=mine, lesson=lesson, due_at=NOW + timedelta(days=3)
    )
    ReadingAssignmentFactory(
        classroom=other_classroom, course=theirs, lesson=other_lesson, due_at=NOW
    )
    assignment = QuizAssignmentFactory(
        classroom=classroom, quiz=quiz, opens_at=NOW - timedelta(days=1)
    )
    QuizAssignmentFactory(classroom=other_classroom, quiz=other_quiz)
    # The assigned lesson is opened, not finished; another lesson of the course is not opened.
    record_opening(student=student, lesson=lesson, progress=None)
    fresh = LessonFactory(course=mine)
    # Another student's handed-in quiz (a score for a teacher to change).
    citra = UserFactory(full_name="Citra Dewi")
    MembershipFactory(classroom=classroom, user=citra)
    Attempt.objects.create(
        assignment=assignment,
        student=citra,
        number=1,
        state=Attempt.State.SUBMITTED,
        started_at=NOW - timedelta(hours=2),
        deadline=NOW - timedelta(hours=1),
        submitted_at=NOW - timedelta(hours=1),
        score=Decimal(0),
        max_score=Decimal(1),
    )
    return {
        "course": mine,
        "lesson": lesson,
        "fresh": fresh,
        "quiz": quiz,
        "reading": reading,
        "assignment": assignment,
        "classroom": classroom,
        "student": student,
        "other": other_classroom,
    }


def token(classroom) -> str:
    return GradebookVersion.of(classroom.pk)


def started(w):
    return start_attempt(assignment=w["assignment"], student=w["student"])


# Each write the app or the admin can make, and whether the class's gradebook may change.
WRITES = {
    "a student opens a lesson for the first time": (
        lambda w: record_opening(student=w["student"], lesson=w["fresh"], progress=None),
        True,
    ),
    "a student opens it again later (only 'last opened' moves)": (
        lambda w: ReadingProgress.objects.filter(user=w["student"]).update(
            last_opened_at=timezone.now()
        ),
        False,
    ),
    "a student finishes a lesson": (
        lambda w: finish_lesson(student=w["student"], lesson=w["lesson"]),
        True,
    ),
    "a student starts a quiz": (started, True),
    "a student hands a quiz in": (lambda w: submit_attempt(attempt=started(w)), True),
    "a teacher's grade changes a score": (
        lambda w: Attempt.objects.filter(assignment=w["assignment"]).update(score=Decimal(1)),
        True,
    ),
    "a student signs in (last_login)": (
        lambda w: User.objects.filter(pk=w["student"].pk).update(last_login=timezone.now()),
        False,
    ),
    "a student's name is corrected": (
        lambda w: User.objects.filter(pk=w["student"].pk).update(full_name="Budi S."),
        True,
    ),
    "a student joins with the class code": (
        lambda w: join_classroom(student=UserFactory(), code=w["classroom"].join_code),
        True,
    ),
    "a student is removed from the class": (
        lambda w: remove_student(membership=Membership.objects.get(user=w["student"])),
        True,
    ),
    "the admin changes when a student joined": (
        lambda w: Membership.objects.filter(user=w["student"]).update(joined_at=NOW),
        True,
    ),
    "a reading is assigned": (
        lambda w: ReadingAssignmentFactory(
            classroom=w["classroom"], course=w["course"], lesson=None, due_at=NOW
        ),
        True,
    ),
    "a reading's due date moves": (
        lambda w: ReadingAssignment.objects.filter(pk=w["reading"].pk).update(due_at=NOW),
        True,
    ),
    "a reading is removed": (lambda w: w["reading"].delete(), True),
    "a quiz is assigned": (
        lambda w: QuizAssignmentFactory(classroom=w["classroom"], quiz=QuizFactory()),
        True,
    ),
    "a quiz's close date moves": (
        lambda w: QuizAssignment.objects.filter(pk=w["assignment"].pk).update(closes_at=NOW),
        True,
    ),
    "a student is given extra time": (
        lambda w: Accommodation.objects.create(
            assignment=w["assignment"], student=w["student"], extra_time=timedelta(minutes=30)
        ),
        True,
    ),
    "the admin unpublishes a lesson (a bulk update)": (
        lambda w: Lesson.objects.filter(pk=w["lesson"].pk).update(is_published=False),
        True,
    ),
    "a lesson is added to the course": (lambda w: LessonFactory(course=w["course"]), True),
    "the course is renamed": (
        lambda w: Course.objects.filter(pk=w["course"].pk).update(title="Baru"),
        True,
    ),
    "the quiz is renamed": (
        lambda w: Quiz.objects.filter(pk=w["quiz"].pk).update(title="Kuis baru"),
        True,
    ),
}


@pytest.mark.parametrize(("write", "changes"), WRITES.values(), ids=WRITES.keys())
def test_the_token_moves_with_every_write_that_can_change_the_gradebook(work, write, changes):
    before, other_before = token(work["classroom"]), token(work["other"])
    write(work)
    assert (token(work["classroom"]) != before) is changes
    assert token(work["other"]) == other_before  # another class's work is not this one's


def test_every_watched_table_is_written_by_one_of_the_cases_above(work):
    # A table added to WATCHED without a write case above would go untested.
    written = set()
    for write, _changes in WRITES.values():
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            write(work)
            transaction.set_rollback(True)  # each case from the same starting point
        for query in queries:
            match = re.match(r'(?:INSERT INTO|UPDATE|DELETE FROM) "(\w+)"', query["sql"])
            if match:
                written.add(match[1])
    assert set(WATCHED) <= written, set(WATCHED) - written


def test_a_new_class_has_a_token_and_a_deleted_one_takes_it_along(db):
    classroom = ClassroomFactory()
    MembershipFactory(classroom=classroom)
    assert token(classroom)
    pk = classroom.pk
    classroom.delete()  # its memberships go first; their triggers find no token to change
    assert not GradebookVersion.objects.filter(pk=pk).exists()


def page(client, classroom, **params):
    """The gradebook's table and student picker (the rest of the page holds CSRF tokens,
    which differ on every response)."""
    text = client.get(reverse("progress:gradebook", args=[classroom.pk]), params).text
    return text[text.index('<form method="get"') : text.index('<section class="mt-3 small"')]


@pytest.fixture
def gradebook_client(client, teacher):
    client.force_login(teacher)
    return client


def test_a_second_view_comes_from_the_cache_and_equals_a_fresh_build(
    work, gradebook_client, django_assert_num_queries
):
    first = page(gradebook_client, work["classroom"])
    with django_assert_num_queries(6):  # session, user, roles, class, teacher?, token: no data
        again = page(gradebook_client, work["classroom"])
    cache.clear()
    assert again == first == page(gradebook_client, work["classroom"])


@pytest.mark.parametrize(("write", "changes"), WRITES.values(), ids=WRITES.keys())
def test_after_any_write_the_page_is_the_page_built_from_scratch(
    work, gradebook_client, write, changes
):
    page(gradebook_client, work["classroom"])  # now in the cache
    write(work)
    shown = page(gradebook_client, work["classroom"])
    cache.clear()
    assert shown == page(gradebook_client, work["classroom"])


def row_of(table: str, name: str) -> str:
    body = table.split("<tbody>")[1]
    return next(tr for tr in body.split("<tr>") if name in tr)


def test_a_student_finishing_shows_at_once(work, gradebook_client):
    budi = row_of(page(gradebook_client, work["classroom"]), "Budi Santoso")
    assert "state-in_progress" in budi and "state-done" not in budi
    finish_lesson(student=work["student"], lesson=work["lesson"])
    budi = row_of(page(gradebook_client, work["classroom"]), "Budi Santoso")
    assert "sudah dibaca" in budi  # read


def test_the_clock_alone_ends_a_cached_gradebook(work, gradebook_client, monkeypatch):
    QuizAssignment.objects.filter(pk=work["assignment"].pk).update(
        closes_at=NOW + timedelta(hours=1)
    )
    budi = row_of(page(gradebook_client, work["classroom"]), "Budi Santoso")
    assert "belum dikerjakan" not in budi  # the quiz is open: not missing yet
    later = NOW + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    budi = row_of(page(gradebook_client, work["classroom"]), "Budi Santoso")
    assert '0,0% <span class="small">(belum dikerjakan)</span>' in budi  # closed: missing


def test_each_language_sort_and_student_has_its_own_table(work, gradebook_client, teacher):
    indonesian = page(gradebook_client, work["classroom"])
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    english = page(gradebook_client, work["classroom"])
    assert "Urutkan" in indonesian and "Sort by" in english
    by_read = page(gradebook_client, work["classroom"], sort="read")
    assert 'value="read" selected' in by_read
    one = page(gradebook_client, work["classroom"], student=work["student"].pk)
    assert f'value="{work["student"].pk}" selected' in one
