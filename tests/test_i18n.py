"""Indonesian is the default language, English is available, and the catalogue is complete."""

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

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
