"""Every page × every role. A new URL without a row here fails `test_every_url_is_in_the_matrix`."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from quizzes.attempts import start_attempt

from .factories import QuizAssignmentFactory, QuizFactory, ReadingAssignmentFactory, make_question

ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "staff"]
LOGIN = "login"  # a redirect to the sign-in page
ADMIN_LOGIN = "admin_login"

# name: (method, kwargs, expected per role in ROLES order)
# 404: no such object for this user, missing or not theirs (the two look the same): the access
# modules (classrooms/, lessons/, quizzes/access.py). 403: a page that is no object's and not for
# this role (a student's quiz list).
MATRIX = {
    "healthz": ("get", {}, [200, 200, 200, 200, 200, 200]),
    "login": ("get", {}, [200, 302, 302, 302, 302, 302]),
    "logout": ("post", {}, [302, 302, 302, 302, 302, 302]),
    "password_change": ("get", {}, [LOGIN, 200, 200, 200, 200, 200]),
    "password_change_done": ("get", {}, [LOGIN, 200, 200, 200, 200, 200]),
    "accounts:language": ("post", {}, [302, 302, 302, 302, 302, 302]),
    "accounts:profile": ("get", {}, [LOGIN, 200, 200, 200, 200, 200]),
    "progress:dashboard": ("get", {}, [LOGIN, 200, 200, 200, 200, 200]),
    "progress:classroom": ("get", {"pk": "classroom"}, [LOGIN, 404, 404, 200, 404, 200]),
    # Progress: gradebook, reports and exports
    "progress:mine": ("get", {}, [LOGIN, 200, 200, 200, 200, 200]),
    "progress:school": ("get", {}, [LOGIN, 403, 403, 200, 200, 200]),
    "progress:gradebook": ("get", {"pk": "classroom"}, [LOGIN, 404, 404, 200, 404, 200]),
    "progress:gradebook_csv": ("get", {"pk": "classroom"}, [LOGIN, 404, 404, 200, 404, 200]),
    "progress:gradebook_xlsx": ("get", {"pk": "classroom"}, [LOGIN, 404, 404, 200, 404, 200]),
    "progress:student": (
        "get",
        {"pk": "classroom", "user_pk": "student"},
        [LOGIN, 404, 404, 200, 404, 200],
    ),
    "progress:reading": ("get", {"pk": "assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    "progress:quiz": ("get", {"pk": "quiz_assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    "progress:quiz_csv": ("get", {"pk": "quiz_assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    "progress:quiz_xlsx": ("get", {"pk": "quiz_assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    "classrooms:join": ("get", {}, [LOGIN, 200, 200, 200, 200, 200]),
    "classrooms:reset_code": ("post", {"pk": "classroom"}, [LOGIN, 404, 404, 302, 404, 302]),
    "classrooms:remove_student": (
        "get",
        {"pk": "classroom", "user_pk": "student"},
        [LOGIN, 404, 404, 200, 404, 200],
    ),
    "lessons:course_list": ("get", {}, [LOGIN, 200, 200, 200, 200, 200]),
    "lessons:course": ("get", {"slug": "course"}, [LOGIN, 200, 404, 200, 200, 200]),
    "lessons:lesson": (
        "get",
        {"slug": "course", "lesson_slug": "lesson"},
        [LOGIN, 200, 404, 200, 200, 200],
    ),
    "lessons:finish": (
        "post",
        {"slug": "course", "lesson_slug": "lesson"},
        [LOGIN, 302, 404, 302, 302, 302],
    ),
    "lessons:assign": ("get", {"slug": "course"}, [LOGIN, 403, 404, 200, 200, 200]),
    "lessons:assignment_update": ("get", {"pk": "assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    "lessons:assignment_delete": ("get", {"pk": "assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    # Quizzes: writing (a quiz written by the teacher, assigned to their class)
    "quizzes:list": ("get", {}, [LOGIN, 403, 403, 200, 200, 200]),
    "quizzes:create": ("get", {}, [LOGIN, 403, 403, 200, 200, 200]),
    "quizzes:detail": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:update": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:delete": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:duplicate": ("post", {"pk": "quiz"}, [LOGIN, 404, 404, 302, 404, 302]),
    "quizzes:preview": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:question_create": (
        "get",
        {"pk": "quiz", "type": "single_type"},
        [LOGIN, 404, 404, 200, 404, 200],
    ),
    "quizzes:question_update": ("get", {"pk": "question"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:question_delete": ("get", {"pk": "question"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:question_duplicate": (
        "post",
        {"pk": "question"},
        [LOGIN, 404, 404, 302, 404, 302],
    ),
    "quizzes:question_move": ("post", {"pk": "question"}, [LOGIN, 404, 404, 302, 404, 302]),
    # Quizzes: assigning, following, grading
    "quizzes:assign": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:regrade": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:results": ("get", {"pk": "quiz_assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:assignment_update": (
        "get",
        {"pk": "quiz_assignment"},
        [LOGIN, 404, 404, 200, 404, 200],
    ),
    "quizzes:assignment_delete": (
        "get",
        {"pk": "quiz_assignment"},
        [LOGIN, 404, 404, 200, 404, 200],
    ),
    "quizzes:accommodations": (
        "get",
        {"pk": "quiz_assignment"},
        [LOGIN, 404, 404, 200, 404, 200],
    ),
    "quizzes:grading": ("get", {"pk": "quiz_assignment"}, [LOGIN, 404, 404, 200, 404, 200]),
    # An empty grade is refused with the form shown again (400) to those who may grade.
    "quizzes:grade": ("post", {"pk": "essay_answer"}, [LOGIN, 404, 404, 400, 404, 400]),
    # Quizzes: taking (the student has an attempt in progress; only they may answer it, and
    # only a student of the class may start one)
    "quizzes:assignment": ("get", {"pk": "quiz_assignment"}, [LOGIN, 200, 404, 302, 404, 302]),
    "quizzes:start": ("post", {"pk": "quiz_assignment"}, [LOGIN, 302, 404, 404, 404, 404]),
    "quizzes:attempt": ("get", {"pk": "attempt"}, [LOGIN, 200, 404, 200, 404, 200]),
    "quizzes:answer": ("post", {"pk": "attempt"}, [LOGIN, 302, 404, 404, 404, 404]),
    "quizzes:submit": ("get", {"pk": "attempt"}, [LOGIN, 200, 404, 404, 404, 404]),
    "quizzes:time": ("get", {"pk": "attempt"}, [LOGIN, 200, 404, 404, 404, 404]),
    # Quizzes: GIFT import and export, drafts from a course
    "quizzes:gift_import": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:gift_export": ("get", {"pk": "quiz"}, [LOGIN, 404, 404, 200, 404, 200]),
    "quizzes:draft": ("get", {"slug": "course"}, [LOGIN, 403, 403, 200, 200, 200]),
    "admin:index": (
        "get",
        {},
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200],
    ),
}


def url_names(resolver=None, namespace=""):
    """Every named URL of the project; the admin counts as one page (its own tests cover it)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    assert set(url_names()) == set(MATRIX)


