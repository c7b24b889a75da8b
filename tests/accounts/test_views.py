from django.conf import settings
from django.urls import reverse

from ..factories import UserFactory


def test_login_page_speaks_indonesian_by_default(client, db):
    response = client.get(reverse("login"))
    assert '<html lang="id">' in response.text
    assert "Nama pengguna" in response.text and "Kata sandi" in response.text


def test_sign_in_and_out(client, student):
    response = client.post(
        reverse("login"), {"username": "siswa1", "password": "secret-pass-123"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("progress:dashboard")
    assert "Halo, Budi Santoso" in response.text
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert client.get(reverse("progress:dashboard")).status_code == 302


def test_wrong_password_is_explained_in_indonesian(client, student):
    response = client.post(reverse("login"), {"username": "siswa1", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.text


def test_switching_language_is_kept_for_the_account(client, student):
    client.force_login(student)
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": reverse("accounts:profile")}
    )
    assert response.url == reverse("accounts:profile")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    student.refresh_from_db()
    assert student.language == "en"
    assert "My account" in client.get(reverse("accounts:profile")).text


def test_signing_in_on_a_new_device_brings_the_chosen_language(client, db):
    UserFactory(username="amir", full_name="Amir", language="en")
    response = client.post(
        reverse("login"), {"username": "amir", "password": "secret-pass-123"}, follow=True
    )
    assert "Hello, Amir" in response.text


def test_the_browser_language_does_not_override_indonesian(client, student):
    client.force_login(student)
    response = client.get(reverse("progress:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Halo, Budi Santoso" in response.text


def test_the_language_menu_names_each_language_in_itself(client, db):
    """One who reads only English finds "English" on an Indonesian page, and back."""
    options = [">Bahasa Indonesia</option>", ">English</option>"]
    page = client.get(reverse("login")).text
    assert all(option in page for option in options)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).text
    assert all(option in page for option in options)


def test_anonymous_visitor_can_switch_language(client, db):
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": "/accounts/login/"}
    )
    assert response.url == "/accounts/login/"
    assert "Sign in" in client.get(reverse("login")).text


def test_language_switch_ignores_foreign_redirects_and_unknown_languages(client, student):
    client.force_login(student)
    response = client.post(
        reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    student.refresh_from_db()
    assert student.language == ""


def test_password_change(client, student):
    client.force_login(student)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Kerjasama-baru-2026",
            "new_password2": "Kerjasama-baru-2026",
        },
        follow=True,
    )
    assert "Kata sandi sudah diganti" in response.text
    student.refresh_from_db()
    assert student.check_password("Kerjasama-baru-2026")


def test_password_change_explains_mismatch(client, student):
    client.force_login(student)
    response = client.post(
        reverse("password_change"),
        {"old_password": "secret-pass-123", "new_password1": "a-Long-pass-1", "new_password2": "x"},
    )
    assert response.status_code == 200
    assert "Kedua kata sandi tidak sama." in response.text
