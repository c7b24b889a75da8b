"""A student takes seed_demo's sample quiz in a real browser: autosave, reload, offline, submit.

siswa1 has not started the sample quiz (24 questions, 45 minutes, two attempts, review right
after each attempt with the correct answers). The student reads the site in English here, so the
test finds the quiz pages by their source texts, whether or not they are translated yet.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import override
from playwright.sync_api import expect

from accounts.models import User
from quizzes.attempts import save_answers, start_attempt
from quizzes.models import Attempt, AttemptQuestion, QuizAssignment

from .conftest import ARTIFACTS, PASSWORD, PHONE, assert_accessible, sign_in
from .test_reading_flow import check_phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUIZ = "Kuis: Kerjasama Internasional"
SAVED = "Saved"
WAITING = "Waiting for a connection — the answer will be sent"


@pytest.fixture
def student(demo_school):
    User.objects.filter(username="siswa1").update(language="en")
    return User.objects.get(username="siswa1")


def open_new_attempt(live_server, student, new_page, *, time_left=None, clock=False):
    """siswa1 starts the quiz and has its page open; returns the attempt and the page.

    `time_left`: the attempt's deadline is that far from now; `clock`: the page's clock is
    the test's to move (Playwright's `page.clock`)."""
    attempt = start_attempt(assignment=QuizAssignment.objects.get(), student=student)
    if time_left is not None:
        Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + time_left)
    page = new_page()
    sign_in(page, live_server, "siswa1")
    if clock:
        page.clock.install()
    page.goto(live_server.url + attempt.get_absolute_url())
    return attempt, page


def time_is_up_on_the_server(attempt):
    """The attempt's deadline passes for the server, whose clock a test cannot move: the
    deadline moves to now instead, as the page's clock runs to its zero."""
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now())


def hold_the_clock(page):
    """The page's time moves only when the test moves it (it runs on by itself otherwise)."""
    page.clock.pause_at(datetime.now(UTC) + timedelta(seconds=1))


def trouble_with_the_first_question(page, trouble):
    """The first question's saves meet `trouble(route)`; the others reach the server."""

    def handle(route):
        if "q0=" in (route.request.post_data or ""):
            trouble(route)
        else:
            route.continue_()

    page.route("**/answers/", handle)


def answered_count():
    return AttemptQuestion.objects.filter(
        attempt__student__username="siswa1", answer__isnull=False
    ).count()


def answer(question, number):
    """Answer one question the way a student would; return a check that it is still answered."""
    radios = question.locator("input[type=radio]")
    boxes = question.locator("input[type=checkbox]")
    selects = question.locator("select")
    typed = question.locator("input[type=text], textarea")
    if radios.count():
        radios.last.check()
        return lambda q: expect(q.locator("input[type=radio]").last).to_be_checked()
    if boxes.count():
        boxes.first.check()
        return lambda q: expect(q.locator("input[type=checkbox]").first).to_be_checked()
    if selects.count():
        selects.first.select_option(index=1)
        value = selects.first.input_value()
        return lambda q: expect(q.locator("select").first).to_have_value(value)
    text = "190" if typed.get_attribute("inputmode") == "decimal" else f"Jawaban {number}"
    typed.fill(text)
    return lambda q: expect(q.locator("input[type=text], textarea")).to_have_value(text)


