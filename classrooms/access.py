"""Fetching one class for a change: a missing class and one the user may not change look the
same (404), so a page never tells whether a class exists."""

from django.shortcuts import get_object_or_404

from .models import Classroom


def access_classroom_to_teach(user, pk) -> Classroom:
    """The class, if the user may teach it (`Classroom.objects.teachable_by`)."""
    return get_object_or_404(Classroom.objects.teachable_by(user), pk=pk)
