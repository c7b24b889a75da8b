import pytest
from django.contrib.auth.models import AnonymousUser

from classrooms.models import Membership
from lessons.models import Course, Lesson, ReadingAssignment

from ..factories import (
    LessonFactory,
    MembershipFactory,
    ReadingAssignmentFactory,
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
    assert [r.lesson for r in ReadingAssignment.objects.assigned_to(student)] == [school["mine"]]
    assert [r.lesson for r in ReadingAssignment.objects.assigned_to(school["both"])] == [
        school["theirs"]
    ]


def test_lessons_visible_to_a_user_are_the_published_ones_of_the_courses_they_see(
    school, student, teacher, staff
):
    assert list(Lesson.objects.visible_to(student)) == [school["mine"]]
    assert set(Lesson.objects.visible_to(teacher)) == set(Lesson.objects.published())
    assert school["draft"] not in Lesson.objects.visible_to(teacher)
    assert set(Lesson.objects.visible_to(staff)) == set(Lesson.objects.all())
    assert not Lesson.objects.visible_to(AnonymousUser()).exists()
    assert not Lesson.objects.visible_to(school["loner"]).exists()
    assert not Course.objects.visible_to(school["loner"]).exists()
