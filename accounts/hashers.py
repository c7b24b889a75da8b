from django.contrib.auth.hashers import Argon2PasswordHasher


class SchoolArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's minimum settings: 19 MiB of memory, 2 passes, 1 lane.

    Django's own Argon2 settings (100 MiB, 8 lanes) and its PBKDF2 (1.5 million rounds) each cost
    about a third of a second of CPU per sign-in; a school of 400 signing in for the same quiz
    would queue for over a minute on a two-core server. These cost about 30 ms and, being
    memory-hard, still make guessing a stolen hash on graphics cards expensive. A hash made with
    other settings is re-hashed with these at the next sign-in.

    Passwords handed out with a class list get the same hash (about 30 ms each, once per
    distinct password): a cheaper one would be weaker on paper-printed passwords and would let
    anyone timing the sign-in tell which accounts still have theirs.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
