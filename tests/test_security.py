"""Sign-in throttling by username: a class behind one school address is never locked out."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.forms import LoginForm
from accounts.models import SignInFailure, User

from .concurrency import postgres_only, together
from .factories import UserFactory

SCHOOL_IP = "203.0.113.7"
PASSWORD = "benar-sekali-123"


def sign_in(client, username, password, url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=SCHOOL_IP,
    )


@pytest.fixture
def pupil(db):
    user = UserFactory(username="siswa7")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_class_behind_one_address_that_mistypes_twice_still_signs_in(db):
    pupils = [UserFactory(username=f"murid{i}") for i in range(30)]
    for user in pupils:
        user.set_password(PASSWORD)
        user.save()
    for user in pupils:
        client = Client()
        for _ in range(2):
            assert sign_in(client, user.username, "salah").status_code == 200
        response = sign_in(client, user.username, PASSWORD)
        assert response.status_code == 302, user.username
    assert not SignInFailure.objects.exists()  # a good sign-in forgets the mistakes


def test_many_wrong_passwords_lock_the_username_for_the_cool_off(client, pupil, settings):
    settings.LOGIN_FAILURE_LIMIT = 10
    settings.LOGIN_COOLOFF_MINUTES = 15
    for _ in range(9):
        response = sign_in(client, "siswa7", "salah")
        assert "wrong" in response.text or "salah" in response.text
    response = sign_in(client, "siswa7", "salah")  # the tenth
    assert SignInFailure.objects.get(username="siswa7").locked_until is not None

    response = sign_in(client, "siswa7", PASSWORD)  # right, but during the cool-off
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "15 menit" in response.text  # Indonesian by default, and says how long
    assert "Terlalu banyak" in response.text

    # Another pupil from the same address is not affected.
    other = UserFactory(username="siswa8")
    other.set_password(PASSWORD)
    other.save()
    assert sign_in(Client(), "siswa8", PASSWORD).status_code == 302


def test_the_lock_covers_other_spellings_and_the_admin_sign_in(client, pupil, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "SISWA7", "salah")
    pupil.is_staff = True
    pupil.save()
    response = sign_in(Client(), "siswa7", PASSWORD, url=reverse("admin:login"))
    assert response.status_code == 200
    assert "Terlalu banyak" in response.text


def test_after_the_cool_off_the_right_password_works(client, pupil, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "siswa7", "salah")
    assert sign_in(client, "siswa7", PASSWORD).status_code == 200
    SignInFailure.objects.filter(username="siswa7").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert sign_in(client, "siswa7", PASSWORD).status_code == 302
    assert not SignInFailure.objects.exists()


def test_after_the_cool_off_the_count_starts_afresh(client, pupil, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "siswa7", "salah")
    SignInFailure.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    sign_in(client, "siswa7", "salah")
    failure = SignInFailure.objects.get()
    assert failure.failures == 1 and failure.locked_until is None


def test_unknown_usernames_are_throttled_like_real_ones(client, db, settings):
    """The response does not tell an attacker which usernames exist."""
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, "tidak-ada", "salah")
    assert "Terlalu banyak" in sign_in(client, "tidak-ada", "salah").text


def change_password(client, old, new="sandi-baru-yang-panjang-2026"):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_guessing_the_password_on_a_computer_left_signed_in_is_throttled(client, pupil, settings):
    """The password change form asks for the current password: it counts like signing in."""
    settings.LOGIN_FAILURE_LIMIT = 3
    client.force_login(pupil)
    for _ in range(3):
        assert change_password(client, "salah").status_code == 200
    response = change_password(client, PASSWORD)  # right, but during the cool-off
    assert response.status_code == 200
    assert "penggantian kata sandi dijeda: coba lagi dalam 15 menit" in response.text
    pupil.refresh_from_db()
    assert pupil.check_password(PASSWORD)
    assert "Terlalu banyak" in sign_in(Client(), "siswa7", PASSWORD).text  # one count


def test_a_right_current_password_changes_it_and_forgets_the_mistakes(client, pupil):
    client.force_login(pupil)
    change_password(client, "salah")
    assert change_password(client, PASSWORD).status_code == 302
    assert not SignInFailure.objects.exists()
    pupil.refresh_from_db()
    assert pupil.check_password("sandi-baru-yang-panjang-2026")


def test_the_admins_password_change_is_the_throttled_one(client, pupil):
    pupil.is_staff = True
    pupil.save()
    client.force_login(pupil)
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302 and response.url == reverse("password_change")


@postgres_only
def test_tries_sent_at_once_check_no_more_passwords_than_the_limit(settings, monkeypatch):
    """Twenty wrong passwords at once: before the tries were counted ahead of the check, all
    could pass the lock before the first failure was written (16 of 60 were checked)."""
    settings.LOGIN_FAILURE_LIMIT = 5
    user = UserFactory(username="siswa9")
    user.set_password(PASSWORD)
    user.save()
    checked = []
    original = User.check_password

    def slow_check(self, raw_password):  # as long as a real password hash takes
        checked.append(raw_password)
        time.sleep(0.05)
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", slow_check)
    results, errors = together(
        lambda i: LoginForm(data={"username": "siswa9", "password": f"salah{i}"}).is_valid()
    )
    assert errors == [None] * len(errors) and not any(results)
    assert len(checked) == 5
    assert SignInFailure.objects.get(username="siswa9").locked_until is not None
