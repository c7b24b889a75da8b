"""Students take quizzes through the pages: start, autosave, plain forms, submit, review."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override

from quizzes.attempts import save_answers, start_attempt, submit_attempt
from quizzes.grades import grade_answer
from quizzes.models import GRACE, Attempt, AttemptQuestion, QuizAssignment

from ..factories import (
    ChoiceFactory,
    MembershipFactory,
    QuestionFactory,
    QuizAssignmentFactory,
    QuizFactory,
    UserFactory,
    make_question,
)
from .conftest import answer_data, token_of

JSON = {"Accept": "application/json"}
SUBMITTED_ID = "Percobaan ini sudah dikumpulkan; jawaban tidak dapat diubah lagi."
TIME_UP_ID = "Waktu habis: percobaan ini dikumpulkan dengan jawaban yang tersimpan sebelum"


def indonesian(text):
    with override("id"):
        return gettext(text)


def url(name, obj):
    return reverse(f"quizzes:{name}", args=[obj.pk])


def rows_by_type(attempt):
    return {row.version.data["type"]: row for row in attempt.questions.select_related("version")}


def item_token(row, text):
    choices = {c["id"]: c for c in row.version.data["choices"]}
    return str(next(i for i, c in enumerate(row.choice_order) if choices[c]["text"] == text))


def some_answers(attempt) -> dict:
    """Right answers to every question, as {position: value} for `answer_data`."""
    rows = rows_by_type(attempt)
    m = rows["matching"]
    return {
        rows["single"].position: token_of(rows["single"], "Benar"),
        rows["multiple"].position: [
            token_of(rows["multiple"], "A"),
            token_of(rows["multiple"], "B"),
        ],
        rows["true_false"].position: token_of(rows["true_false"], "Benar"),
        rows["short"].position: "PBB",
        rows["numerical"].position: "191,5",
        m.position: {
            item_token(m, "NATO"): token_of(m, "keamanan", matching_answer=True),
            item_token(m, "WTO"): token_of(m, "perdagangan", matching_answer=True),
            item_token(m, "UNESCO"): token_of(m, "pendidikan", matching_answer=True),
        },
        rows["essay"].position: "Kerjasama membawa <b>perdamaian</b>.",
    }


def post_answers(client, attempt, answers, *, then=None, **extra):
    data = answer_data(attempt, answers) | ({"then": then} if then else {})
    return client.post(url("answer", attempt), data, **extra)


@pytest.fixture
def attempt(quiz_assignment, student):
    return start_attempt(assignment=quiz_assignment, student=student)


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def move_deadline(attempt, to):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=to)
    attempt.refresh_from_db()


# --- the whole flow ------------------------------------------------------------------------


def test_student_starts_answers_submits_and_sees_the_review(signed_in, quiz_assignment):
    page = signed_in.get(url("assignment", quiz_assignment))
    assert page.status_code == 200
    assert "Kuis Kerjasama" in page.text
    assert url("start", quiz_assignment) in page.text
    assert page.context["status"].refusal == ""

    response = signed_in.post(url("start", quiz_assignment))
    attempt = Attempt.objects.get()
    assert response.status_code == 302 and response.url == url("attempt", attempt)
    take = signed_in.get(response.url)
    assert take.status_code == 200
    assert take.text.count('<fieldset class="card mb-3 question"') == 7
    assert 'src="/static/js/quiz.js" defer' in take.text
    assert re.search(r'data-remaining="\d+"', take.text)

    answers = some_answers(attempt)
    first, *rest = answers.items()
    saved = post_answers(signed_in, attempt, dict([first]), headers=JSON)
    assert saved.json()["ok"] is True
    response = post_answers(signed_in, attempt, dict(rest), then="finish")
    assert response.status_code == 302 and response.url == url("submit", attempt)

    confirm = signed_in.get(response.url)
    assert confirm.context["unanswered"] == []
    response = signed_in.post(url("submit", attempt))
    assert response.status_code == 302 and response.url == url("attempt", attempt)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.closed_by == Attempt.ClosedBy.STUDENT
    assert attempt.score == Decimal(7)  # all but the essay, which waits for the teacher

    review = signed_in.get(response.url)
    assert review.context["options"].score
    assert "7 / 8" in review.text
    assert "Kerjasama membawa &lt;b&gt;perdamaian&lt;/b&gt;." in review.text  # escaped
    start_page = signed_in.get(url("assignment", quiz_assignment))
    # The essay is not graded yet: 7 is the score so far, not the grade.
    assert start_page.context["status"].grade is None
    assert start_page.context["status"].waiting_for_teacher
    assert "Semua percobaan Anda untuk kuis ini sudah terpakai." in start_page.text


def test_reload_shows_every_saved_answer(signed_in, attempt):
    post_answers(signed_in, attempt, some_answers(attempt), headers=JSON)
    html = signed_in.get(url("attempt", attempt)).text
    rows = rows_by_type(attempt)
    single = rows["single"]
    assert re.search(
        rf'id="q{single.position}-o{token_of(single, "Benar")}" value="\d+" checked', html
    )
    assert html.count(" checked") == 4  # one radio, two boxes, one true/false
    assert f'id="q{rows["short"].position}-text" value="PBB"' in html
    assert f'id="q{rows["numerical"].position}-text" value="191,5"' in html
    assert len(re.findall(r"<option value=\"\d+\" selected>", html)) == 3  # each matching item
    assert "Kerjasama membawa &lt;b&gt;perdamaian&lt;/b&gt;.</textarea>" in html


def test_second_tab_or_device_resumes_the_same_attempt(client, signed_in, quiz_assignment):
    first = signed_in.post(url("start", quiz_assignment)).url
    second = signed_in.post(url("start", quiz_assignment)).url
    assert first == second
    assert Attempt.objects.count() == 1
    page = signed_in.get(url("assignment", quiz_assignment))
    assert page.context["status"].open_attempt.pk == Attempt.objects.get().pk


def test_autosave_answers_one_question_with_json(signed_in, attempt):
    single = rows_by_type(attempt)["single"]
    response = post_answers(
        signed_in, attempt, {single.position: token_of(single, "Benar")}, headers=JSON
    )
    assert response.status_code == 200
    assert response.json().keys() == {"ok", "saved_at", "remaining", "until"}
    single.refresh_from_db()
    assert single.answer == {"choice": single.choice_order[int(token_of(single, "Benar"))]}
    assert AttemptQuestion.objects.filter(answer__isnull=False).count() == 1


def test_unticking_every_box_is_saved(signed_in, attempt):
    multiple = rows_by_type(attempt)["multiple"]
    post_answers(signed_in, attempt, {multiple.position: [token_of(multiple, "A")]}, headers=JSON)
    signed_in.post(url("answer", attempt), {"shown": [multiple.position]}, headers=JSON)
    multiple.refresh_from_db()
    assert multiple.answer == {"choices": []}


def test_autosave_refused_after_submit_says_why_in_indonesian(signed_in, attempt):
    submit_attempt(attempt=attempt)
    single = rows_by_type(attempt)["single"]
    response = post_answers(
        signed_in, attempt, {single.position: token_of(single, "Benar")}, headers=JSON
    )
    assert response.status_code == 409
    assert response.json() == {"ok": False, "code": "submitted", "message": SUBMITTED_ID}
    assert not AttemptQuestion.objects.filter(answer__isnull=False).exists()


def test_autosave_refused_after_the_grace_says_time_is_up(signed_in, attempt):
    move_deadline(attempt, timezone.now() - GRACE - timedelta(seconds=1))
    single = rows_by_type(attempt)["single"]
    response = post_answers(
        signed_in, attempt, {single.position: token_of(single, "Benar")}, headers=JSON
    )
    assert response.status_code == 409
    assert response.json()["code"] == "time_up"
    assert response.json()["message"].startswith(TIME_UP_ID)


def test_autosave_in_english_for_a_student_who_chose_it(signed_in, student, attempt):
    student.language = "en"
    student.save()
    submit_attempt(attempt=attempt)
    response = signed_in.post(url("answer", attempt), {"shown": ["0"]}, headers=JSON)
    assert response.json()["message"] == (
        "This attempt is already submitted; answers can no longer change."
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [("99", "bad_answer"), ("9" * 5000, "bad_answer"), ("x" * 10_001, "too_long")],
    ids=["token", "huge-token", "long"],
)
def test_answers_that_do_not_fit_are_refused_with_400(signed_in, attempt, value, code):
    rows = rows_by_type(attempt)
    position = rows["single" if code == "bad_answer" else "essay"].position
    response = post_answers(signed_in, attempt, {position: value}, headers=JSON)
    assert response.status_code == 400
    assert response.json()["code"] == code
    if code == "too_long":
        assert "paling banyak 10.000 karakter" in response.json()["message"]
    plain = post_answers(signed_in, attempt, {position: value})
    assert plain.status_code == 302 and plain.url == url("attempt", attempt)
    assert not AttemptQuestion.objects.filter(answer__isnull=False).exists()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ({"q0": "0"}, None),  # no `shown`: the page always says which questions it holds
        ({"shown": ["0", "999"], "q0": "0"}, None),  # a question the attempt does not have
        ('{"shown": [0], "q0": "0"}', "application/json"),  # not the form the page posts
    ],
    ids=["nothing-shown", "no-such-question", "json-body"],
)
def test_a_save_naming_no_question_of_the_attempt_is_refused_not_acknowledged(
    signed_in, attempt, data, content_type
):
    extra = {"content_type": content_type} if content_type else {}
    response = signed_in.post(url("answer", attempt), data, headers=JSON, **extra)
    assert response.status_code == 400
    assert response.json()["ok"] is False and response.json()["code"] == "bad_answer"
    assert response.json()["message"].startswith("Jawaban ini tidak cocok")
    assert not AttemptQuestion.objects.filter(answer__isnull=False).exists()


# --- deadlines ---------------------------------------------------------------------------


def test_an_open_page_can_ask_how_much_time_is_left(signed_in, attempt, now):
    move_deadline(attempt, now + timedelta(minutes=3))
    left = signed_in.get(url("time", attempt), headers=JSON).json()
    assert left["remaining"] == 180 and left["until"].startswith("Jawab sampai ")
    submit_attempt(attempt=attempt)
    assert signed_in.get(url("time", attempt), headers=JSON).json()["remaining"] == 0


def test_an_open_page_learns_of_extra_time_with_its_saves_and_at_its_countdowns_end(
    signed_in, attempt, now
):
    """The page counts down from what it got when it loaded; the teacher may give more time."""
    move_deadline(attempt, now + timedelta(minutes=30))  # as follow_new_deadlines
    single = rows_by_type(attempt)["single"]
    saved = post_answers(signed_in, attempt, {single.position: "0"}, headers=JSON).json()
    assert saved["remaining"] == 1800
    assert saved["until"].startswith("Jawab sampai ")
    # The countdown's own hand-in is refused while the time lasts, and says how much is left.
    early = signed_in.post(url("submit", attempt), {"time_up": "1"}, headers=JSON).json()
    assert early["code"] == "more_time" and early["remaining"] == 1800
    attempt.refresh_from_db()
    assert attempt.is_open
    # The student's own "Finish" still hands it in.
    signed_in.post(url("submit", attempt), headers=JSON)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.closed_by == "student"


# The time left at the request, on a clock that stands still (the `now` fixture).
DEADLINES = [
    pytest.param(timedelta(seconds=1), True, id="just-before"),
    pytest.param(-GRACE + timedelta(seconds=1), True, id="inside-grace"),
    pytest.param(-GRACE - timedelta(seconds=1), False, id="after-grace"),
]


@pytest.mark.parametrize(("left", "accepted"), DEADLINES)
def test_autosave_around_the_deadline(signed_in, attempt, left, accepted, now):
    move_deadline(attempt, now + left)
    single = rows_by_type(attempt)["single"]
    response = post_answers(
        signed_in, attempt, {single.position: token_of(single, "Benar")}, headers=JSON
    )
    single.refresh_from_db()
    if accepted:
        assert response.status_code == 200
        assert single.answer is not None
    else:
        assert (response.status_code, response.json()["code"]) == (409, "time_up")
        assert single.answer is None
        attempt.refresh_from_db()
        assert attempt.submitted_at == attempt.deadline


def started_an_hour_ago(attempt):
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - timedelta(hours=1))
    attempt.refresh_from_db()


LAPTOP, PHONE = "1a" * 16, "2b" * 16  # as quiz.js names devices


def autosave(client, attempt, row, text, given_ago=None, device=LAPTOP):
    data = answer_data(attempt, {row.position: token_of(row, text)}) | {"device": device}
    if given_ago is not None:
        data["given_ago"] = given_ago
    response = client.post(url("answer", attempt), data, headers=JSON)
    row.refresh_from_db()
    return response


def test_an_old_copy_sent_late_does_not_overwrite_a_later_answer(signed_in, attempt):
    started_an_hour_ago(attempt)
    single = rows_by_type(attempt)["single"]
    assert autosave(signed_in, attempt, single, "Benar").json()["ok"]  # on the laptop, now
    later = single.answer
    # The phone's copy, given ten minutes ago while it was offline, arrives now.
    response = autosave(signed_in, attempt, single, "Lainnya", given_ago="600000", device=PHONE)
    assert (response.status_code, response.json()["code"]) == (400, "superseded")
    assert "jawaban yang lebih baru itu yang disimpan" in response.json()["message"]
    assert single.answer == later
    submit_attempt(attempt=attempt)
    single.refresh_from_db()
    assert single.score == Decimal(1)  # the later, right answer is the one graded


@pytest.mark.parametrize(
    ("given_ago", "stored"),
    [
        pytest.param("30000", True, id="within-a-minute"),  # the later arrival wins
        pytest.param("", True, id="not-said"),  # as the plain form: given now
        pytest.param("-600000", True, id="negative"),
        pytest.param("6e5", True, id="not-a-whole-number"),
        pytest.param("9" * 13, True, id="too-long"),
        pytest.param("90000", False, id="over-a-minute"),
    ],
)
def test_which_copy_counts_as_the_older(signed_in, attempt, given_ago, stored):
    started_an_hour_ago(attempt)
    single = rows_by_type(attempt)["single"]
    autosave(signed_in, attempt, single, "Benar")
    first = single.answer
    response = autosave(signed_in, attempt, single, "Lainnya", given_ago=given_ago, device=PHONE)
    assert response.status_code == (200 if stored else 400)
    assert (single.answer != first) == stored


@pytest.mark.parametrize(
    "device",
    [
        pytest.param(LAPTOP, id="same-device"),  # its tabs share one copy; its clock may jump
        pytest.param("", id="no-device"),  # no localStorage: answers count when they arrive
        pytest.param("<script>", id="not-a-device-name"),
    ],
)
def test_one_devices_answers_are_never_refused_as_old(signed_in, attempt, device):
    started_an_hour_ago(attempt)
    single = rows_by_type(attempt)["single"]
    autosave(signed_in, attempt, single, "Benar", device=device)
    first = single.answer
    response = autosave(signed_in, attempt, single, "Lainnya", given_ago="600000", device=device)
    assert response.status_code == 200 and single.answer != first


def test_an_answer_sent_again_unchanged_keeps_its_time_and_is_not_refused(signed_in, attempt):
    started_an_hour_ago(attempt)
    single = rows_by_type(attempt)["single"]
    autosave(signed_in, attempt, single, "Benar")
    answered_at = single.answered_at
    # The plain form sends every question, the ones the student left alone too.
    post_answers(signed_in, attempt, some_answers(attempt))
    single.refresh_from_db()
    assert single.answered_at == answered_at
    # The phone's old copy of that same answer: nothing to refuse, nothing changes.
    response = autosave(signed_in, attempt, single, "Benar", given_ago="600000", device=PHONE)
    assert response.status_code == 200 and single.answered_at == answered_at


def test_an_answer_is_dated_when_it_was_given_not_before_the_attempt(signed_in, attempt, now):
    started_an_hour_ago(attempt)
    single, short = rows_by_type(attempt)["single"], rows_by_type(attempt)["short"]
    autosave(signed_in, attempt, single, "Benar", given_ago="45000")
    assert single.answered_at == now - timedelta(seconds=45)
    data = answer_data(attempt, {short.position: "PBB"}) | {"given_ago": str(10**11)}
    data["device"] = LAPTOP
    assert signed_in.post(url("answer", attempt), data, headers=JSON).status_code == 200
    short.refresh_from_db()
    assert short.answered_at == attempt.started_at


@pytest.mark.parametrize(("left", "accepted"), DEADLINES)
def test_plain_form_save_around_the_deadline(signed_in, attempt, left, accepted, now):
    move_deadline(attempt, now + left)
    response = post_answers(signed_in, attempt, some_answers(attempt))
    assert response.status_code == 302 and response.url == url("attempt", attempt)
    saved = AttemptQuestion.objects.filter(answer__isnull=False).count()
    page = signed_in.get(response.url)
    if accepted:
        assert saved == 7
        assert page.context["questions"]  # still the take page
    else:
        assert saved == 0
        assert TIME_UP_ID in page.text  # said on the review it leads to
        assert "options" in page.context


@pytest.mark.parametrize(("left", "accepted"), DEADLINES)
def test_submit_around_the_deadline(signed_in, attempt, left, accepted, now):
    save_answers(attempt=attempt, data=answer_data(attempt, some_answers(attempt)))
    deadline = now + left
    move_deadline(attempt, deadline)
    response = signed_in.post(url("submit", attempt))
    assert response.status_code == 302 and response.url == url("attempt", attempt)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == Decimal(7)  # what was saved counts, on time or not
    if left > timedelta(0):
        assert attempt.closed_by == Attempt.ClosedBy.STUDENT
        assert attempt.submitted_at < deadline
    else:
        assert attempt.closed_by == Attempt.ClosedBy.TIME_UP
        assert attempt.submitted_at == deadline


def test_an_attempt_left_open_closes_at_its_deadline_when_next_opened(signed_in, attempt):
    save_answers(attempt=attempt, data=answer_data(attempt, some_answers(attempt)))
    deadline = timezone.now() - timedelta(hours=2)
    move_deadline(attempt, deadline)
    page = signed_in.get(url("attempt", attempt))
    assert "questions" not in page.context  # the review, not the quiz
    attempt.refresh_from_db()
    assert (attempt.state, attempt.submitted_at) == (Attempt.State.SUBMITTED, deadline)
    assert attempt.closed_by == Attempt.ClosedBy.TIME_UP


def test_take_page_counts_down_from_the_servers_deadline(signed_in, attempt, now):
    move_deadline(attempt, now + timedelta(minutes=10, seconds=29, milliseconds=1))
    page = signed_in.get(url("attempt", attempt))
    # Rounded up, never ending before the server.
    assert page.context["remaining"] == 630
    assert page.context["clock"] == "0:10:30"
    assert 'data-remaining="630"' in page.text


def test_inside_the_grace_the_page_shows_no_time_left(signed_in, attempt, now):
    move_deadline(attempt, now - GRACE / 2)
    page = signed_in.get(url("attempt", attempt))
    assert 'data-remaining="0"' in page.text  # quiz.js hands it in at once
    # ... sending what it kept for what is left of the grace, not for a whole new one
    assert f'data-grace="{(GRACE / 2).seconds}"' in page.text


# --- plain forms and submitting ------------------------------------------------------------


def test_plain_form_saves_every_shown_question(signed_in, attempt):
    response = post_answers(signed_in, attempt, some_answers(attempt), then="save")
    assert response.status_code == 302 and response.url == url("attempt", attempt)
    assert AttemptQuestion.objects.filter(answer__isnull=False).count() == 7
    page = signed_in.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [indonesian("Answers saved.")]


def test_confirm_page_counts_the_unanswered_questions(signed_in, attempt):
    rows = rows_by_type(attempt)
    answers = some_answers(attempt)
    chosen = {p: answers[p] for p in (rows["single"].position, rows["essay"].position)}
    post_answers(signed_in, attempt, chosen)
    page = signed_in.get(url("submit", attempt))
    assert page.status_code == 200
    assert page.context["total"] == 7
    numbers = sorted(q.number for q in page.context["unanswered"])
    assert numbers == sorted(r.position + 1 for r in rows.values() if r.position not in chosen)
    for number in numbers:
        assert f'href="{url("attempt", attempt)}#question-{number}"' in page.text
    assert f'action="{url("submit", attempt)}"' in page.text


def test_confirm_page_of_a_submitted_attempt_leads_to_its_review(signed_in, attempt):
    submit_attempt(attempt=attempt)
    response = signed_in.get(url("submit", attempt))
    assert response.status_code == 302 and response.url == url("attempt", attempt)


def test_submitting_twice_or_from_two_tabs_counts_once(signed_in, attempt):
    signed_in.post(url("submit", attempt))
    attempt.refresh_from_db()
    first = attempt.submitted_at
    response = signed_in.post(url("submit", attempt), headers=JSON)
    assert response.json() == {"ok": True, "url": url("attempt", attempt)}
    attempt.refresh_from_db()
    assert attempt.submitted_at == first
    assert Attempt.objects.count() == 1


def test_start_refused_says_why_on_the_start_page(signed_in, attempt, quiz_assignment):
    submit_attempt(attempt=attempt)
    response = signed_in.post(url("start", quiz_assignment))
    assert response.status_code == 302 and response.url == url("assignment", quiz_assignment)
    page = signed_in.get(response.url)
    assert "Semua percobaan Anda untuk kuis ini sudah terpakai." in page.text
    assert url("start", quiz_assignment) not in page.text


def test_start_page_shows_the_students_extra_time(signed_in, quiz_assignment, student):
    quiz_assignment.time_limit = timedelta(minutes=30)
    quiz_assignment.save()
    quiz_assignment.accommodations.create(student=student, extra_time=timedelta(minutes=15))
    status = signed_in.get(url("assignment", quiz_assignment)).context["status"]
    assert status.closes_at == quiz_assignment.closes_at + timedelta(minutes=15)
    assert status.time_limit_minutes == 45


def test_quiz_not_open_yet_has_no_start_button(signed_in, quiz_assignment):
    quiz_assignment.opens_at = timezone.now() + timedelta(days=1)
    quiz_assignment.save()
    page = signed_in.get(url("assignment", quiz_assignment))
    assert page.context["status"].refusal.startswith("Kuis ini dibuka pada")
    assert url("start", quiz_assignment) not in page.text


# --- who may do what ---------------------------------------------------------------------


def test_another_student_gets_404_on_every_attempt_url(client, attempt, classroom):
    classmate = UserFactory()
    MembershipFactory(classroom=classroom, user=classmate)
    client.force_login(classmate)
    for name in ("attempt", "answer", "submit"):
        assert client.get(url(name, attempt)).status_code in (404, 405)
        assert client.post(url(name, attempt), {"shown": ["0"]}).status_code in (404, 405)
    assert client.get(url("attempt", attempt)).status_code == 404
    assert client.post(url("answer", attempt), headers=JSON).status_code == 404
    assert client.post(url("submit", attempt)).status_code == 404
    assert client.get(url("submit", attempt)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open


def test_teacher_may_look_but_not_answer_or_submit(client, teacher, attempt, quiz_assignment):
    client.force_login(teacher)
    single = rows_by_type(attempt)["single"]
    data = answer_data(attempt, {single.position: token_of(single, "Benar")})
    assert client.post(url("answer", attempt), data, headers=JSON).status_code == 404
    assert client.post(url("answer", attempt), data).status_code == 404
    assert client.get(url("submit", attempt)).status_code == 404
    assert client.post(url("submit", attempt)).status_code == 404
    assert client.post(url("start", quiz_assignment)).status_code == 404
    assert not Attempt.objects.filter(student=teacher).exists()
    response = client.get(url("assignment", quiz_assignment))
    assert response.status_code == 302 and response.url == url("results", quiz_assignment)
    page = client.get(url("attempt", attempt))
    assert page.status_code == 200 and page.context["teacher"]
    attempt.refresh_from_db()
    assert attempt.is_open and not attempt.questions.filter(answer__isnull=False).exists()


def test_teacher_sees_the_full_review_and_grades_the_essay_there(
    client, teacher, signed_in, attempt
):
    QuizAssignment.objects.update(review_when=QuizAssignment.ReviewWhen.NEVER)
    post_answers(signed_in, attempt, some_answers(attempt))
    signed_in.post(url("submit", attempt))
    client.force_login(teacher)
    page = client.get(url("attempt", attempt))
    options = page.context["options"]
    assert (options.score, options.responses, options.correct, options.feedback) == (
        True,
        True,
        True,
        True,
    )
    assert "Perserikatan Bangsa-Bangsa" in page.text  # an accepted answer
    essay = rows_by_type(attempt)["essay"]
    assert f'action="{reverse("quizzes:grade", args=[essay.pk])}"' in page.text
    assert 'name="next" value="attempt"' in page.text
    response = client.post(
        reverse("quizzes:grade", args=[essay.pk]),
        {f"a{essay.pk}-points": "1", f"a{essay.pk}-comment": "Bagus", "next": "attempt"},
    )
    assert response.status_code == 302 and response.url == url("attempt", attempt)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.needs_grading) == (Decimal(8), False)


# --- what the review shows ---------------------------------------------------------------

MARK = "KUNCI-RAHASIA"


@pytest.fixture
def secret_quiz(course, classroom, teacher):
    """Every secret (feedback, accepted answers, numbers) carries MARK; fractions are odd."""
    quiz = QuizFactory(course=course, title="Kuis Rahasia")
    single = QuestionFactory(
        quiz=quiz, type="single", position=0, general_feedback=f"{MARK}-UMUM-1"
    )
    ChoiceFactory(question=single, text="Jakarta", fraction=1, feedback=f"{MARK}-PILIH-1")
    ChoiceFactory(
        question=single, text="Bandung", fraction=Decimal("-0.45"), feedback=f"{MARK}-PILIH-2"
    )
    multiple = QuestionFactory(quiz=quiz, type="multiple", position=1)
    for text, fraction in [("Satu", "0.5"), ("Dua", "0.5"), ("Tiga", "-0.45")]:
        ChoiceFactory(
            question=multiple, text=text, fraction=Decimal(fraction), feedback=f"{MARK}-{text}"
        )
    short = QuestionFactory(quiz=quiz, type="short", position=2, general_feedback=f"{MARK}-UMUM-2")
    ChoiceFactory(question=short, text=f"{MARK}-JAWABAN", fraction=1, feedback=f"{MARK}-BENAR")
    numerical = QuestionFactory(quiz=quiz, type="numerical", position=3)
    ChoiceFactory(
        question=numerical,
        text="",
        value=Decimal("987654.25"),
        tolerance=Decimal("0.75"),
        fraction=1,
        feedback=f"{MARK}-ANGKA",
    )
    matching = QuestionFactory(quiz=quiz, type="matching", position=4)
    for text, match in [("ASEAN", "Asia Tenggara"), ("Uni Eropa", "Eropa")]:
        ChoiceFactory(question=matching, text=text, match=match)
    return QuizAssignmentFactory(
        classroom=classroom, quiz=quiz, assigned_by=teacher, shuffle_choices=False
    )


def secret_answers(attempt):
    rows = rows_by_type(attempt)
    return {
        rows["single"].position: "1",  # Bandung: wrong, with its own feedback
        rows["multiple"].position: ["0", "2"],
        rows["short"].position: "sesuatu",
        rows["numerical"].position: "12",
        rows["matching"].position: {"0": "1"},
    }


def pages_a_student_reaches(client, assignment):
    """Start, take, autosave, confirm, submit and review: every text a student gets."""
    texts = [client.get(url("assignment", assignment)).text]
    client.post(url("start", assignment))
    attempt = Attempt.objects.get()
    texts.append(client.get(url("attempt", attempt)).text)
    saved = post_answers(client, attempt, secret_answers(attempt), headers=JSON)
    texts.append(saved.text)
    texts.append(client.get(url("submit", attempt)).text)
    texts.append(client.post(url("submit", attempt), follow=True).text)
    texts.append(client.get(url("assignment", assignment)).text)
    return texts


def leaks(texts):
    found = set()
    for text in texts:
        found |= set(re.findall(rf"{MARK}-[A-Za-z0-9-]+", text))
        found |= {n for n in ("0000000", "-0.45", "-0,45", "987654", "987.654") if n in text}
    return found


@pytest.mark.parametrize(
    "settings_",
    [
        {"review_when": "after_close"},
        {"review_when": "never"},
        {
            "review_when": "immediately",
            "review_responses": True,
            "review_score": True,
            "review_correct": False,
            "review_feedback": False,
        },
    ],
    ids=["after-close", "never", "answers-and-score-only"],
)
def test_review_keeps_every_secret_until_the_options_allow_it(signed_in, secret_quiz, settings_):
    QuizAssignment.objects.filter(pk=secret_quiz.pk).update(
        **{"review_correct": True, "review_feedback": True} | settings_
    )
    secret_quiz.refresh_from_db()
    texts = pages_a_student_reaches(signed_in, secret_quiz)
    assert leaks(texts) == set()
    options = signed_in.get(url("attempt", Attempt.objects.get())).context["options"]
    if settings_["review_when"] == "after_close":
        assert not options.shown and options.shown_from == secret_quiz.closes_at
        with override("id"):
            closes = date_format(timezone.localtime(secret_quiz.closes_at), "DATETIME_FORMAT")
        assert closes in texts[4]
    if settings_["review_when"] == "never":
        assert not options.shown and options.shown_from is None


def test_review_shows_feedback_and_keys_once_allowed(signed_in, secret_quiz):
    QuizAssignment.objects.filter(pk=secret_quiz.pk).update(
        review_correct=True, review_feedback=True
    )
    texts = pages_a_student_reaches(signed_in, secret_quiz)
    assert leaks(texts[:4] + texts[5:]) == set()  # only the review page shows them
    found = leaks([texts[4]])
    assert {
        f"{MARK}-UMUM-1",
        f"{MARK}-PILIH-2",  # the feedback of the choice the student picked
        f"{MARK}-Satu",
        f"{MARK}-Tiga",
        f"{MARK}-UMUM-2",
        f"{MARK}-JAWABAN",  # the accepted answer
        "987654",
    } <= found
    assert f"{MARK}-PILIH-1" not in found  # feedback of a choice not picked
    assert "987654,25 ± 0,75" in texts[4]


def test_feedback_without_the_keys(signed_in, secret_quiz):
    QuizAssignment.objects.filter(pk=secret_quiz.pk).update(
        review_correct=False, review_feedback=True
    )
    found = leaks(pages_a_student_reaches(signed_in, secret_quiz))
    assert f"{MARK}-UMUM-1" in found and f"{MARK}-PILIH-2" in found
    assert f"{MARK}-JAWABAN" not in found and "987654" not in found


def test_review_after_close_opens_when_the_quiz_closes(signed_in, secret_quiz):
    QuizAssignment.objects.filter(pk=secret_quiz.pk).update(
        review_when="after_close", review_feedback=True
    )
    texts = pages_a_student_reaches(signed_in, secret_quiz)
    assert leaks(texts) == set()
    QuizAssignment.objects.filter(pk=secret_quiz.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    review = signed_in.get(url("attempt", Attempt.objects.get())).text
    assert f"{MARK}-UMUM-1" in leaks([review])


def test_student_without_score_in_the_review_sees_no_score(signed_in, secret_quiz):
    QuizAssignment.objects.filter(pk=secret_quiz.pk).update(review_score=False)
    texts = pages_a_student_reaches(signed_in, secret_quiz)
    attempt = Attempt.objects.get()
    review = signed_in.get(url("attempt", attempt))
    assert not review.context["options"].score
    assert all(item["question"].score is None for item in review.context["items"])
    assert f"{attempt.score:.0f} / {attempt.max_score:.0f}" not in review.text
    assert signed_in.get(url("assignment", secret_quiz)).context["status"].grade is None
    assert texts


# --- the dashboard -----------------------------------------------------------------------


def test_dashboard_lists_open_and_upcoming_quizzes_with_their_state(
    signed_in, quiz_assignment, quiz, classroom
):
    later = QuizAssignmentFactory(
        classroom=classroom, quiz=quiz, opens_at=timezone.now() + timedelta(days=2)
    )
    QuizAssignmentFactory(
        classroom=classroom,
        quiz=quiz,
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=1),
    )
    signed_in.post(url("start", quiz_assignment))
    items = signed_in.get(reverse("progress:dashboard")).context["quizzes"]
    assert [(item.assignment, item.state) for item in items] == [
        (quiz_assignment, "in_progress"),
        (later, "upcoming"),
    ]
    submit_attempt(attempt=Attempt.objects.get())
    page = signed_in.get(reverse("progress:dashboard"))
    assert page.context["quizzes"][0].state == "submitted"
    assert page.context["quizzes"][0].grade == Decimal(0)
    assert url("assignment", quiz_assignment) in page.text


def test_a_score_waiting_for_an_essay_grade_is_not_shown_as_the_grade(
    signed_in, student, teacher, quiz_assignment
):
    """The gradebook says "waiting"; the student's pages must not call the score so far a grade."""
    attempt = start_attempt(assignment=quiz_assignment, student=student)
    rows = rows_by_type(attempt)
    save_answers(
        attempt=attempt,
        data=answer_data(
            attempt,
            {
                rows["single"].position: token_of(rows["single"], "Benar"),
                rows["essay"].position: "Perdamaian dunia.",
            },
        ),
    )
    attempt = submit_attempt(attempt=attempt)
    assert attempt.needs_grading and attempt.score > 0
    so_far = f"{floatformat(attempt.score, '-2')} / {floatformat(attempt.max_score, '-2')}"
    dashboard = signed_in.get(reverse("progress:dashboard")).text
    assert "menunggu penilaian guru" in dashboard and so_far not in dashboard
    page = signed_in.get(url("assignment", quiz_assignment)).text
    assert "menunggu guru Anda menilai uraian" in page and so_far not in page
    grade_answer(attempt_question=rows["essay"], points=Decimal(1), comment="", grader=teacher)
    attempt.refresh_from_db()
    graded = f"{floatformat(attempt.score, '-2')} / {floatformat(attempt.max_score, '-2')}"
    assert graded in signed_in.get(reverse("progress:dashboard")).text
    assert graded in signed_in.get(url("assignment", quiz_assignment)).text