def test_student_takes_the_quiz_through_a_reload_and_a_lost_connection(
    live_server, student, new_page
):
    page = new_page()
    sign_in(page, live_server, "siswa1")
    to_do = page.get_by_role("region", name="To do")  # an open quiz is listed with the readings
    expect(to_do.get_by_role("listitem").filter(has_text=QUIZ)).to_contain_text("not started")
    to_do.get_by_role("link", name=QUIZ).click()

    expect(page.get_by_role("heading", name=QUIZ, level=1)).to_be_visible()
    expect(page.get_by_text("45 minutes")).to_be_visible()
    expect(page.get_by_text("0 of 2 used")).to_be_visible()
    assert_accessible(page, "quiz start page")
    page.screenshot(path=ARTIFACTS / "quiz-start.png")
    page.get_by_role("button", name="Start the quiz").click()

    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(24)
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^0:4[45]:\d\d$"))
    expect(page.get_by_role("button", name="Save answers")).to_be_hidden()  # autosave instead
    assert_accessible(page, "quiz take page")

    # Half the questions, each saved as soon as it is answered.
    checks = {}
    for i in range(12):
        question = questions.nth(i)
        checks[i] = answer(question, i)
        expect(question.locator(".save-state")).to_have_text(SAVED)
    assert answered_count() == 12

    page.reload()
    for i, still_answered in checks.items():
        still_answered(questions.nth(i))
    expect(questions.nth(12).locator("input:checked")).to_have_count(0)

    # The connection drops: the answers wait in the browser, and the page says so.
    page.context.set_offline(True)
    for i in range(12, 15):
        checks[i] = answer(questions.nth(i), i)
        expect(questions.nth(i).locator(".save-state")).to_have_text(WAITING)
    expect(page.get_by_role("status").filter(has_text="No connection")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "quiz-offline.png")
    assert answered_count() == 12

    page.context.set_offline(False)
    for i in range(12, 15):
        expect(questions.nth(i).locator(".save-state")).to_have_text(SAVED, timeout=10_000)
    assert answered_count() == 15

    # A second device (a phone) resumes the same attempt with every answer.
    phone = new_page(**PHONE)
    sign_in(phone, live_server, "siswa1")
    phone.goto(live_server.url + QuizAssignment.objects.get().get_absolute_url())
    phone.get_by_role("button", name="Resume the attempt").click()
    for i, still_answered in checks.items():
        still_answered(phone.locator("fieldset.question").nth(i))
    check_phone_page(phone, "quiz-take", menu=False)
    phone.locator("#question-13").scroll_into_view_if_needed()
    expect(phone.get_by_role("timer")).to_be_in_viewport()  # the countdown stays in view
    phone.screenshot(path=ARTIFACTS / "phone-quiz-take-scrolled.png")
    assert Attempt.objects.count() == 21  # 20 of the demo, one of siswa1

    page.get_by_role("button", name="Finish the attempt…").click()
    expect(page.get_by_role("heading", name="Submit the attempt", level=1)).to_be_visible()
    expect(page.get_by_text("9 of 24 questions are not answered yet")).to_be_visible()
    assert_accessible(page, "quiz confirm page")
    page.screenshot(path=ARTIFACTS / "quiz-confirm.png")
    page.get_by_role("button", name="Submit now").click()

    expect(page.get_by_role("status").first).to_have_text("Your attempt is submitted.")
    attempt = Attempt.objects.get(student=student)
    assert attempt.state == Attempt.State.SUBMITTED
    with override("en"):
        score = f"{floatformat(attempt.score, -2)} / {floatformat(attempt.max_score, -2)}"
    expect(page.locator(".quiz-score")).to_contain_text(score)
    # The sample quiz shows answers, correct answers and feedback right after the attempt.
    expect(page.get_by_text("your answer").first).to_be_visible()
    expect(page.get_by_text("correct answer").first).to_be_visible()
    assert_accessible(page, "quiz review page")
    page.screenshot(path=ARTIFACTS / "quiz-review.png", full_page=True)


def test_the_attempt_is_handed_in_when_the_time_is_up(live_server, student, new_page):
    attempt, page = open_new_attempt(
        live_server, student, new_page, time_left=timedelta(seconds=30), clock=True
    )
    save_answers(attempt=attempt, data={"shown": ["0"], "q0": ["0"]})
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^0:00:[23]\d$"))
    time_is_up_on_the_server(attempt)
    page.clock.run_for("00:30")  # the countdown reaches zero
    expect(page.locator(".quiz-score")).to_be_visible()  # the review page
    expect(page.get_by_text("closed when time ran out")).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.closed_by == Attempt.ClosedBy.TIME_UP
    assert attempt.submitted_at == attempt.deadline


