from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher


class SchoolArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's minimum settings: 19 MiB of memory, 2 passes, 1 lane.

    Django's own Argon2 settings (100 MiB, 8 lanes) and its PBKDF2 (1.5 million rounds) each cost
    about a third of a second of CPU per sign-in; a school of 400 signing in for the same quiz
    would queue for over a minute on a two-core server. These cost about 30 ms and, being
    memory-hard, still make guessing a stolen hash on graphics cards expensive. A hash made with
    other settings is re-hashed with these at the next sign-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for first passwords that a school hands out by the hundred.

    The result is an ordinary `pbkdf2_sha256` hash that Django's PBKDF2 hasher checks; as it is
    not the preferred algorithm, Django re-hashes the password with Argon2id at the first sign-in.
    """

    iterations = 60_000


def make_initial_password(password: str) -> str:
    """Hash a handed-out password quickly (a class list of 40 in about a second)."""
    hasher = InitialPasswordHasher()
    return hasher.encode(password, hasher.salt())