@pytest.mark.parametrize("n", [1, 6])
def test_dashboard_quizzes_take_three_queries_however_many(
    signed_in, student, quiz, classroom, n, django_assert_num_queries
):
    for i in range(n):
        assignment = QuizAssignmentFactory(classroom=classroom, quiz=quiz, attempts_allowed=2)
        assignment.accommodations.create(student=student, extra_time=timedelta(minutes=i))
        submit_attempt(attempt=start_attempt(assignment=assignment, student=student))
        start_attempt(assignment=assignment, student=student)
    # session, user, classes taught, readings, quizzes (3: assignments, accommodations, attempts),
    # the navbar's role
    with django_assert_num_queries(8):
        page = signed_in.get(reverse("progress:dashboard"))
    assert [item.state for item in page.context["quizzes"]] == ["in_progress"] * n


# --- queries -----------------------------------------------------------------------------


@pytest.fixture(params=[5, 50])
def long_attempt(request, course, classroom, student):
    quiz = QuizFactory(course=course)
    kinds = ["single", "multiple", "short", "matching", "essay"]
    for position in range(request.param):
        make_question(quiz, kinds[position % len(kinds)], position=position)
    assignment = QuizAssignmentFactory(classroom=classroom, quiz=quiz)
    return start_attempt(assignment=assignment, student=student)


