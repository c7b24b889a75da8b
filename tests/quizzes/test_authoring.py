from decimal import Decimal
from html import escape

import pytest
from django.urls import reverse

from quizzes.attempts import start_attempt, submit_attempt
from quizzes.models import Attempt, Choice, Question, Quiz, QuizAssignment

from ..factories import (
    CourseFactory,
    LessonFactory,
    QuizAssignmentFactory,
    QuizFactory,
    make_question,
)
from .conftest import KINDS


@pytest.fixture
def own_quiz(quiz, teacher):
    """The conftest quiz (one question of each type, in KINDS order), written by the teacher."""
    quiz.created_by = teacher
    quiz.save()
    return quiz


def question_of(quiz, kind) -> Question:
    return quiz.questions.get(type=kind)


def form_data(response, **changes) -> dict:
    """What the browser would post back for the question form as shown, with `changes`."""
    data = {}
    forms = [response.context["form"]]
    choices = response.context["choices"]
    if choices is not None:
        management = choices.management_form
        forms += [management, *choices.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif field.field.disabled:
                continue
            else:
                data[field.html_name] = "" if value is None else str(getattr(value, "pk", value))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def rows(*rows, start=0) -> dict:
    """Posted fields for choice rows given as dicts, from row `start` on."""
    return {
        f"choices-{start + i}-{name}": value
        for i, row in enumerate(rows)
        for name, value in row.items()
    }


def create_url(quiz, kind):
    return reverse("quizzes:question_create", args=[quiz.pk, kind])


def post_new(client, quiz, kind, *choice_rows, **fields):
    """Open the new-question form for `kind`, fill in the text and the rows, and post it."""
    page = client.get(create_url(quiz, kind))
    data = form_data(page, **{"text": "Apa itu kerjasama?", "points": "2", **fields})
    data.update(rows(*choice_rows))
    return client.post(create_url(quiz, kind), data)


def saved_choices(question) -> list[tuple]:
    return [
        (c.text, c.match, c.value, c.tolerance, c.fraction, c.feedback)
        for c in question.choices.order_by("position")
    ]


def errors_of(response) -> set[str]:
    """The codes of every error on the question page (form, rows and the choices as a whole)."""
    codes = {
        e.code for errors in response.context["form"].errors.as_data().values() for e in errors
    }
    choices = response.context["choices"]
    if choices is not None:
        codes |= {e.code for e in choices.non_form_errors().as_data()}
        for form in choices.forms:
            codes |= {e.code for errors in form.errors.as_data().values() for e in errors}
    return codes


def messages_of(response) -> list[str]:
    messages = [
        message
        for errors in response.context["form"].errors.as_data().values()
        for error in errors
        for message in error.messages
    ]
    choices = response.context["choices"]
    if choices is not None:
        messages += list(choices.non_form_errors())
        for form in choices.forms:
            messages += [m for errors in form.errors.values() for m in errors]
    return messages


# --- quizzes ---------------------------------------------------------------------------------


def test_quiz_list_groups_the_quizzes_a_teacher_may_edit_by_course(
    client, teacher, classroom, other_teacher, course
):
    mine = QuizFactory(course=course, title="Kuis saya", created_by=teacher)
    other_course = CourseFactory(title="Ekonomi")
    assigned = QuizFactory(course=other_course, title="Kuis rekan", created_by=other_teacher)
    QuizAssignmentFactory(quiz=assigned, classroom=classroom)
    QuizFactory(course=course, title="Kuis orang lain", created_by=other_teacher)
    client.force_login(teacher)
    response = client.get(reverse("quizzes:list"))
    assert response.status_code == 200
    assert [q.title for q in response.context["quizzes"]] == ["Kuis rekan", "Kuis saya"]
    assert "Kuis orang lain" not in response.text
    assert response.text.index("Ekonomi") < response.text.index(course.title)
    assert mine.get_absolute_url() in response.text


def test_quiz_list_of_one_course_links_to_a_new_quiz_for_it(client, teacher, course):
    QuizFactory(course=course, title="Kuis saya", created_by=teacher)
    QuizFactory(course=CourseFactory(), title="Kuis lain", created_by=teacher)
    client.force_login(teacher)
    response = client.get(reverse("quizzes:list"), {"course": course.slug})
    assert [q.title for q in response.context["quizzes"]] == ["Kuis saya"]
    assert f"{reverse('quizzes:create')}?course={course.slug}" in response.text


@pytest.mark.parametrize("n", [1, 15])
def test_quiz_list_queries_stay_flat(n, client, teacher, course, django_assert_num_queries):
    for quiz in QuizFactory.create_batch(n, course=course, created_by=teacher):
        make_question(quiz, "single")
    client.force_login(teacher)
    # session, user, teacher check, quizzes with their counts, role in the navigation
    with django_assert_num_queries(4):
        response = client.get(reverse("quizzes:list"))
    assert len(response.context["quizzes"]) == n


def test_teacher_creates_a_quiz_for_the_course_they_came_from(client, teacher, course):
    client.force_login(teacher)
    page = client.get(reverse("quizzes:create"), {"course": course.slug})
    assert page.context["form"]["course"].value() == course.pk
    response = client.post(
        reverse("quizzes:create"),
        {"course": course.pk, "title": "Kuis Bab 1", "instructions": "Jawab semua."},
    )
    quiz = Quiz.objects.get()
    assert response.url == quiz.get_absolute_url()
    assert (quiz.course, quiz.title, quiz.created_by) == (course, "Kuis Bab 1", teacher)


def test_teacher_edits_the_quiz_but_not_its_course_once_it_has_questions(client, teacher, own_quiz):
    client.force_login(teacher)
    url = reverse("quizzes:update", args=[own_quiz.pk])
    assert "course" not in client.get(url).context["form"].fields
    client.post(url, {"title": "Kuis baru", "instructions": "Baca dulu."})
    own_quiz.refresh_from_db()
    assert (own_quiz.title, own_quiz.instructions) == ("Kuis baru", "Baca dulu.")


@pytest.mark.parametrize("n", [5, 50])
def test_quiz_page_queries_stay_flat(
    n, client, teacher, course, lessons, django_assert_num_queries
):
    quiz = QuizFactory(course=course, created_by=teacher)
    for i in range(n):
        make_question(quiz, KINDS[i % len(KINDS)], lesson=lessons[i % len(lessons)])
    QuizAssignmentFactory.create_batch(2, quiz=quiz)
    client.force_login(teacher)
    # session, user, quiz, questions with lessons, submitted attempts?, assignments, nav role
    with django_assert_num_queries(7):
        response = client.get(quiz.get_absolute_url())
    assert response.text.count('name="direction" value="up"') == n
    assert lessons[0].title in response.text


def test_quiz_page_lists_its_classes_and_actions(client, teacher, own_quiz, quiz_assignment):
    client.force_login(teacher)
    response = client.get(own_quiz.get_absolute_url())
    for name in ("assign", "preview", "update", "duplicate", "delete"):
        assert reverse(f"quizzes:{name}", args=[own_quiz.pk]) in response.text
    assert reverse("quizzes:results", args=[quiz_assignment.pk]) in response.text
    assert quiz_assignment.classroom.name in response.text


def test_duplicate_quiz_copies_questions_and_choices_but_not_assignments(
    client, teacher, own_quiz, quiz_assignment
):
    client.force_login(teacher)
    response = client.post(reverse("quizzes:duplicate", args=[own_quiz.pk]))
    copy = Quiz.objects.exclude(pk=own_quiz.pk).get()
    assert response.url == copy.get_absolute_url()
    assert copy.created_by == teacher and copy.course == own_quiz.course
    assert [q.type for q in copy.questions.all()] == KINDS
    for original, copied in zip(own_quiz.questions.all(), copy.questions.all(), strict=True):
        assert copied.pk != original.pk
        assert saved_choices(copied) == saved_choices(original)
    assert not copy.assignments.exists()
    assert QuizAssignment.objects.count() == 1


def test_quiz_without_attempts_is_deleted_after_confirming(client, teacher, own_quiz):
    client.force_login(teacher)
    url = reverse("quizzes:delete", args=[own_quiz.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.url == reverse("quizzes:list")
    assert not Quiz.objects.exists() and not Choice.objects.exists()


def test_quiz_with_attempts_cannot_be_deleted(client, teacher, student, own_quiz, quiz_assignment):
    start_attempt(assignment=quiz_assignment, student=student)
    client.force_login(teacher)
    url = reverse("quizzes:delete", args=[own_quiz.pk])
    page = client.get(url)
    assert page.context["attempt_count"] == 1
    assert '<button type="submit" class="btn btn-danger">' not in page.text
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == own_quiz.get_absolute_url()
    assert Quiz.objects.filter(pk=own_quiz.pk).exists()
    assert Attempt.objects.count() == 1
    assert "alert-danger" in response.text


# --- writing questions -----------------------------------------------------------------------


def test_the_lesson_choices_are_the_lessons_of_the_quizs_course(client, teacher, own_quiz, lessons):
    elsewhere = LessonFactory(title="Pelajaran kursus lain")
    client.force_login(teacher)
    page = client.get(create_url(own_quiz, "essay"))
    assert list(page.context["form"].fields["lesson"].queryset) == lessons
    response = client.post(
        create_url(own_quiz, "essay"),
        form_data(page, text="Jelaskan.", lesson=str(elsewhere.pk)),
    )
    assert "invalid_choice" in errors_of(response)


def test_single_choice_is_created_with_percent_credit_and_feedback(
    client, teacher, own_quiz, lessons
):
    client.force_login(teacher)
    response = post_new(
        client,
        own_quiz,
        "single",
        {"text": "Kerjasama bilateral", "fraction": "100", "feedback": "Tepat."},
        {"text": "Kerjasama regional", "fraction": "50"},
        {"text": "Perang dagang", "fraction": "0", "feedback": "Bukan kerjasama."},
        lesson=str(lessons[1].pk),
        general_feedback="Baca bagian 2.",
    )
    question = own_quiz.questions.get(text="Apa itu kerjasama?")
    assert response.url == f"{own_quiz.get_absolute_url()}#question-{question.pk}"
    assert (question.type, question.points, question.lesson) == ("single", 2, lessons[1])
    assert question.general_feedback == "Baca bagian 2."
    assert question.position == len(KINDS)  # last in the quiz
    assert saved_choices(question) == [
        ("Kerjasama bilateral", "", None, 0, Decimal(1), "Tepat."),
        ("Kerjasama regional", "", None, 0, Decimal("0.5"), ""),
        ("Perang dagang", "", None, 0, Decimal(0), "Bukan kerjasama."),
    ]


def test_multiple_response_takes_weights_that_round_to_100(client, teacher, own_quiz):
    client.force_login(teacher)
    post_new(
        client,
        own_quiz,
        "multiple",
        {"text": "ASEAN", "fraction": "33,33333"},
        {"text": "APEC", "fraction": "33.33333"},
        {"text": "OPEC", "fraction": "33,33333"},
        {"text": "FIFA", "fraction": "-50", "feedback": "Bukan antarnegara."},
    )
    question = own_quiz.questions.get(text="Apa itu kerjasama?")
    assert [c[4] for c in saved_choices(question)] == [
        Decimal("0.3333333"),
        Decimal("0.3333333"),
        Decimal("0.3333333"),
        Decimal("-0.5"),
    ]


def test_true_false_makes_benar_and_salah_with_the_right_one_ticked(client, teacher, own_quiz):
    client.force_login(teacher)
    page = client.get(create_url(own_quiz, "true_false"))
    assert [f["text"].value() for f in page.context["choices"].forms] == ["Benar", "Salah"]
    data = form_data(page, text="PBB berdiri 1945.", points="1")
    data.update(rows({"feedback": "Ya, 24 Oktober 1945."}, {"fraction": "on", "feedback": "Cek."}))
    client.post(create_url(own_quiz, "true_false"), data)
    question = own_quiz.questions.get(text="PBB berdiri 1945.")
    assert saved_choices(question) == [
        ("Benar", "", None, 0, Decimal(0), "Ya, 24 Oktober 1945."),
        ("Salah", "", None, 0, Decimal(1), "Cek."),
    ]


def test_short_answer_keeps_every_accepted_answer(client, teacher, own_quiz):
    client.force_login(teacher)
    post_new(
        client,
        own_quiz,
        "short",
        {"text": "PBB"},
        {"text": "Perserikatan Bangsa-Bangsa"},
        {"text": "UN", "fraction": "50", "feedback": "Dalam bahasa Indonesia?"},
    )
    question = own_quiz.questions.get(text="Apa itu kerjasama?")
    assert saved_choices(question) == [
        ("PBB", "", None, 0, Decimal(1), ""),
        ("Perserikatan Bangsa-Bangsa", "", None, 0, Decimal(1), ""),
        ("UN", "", None, 0, Decimal("0.5"), "Dalam bahasa Indonesia?"),
    ]


def test_numerical_answer_takes_a_decimal_comma(client, teacher, own_quiz):
    client.force_login(teacher)
    post_new(client, own_quiz, "numerical", {"value": "2,5", "tolerance": "0,05"}, points="1,5")
    question = own_quiz.questions.get(text="Apa itu kerjasama?")
    assert question.points == Decimal("1.5")
    assert saved_choices(question) == [("", "", Decimal("2.5"), Decimal("0.05"), Decimal(1), "")]


def test_empty_credit_and_tolerance_mean_zero(client, teacher, own_quiz):
    client.force_login(teacher)
    post_new(
        client,
        own_quiz,
        "numerical",
        {"value": "190", "tolerance": "", "fraction": "100"},
        {"value": "-1,5", "tolerance": "0", "fraction": ""},
    )
    question = own_quiz.questions.get(text="Apa itu kerjasama?")
    assert [(c[2], c[3], c[4]) for c in saved_choices(question)] == [
        (190, 0, 1),
        (Decimal("-1.5"), 0, 0),
    ]


def test_matching_keeps_pairs_and_answers_without_an_item(client, teacher, own_quiz):
    client.force_login(teacher)
    post_new(
        client,
        own_quiz,
        "matching",
        {"text": "ASEAN", "match": "Asia Tenggara"},
        {"text": "Uni Eropa", "match": "Eropa"},
        {"match": "Afrika"},
    )
    question = own_quiz.questions.get(text="Apa itu kerjasama?")
    assert [(c[0], c[1]) for c in saved_choices(question)] == [
        ("ASEAN", "Asia Tenggara"),
        ("Uni Eropa", "Eropa"),
        ("", "Afrika"),
    ]


def test_essay_has_no_choices(client, teacher, own_quiz):
    client.force_login(teacher)
    page = client.get(create_url(own_quiz, "essay"))
    assert page.context["choices"] is None
    client.post(create_url(own_quiz, "essay"), form_data(page, text="Jelaskan.", points="5"))
    question = own_quiz.questions.get(text="Jelaskan.")
    assert question.type == "essay" and question.points == 5
    assert not question.choices.exists()


def test_unknown_question_type_is_not_found(client, teacher, own_quiz):
    client.force_login(teacher)
    assert client.get(create_url(own_quiz, "poll")).status_code == 404


INVALID = [
    pytest.param("single", [{"text": "Satu-satunya", "fraction": "100"}], {}, "too_few_choices"),
    pytest.param(
        "single",
        [{"text": "Hampir", "fraction": "50"}, {"text": "Salah", "fraction": "0"}],
        {},
        "no_full_credit",
    ),
    pytest.param("multiple", [{"text": "A", "fraction": "100"}], {}, "too_few_choices"),
    pytest.param(
        "multiple",
        [{"text": "A", "fraction": "50"}, {"text": "B", "fraction": "40"}],
        {},
        "credit_not_100",
    ),
    pytest.param(
        "multiple",
        [{"text": "A", "fraction": "0"}, {"text": "B", "fraction": "-50"}],
        {},
        "no_right_choice",
    ),
    pytest.param("multiple", [{"text": "A", "fraction": "150"}], {}, "max_value"),
    pytest.param(
        "true_false", [{"fraction": "on"}, {"fraction": "on"}], {}, "true_false_one_right"
    ),
    pytest.param("true_false", [], {}, "true_false_one_right"),
    pytest.param("short", [{"text": "PBB", "fraction": "0"}], {}, "no_accepted_answer"),
    pytest.param("short", [], {}, "no_accepted_answer"),
    pytest.param("short", [{"fraction": "50"}], {}, "required"),
    pytest.param("numerical", [], {}, "no_number"),
    pytest.param("numerical", [{"tolerance": "1"}], {}, "required"),
    pytest.param("numerical", [{"value": "abc"}], {}, "invalid"),
    pytest.param("numerical", [{"value": "3", "tolerance": "-1"}], {}, "min_value"),
    pytest.param("matching", [{"text": "NATO", "match": "keamanan"}], {}, "too_few_pairs"),
    pytest.param(
        "matching",
        [{"text": "NATO", "match": "keamanan"}, {"text": "WTO"}],
        {},
        "pair_without_answer",
    ),
    pytest.param("essay", [], {"points": "0"}, "points_not_positive"),
    pytest.param("essay", [], {"text": ""}, "required"),
]


@pytest.mark.parametrize(("kind", "choice_rows", "fields", "code"), INVALID)
def test_a_question_that_does_not_work_is_explained_and_not_saved(
    client, teacher, own_quiz, kind, choice_rows, fields, code
):
    client.force_login(teacher)
    if kind == "true_false":
        page = client.get(create_url(own_quiz, kind))
        data = form_data(page, text="Benar atau salah?")
        data.update(rows(*choice_rows))
        response = client.post(create_url(own_quiz, kind), data)
    else:
        response = post_new(client, own_quiz, kind, *choice_rows, **fields)
    assert response.status_code == 200
    assert code in errors_of(response)
    for message in messages_of(response):
        assert escape(str(message), quote=False) in response.text
    assert own_quiz.questions.count() == len(KINDS)


def test_editing_a_question_changes_its_rows_in_place(client, teacher, own_quiz):
    question = question_of(own_quiz, "single")
    ids = [c.pk for c in question.choices.all()]
    client.force_login(teacher)
    url = reverse("quizzes:question_update", args=[question.pk])
    page = client.get(url)
    assert [f["fraction"].value() for f in page.context["choices"].forms[:3]] == [100, 0, 0]
    data = form_data(page, text="Pertanyaan yang diperbaiki?")
    data.update(
        {
            "choices-0-fraction": "0",
            "choices-1-text": "Jawaban yang benar",
            "choices-1-fraction": "100",
            "choices-2-DELETE": "on",
            "choices-3-text": "Pilihan baru",
            "choices-3-fraction": "-25",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Pertanyaan yang diperbaiki?"
    choices = list(question.choices.order_by("position"))
    assert [c.pk for c in choices[:2]] == ids[:2]
    assert [(c.text, c.fraction) for c in choices] == [
        ("Benar", Decimal(0)),
        ("Jawaban yang benar", Decimal(1)),
        ("Pilihan baru", Decimal("-0.25")),
    ]
    assert not Choice.objects.filter(pk=ids[2]).exists()


def test_true_false_answer_switches_in_place(client, teacher, own_quiz):
    question = question_of(own_quiz, "true_false")
    ids = [c.pk for c in question.choices.all()]
    client.force_login(teacher)
    url = reverse("quizzes:question_update", args=[question.pk])
    page = client.get(url)
    assert [f["fraction"].value() for f in page.context["choices"].forms] == [True, False]
    data = form_data(page, **{"choices-0-fraction": None, "choices-1-fraction": "on"})
    assert client.post(url, data).status_code == 302
    assert [(c.pk, c.text, c.fraction) for c in question.choices.all()] == [
        (ids[0], "Benar", 0),
        (ids[1], "Salah", 1),
    ]


def test_credits_are_shown_as_percentages(client, teacher, own_quiz):
    question = question_of(own_quiz, "multiple")
    client.force_login(teacher)
    page = client.get(reverse("quizzes:question_update", args=[question.pk]))
    shown = [f["fraction"].value() for f in page.context["choices"].forms[:4]]
    assert shown == [50, 50, -50, 0]
    assert 'value="-50"' in page.text


def test_save_and_keep_editing_returns_to_the_question(client, teacher, own_quiz):
    question = question_of(own_quiz, "essay")
    client.force_login(teacher)
    url = reverse("quizzes:question_update", args=[question.pk])
    response = client.post(url, form_data(client.get(url), **{"continue": "1"}))
    assert response.url == url


def test_changing_a_key_after_grading_offers_a_regrade(
    client, teacher, student, own_quiz, quiz_assignment
):
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    submit_attempt(attempt=attempt)
    question = question_of(own_quiz, "single")
    client.force_login(teacher)
    assert client.get(own_quiz.get_absolute_url()).context["regrade_count"] == 0
    url = reverse("quizzes:question_update", args=[question.pk])
    data = form_data(client.get(url), **{"choices-0-fraction": "0", "choices-1-fraction": "100"})
    response = client.post(url, data, follow=True)
    assert response.context["regrade_count"] == 1
    assert reverse("quizzes:regrade", args=[own_quiz.pk]) in response.text
    kept = attempt.questions.get(version__question=question).version.data
    assert Decimal(kept["choices"][0]["fraction"]) == 1  # the attempt keeps its own version


def test_rewording_a_question_offers_no_regrade(
    client, teacher, student, own_quiz, quiz_assignment
):
    submit_attempt(attempt=start_attempt(assignment=quiz_assignment, student=student))
    question = question_of(own_quiz, "single")
    client.force_login(teacher)
    url = reverse("quizzes:question_update", args=[question.pk])
    response = client.post(url, form_data(client.get(url), text="Kata-kata lain?"), follow=True)
    assert response.context["regrade_count"] == 0


@pytest.mark.parametrize(("direction", "expected"), [("up", 1), ("down", 3), ("sideways", 2)])
def test_questions_move_up_and_down(client, teacher, own_quiz, direction, expected):
    question = question_of(own_quiz, "true_false")  # the third question
    client.force_login(teacher)
    response = client.post(
        reverse("quizzes:question_move", args=[question.pk]), {"direction": direction}
    )
    assert response.url == f"{own_quiz.get_absolute_url()}#question-{question.pk}"
    order = list(own_quiz.questions.order_by("position", "pk").values_list("pk", flat=True))
    assert order.index(question.pk) == expected


def test_duplicating_a_question_puts_the_copy_right_after_it(client, teacher, own_quiz):
    question = question_of(own_quiz, "matching")
    client.force_login(teacher)
    client.post(reverse("quizzes:question_duplicate", args=[question.pk]))
    questions = list(own_quiz.questions.order_by("position", "pk"))
    copy = questions[KINDS.index("matching") + 1]
    assert copy.pk != question.pk and copy.text == question.text
    assert saved_choices(copy) == saved_choices(question)
    assert len(questions) == len(KINDS) + 1


def test_question_is_deleted_after_confirming(client, teacher, own_quiz):
    question = question_of(own_quiz, "short")
    client.force_login(teacher)
    url = reverse("quizzes:question_delete", args=[question.pk])
    assert question.text in client.get(url).text
    assert client.post(url).url == own_quiz.get_absolute_url()
    assert not Question.objects.filter(pk=question.pk).exists()


def test_answered_question_cannot_be_deleted(client, teacher, student, own_quiz, quiz_assignment):
    start_attempt(assignment=quiz_assignment, student=student)
    question = question_of(own_quiz, "short")
    client.force_login(teacher)
    url = reverse("quizzes:question_delete", args=[question.pk])
    assert client.get(url).context["answered"]
    client.post(url)
    assert Question.objects.filter(pk=question.pk).exists()


def test_teacher_cannot_write_in_another_teachers_quiz(client, other_teacher, own_quiz):
    question = question_of(own_quiz, "single")
    client.force_login(other_teacher)
    assert client.get(create_url(own_quiz, "single")).status_code == 404
    url = reverse("quizzes:question_update", args=[question.pk])
    assert client.post(url, {"text": "Dirusak"}).status_code == 404
    question.refresh_from_db()
    assert question.text != "Dirusak"


# --- preview ---------------------------------------------------------------------------------


def test_preview_shows_every_question_as_students_see_it_without_saving_or_leaking(
    client, teacher, own_quiz
):
    for question in own_quiz.questions.all():
        question.general_feedback = "KUNCI-RAHASIA umum"
        question.save()
    Choice.objects.update(feedback="KUNCI-RAHASIA pilihan")
    client.force_login(teacher)
    response = client.get(reverse("quizzes:preview", args=[own_quiz.pk]))
    assert response.status_code == 200
    html = response.text
    assert "KUNCI-RAHASIA" not in html
    assert "fraction" not in html and "0.5000000" not in html
    for shown in ("Salah satu", "NATO", "pariwisata"):  # options and matching sides
        assert shown in html
    assert "Perserikatan" not in html  # short answers show no accepted answer
    assert len(response.context["questions"]) == len(KINDS)
    assert html.count(" disabled") >= len(KINDS)
    assert "<form" not in html.split('id="main"', 1)[1].split("<footer", 1)[0]
    assert not Attempt.objects.exists()


# --- ways in ---------------------------------------------------------------------------------


def test_teachers_and_staff_find_quizzes_in_the_navigation(client, teacher, student, staff):
    quizzes = f'href="{reverse("quizzes:list")}"'
    for user, shown in [(teacher, True), (staff, True), (student, False)]:
        client.force_login(user)
        assert (quizzes in client.get(reverse("progress:dashboard")).text) is shown


def test_course_page_leads_teachers_to_its_quizzes(client, teacher, student, assignment):
    course = assignment.course
    new_quiz = f"{reverse('quizzes:create')}?course={course.slug}"
    client.force_login(teacher)
    page = client.get(course.get_absolute_url())
    assert new_quiz in page.text
    assert f"{reverse('quizzes:list')}?course={course.slug}" in page.text
    client.force_login(student)
    assert new_quiz not in client.get(course.get_absolute_url()).text
