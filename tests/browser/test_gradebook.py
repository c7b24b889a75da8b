"""The teacher reads the demo class's gradebook, its reports and downloads the CSV, in a browser.

The data is seed_demo's school: guru teaches XI IPS 1 (30 students, 8 readings, the sample quiz
with 20 attempts).
"""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, PHONE, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUIZ = "Kuis: Kerjasama Internasional"


def test_teacher_reads_the_gradebook_and_downloads_it(live_server, demo_school, new_page):
    page = new_page()
    sign_in(page, live_server, "guru")
    page.get_by_role("link", name="XI IPS 1").click()
    page.get_by_role("link", name="Buku nilai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buku nilai: XI IPS 1")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(1 + 30 + 1)
    expect(page.get_by_text("Cara menghitung total")).to_be_visible()
    assert_accessible(page, "gradebook")

    # Sort by quiz average: the best student comes first.
    page.get_by_label("Urutkan menurut").select_option("average")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(r"sort=average"))
    first = table.locator("tbody tr").first.locator("td").nth(1)
    expect(first).to_have_text(re.compile(r"^\d+,\d%$"))
    best = first.inner_text()
    second = table.locator("tbody tr").nth(1).locator("td").nth(1).inner_text()
    assert float(best.rstrip("%").replace(",", ".")) >= float(second.rstrip("%").replace(",", "."))
    # A grade is shown in the text's colour, not success green, whatever the score (0 % too).
    colour = "el => getComputedStyle(el).color"
    text_colour = table.locator("tbody th").first.evaluate(colour)
    assert table.locator(".state-graded").first.evaluate(colour) == text_colour

    # Download the CSV: one row per student, with the page's numbers.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh CSV").click()
    raw = download_info.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 31
    name = table.locator("tbody tr").first.locator("th").inner_text()
    line = next(row for row in rows[1:] if row[0] == name)
    assert line[4] + "%" == best  # the same number, with the same decimal comma

    # A student's page, then the quiz report.
    table.locator("tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    assert_accessible(page, "student page")
    page.go_back()
    page.get_by_role("link", name=QUIZ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hasil: {QUIZ}")
    expect(page.get_by_role("img", name="Jumlah siswa per rentang nilai")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Jawaban salah yang paling banyak dipilih")).first
    ).to_be_visible()
    assert_accessible(page, "quiz report")


def test_gradebook_on_a_phone(live_server, demo_school, new_page):
    page = new_page(**PHONE)
    sign_in(page, live_server, "guru")
    page.get_by_role("link", name="XI IPS 1").click()
    page.get_by_role("link", name="Buku nilai").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The page itself does not scroll sideways; the table does, under a sticky name column.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".gradebook-scroll").evaluate("el => el.scrollLeft = 400")
    name_cell = page.locator("table tbody tr").first.locator("th")
    expect(name_cell).to_be_in_viewport()
    assert_accessible(page, "gradebook on a phone")
    page.screenshot(path=str(ARTIFACTS / "gradebook-360.png"))
    page.get_by_role("link", name=QUIZ).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("heading", name="Sebaran nilai").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "quiz-report-360.png"))


def test_student_sees_only_their_progress_and_admin_the_school(live_server, demo_school, new_page):
    page = new_page(**PHONE)
    sign_in(page, live_server, "siswa2")
    page.get_by_role("link", name="Kemajuan saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kemajuan saya")
    expect(page.get_by_role("heading", name="XI IPS 1")).to_be_visible()
    expect(page.get_by_text("Adi Nugroho")).to_have_count(0)  # a classmate
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Nothing to scroll sideways either: assignment and state (with the attempts) fit.
    assert page.evaluate(
        "[...document.querySelectorAll('.table-responsive')]"
        ".every(e => e.scrollWidth <= e.clientWidth)"
    )
    assert_accessible(page, "my progress")
    page.screenshot(path=str(ARTIFACTS / "my-progress-360.png"), full_page=True)

    admin = new_page()
    sign_in(admin, live_server, "admin")
    admin.goto(f"{live_server.url}/school/")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Ikhtisar sekolah")
    expect(admin.get_by_role("link", name="XI IPS 1", exact=True)).to_be_visible()
    assert_accessible(admin, "school overview")
    admin.get_by_role("link", name="XI IPS 1", exact=True).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Buku nilai: XI IPS 1")
    admin.screenshot(path=str(ARTIFACTS / "gradebook-desktop.png"))


def test_the_printed_gradebook_fits_a_landscape_page(live_server, demo_school, new_page):
    """Printed, every column fits the width of an A4 page turned sideways (277 mm inside 1 cm
    margins: 1,047 CSS pixels): a wider table is cut off at the page's edge, not scrolled."""
    page = new_page(viewport={"width": 1047, "height": 740})
    sign_in(page, live_server, "guru")
    page.get_by_role("link", name="XI IPS 1").click()
    page.get_by_role("link", name="Buku nilai").click()
    page.emulate_media(media="print")
    width = page.locator(".gradebook").evaluate("table => table.scrollWidth")
    assert width <= 1047, f"the printed gradebook is {width}px wide"
    page.screenshot(path=str(ARTIFACTS / "gradebook-print.png"))