def test_an_answer_after_submitting_in_another_tab_is_refused_with_the_reason(
    live_server, student, new_page
):
    attempt, page = open_new_attempt(live_server, student, new_page)
    other_tab = page.context.new_page()
    other_tab.goto(live_server.url + attempt.get_absolute_url() + "submit/")
    other_tab.get_by_role("button", name="Submit now").click()
    expect(other_tab.locator(".quiz-score")).to_be_visible()

    page.locator("fieldset.question input[type=radio]").first.check()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text(
        "This attempt is already submitted; answers can no longer change."
    )
    expect(page.locator("fieldset.question input").first).to_be_disabled()
    refusal.get_by_role("link", name="See your attempt").click()
    expect(page.locator(".quiz-score")).to_be_visible()
    assert (
        page.evaluate(f"localStorage.getItem('kerjasama-quiz-{attempt.pk}')") is None
    )  # nothing left to send
    assert not AttemptQuestion.objects.filter(attempt=attempt, answer__isnull=False).exists()


def test_a_student_signed_out_mid_quiz_is_told_and_loses_no_answer(live_server, student, new_page):
    attempt, page = open_new_attempt(live_server, student, new_page)
    questions = page.locator("fieldset.question")
    answer(questions.nth(0), 1)
    expect(questions.nth(0).locator(".save-state")).to_have_text(SAVED)

    page.context.clear_cookies(name="sessionid")  # the session ends (expired, or signed out)
    answer(questions.nth(1), 2)
    notice = page.locator(".quiz-signed-out")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("You have been signed out")
    expect(questions.nth(1).locator(".save-state")).to_have_text("Not sent yet: sign in again")
    # The focus stays on the question: moved to the link, the next keys typed would be lost.
    assert page.evaluate("document.getElementById('quiz-form').contains(document.activeElement)")
    assert answered_count() == 1
    assert_accessible(page, "quiz page, signed out")

    notice.get_by_role("link", name="Sign in again").click()
    # Signed out, the sign-in page speaks the school's language.
    page.get_by_label("Nama pengguna").fill("siswa1")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(live_server.url + attempt.get_absolute_url())
    expect(page.locator("fieldset.question").nth(1).locator(".save-state")).to_have_text(SAVED)
    assert answered_count() == 2


def test_signing_in_again_in_another_tab_lets_the_quiz_tab_send_what_it_kept(
    live_server, student, new_page
):
    _attempt, page = open_new_attempt(live_server, student, new_page, clock=True)
    page.context.clear_cookies(name="sessionid")
    question = page.locator("fieldset.question").first
    answer(question, 1)
    expect(page.locator(".quiz-signed-out")).to_be_visible()

    other_tab = page.context.new_page()
    sign_in(other_tab, live_server, "siswa1")  # a new session and a renewed CSRF cookie
    # The quiz tab retries every 5 s, now with the renewed token, and says it is saved.
    page.clock.run_for("00:05")
    expect(question.locator(".save-state")).to_have_text(SAVED)
    expect(page.locator(".quiz-signed-out")).to_be_hidden()
    assert answered_count() == 1


def test_a_click_right_after_typing_an_answer_picks_the_option(live_server, student, new_page):
    """Leaving a text box shows its save state: the page must not move between pressing an
    option and letting go, or the press lands on something else and the answer is lost."""
    _attempt, page = open_new_attempt(live_server, student, new_page)
    questions = page.locator("fieldset.question")
    kinds = [
        "text"
        if q.locator("input[type=text], textarea").count()
        else "radio"
        if q.locator("input[type=radio]").count()
        else "other"
        for q in questions.all()
    ]
    pairs = [i for i in range(len(kinds) - 1) if kinds[i] == "text" and kinds[i + 1] == "radio"]
    assert pairs, kinds
    for i in pairs:
        questions.nth(i).locator("input[type=text], textarea").fill(f"Jawaban {i}")
        option = questions.nth(i + 1).locator("input[type=radio]").first
        option.scroll_into_view_if_needed()
        box = option.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()  # the text box loses focus here and shows its save state
        page.mouse.up()
        expect(option).to_be_checked()
    for i in pairs:  # every save answered before the test ends (and its database goes)
        for question in (questions.nth(i), questions.nth(i + 1)):
            expect(question.locator(".save-state")).to_have_text(SAVED, timeout=10_000)


