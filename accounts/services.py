"""Sign-in throttling by username: a whole class behind one school address is never locked out."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SignInFailure


def _key(username: str) -> str:
    # Case-folded, so "Budi" and "budi" share one counter.
    return username.strip().casefold()[:150]


@transaction.atomic
def count_password_try(*, username: str) -> datetime | None:
    """Count a password try *before* it is checked, or refuse it: returns when the username may
    try again if it is locked now, else None and the password may be checked.

    Counted first, so that many tries sent at once cannot all pass the check before the first
    wrong one is written: the LOGIN_FAILURE_LIMIT-th try is the last one checked until the
    cool-off is over. A right password then forgets the count (`clear_sign_in_failures`).
    """
    now = timezone.now()
    failure, _created = SignInFailure.objects.select_for_update().get_or_create(
        username=_key(username)
    )
    if failure.locked_until and failure.locked_until > now:
        return failure.locked_until
    if failure.locked_until:  # the cool-off is over: start counting afresh
        failure.failures = 0
        failure.locked_until = None
    # The row is locked (select_for_update; SQLite's IMMEDIATE transactions), so += is safe.
    failure.failures += 1
    if failure.failures >= settings.LOGIN_FAILURE_LIMIT:
        failure.locked_until = now + timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    failure.save(update_fields=["failures", "locked_until"])
    return None


def clear_sign_in_failures(*, username: str) -> None:
    """Forget the wrong passwords after a right one."""
    SignInFailure.objects.filter(username=_key(username)).delete()
