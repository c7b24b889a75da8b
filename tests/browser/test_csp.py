"""Every main page, for each role and the Django admin included, runs with zero CSP violations.

The browser reports each violation as a `securitypolicyviolation` event (collected by an init
script, so events before our code runs count too) and as a console error.
"""

import pytest
from django.urls import reverse

from accounts.models import User
from classrooms.models import Classroom
from lessons.models import Lesson
from quizzes.attempts import start_attempt
from quizzes.models import Question, QuizAssignment

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} `
                    + `at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def pages(role):
    classroom = Classroom.objects.get(name="XI IPS 1")
    lesson = Lesson.objects.order_by("course", "position").first()
    course = lesson.course
    assignment = QuizAssignment.objects.select_related("quiz").first()
    quiz = assignment.quiz
    if role == "siswa1":
        attempt = start_attempt(assignment=assignment, student=User.objects.get(username=role))
        return [
            reverse("progress:dashboard"),
            reverse("progress:mine"),
            reverse("lessons:course_list"),
            reverse("lessons:course", kwargs={"slug": course.slug}),
            reverse("lessons:lesson", kwargs={"slug": course.slug, "lesson_slug": lesson.slug}),
            reverse("accounts:profile"),
            reverse("password_change"),
            reverse("classrooms:join"),
            reverse("quizzes:assignment", kwargs={"pk": assignment.pk}),
            reverse("quizzes:attempt", kwargs={"pk": attempt.pk}),  # taking the quiz
            reverse("quizzes:submit", kwargs={"pk": attempt.pk}),
            "/tidak-ada/",  # the 404 page
        ]
    if role == "guru":
        question = Question.objects.filter(quiz=quiz).first()
        return [
            reverse("progress:dashboard"),
            reverse("progress:classroom", kwargs={"pk": classroom.pk}),
            reverse("progress:gradebook", kwargs={"pk": classroom.pk}),
            reverse("progress:quiz", kwargs={"pk": assignment.pk}),
            reverse("progress:school"),
            reverse("lessons:assign", kwargs={"slug": course.slug}),
            reverse("quizzes:list"),
            reverse("quizzes:create"),
            reverse("quizzes:detail", kwargs={"pk": quiz.pk}),
            reverse("quizzes:preview", kwargs={"pk": quiz.pk}),
            reverse("quizzes:question_update", kwargs={"pk": question.pk}),
            reverse("quizzes:question_create", kwargs={"pk": quiz.pk, "type": "matching"}),
            reverse("quizzes:assign", kwargs={"pk": quiz.pk}),
            reverse("quizzes:results", kwargs={"pk": assignment.pk}),
            reverse("quizzes:grading", kwargs={"pk": assignment.pk}),
            reverse("quizzes:accommodations", kwargs={"pk": assignment.pk}),
        ]
    student = User.objects.get(username="siswa1")
    return [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[student.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:classrooms_classroom_changelist"),
        reverse("admin:classrooms_classroom_change", args=[classroom.pk]),
        reverse("admin:classrooms_classroom_import_roster"),
        reverse("admin:quizzes_quiz_changelist"),
        reverse("admin:quizzes_quiz_change", args=[quiz.pk]),
        reverse("admin:lessons_lesson_change", args=[lesson.pk]),
    ]


def visit_all(page, base, urls):
    console = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    found = {}
    for url in urls:
        console.clear()
        response = page.goto(base + url)
        assert response.status < 500, url
        page.wait_for_load_state("load")
        violations = page.evaluate("() => window.__csp") + console
        if violations:
            found[url] = violations
    return found


@pytest.mark.parametrize("role", ["siswa1", "guru", "admin"])
def test_pages_run_without_csp_violations(demo_school, live_server, new_page, role):
    page = new_page()
    page.add_init_script(COLLECT)
    found = visit_all(page, live_server.url, ["/accounts/login/"])
    sign_in(page, live_server, role)
    found |= visit_all(page, live_server.url, pages(role))
    report = "\n".join(f"{url}:\n  " + "\n  ".join(v) for url, v in found.items())
    assert not found, f"CSP violations:\n{report}"


def test_the_collector_sees_a_violation(demo_school, live_server, new_page):
    """The listener works: an inline style set by a script is reported."""
    page = new_page()
    page.add_init_script(COLLECT)
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("() => { document.body.setAttribute('style', 'color: red'); }")
    page.wait_for_function("() => window.__csp && window.__csp.length > 0", timeout=5000)
