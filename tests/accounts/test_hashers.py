import pytest
from django.contrib.auth.hashers import check_password, make_password

from accounts.models import User
from classrooms.roster import import_roster, parse_roster
from kerjasama import settings as production

from ..factories import UserFactory


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_passwords_are_hashed_with_argon2id_at_owasp_minimum(production_hashers):
    encoded = make_password("papan-tulis-77")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("papan-tulis-77", encoded)
    assert not check_password("papan-tulis-78", encoded)


def test_a_handed_out_password_from_a_class_list_gets_the_same_hash(
    client, production_hashers, classroom
):
    rows = parse_roster(b"username,full_name,class,password\nbaru,Siswa Baru,XI IPS 1,papan-77\n")
    import_roster(rows=rows.rows)
    user = User.objects.get(username="baru")
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert client.login(username="baru", password="papan-77")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_older_full_strength_pbkdf2_account_still_signs_in_and_moves_to_argon2(
    client, production_hashers, settings, db
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = UserFactory(username="lama")
    user.set_password("papan-tulis-77")
    user.save()
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS

    assert not client.login(username="lama", password="salah")
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # a wrong password changes nothing
    assert client.login(username="lama", password="papan-tulis-77")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
