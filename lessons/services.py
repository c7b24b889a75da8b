from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classrooms.models import Classroom

from .models import Course, Lesson, ReadingAssignment, ReadingProgress

# How far behind "last opened" may be. Rewriting it on every view made every reload a write
# (on SQLite, a wait for the one write lock); the teacher's "opened, last <date>" is no less
# true a few minutes behind, and "opened" itself is written at the first opening.
LAST_OPENED_PRECISION = timedelta(minutes=5)


def record_opening(*, student, lesson: Lesson) -> ReadingProgress:
    """Note that the student opened the lesson: the first time, and the last time to within
    `LAST_OPENED_PRECISION` (a reload soon after an opening writes nothing)."""
    now = timezone.now()
    progress, _created = ReadingProgress.objects.get_or_create(
        user=student, lesson=lesson, defaults={"first_opened_at": now, "last_opened_at": now}
    )
    if now - progress.last_opened_at >= LAST_OPENED_PRECISION:
        ReadingProgress.objects.filter(pk=progress.pk).update(last_opened_at=now)
        progress.last_opened_at = now
    return progress


def finish_lesson(*, student, lesson: Lesson) -> ReadingProgress:
    """Mark the lesson finished; finishing again keeps the first finish time."""
    progress = record_opening(student=student, lesson=lesson)
    if progress.finished_at is None:
        now = timezone.now()
        ReadingProgress.objects.filter(pk=progress.pk, finished_at__isnull=True).update(
            finished_at=now
        )
        progress.refresh_from_db(fields=["finished_at"])
    return progress


@transaction.atomic
def assign_reading(
    *,
    classroom: Classroom,
    course: Course,
    lesson: Lesson | None,
    due_at,
    available_from=None,
    assigned_by=None,
) -> ReadingAssignment:
    """Give a class a lesson (or the whole course, without a lesson) to read by a date."""
    assignment = ReadingAssignment(
        classroom=classroom,
        course=course,
        lesson=lesson,
        available_from=available_from,
        due_at=due_at,
        assigned_by=assigned_by,
    )
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:  # a second click or tab won the race to the same assignment
        raise ValidationError(
            _("This reading is already assigned to this class."), code="already_assigned"
        ) from error
    return assignment
