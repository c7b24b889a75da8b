from django.contrib.auth.hashers import PBKDF2PasswordHasher


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for first passwords that a school hands out by the hundred.

    The result is an ordinary `pbkdf2_sha256` hash that Django's default hasher checks; because
    its round count differs, Django re-hashes the password at full strength at the first sign-in.
    """

    iterations = 60_000


def make_initial_password(password: str) -> str:
    """Hash a handed-out password quickly (a class list of 40 in about a second)."""
    hasher = InitialPasswordHasher()
    return hasher.encode(password, hasher.salt())
