from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Classroom, Membership, new_join_code, normalize_join_code

# Class codes an account may type per cool-off: a class code is short enough to type on a phone
# (31^6 codes), so trying them by the thousand would find someone's class. Counted in the cache,
# so per process unless REDIS_URL shares it: a bound, not an exact count.
CODE_TRIES_ALLOWED = 10
CODE_TRIES_COOLOFF_MINUTES = 15


def join_classroom(*, student, code: str) -> tuple[Membership, bool]:
    """Put the student in the class with this join code; joining again changes nothing."""
    # Counted before the code is looked up, so that codes sent at once cannot all be tried (the
    # same order as sign-in throttling). Right codes count too: otherwise typing one's own
    # class's code between guesses would start the count afresh.
    tries_key = f"join-code-tries:{student.pk}"
    cache.add(tries_key, 0, timeout=CODE_TRIES_COOLOFF_MINUTES * 60)
    try:
        tries = cache.incr(tries_key)
    except ValueError:  # expired in between: this try starts a new count
        cache.add(tries_key, 1, timeout=CODE_TRIES_COOLOFF_MINUTES * 60)
        tries = 1
    if tries > CODE_TRIES_ALLOWED:
        raise ValidationError(
            _(
                "Too many class codes tried. Wait %(minutes)d minutes, then type the code "
                "your teacher gave you."
            ),
            code="too_many_codes",
            params={"minutes": CODE_TRIES_COOLOFF_MINUTES},
        )
    classroom = Classroom.objects.filter(join_code=normalize_join_code(code)).first()
    if classroom is None:
        raise ValidationError(
            _(
                "No class has the code “%(code)s”. Check it with your teacher: "
                "the code may have been changed."
            ),
            code="unknown_code",
            params={"code": code.strip()},
        )
    try:
        with transaction.atomic():
            return Membership.objects.get_or_create(
                classroom=classroom, user=student, defaults={"role": Membership.Role.STUDENT}
            )
    except IntegrityError:  # the same student's second tab joined first
        return Membership.objects.get(classroom=classroom, user=student), False


def reset_join_code(*, classroom: Classroom) -> Classroom:
    """Give the class a new code; the old one stops working at once."""
    for _attempt in range(10):
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            break
    classroom.join_code = code
    classroom.save(update_fields=["join_code"])
    return classroom


def remove_student(*, membership: Membership) -> None:
    """Take a student out of a class. Their reading progress stays, should they come back."""
    if membership.role != Membership.Role.STUDENT:
        raise ValidationError(
            _("Only students can be removed here; ask an administrator to change teachers."),
            code="not_a_student",
        )
    membership.delete()