def test_extra_time_given_while_the_page_is_open_keeps_the_student_answering(
    live_server, student, new_page
):
    """The countdown reaches zero, but the teacher has given more time since the page loaded:
    the page asks, keeps the student answering and counts down the new time."""
    attempt, page = open_new_attempt(
        live_server, student, new_page, time_left=timedelta(minutes=1), clock=True
    )
    expect(page.get_by_role("timer")).to_be_visible()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(minutes=10))
    page.clock.run_for("01:05")  # past the page's own zero
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"0:(09|10):\d\d"))
    expect(page.locator("#quiz-form")).to_be_visible()  # not the review
    radio = page.locator("fieldset.question input[type=radio]").first
    expect(radio).to_be_enabled()
    radio.check()
    expect(page.locator("fieldset.question .save-state").first).to_have_text(SAVED)
    attempt.refresh_from_db()
    assert attempt.is_open


def test_time_cut_while_the_page_is_open_reaches_it_without_a_save(live_server, student, new_page):
    """The teacher closes the quiz early while the student reads: the page asks within a minute
    and hands in what was saved, instead of counting down time that is gone."""
    attempt, page = open_new_attempt(live_server, student, new_page, clock=True)
    expect(page.get_by_role("timer")).to_be_visible()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    page.clock.run_for("01:01")  # one check of the time left, no save
    expect(page.locator(".quiz-score")).to_be_visible(timeout=10_000)  # the review
    attempt.refresh_from_db()
    assert attempt.closed_by == Attempt.ClosedBy.TIME_UP


def test_the_low_time_warning_goes_when_the_teacher_gives_more_time(live_server, student, new_page):
    """Four minutes left: the clock turns red with "less than five minutes". The teacher then
    gives ten more: the warning goes at the next save, and comes back when the new time runs
    low."""
    attempt, page = open_new_attempt(
        live_server, student, new_page, time_left=timedelta(minutes=4), clock=True
    )
    timer = page.locator(".quiz-timer")
    status = page.get_by_role("status")
    expect(timer).to_have_class(re.compile(r"\bquiz-timer-low\b"))
    expect(status).to_have_text("Less than five minutes left.")
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(minutes=10))
    page.locator("fieldset.question input[type=radio]").first.check()
    expect(page.locator("fieldset.question .save-state").first).to_have_text(SAVED)
    expect(timer).not_to_have_class(re.compile(r"\bquiz-timer-low\b"))
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"0:(09|10):\d\d"))
    # The teacher takes some back: four and a half minutes left, learnt with the next save.
    # (Moving the page's clock instead would race its once-a-minute check with the server.)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=270))
    page.locator("fieldset.question input[type=radio]").nth(1).check()
    page.clock.run_for(2000)  # the countdown ticks
    expect(timer).to_have_class(re.compile(r"\bquiz-timer-low\b"))
    expect(status).to_have_text("Less than five minutes left.")


def test_coming_back_to_the_quiz_page_asks_for_the_time_left_at_once(
    live_server, student, new_page
):
    """A student who switched to another app comes back after the teacher closed the quiz: the
    page asks as soon as it is in view again, not at its next once-a-minute check."""
    attempt, page = open_new_attempt(live_server, student, new_page, clock=True)
    expect(page.get_by_role("timer")).to_be_visible()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # in view again
    expect(page.locator(".quiz-score")).to_be_visible(timeout=10_000)  # handed in: the review
    attempt.refresh_from_db()
    assert attempt.closed_by == Attempt.ClosedBy.TIME_UP


