from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from classrooms.access import access_classroom_to_teach
from classrooms.forms import JoinForm
from classrooms.models import Classroom
from classrooms.permissions import is_staff
from lessons.access import access_reading_to_teach
from quizzes.access import access_assignment_to_teach

from . import charts, exports, reports
from .gradebook import CellState, build_gradebook, build_gradebooks
from .quiz_report import build_quiz_report


def dashboard(request):
    """The home page: a student's readings, a teacher's classes, or both for someone who is both."""
    now = timezone.now()
    classes = list(reports.classes_taught(request.user))
    overview = reports.student_overview(request.user, now)
    quizzes = reports.student_quizzes(request.user, now)
    todo = reports.to_do(overview.todo, quizzes)
    return render(
        request,
        "progress/dashboard.html",
        {
            "classes": classes,
            "overview": overview,
            "todo": todo,
            "quizzes": quizzes,
            "other_quizzes": [item for item in quizzes if not item.is_to_do],
            "join_form": JoinForm(),
            "show_student": bool(overview.todo or overview.done or quizzes or not classes),
            "now": now,
        },
    )


def classroom_detail(request, pk):
    classroom = access_classroom_to_teach(request.user, pk)
    readings = reports.classroom_readings(classroom, timezone.now())
    return render(
        request,
        "progress/classroom_detail.html",
        {
            "classroom": classroom,
            "readings": readings,
            "teachers": classroom.memberships.teachers()
            .select_related("user")
            .order_by("user__full_name", "user__username"),
            "quizzes": classroom.quiz_assignments.with_counts().select_related("quiz"),
        },
    )


# --- gradebook and reports ------------------------------------------------------------------


SORTS = ("name", "read", "average")


def classroom_gradebook(request, pk):
    classroom = access_classroom_to_teach(request.user, pk)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    selected = request.GET.get("student", "")
    selected = int(selected) if selected.isdecimal() and len(selected) < 10 else None
    gradebook = build_gradebook(classroom, timezone.now())
    gradebook.sort(sort)
    students = sorted(
        (row.student for row in gradebook.rows), key=lambda u: u.display_name.casefold()
    )
    return render(
        request,
        "progress/gradebook.html",
        {
            "classroom": classroom,
            "gradebook": gradebook,
            "shown": [row for row in gradebook.rows if selected in (None, row.student.pk)],
            "students": students,
            "selected": selected,
            "sort": sort,
        },
    )


def classroom_gradebook_export(request, pk, fmt):
    classroom = access_classroom_to_teach(request.user, pk)
    gradebook = build_gradebook(classroom, timezone.now())
    return exports.respond(
        exports.gradebook_table(gradebook), fmt, classroom.name, str(_("gradebook"))
    )


def classroom_student(request, pk, user_pk):
    classroom = access_classroom_to_teach(request.user, pk)
    membership = get_object_or_404(
        # user__pk, not user: Django turns an id too large for the database into "no such
        # row" only when the lookup is on a primary key.
        classroom.memberships.students().select_related("user"),
        user__pk=user_pk,
    )
    return _student_page(request, [classroom], membership.user, teacher_view=True)


def my_progress(request):
    classes = Classroom.objects.attended_by(request.user).order_by("name", "-school_year")
    return _student_page(request, classes, request.user, teacher_view=False)


def _student_page(request, classes, student, *, teacher_view):
    now = timezone.now()
    gradebooks = [gb for gb in build_gradebooks(classes, now, student=student) if gb.rows]
    sections = []
    for gradebook in gradebooks:
        row = gradebook.rows[0]
        cells = []
        for cell in row.cells:
            shown = teacher_view or not cell.is_quiz or _score_shown(cell, now)
            cells.append((cell, shown))
        sections.append(
            {
                "gradebook": gradebook,
                "row": row,
                "cells": cells,
                "lessons": _lessons_read(gradebook, row),
            }
        )
    return render(
        request,
        "progress/student_detail.html",
        {"student": student, "sections": sections, "teacher_view": teacher_view, "now": now},
    )


def _score_shown(cell, now) -> bool:
    assignment = cell.column.assignment
    return assignment.review_score and assignment.review_is_open(cell.closes_at, now)


def _lessons_read(gradebook, row):
    """Every lesson of the class's reading assignments, with when the student finished it."""
    finished = {}
    for cell in row.reading_cells:
        for lesson_id in cell.column.assignment.lesson_ids(_by_course(gradebook.lessons)):
            finished.setdefault(lesson_id, None)
    return [
        (gradebook.lessons[lesson_id], row.progress.get(lesson_id))
        for lesson_id in finished
        if lesson_id in gradebook.lessons
    ]


def _by_course(lessons):
    by_course = {}
    for lesson in sorted(lessons.values(), key=lambda lesson: (lesson.position, lesson.pk)):
        by_course.setdefault(lesson.course_id, []).append(lesson.pk)
    return by_course


def quiz_report(request, pk):
    assignment = access_assignment_to_teach(request.user, pk)
    report = build_quiz_report(assignment, timezone.now())
    return render(
        request,
        "progress/quiz_report.html",
        {
            "assignment": assignment,
            "report": report,
            "chart": charts.bar_chart(report.distribution),
        },
    )


def quiz_report_export(request, pk, fmt):
    assignment = access_assignment_to_teach(request.user, pk)
    report = build_quiz_report(assignment, timezone.now())
    return exports.respond(
        exports.quiz_table(report), fmt, assignment.classroom.name, assignment.quiz.title
    )


def reading_report(request, pk):
    assignment = access_reading_to_teach(request.user, pk)
    gradebook = build_gradebook(assignment.classroom, timezone.now())
    index = next(
        i
        for i, column in enumerate(gradebook.columns)
        if column.kind == "reading" and column.assignment.pk == assignment.pk
    )
    groups = defaultdict(list)
    for row in gradebook.rows:
        groups[row.cells[index].state].append((row, row.cells[index]))
    order = [
        CellState.LATE,
        CellState.MISSING,
        CellState.IN_PROGRESS,
        CellState.NOT_STARTED,
        CellState.UPCOMING,
        CellState.DONE,
        CellState.NOT_EXPECTED,
    ]
    return render(
        request,
        "progress/reading_report.html",
        {
            "assignment": assignment,
            "column": gradebook.columns[index],
            "index": index,
            "groups": [(state, CellState.LABELS[state], groups[state]) for state in order],
            "total": len(gradebook.rows),
        },
    )


def school_overview(request):
    classes = list(reports.classes_taught(request.user).order_by("-school_year", "name"))
    if not classes and not is_staff(request.user):
        raise PermissionDenied
    gradebooks = build_gradebooks(classes, timezone.now())
    return render(request, "progress/school_overview.html", {"gradebooks": gradebooks})
