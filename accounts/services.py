"""Sign-in throttling by username: a whole class behind one school address is never locked out."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SignInFailure


def _key(username: str) -> str:
    # Case-folded, so "Budi" and "budi" share one counter.
    return username.strip().casefold()[:150]


def locked_until(*, username: str) -> datetime | None:
    """When the username may try again, if it is locked now."""
    return (
        SignInFailure.objects.filter(username=_key(username), locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )


@transaction.atomic
def record_sign_in_failure(*, username: str) -> SignInFailure:
    """Count a wrong password; the LOGIN_FAILURE_LIMIT-th locks the username for the cool-off."""
    now = timezone.now()
    failure, _created = SignInFailure.objects.select_for_update().get_or_create(
        username=_key(username)
    )
    if failure.locked_until and failure.locked_until <= now:
        # The cool-off is over: start counting afresh.
        failure.failures = 0
        failure.locked_until = None
    # The row is locked (select_for_update; SQLite's IMMEDIATE transactions), so += is safe.
    failure.failures += 1
    if failure.failures >= settings.LOGIN_FAILURE_LIMIT and failure.locked_until is None:
        failure.locked_until = now + timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    failure.save(update_fields=["failures", "locked_until"])
    return failure


def clear_sign_in_failures(*, username: str) -> None:
    """Forget the wrong passwords after a good sign-in."""
    SignInFailure.objects.filter(username=_key(username)).delete()