def test_a_tap_on_the_connection_message_reaches_the_question_beneath(
    live_server, student, new_page
):
    """The connection message lies over the top of the page: a tap there lands on what is
    under it, not on the message."""
    _attempt, page = open_new_attempt(live_server, student, new_page)
    status = page.get_by_role("status")
    page.context.set_offline(True)
    page.locator("fieldset.question input[type=radio]").first.check()
    expect(status).to_have_text(
        "No connection: your answers are kept on this device and sent when it returns."
    )
    box = status.bounding_box()
    beneath = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('.quiz-status') === null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    page.context.set_offline(False)
    expect(page.locator("fieldset.question .save-state").first).to_have_text(SAVED)
    assert beneath, "a tap on the connection message stays on the message"


def test_answers_the_server_failed_to_save_are_sent_again_before_the_hand_in(
    live_server, student, new_page
):
    """The server fails every save until just after the deadline, within the grace it still
    takes answers in: the countdown's hand-in waits for them instead of leaving them behind."""
    attempt, page = open_new_attempt(
        live_server, student, new_page, time_left=timedelta(seconds=30), clock=True
    )
    server_fails = True

    def flaky(route):
        if server_fails:
            route.fulfill(status=502, body="<h1>Bad gateway</h1>", content_type="text/html")
        else:
            route.continue_()

    page.route("**/answers/", flaky)
    questions = page.locator("fieldset.question")
    answer(questions.nth(0), 1)
    answer(questions.nth(1), 2)
    expect(questions.nth(0).locator(".save-state")).to_have_text("Not saved yet: trying again")
    time_is_up_on_the_server(attempt)
    page.clock.run_for("00:30")  # the countdown reaches zero: the grace begins
    expect(page.get_by_role("status")).to_have_text(
        "Time is up: your saved answers are being submitted…"
    )
    server_fails = False  # within the grace: the page, trying every second, gets through
    expect(page.locator(".quiz-score")).to_be_visible()  # handed in: the review
    assert answered_count() == 2
    attempt.refresh_from_db()
    assert attempt.closed_by == Attempt.ClosedBy.TIME_UP


def test_one_answer_the_server_fails_to_save_does_not_hold_back_the_others(
    live_server, student, new_page
):
    _attempt, page = open_new_attempt(live_server, student, new_page)
    trouble_with_the_first_question(
        page,
        lambda route: route.fulfill(
            status=500, body="<h1>Server error</h1>", content_type="text/html"
        ),
    )
    questions = page.locator("fieldset.question")
    for i in range(3):
        answer(questions.nth(i), i + 1)
    expect(questions.nth(1).locator(".save-state")).to_have_text(SAVED)
    expect(questions.nth(2).locator(".save-state")).to_have_text(SAVED)
    expect(questions.nth(0).locator(".save-state")).to_have_text("Not saved yet: trying again")
    expect(page.locator(".quiz-status")).to_have_text("")  # not "no connection": it is fine
    assert answered_count() == 2


def test_an_answer_refused_once_the_quiz_closed_says_so_and_the_clock_stops(
    live_server, student, new_page
):
    """The teacher closed the quiz while the page was open: the answer given since is marked
    as not saved, with the reason, and the countdown no longer runs."""
    attempt, page = open_new_attempt(live_server, student, new_page, clock=True)
    expect(page.get_by_role("timer")).to_be_visible()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    essay = page.locator("fieldset.question", has=page.locator("textarea")).first
    question = page.locator("fieldset.question").first
    essay.locator("textarea").fill("Sedang diketik")  # not sent yet: still being typed
    # At once (a click would wait for the page to be still): the save is refused meanwhile.
    question.locator("input[type=radio]").first.evaluate(
        "radio => { radio.checked = true;"
        " radio.dispatchEvent(new Event('change', { bubbles: true })) }"
    )
    for refused in (question, essay):
        expect(refused.locator(".save-state")).to_have_text(
            "Not saved: the attempt was already closed"
        )
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_role("timer")).to_be_hidden()
    page.clock.run_for("00:03")  # the countdown's next ticks
    expect(page.get_by_role("timer")).to_be_hidden()
    expect(essay.locator(".save-state")).to_have_text("Not saved: the attempt was already closed")
    assert page.evaluate(f"localStorage.getItem('kerjasama-quiz-{attempt.pk}')") is None
    assert answered_count() == 0


