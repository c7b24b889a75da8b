from django.contrib.auth.hashers import check_password, identify_hasher

from accounts.hashers import make_initial_password

from ..factories import UserFactory


def test_handed_out_password_works_and_is_strengthened_at_first_sign_in(client, settings, db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = UserFactory(username="baru")
    user.password = make_initial_password("papan-tulis-77")
    user.save()
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"
    assert check_password("papan-tulis-77", user.password)

    assert client.login(username="baru", password="papan-tulis-77")
    user.refresh_from_db()
    rounds = int(user.password.split("$")[1])
    assert rounds == identify_hasher(user.password).iterations > 60_000
