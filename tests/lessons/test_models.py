import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from classrooms.models import Classroom, Membership
from lessons.models import Course, Lesson, ReadingAssignment, lesson_to_read

from ..factories import (
    LessonFactory,
    MembershipFactory,
    ReadingAssignmentFactory,
    ReadingProgressFactory,
    UserFactory,
)


@pytest.fixture
def school(classroom, other_classroom, teacher, student, other_teacher, other_student, staff):
    """A course for each class, one nobody is given, a draft, a user who teaches one class
    and attends the other, and a user in no class at all."""
    mine, theirs, _unassigned = (LessonFactory() for _ in range(3))
    draft = LessonFactory(course=mine.course, is_published=False)
    ReadingAssignmentFactory(classroom=classroom, lesson=mine)
    ReadingAssignmentFactory(classroom=other_classroom, lesson=theirs)
    both = MembershipFactory(classroom=classroom, role=Membership.Role.TEACHER).user
    MembershipFactory(classroom=other_classroom, user=both)
    loner = UserFactory()
    users = [teacher, student, other_teacher, other_student, staff, both, loner, AnonymousUser()]
    return {
        "users": users,
        "mine": mine,
        "theirs": theirs,
        "draft": draft,
        "both": both,
        "loner": loner,
    }


def test_readings_assigned_to_a_user_are_those_of_the_classes_they_attend(school, student):
    for user in school["users"]:
        assert set(ReadingAssignment.objects.assigned_to(user)) == set(
            ReadingAssignment.objects.filter(classroom__in=Classroom.objects.attended_by(user))
        ), user
    assert [r.lesson for r in ReadingAssignment.objects.assigned_to(student)] == [school["mine"]]
    assert [r.lesson for r in ReadingAssignment.objects.assigned_to(school["both"])] == [
        school["theirs"]
    ]


def test_lessons_visible_to_a_user_are_the_published_ones_of_the_courses_they_see(
    school, student, staff
):
    for user in school["users"]:
        expected = Lesson.objects.published().filter(course__in=Course.objects.visible_to(user))
        if user.is_staff:
            expected = Lesson.objects.all()
        assert set(Lesson.objects.visible_to(user)) == set(expected), user
    assert list(Lesson.objects.visible_to(student)) == [school["mine"]]
    assert school["draft"] in Lesson.objects.visible_to(staff)
    assert not Lesson.objects.visible_to(school["loner"]).exists()
    assert not Course.objects.visible_to(school["loner"]).exists()


def test_the_lesson_page_lets_each_user_read_exactly_the_lessons_visible_to_them(
    school, other_classroom
):
    """`lesson_to_read` (the lesson page's plain SQL) against `Lesson.objects.visible_to`,
    for staff, teachers, students, a teacher who attends another class, a user in no class
    and a visitor, over a lesson of each kind: assigned, another class's, nobody's, a draft,
    and the lessons of a course assigned whole."""
    whole = LessonFactory()
    LessonFactory(course=whole.course)
    ReadingAssignmentFactory(classroom=other_classroom, course=whole.course, lesson=None)
    lessons = list(Lesson.objects.select_related("course"))
    for user in school["users"]:
        visible = set(Lesson.objects.visible_to(user))
        for lesson in lessons:
            found = lesson_to_read(user, lesson.course.slug, lesson.slug)
            assert (found is not None) == (lesson in visible), (user, lesson)
            if found:
                assert found.lesson == lesson
                assert found.lessons == [
                    other
                    for other in lessons
                    if other.course_id == lesson.course_id and other in visible
                ]
    # Right slugs, wrong pairing: a lesson is found only under its own course.
    mine, theirs = school["mine"], school["theirs"]
    assert lesson_to_read(school["both"], mine.course.slug, theirs.slug) is None


def test_the_lesson_page_reads_the_readers_own_progress(school, student, other_student):
    lesson = school["mine"]
    assert lesson_to_read(student, lesson.course.slug, lesson.slug).progress is None
    ReadingProgressFactory(user=other_student, lesson=lesson)
    assert lesson_to_read(student, lesson.course.slug, lesson.slug).progress is None
    mine = ReadingProgressFactory(user=student, lesson=lesson, finished_at=timezone.now())
    found = lesson_to_read(student, lesson.course.slug, lesson.slug).progress
    assert (found.pk, found.first_opened_at, found.last_opened_at, found.finished_at) == (
        mine.pk,
        mine.first_opened_at,
        mine.last_opened_at,
        mine.finished_at,
    )
