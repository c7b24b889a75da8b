from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from classrooms.forms import JoinForm
from classrooms.models import Classroom
from classrooms.permissions import can_teach

from . import reports


def dashboard(request):
    """The home page: a student's readings, a teacher's classes, or both for someone who is both."""
    now = timezone.now()
    classes = list(reports.classes_taught(request.user))
    overview = reports.student_overview(request.user, now)
    quizzes = reports.student_quizzes(request.user, now)
    return render(
        request,
        "progress/dashboard.html",
        {
            "classes": classes,
            "overview": overview,
            "quizzes": quizzes,
            "join_form": JoinForm(),
            "show_student": bool(overview.todo or overview.done or quizzes or not classes),
            "now": now,
        },
    )


def classroom_detail(request, pk):
    classroom = get_object_or_404(Classroom.objects.visible_to(request.user), pk=pk)
    if not can_teach(request.user, classroom):
        raise PermissionDenied
    readings = reports.classroom_readings(classroom, timezone.now())
    return render(
        request,
        "progress/classroom_detail.html",
        {
            "classroom": classroom,
            "readings": readings,
            "teachers": classroom.memberships.teachers().select_related("user"),
            "quizzes": classroom.quiz_assignments.with_counts().select_related("quiz"),
        },
    )
