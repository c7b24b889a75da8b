"""Fetching one reading assignment for a change: a missing one and one the user may not change
look the same (404)."""

from django.shortcuts import get_object_or_404

from .models import ReadingAssignment


def access_reading_to_teach(user, pk) -> ReadingAssignment:
    """A reading assigned to a class the user teaches."""
    return get_object_or_404(
        ReadingAssignment.objects.teachable_by(user).select_related(
            "classroom", "course", "lesson"
        ),
        pk=pk,
    )