@pytest.fixture
def world(
    classroom, other_classroom, teacher, student, other_teacher, other_student, staff, lessons
):
    assignment = ReadingAssignmentFactory(classroom=classroom, lesson=lessons[0])
    quiz = QuizFactory(course=lessons[0].course, created_by=teacher)
    make_question(quiz, "single")
    essay = make_question(quiz, "essay")
    quiz_assignment = QuizAssignmentFactory(classroom=classroom, quiz=quiz)
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    return {
        "users": {
            "anonymous": None,
            "student": student,
            "other_student": other_student,
            "teacher": teacher,
            "other_teacher": other_teacher,
            "staff": staff,
        },
        "values": {
            "classroom": classroom.pk,
            "student": student.pk,
            "course": lessons[0].course.slug,
            "lesson": lessons[0].slug,
            "assignment": assignment.pk,
            "quiz": quiz.pk,
            "single_type": "single",
            "question": essay.pk,
            "quiz_assignment": quiz_assignment.pk,
            "attempt": attempt.pk,
            "essay_answer": attempt.questions.get(version__question=essay).pk,
        },
    }


CASES = [pytest.param(name, role, id=f"{name}-{role}") for name in MATRIX for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_access(client, world, name, role):
    method, kwargs, expected = MATRIX[name]
    expected = expected[ROLES.index(role)]
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs={key: world["values"][value] for key, value in kwargs.items()})
    data = {"language": "id"} if name == "accounts:language" else {}
    response = getattr(client, method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected
