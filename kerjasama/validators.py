from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2099


def validate_school_date(value):
    """Dates of readings and quizzes fall within a school's lifetime. A date in year 1 or 9999
    is a typing slip, and the database cannot store it once it is moved to UTC (or a student's
    extra time is added to it)."""
    # The year as typed, in its own time zone: converting year 1 to UTC would itself overflow.
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a date between the years %(first)d and %(last)d."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
