"""A student reads an assigned lesson and the teacher sees it, in a real browser.

The data is seed_demo's school: guru teaches XI IPS 1; siswa1 (Adi Nugroho) has read only the
first lesson. Lesson 3 is due in a few days, so finishing it now counts as done, not late.
"""

import re

import pytest
from playwright.sync_api import expect

from lessons.models import Lesson, ReadingProgress
from quizzes.models import Attempt, Quiz, QuizAssignment

from .conftest import ARTIFACTS, PHONE, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LESSON = "Tujuan Kerjasama Internasional"  # position 3, due four days from today
NEXT_LESSON = "Bentuk-bentuk Kerjasama Internasional"


def finished_count(title):
    return ReadingProgress.objects.filter(lesson__title=title, finished_at__isnull=False).count()


def test_student_finishes_a_reading_and_the_teacher_sees_it(live_server, demo_school, new_page):
    assert Lesson.objects.get(title=LESSON).position == 3
    assert not ReadingProgress.objects.filter(user__username="siswa1", lesson__title=LESSON)
    page = new_page()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="Masuk", level=1)).to_be_visible()
    assert_accessible(page, "login")

    sign_in(page, live_server, "siswa1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Halo, Adi Nugroho")
    todo = page.get_by_role("region", name="Yang harus dikerjakan")
    expect(todo.get_by_role("link", name=LESSON)).to_be_visible()
    assert_accessible(page, "student dashboard")

    todo.get_by_role("link", name=LESSON).click()
    expect(page.get_by_role("heading", name=LESSON, level=1)).to_be_visible()
    expect(page.get_by_text("Pelajaran 3 dari 8")).to_be_visible()
    assert_accessible(page, "lesson")

    page.get_by_role("button", name="Selesai membaca").click()
    # Finishing moves on to the next lesson and says so.
    expect(page.get_by_role("status")).to_contain_text(f"“{LESSON}” ditandai sudah dibaca")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEXT_LESSON)
    assert ReadingProgress.objects.get(user__username="siswa1", lesson__title=LESSON).finished_at

    page.get_by_role("navigation", name="Jejak navigasi").get_by_role("link").first.click()
    contents = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=LESSON))
    expect(contents).to_contain_text("sudah dibaca")
    expect(page.get_by_label(re.compile(r"2 dari 8 pelajaran sudah dibaca"))).to_be_visible()
    assert_accessible(page, "course")

    # The lesson itself now says it is read, in place of the button.
    contents.get_by_role("link", name=LESSON).click()
    expect(page.get_by_text("Anda selesai membaca ini pada")).to_be_visible()
    expect(page.get_by_role("button", name="Selesai membaca")).to_have_count(0)

    # Back on the dashboard the reading has left the to-do list for the done list.
    nav = page.get_by_role("navigation", name="Navigasi utama")
    nav.get_by_role("link", name="Beranda").click()
    expect(todo.get_by_role("link", name=LESSON)).to_have_count(0)
    done = page.get_by_role("region", name="Selesai")
    expect(done.get_by_role("listitem").filter(has_text=LESSON)).to_contain_text("selesai")

    teacher = new_page()
    sign_in(teacher, live_server, "guru")
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Halo, Ibu Sari Wulandari")
    assert_accessible(teacher, "teacher dashboard")

    teacher.get_by_role("link", name="XI IPS 1").click()
    expect(teacher.get_by_role("heading", name="XI IPS 1", level=1)).to_be_visible()
    assert_accessible(teacher, "class page")

    # Per-reading counts: the readings table includes siswa1's reading.
    readings = teacher.get_by_role("region", name="Bacaan")
    reading_row = readings.get_by_role("row").filter(has=teacher.get_by_role("link", name=LESSON))
    # Cells after the row header: due date, finished, late, missing, actions.
    expect(reading_row.get_by_role("cell").nth(1)).to_have_text(f"{finished_count(LESSON)} dari 30")

    # Per-student states: siswa1's cell in the column of that reading says done.
    students = teacher.get_by_role("region", name="30 siswa")
    headers = students.get_by_role("columnheader").all_inner_texts()
    column = headers.index(LESSON)
    siswa1 = students.get_by_role("row").filter(has=teacher.get_by_text("siswa1", exact=True))
    expect(siswa1).to_have_count(1)
    state = siswa1.locator("th, td").nth(column)
    expect(state).to_have_text("✓ selesai")
    expect(state.locator(".state")).to_have_class(re.compile(r"\bstate-done\b"))