def test_take_save_and_submit_queries_stay_flat(signed_in, long_attempt, django_assert_num_queries):
    rows = list(long_attempt.questions.select_related("version"))
    everything = {row.position: "" for row in rows}
    # session, user, the attempt, overdue check, its questions, the navbar's role
    with django_assert_num_queries(6):
        signed_in.get(url("attempt", long_attempt))
    # session, user, the attempt, overdue check, savepoint, lock, questions, update, release
    with django_assert_num_queries(9):
        post_answers(signed_in, long_attempt, {rows[0].position: "0"}, headers=JSON)
    with django_assert_num_queries(9):
        post_answers(signed_in, long_attempt, everything)  # the plain form sends every one
    with django_assert_num_queries(6):
        signed_in.get(url("submit", long_attempt))
    # ... lock, questions, their scores, the attempt
    with django_assert_num_queries(10):
        signed_in.post(url("submit", long_attempt))
    with django_assert_num_queries(7):
        signed_in.get(url("attempt", long_attempt))


def test_the_hand_in_at_time_up_names_the_answers_that_never_arrived(signed_in, attempt):
    """The page could not send two answers before the time was up: the review says which, by
    the numbers the student sees; anything else in the field is ignored."""
    move_deadline(attempt, timezone.now() - GRACE - timedelta(seconds=1))
    positions = sorted(attempt.questions.values_list("position", flat=True))
    unsent = f"{positions[2]},{positions[0]},x,-1,999999,²,{'9' * 5000}"
    response = signed_in.post(
        url("submit", attempt), {"time_up": "1", "unsent": unsent}, follow=True
    )
    assert response.status_code == 200
    assert (
        f"Jawaban terakhir Anda untuk soal {positions[0] + 1}, {positions[2] + 1} tidak sampai"
        in response.text
    )