def test_a_second_tab_saving_keeps_the_first_tabs_unsent_answer_on_the_device(
    live_server, student, new_page
):
    """Tab A cannot send its answer; tab B saves another one. The device's copy, shared by
    both, must still hold A's answer, or closing A would lose it."""
    attempt, tab_a = open_new_attempt(live_server, student, new_page)
    tab_b = tab_a.context.new_page()
    tab_b.goto(live_server.url + attempt.get_absolute_url())
    tab_a.route("**/answers/", lambda route: route.abort())
    questions_a = tab_a.locator("fieldset.question")
    questions_b = tab_b.locator("fieldset.question")
    answer(questions_a.nth(0), 1)
    expect(questions_a.nth(0).locator(".save-state")).to_have_text(WAITING)
    answer(questions_b.nth(1), 2)
    expect(questions_b.nth(1).locator(".save-state")).to_have_text(SAVED)
    kept = tab_b.evaluate(f"JSON.parse(localStorage.getItem('kerjasama-quiz-{attempt.pk}'))")
    first = questions_a.nth(0).get_attribute("data-position")
    assert list(kept) == [first]
    tab_a.close(run_before_unload=False)  # as a phone closes a tab in the background
    tab_c = tab_b.context.new_page()  # the student comes back: the kept answer is sent
    tab_c.goto(live_server.url + attempt.get_absolute_url())
    expect(tab_c.locator("fieldset.question").nth(0).locator(".save-state")).to_have_text(SAVED)
    assert answered_count() == 2


def test_a_phones_old_copy_does_not_overwrite_an_answer_given_later_on_a_laptop(
    live_server, student, new_page
):
    """The phone answers without a connection; ten minutes later the student answers the same
    question on a laptop. When the phone's connection returns, its old copy is refused with the
    reason, and the laptop's answer is the one kept."""
    attempt, phone = open_new_attempt(live_server, student, new_page, clock=True)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - timedelta(minutes=20))
    on_phone = phone.locator("fieldset.question:has(input[type=radio])").first
    position = int(on_phone.get_attribute("data-position"))
    phone.context.set_offline(True)
    on_phone.locator("input[type=radio]").last.check()
    expect(on_phone.locator(".save-state")).to_have_text(WAITING)
    phone.clock.fast_forward("10:00")
    laptop = new_page()
    sign_in(laptop, live_server, "siswa1")
    laptop.goto(live_server.url + attempt.get_absolute_url())
    on_laptop = laptop.locator(f'fieldset.question[data-position="{position}"]')
    on_laptop.locator("input[type=radio]").first.check()
    expect(on_laptop.locator(".save-state")).to_have_text(SAVED)
    row = AttemptQuestion.objects.get(attempt=attempt, position=position)
    given_on_the_laptop = row.answer
    phone.context.set_offline(False)
    expect(on_phone.locator(".save-state")).to_have_text(
        "You changed this answer later on another device: that later answer is kept. Reload the "
        "page to see it."
    )
    row.refresh_from_db()
    assert row.answer == given_on_the_laptop
    assert phone.evaluate(f"localStorage.getItem('kerjasama-quiz-{attempt.pk}')") is None
    phone.reload()  # as the message says: the laptop's answer is on the phone too
    expect(
        phone.locator(f'fieldset.question[data-position="{position}"] input[type=radio]').first
    ).to_be_checked()