# The outermost elements that stick out past the right edge, to say what to fix.
WIDER_THAN_VIEWPORT = """() => [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5)
    .filter(el => el.parentElement.getBoundingClientRect().right <= innerWidth + 0.5)
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
               + ` right=${Math.round(el.getBoundingClientRect().right)}`)"""


def check_phone_page(page, name, *, menu=True):
    """No sideways scrolling of the page; the menu folds into its button and opens; axe passes."""
    page.wait_for_load_state("load")
    page.screenshot(path=ARTIFACTS / f"phone-{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDER_THAN_VIEWPORT) if width > 360 else []
    assert width <= 360, f"{name}: the page is {width}px wide on a 360px phone: {wide}"
    assert_accessible(page, f"{name} on a phone")
    if menu:
        nav = page.get_by_role("navigation", name="Navigasi utama")
        toggler = nav.get_by_role("button", name="Buka menu")
        sign_out = nav.get_by_role("button", name="Keluar")
        expect(sign_out).to_be_hidden()
        toggler.click()
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))  # fully open
        expect(sign_out).to_be_visible()
        expect(toggler).to_have_attribute("aria-expanded", "true")


def test_pages_fit_a_phone(live_server, demo_school, new_page):
    page = new_page(**PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    check_phone_page(page, "login", menu=False)

    sign_in(page, live_server, "siswa1")
    check_phone_page(page, "dashboard-student")
    page.screenshot(path=ARTIFACTS / "phone-menu-open.png")

    # A long address or word, as a teacher pastes them, wraps instead of widening the page.
    long_text = (
        "\n\nSumber: https://www.kemlu.go.id/portal/id/read/2026/kerjasama-internasional-dan"
        "-peran-indonesia-di-asean-dan-pbb-lengkap dan Antidisestablishmentarianismeeeeeeeeee.\n"
    )
    lesson = Lesson.objects.get(title=LESSON)
    Lesson.objects.filter(pk=lesson.pk).update(body=lesson.body + long_text)
    Quiz.objects.update(instructions=long_text)

    todo = page.get_by_role("region", name="Yang harus dikerjakan")
    todo.get_by_role("link", name=LESSON).click()
    expect(page.get_by_role("heading", name=LESSON, level=1)).to_be_visible()
    check_phone_page(page, "lesson")
    lesson_url = page.url
    page.get_by_role("button", name="Selesai membaca").click()
    page.goto(lesson_url)
    expect(page.get_by_text("Anda selesai membaca ini pada")).to_be_visible()
    check_phone_page(page, "lesson-finished")  # the long "finished on <date>" line wraps

    page.goto(f"{live_server.url}/courses/kerjasama-internasional/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kerjasama Internasional")
    check_phone_page(page, "course")

    page.goto(live_server.url + QuizAssignment.objects.get().get_absolute_url())
    expect(page.locator(".quiz-instructions")).to_contain_text("kemlu.go.id")
    check_phone_page(page, "quiz-start")

    teacher = new_page(**PHONE)
    sign_in(teacher, live_server, "guru")
    check_phone_page(teacher, "dashboard-teacher")

    teacher.get_by_role("link", name="XI IPS 1").click()
    expect(teacher.get_by_role("heading", name="XI IPS 1", level=1)).to_be_visible()
    check_phone_page(teacher, "class")

    # A submitted attempt with its matching pairs, as the teacher reviews it.
    submitted = Attempt.objects.filter(state=Attempt.State.SUBMITTED).order_by("pk").first()
    teacher.goto(live_server.url + submitted.get_absolute_url())
    expect(teacher.locator(".review-pairs").first).to_be_visible()
    check_phone_page(teacher, "attempt-review", menu=False)


def test_language_switches_to_english_and_back(live_server, demo_school, new_page):
    page = new_page()
    sign_in(page, live_server, "siswa1")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("button", name="Keluar")).to_be_visible()

    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Bahasa").select_option("en")
    footer.get_by_role("button", name="Ganti").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Adi Nugroho")
    expect(page.get_by_role("region", name="To do")).to_be_visible()
    assert_accessible(page, "student dashboard in English")

    # The choice sticks: another page is in English too.
    nav.get_by_role("link", name="Courses").click()
    expect(page.get_by_role("heading", name="Courses", level=1)).to_be_visible()

    footer.get_by_label("Language").select_option("id")
    footer.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Kursus", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("button", name="Keluar")).to_be_visible()
