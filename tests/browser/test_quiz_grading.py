"""The teacher grades a student's essays in the browser; the student then sees the final score."""

import pytest
from django.template.defaultfilters import floatformat
from django.utils.translation import override
from playwright.sync_api import expect

from quizzes.models import Attempt

from .conftest import ARTIFACTS, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_grades_the_essays_and_the_student_sees_the_final_score(
    live_server, demo_school, new_page
):
    # seed_demo leaves the essays of every third student waiting: siswa3 is one of them.
    attempt = Attempt.objects.get(student__username="siswa3")
    assert attempt.needs_grading
    essays = list(attempt.questions.filter(score__isnull=True))

    page = new_page()
    sign_in(page, live_server, "guru")
    page.get_by_role("link", name="XI IPS 1").click()
    page.get_by_role("link", name="Kuis: Kerjasama Internasional").click()
    page.get_by_role("link", name="Periksa uraian").click()
    assert_accessible(page, "essay grading queue")
    for essay in essays:
        form = page.locator(f"form[action$='/answers/{essay.pk}/grade/']")
        form.get_by_label("Poin").fill("2,5")
        form.get_by_label("Umpan balik untuk siswa").fill("Contohnya tepat.")
        form.get_by_role("button", name="Simpan").click()
        expect(page.get_by_role("status").first).to_contain_text("Tersimpan")
    page.screenshot(path=ARTIFACTS / "quiz-grading.png", full_page=True)

    attempt.refresh_from_db()
    assert not attempt.needs_grading
    with override("id"):
        final = floatformat(attempt.score, "-2")  # with the decimal comma, as the page shows it

    student_page = new_page()
    sign_in(student_page, live_server, "siswa3")
    student_page.goto(live_server.url + attempt.get_absolute_url())
    expect(student_page.locator(".quiz-score")).to_contain_text(final)
    expect(student_page.get_by_text("Contohnya tepat.").first).to_be_visible()
    expect(student_page.get_by_text("menunggu penilaian guru")).to_have_count(0)
    assert_accessible(student_page, "review after grading")