def test_submitting_without_a_connection_says_so_and_works_once_it_returns(
    live_server, student, new_page
):
    """Not the browser's error page: a message on the submit page, and a second press later."""
    attempt, page = open_new_attempt(live_server, student, new_page)
    page.goto(live_server.url + attempt.get_absolute_url() + "submit/")
    page.context.set_offline(True)
    page.get_by_role("button", name="Submit now").click()
    expect(page.locator(".quiz-status")).to_contain_text(
        "No connection: the attempt may not be submitted yet"
    )
    attempt.refresh_from_db()
    assert attempt.is_open
    page.context.set_offline(False)
    page.get_by_role("button", name="Submit now").click()
    expect(page.locator(".quiz-score")).to_be_visible()  # the review
    expect(page.get_by_text("Your attempt is submitted.")).to_be_visible()
    attempt.refresh_from_db()
    assert not attempt.is_open


def test_an_essay_pasted_past_the_limit_shows_the_limit_in_red(live_server, student, new_page):
    _attempt, page = open_new_attempt(live_server, student, new_page)
    essay = page.locator("fieldset.question textarea").first
    limit = page.locator("#" + essay.get_attribute("aria-describedby"))
    expect(limit).to_have_text("At most 10,000 characters: a longer text is cut there.")
    expect(limit).not_to_have_class(re.compile(r"\btext-danger\b"))
    essay.fill("kerjasama " * 1200)  # 12,000 characters
    assert len(essay.input_value()) == 10_000
    expect(limit).to_have_class(re.compile(r"\btext-danger\b"))
    question = page.locator("fieldset.question", has=page.locator("textarea")).first
    expect(question.locator(".save-state")).to_have_text(SAVED)  # the first 10,000 are kept


def test_a_server_error_at_the_hand_in_is_retried_not_reloaded(live_server, student, new_page):
    """The hand-in fails with a server error: the page tries again after a pause. Leaving for
    the attempt's page would show it open, hand it in again, and so on, many times a second."""
    attempt, page = open_new_attempt(
        live_server, student, new_page, time_left=timedelta(seconds=30), clock=True
    )
    hold_the_clock(page)
    hand_ins = []
    pages_opened = []
    page.on("framenavigated", lambda frame: frame.parent_frame or pages_opened.append(frame.url))

    def failing_once(route):
        hand_ins.append(route.request)
        if len(hand_ins) == 1:
            route.fulfill(status=500, body="<h1>Server error</h1>", content_type="text/html")
        else:
            route.continue_()

    page.route("**/submit/", failing_once)
    time_is_up_on_the_server(attempt)
    with page.expect_response("**/submit/"):
        page.clock.run_for("00:30")  # the countdown reaches zero: the hand-in fails
    page.clock.run_for("00:04")
    page.evaluate("0")  # what the page did meanwhile has reached the test
    assert len(hand_ins) == 1  # not again at once
    page.clock.run_for("00:02")  # the pause is over
    expect(page.locator(".quiz-score")).to_be_visible()  # the review, in the end
    page.wait_for_load_state()
    assert len(hand_ins) == 2
    assert len(pages_opened) == 1  # the review only: the quiz page never reloaded


def test_a_save_that_hangs_is_given_up_and_the_others_go_through(live_server, student, new_page):
    """A save that never gets an answer (a stalled connection, a gateway waiting on a dead
    server) is given up after 15 s and tried again later, after the others."""
    _attempt, page = open_new_attempt(live_server, student, new_page, clock=True)
    hanging = []
    trouble_with_the_first_question(page, hanging.append)  # never answered
    questions = page.locator("fieldset.question")
    for i in range(2):
        answer(questions.nth(i), i + 1)
    page.clock.run_for("00:30")  # the save is given up; the next try sends the others first
    expect(questions.nth(1).locator(".save-state")).to_have_text(SAVED)
    # Tried again meanwhile: "Saving…" while it hangs, "Not saved yet" between tries.
    expect(questions.nth(0).locator(".save-state")).not_to_have_text(SAVED)
    assert answered_count() == 1
