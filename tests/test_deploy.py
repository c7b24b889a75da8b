"""Production settings from the environment, `check --deploy`, error pages and JSON logs."""

import gzip
import json
import logging
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import include, path

from kerjasama.logging import JSONFormatter

PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "kelas.example.sch.id",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_COOKIES": "1",
}


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE; a server never should (check --deploy
        # rightly warns about it).
        if key not in PRODUCTION
        and key not in {"DJANGO_DEBUG", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "0 silenced" in result.stdout


def test_check_deploy_refuses_the_development_secret_key():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    result = manage("check", "--deploy", "--fail-level", "ERROR", **env)
    assert result.returncode != 0
    assert "kerjasama.E001" in result.stderr and "SECRET_KEY" in result.stderr


def test_settings_read_the_load_balancer_and_the_shared_cache_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = manage(
        "shell",
        "-v0",
        "-c",
        code,
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "31536000",
        "True",
        "True",
        "False",
    ]


def test_security_headers(client, db):
    response = client.get("/accounts/login/")
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_and_exports_are_private_to_the_browser(client, teacher, classroom):
    """A school's caching proxy must never keep one person's grades for another."""
    client.force_login(teacher)
    for url in [
        "/",
        f"/classes/{classroom.pk}/gradebook/",
        f"/classes/{classroom.pk}/gradebook.csv",
    ]:
        assert client.get(url).headers["Cache-Control"] == "private", url
    assert "no-cache" in client.get("/healthz").headers["Cache-Control"]  # its own say


def test_https_redirect_spares_the_load_balancers_health_check(client, db, settings):
    """The balancer checks each app server over plain HTTP; a redirect would mark it down."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    page = client.get("/accounts/login/")
    assert page.status_code == 301 and page.headers["Location"].startswith("https://")


def test_pages_are_compressed_for_browsers_that_accept_it(client, db):
    """A school connection carries a quiz page as about 6 KB instead of 36 KB."""
    plain = client.get("/accounts/login/")
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/accounts/login/", headers={"accept-encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    assert b"<form" in gzip.decompress(packed.content)


# Error pages ---------------------------------------------------------------------------------


def boom(request):
    raise RuntimeError("the database fell over")


def forbidden(request):
    raise PermissionDenied


def bad(request):
    raise SuspiciousOperation("odd")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("bad/", bad),
    path("", include("kerjasama.urls")),
]


@pytest.fixture
def production(settings, db):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/tidak-ada/", 404, "Halaman tidak ditemukan"),
        ("/boom/", 500, "Terjadi kesalahan"),
        ("/forbidden/", 403, "Akun Anda tidak boleh membuka halaman ini"),
        ("/bad/", 400, "Ada yang salah dengan permintaan"),
    ],
)
def test_error_pages_are_in_the_apps_style_and_language(production, student, url, status, text):
    production.force_login(student)
    response = production.get(url)
    assert response.status_code == status
    assert text in response.text
    assert '<html lang="id">' in response.text
    assert "css/app.css" in response.text and "Kerjasama Classroom" in response.text


def test_a_request_for_another_host_is_refused_with_the_400_page(production):
    """Refused before the middleware has set `request.user`: the page must still render."""
    response = production.get("/", HTTP_HOST="not-our-school.example")
    assert response.status_code == 400
    assert "Ada yang salah dengan permintaan" in response.text


def test_the_500_page_renders_without_a_database(production):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")  # no request, no context processors, no queries
    assert "Terjadi kesalahan" in html


def test_english_error_page(production, student):
    student.language = "en"
    student.save()
    production.force_login(student)
    assert "Page not found" in production.get("/tidak-ada/").text


def test_errors_are_logged_as_json_lines_with_path_user_and_status(production, student, caplog):
    production.force_login(student)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        production.get("/boom/?x=1")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    entry = json.loads(JSONFormatter().format(record))
    assert entry["level"] == "ERROR"
    assert entry["path"] == "/boom/"
    assert entry["method"] == "GET"
    assert entry["user_id"] == student.pk
    assert entry["status"] == 500
    assert "RuntimeError: the database fell over" in entry["exception"]
    assert "\n" not in JSONFormatter().format(record)


def test_gunicorn_refuses_to_start_without_a_real_secret_key():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kerjasama.wsgi:application",
            "-c",
            "kerjasama/gunicorn.conf.py",
        ],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "SECRET_KEY"},
            "BIND": "127.0.0.1:0",
        },
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr and "SECRET_KEY" in result.stderr


def test_overdue_attempts_close_from_cron_or_as_a_task(db, student, classroom, lessons):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from kerjasama.tasks import close_overdue_attempts
    from quizzes.attempts import start_attempt
    from quizzes.models import Attempt

    from .factories import QuizAssignmentFactory, QuizFactory, make_question

    quiz = QuizFactory(course=lessons[0].course)
    make_question(quiz, "single")
    attempt = start_attempt(
        assignment=QuizAssignmentFactory(classroom=classroom, quiz=quiz), student=student
    )
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    assert close_overdue_attempts.enqueue().return_value == 1
    attempt.refresh_from_db()
    assert not attempt.is_open
    out = StringIO()
    call_command("close_overdue_attempts", stdout=out)
    assert out.getvalue().startswith("0 ")


def test_a_form_without_its_token_gets_an_explanation_in_the_users_language(production):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "siswa1", "password": "x"})
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text
