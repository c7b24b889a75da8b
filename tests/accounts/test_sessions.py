"""Signing in and staying signed in: Django's database sessions and auth backends, and the
deploy that moved sessions from our own backend back to Django's."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInFailure, User


def test_a_signed_in_student_stays_signed_in_until_the_session_expires(client, student):
    client.force_login(student)
    assert "Halo, Budi Santoso" in client.get(reverse("progress:dashboard")).text
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + timedelta(days=1)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_unknown_session_cookie_is_a_visitor_given_a_new_session(client, student):
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key-0123456789"
    response = client.get(reverse("login"))
    assert response.status_code == 200 and "Kata sandi" in response.text
    client.post(reverse("login"), {"username": "siswa1", "password": "secret-pass-123"})
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key != "no-such-session-key-0123456789"
    assert Session.objects.filter(session_key=key).exists()
    assert "Halo, Budi Santoso" in client.get(reverse("progress:dashboard")).text


def test_a_signed_in_page_reads_its_session_and_its_user_once_each(
    client, student, django_assert_max_num_queries
):
    client.force_login(student)
    with django_assert_max_num_queries(4) as context:
        assert "Budi Santoso" in client.get(reverse("accounts:profile")).text
    tables = [query["sql"].split(" WHERE ")[0] for query in context.captured_queries]
    assert sum("django_session" in sql for sql in tables) == 1
    assert sum("accounts_user" in sql for sql in tables) == 1


def test_a_turned_off_account_is_told_so_only_with_the_right_password(client, student):
    User.objects.filter(pk=student.pk).update(is_active=False)
    right = client.post(reverse("login"), {"username": "siswa1", "password": "secret-pass-123"})
    assert "Akun ini telah dinonaktifkan" in right.text
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("login"), {"username": "siswa1", "password": "not-the-one"})
    assert "Akun ini telah dinonaktifkan" not in wrong.text
    assert "Nama pengguna atau kata sandi salah" in wrong.text
    admin = client.post(
        reverse("admin:login"), {"username": "siswa1", "password": "secret-pass-123"}
    )
    assert admin.status_code == 200 and "_auth_user_id" not in client.session
    # The right password forgets the wrong ones: turned on again, the student is not locked out.
    client.post(reverse("login"), {"username": "siswa1", "password": "not-the-one"})
    assert SignInFailure.objects.filter(username="siswa1").exists()
    client.post(reverse("login"), {"username": "siswa1", "password": "secret-pass-123"})
    assert not SignInFailure.objects.filter(username="siswa1").exists()


def test_turning_an_account_off_ends_its_sessions(client, student):
    client.force_login(student)
    assert client.get(reverse("progress:dashboard")).status_code == 200
    User.objects.filter(pk=student.pk).update(is_active=False)
    response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_who_was_signed_in_before_the_deploy_stays_signed_in(client, student):
    """Sessions signed in with the backend of the last version (accounts.backends.UserBackend,
    now gone) are carried over by migration 0005: a student mid-quiz is not signed out."""
    migration = importlib.import_module(
        "accounts.migrations.0005_sessions_signed_in_with_model_backend"
    )
    client.force_login(student)
    session = SessionStore(client.session.session_key)
    session[BACKEND_SESSION_KEY] = "accounts.backends.UserBackend"  # as the last version left it
    session.save()
    assert client.get(reverse("progress:dashboard")).status_code == 302  # signed out ...
    operation = migration.Migration.operations[0]
    operation.code(django_apps, SimpleNamespace(connection=connection))
    assert "Halo, Budi Santoso" in client.get(reverse("progress:dashboard")).text  # ... not now
    assert SessionStore(client.session.session_key)[BACKEND_SESSION_KEY] == (
        "django.contrib.auth.backends.ModelBackend"
    )
