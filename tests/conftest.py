import pytest
from django.core.cache import cache

from classrooms.models import Membership

from .factories import (
    ClassroomFactory,
    CourseFactory,
    LessonFactory,
    MembershipFactory,
    ReadingAssignmentFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    """A fast password hasher and plain static storage (no collectstatic manifest needed)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # checks handed-out passwords
    ]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Never a shared Redis from the shell's environment: each test empties its cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: class-code counts and gradebooks of earlier tests
    (whose ids a later test may reuse) must not leak into it."""
    cache.clear()


@pytest.fixture
def classroom(db):
    return ClassroomFactory(name="XI IPS 1")


@pytest.fixture
def other_classroom(db):
    return ClassroomFactory(name="XI IPS 2")


@pytest.fixture
def teacher(classroom):
    user = UserFactory(username="guru", full_name="Bu Sari")
    MembershipFactory(classroom=classroom, user=user, role=Membership.Role.TEACHER)
    return user


@pytest.fixture
def student(classroom):
    user = UserFactory(username="siswa1", full_name="Budi Santoso")
    MembershipFactory(classroom=classroom, user=user, role=Membership.Role.STUDENT)
    return user


@pytest.fixture
def other_teacher(other_classroom):
    user = UserFactory(username="guru2", full_name="Pak Joko")
    MembershipFactory(classroom=other_classroom, user=user, role=Membership.Role.TEACHER)
    return user


@pytest.fixture
def other_student(other_classroom):
    user = UserFactory(username="siswa9", full_name="Ani Lestari")
    MembershipFactory(classroom=other_classroom, user=user, role=Membership.Role.STUDENT)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(
        username="admin", full_name="Admin Sekolah", is_staff=True, is_superuser=True
    )


@pytest.fixture
def course(db):
    return CourseFactory(title="Kerjasama Internasional", slug="kerjasama-internasional")


@pytest.fixture
def lessons(course):
    return [
        LessonFactory(course=course, title=f"Bagian {i}", slug=f"bagian-{i}", position=i)
        for i in range(1, 4)
    ]


@pytest.fixture
def assignment(classroom, lessons, teacher):
    """The first lesson assigned to the class, due in a week."""
    return ReadingAssignmentFactory(classroom=classroom, lesson=lessons[0], assigned_by=teacher)
