from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import start_attempt, submit_attempt
from quizzes.models import Attempt, Choice, Question, Quiz, QuizAssignment

from ..factories import LessonFactory


def admin_url(model, action, *args):
    return reverse(f"admin:quizzes_{model._meta.model_name}_{action}", args=args)


def posted(response, **changes) -> dict:
    """What the admin page would post back as shown (the form and its inlines), with `changes`."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = str(getattr(value, "pk", value))
    data.update(changes)
    return data


@pytest.fixture
def answered(quiz_assignment, student):
    """The quiz has a submitted attempt."""
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    return submit_attempt(attempt=attempt)


@pytest.mark.parametrize("model", [Quiz, Question, QuizAssignment, Attempt])
def test_admin_lists_and_shows_quizzes_and_attempts(client, staff, quiz, answered, model):
    client.force_login(staff)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    obj = model.objects.first()
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [Quiz, Question, QuizAssignment])
def test_admin_add_pages_load(client, staff, model):
    client.force_login(staff)
    assert client.get(admin_url(model, "add")).status_code == 200


def test_attempts_cannot_be_added_changed_or_deleted_in_the_admin(client, staff, answered):
    client.force_login(staff)
    page = client.get(admin_url(Attempt, "change", answered.pk))
    assert not page.context["has_change_permission"]
    assert client.get(admin_url(Attempt, "add")).status_code == 403
    assert client.post(admin_url(Attempt, "delete", answered.pk)).status_code == 403
    assert Attempt.objects.filter(pk=answered.pk).exists()


def test_question_is_saved_with_its_choices_in_the_admin(client, staff, quiz):
    question = quiz.questions.get(type="single")
    first, *_others = question.choices.all()
    client.force_login(staff)
    url = admin_url(Question, "change", question.pk)
    data = posted(
        client.get(url),
        text="Diubah di admin?",
        **{
            "choices-0-fraction": "0",
            "choices-0-feedback": "Bukan ini.",
            "choices-1-fraction": "1",
            "choices-2-DELETE": "on",
            "choices-3-text": "Pilihan dari admin",
            "choices-3-fraction": "-0.5",
            "choices-3-position": "9999",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    question.refresh_from_db()
    assert question.text == "Diubah di admin?"
    assert [(c.text, c.fraction, c.feedback) for c in question.choices.all()] == [
        ("Benar", Decimal(0), "Bukan ini."),
        ("Salah satu", Decimal(1), ""),
        ("Pilihan dari admin", Decimal("-0.5"), ""),
    ]
    assert question.choices.first().pk == first.pk


def test_admin_refuses_a_lesson_of_another_course(client, staff, quiz):
    question = quiz.questions.get(type="essay")
    client.force_login(staff)
    url = admin_url(Question, "change", question.pk)
    response = client.post(url, posted(client.get(url), lesson=str(LessonFactory().pk)))
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.lesson is None


def test_admin_keeps_a_quiz_students_have_answered(client, staff, quiz, answered):
    client.force_login(staff)
    url = admin_url(Quiz, "delete", quiz.pk)
    assert client.get(url).context["perms_lacking"]  # attempts are never deleted in the admin
    client.post(url, {"post": "yes"})
    changelist = admin_url(Quiz, "changelist")
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [quiz.pk], "post": "yes"}
    )
    assert Quiz.objects.filter(pk=quiz.pk).exists()
    assert Attempt.objects.filter(pk=answered.pk).exists()


def test_admin_keeps_an_assignment_students_have_answered(client, staff, answered):
    client.force_login(staff)
    url = admin_url(QuizAssignment, "delete", answered.assignment_id)
    client.post(url, {"post": "yes"})
    assert QuizAssignment.objects.filter(pk=answered.assignment_id).exists()
    assert Attempt.objects.filter(pk=answered.pk).exists()


def test_admin_keeps_an_answered_question_but_its_choices_may_change(client, staff, quiz, answered):
    question = quiz.questions.get(type="short")
    client.force_login(staff)
    client.post(admin_url(Question, "delete", question.pk), {"post": "yes"})
    assert Question.objects.filter(pk=question.pk).exists()
    url = admin_url(Quiz, "change", quiz.pk)
    index = list(quiz.questions.order_by("position", "pk")).index(question)
    response = client.post(url, posted(client.get(url), **{f"questions-{index}-DELETE": "on"}))
    assert response.status_code == 200  # refused with an explanation
    assert Question.objects.filter(pk=question.pk).exists()
    Choice.objects.filter(question=question).delete()  # versions keep what the attempt was given
    assert answered.questions.get(version__question=question).version.data["choices"]


def test_admin_deletes_a_quiz_nobody_has_answered(client, staff, quiz):
    client.force_login(staff)
    response = client.post(admin_url(Quiz, "delete", quiz.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Quiz.objects.exists()


def test_a_later_close_date_set_in_the_admin_reaches_the_attempts_under_way(
    client, staff, quiz_assignment, student
):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    later = timezone.localtime(quiz_assignment.closes_at + timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    client.force_login(staff)
    url = admin_url(QuizAssignment, "change", quiz_assignment.pk)
    data = posted(client.get(url))
    opens = timezone.localtime(quiz_assignment.opens_at)
    for name, moment in [("opens_at", opens), ("closes_at", later)]:
        data.pop(name, None)
        data[f"{name}_0"] = moment.strftime("%d-%m-%Y")
        data[f"{name}_1"] = moment.strftime("%H:%M:%S")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    attempt.refresh_from_db()
    assert attempt.deadline == later
