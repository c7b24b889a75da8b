"""Indonesian is the default language, English is available, and the catalogue is complete."""

import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from progress.gradebook import CellState

from .factories import ReadingAssignmentFactory

ROOT = Path(settings.BASE_DIR)
SOURCES = [
    "accounts",
    "classrooms",
    "lessons",
    "quizzes",
    "progress",
    "kerjasama",
    "templates",
    "manage.py",
    "locale",
]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_indonesian_catalogue_is_complete_and_up_to_date(tmp_path):
    """Extract the strings afresh from a copy of the code: none new, untranslated or fuzzy."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
    )
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", "locale/id/LC_MESSAGES/django.po"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{stats.strip()}: run `manage.py makemessages -l id` and translate the new strings"
    )


def test_english_is_available(client, student):
    client.force_login(student)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("progress:dashboard"))
    assert '<html lang="en">' in response.text
    assert "Sign out" in response.text and "Keluar" not in response.text


def test_dates_use_the_indonesian_format_in_jakarta_time(client, student, classroom, lessons):
    due = timezone.make_aware(datetime(2030, 8, 17, 10, 5), timezone.get_fixed_timezone(7 * 60))
    ReadingAssignmentFactory(classroom=classroom, lesson=lessons[0], due_at=due)
    client.force_login(student)
    assert "tenggat 17 Agu 2030, 10.05" in client.get(reverse("progress:dashboard")).text


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_state_a_cell_can_show_reads_differently(language):
    # "not started" and "not open yet" side by side in one gradebook row, or one dashboard,
    # must not say the same words.
    with translation.override(language):
        labels = [str(label) for label in CellState.LABELS.values()]
    assert len(set(labels)) == len(labels), labels


def po_entries(path):
    """(entry, msgid) for each entry of a .po file: enough of the format for these checks."""
    for entry in Path(path).read_text(encoding="utf-8").split("\n\n"):
        found = re.search(r'^msgid ((?:".*"\n)+)', entry + "\n", re.MULTILINE)
        if found:
            yield entry, "".join(re.findall(r'"(.*)"', found.group(1)))


def django_texts(domain):
    """Every text Django can show, from its English catalogues (which list them all)."""
    root = Path(django.__file__).parent
    return {
        msgid
        for path in root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")
        for _entry, msgid in po_entries(path)
    }


def test_our_translations_of_djangos_texts_are_still_djangos_texts():
    """An upgrade of Django that rewords one of these would leave it in English again."""
    ours = {
        msgid
        for entry, msgid in po_entries(ROOT / "locale/id/LC_MESSAGES/django.po")
        if "kerjasama/django_strings.py" in entry
    }
    assert len(ours) > 20
    assert ours - django_texts("django") == set()
    scripts = {msgid for _entry, msgid in po_entries(ROOT / "locale/id/LC_MESSAGES/djangojs.po")}
    assert scripts - {""} - django_texts("djangojs") == set()


def test_djangos_texts_read_as_ours_in_indonesian(client, teacher, staff, classroom):
    client.force_login(teacher)
    page = client.get(reverse("password_change")).text
    assert "Kata sandi lama" in page and "Sandi lama" not in page
    assert "- Pilih salah satu -" in client.get(reverse("quizzes:create")).text
    client.force_login(staff)
    admin_script = client.get(reverse("admin:jsi18n")).text
    assert "Hari ini (%(date)s)" in admin_script
    assert "zona waktu %(timezone)s" in admin_script
    taken = {"name": classroom.name, "school_year": classroom.school_year}
    page = client.post(reverse("admin:classrooms_classroom_add"), taken).text
    assert "sudah ada" in page and "tidak ada" not in page


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "18 Nov 2026, 23.59"), ("en", "18 Nov 2026, 23:59")]
)
def test_short_dates_name_the_month(language, expected):
    """The gradebook's and the student page's short dates: never "11/18/2026", which a reader
    used to the day first takes for the 11th of the 18th month, nor "18-11-2026" beside
    "18 Nov. 2026" on the same page."""
    moment = timezone.make_aware(datetime(2026, 11, 18, 23, 59))
    with translation.override(language):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == expected
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "18 Nov 2026"
