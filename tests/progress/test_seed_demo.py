"""seed_demo names the address `make run` serves on, so two checkouts can serve side by side."""

import shutil
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation


def seed_demo_output() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("language", "sign_in"), [("en", "Sign in at"), ("id", "Masuk di")], ids=["en", "id"]
)
def test_the_printed_address_follows_the_port(db, settings, monkeypatch, language, sign_in):
    settings.DEBUG = True
    monkeypatch.setenv("PORT", "8001")
    with translation.override(language):
        assert f"{sign_in} http://127.0.0.1:8001/ " in seed_demo_output()
        monkeypatch.delenv("PORT")
        assert f"{sign_in} http://127.0.0.1:8000/ " in seed_demo_output()  # runserver's default


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_serves_on_the_port_it_prints(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    for args, port in [([], "8000"), (["PORT=8001"], "8001")]:
        commands = subprocess.run(
            ["make", "--dry-run", "run", *args],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        (seed,) = [line for line in commands if "manage.py seed_demo" in line]
        (serve,) = [line for line in commands if "manage.py runserver" in line]
        assert f"PORT={port} " in seed and serve.endswith(f" 127.0.0.1:{port}")


def test_the_demo_essays_read_like_a_class_wrote_them(db, settings):
    from quizzes.models import AttemptQuestion

    settings.DEBUG = True
    seed_demo_output()
    rows = AttemptQuestion.objects.select_related("version", "attempt")
    essays = [row for row in rows if row.version.data["type"] == "essay" and row.answer]
    by_question = {}
    for row in essays:
        by_question.setdefault(row.version.data["text"], set()).add(str(row.answer))
    assert len(by_question) == 2
    assert all(len(answers) >= 4 for answers in by_question.values())  # not one sentence
    comments = {row.comment for row in essays if row.comment}
    assert len(comments) >= 2
