"""Teachers assign quizzes, follow a class's attempts, grade essays and regrade."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from classrooms.models import Classroom

from .. import access
from ..answers import shown_question
from ..attempts import close_overdue_attempts, follow_new_deadlines, set_accommodations
from ..forms import AccommodationForm, GradeForm, QuizAssignmentForm
from ..grades import (
    attempt_questions_to_regrade,
    grade_answer,
    quiz_grade,
    regrade_quiz,
    waiting_for_teacher,
)
from ..models import Accommodation, Attempt, AttemptQuestion
from .taking import review_page


def assignment_create(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    classrooms = Classroom.objects.teachable_by(request.user)
    if not classrooms.exists():
        raise PermissionDenied
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = QuizAssignmentForm(
        request.POST or None,
        classrooms=classrooms,
        question_count=quiz.questions.count(),
        initial={"opens_at": now, "closes_at": now + timezone.timedelta(days=7)},
    )
    if form.is_valid():
        form.instance.quiz = quiz
        form.instance.assigned_by = request.user
        assignment = form.save()
        messages.success(
            request,
            _("“%(quiz)s” is assigned to %(classroom)s.")
            % {"quiz": quiz.title, "classroom": assignment.classroom.name},
        )
        if assignment.closes_at < timezone.now():
            messages.warning(
                request,
                _(
                    "It has already closed: students cannot take it, and show as missing. "
                    "Change the close date if that was not meant."
                ),
            )
        return redirect("quizzes:results", pk=assignment.pk)
    return render(request, "quizzes/quizassignment_form.html", {"quiz": quiz, "form": form})


def assignment_update(request, pk):
    assignment = access.access_assignment_to_teach(request.user, pk)
    form = QuizAssignmentForm(
        request.POST or None,
        instance=assignment,
        classrooms=Classroom.objects.none(),
        question_count=assignment.quiz.questions.count(),
    )
    if form.is_valid():
        form.save()
        follow_new_deadlines(assignment=assignment)
        messages.success(request, _("The quiz settings are saved."))
        return redirect("quizzes:results", pk=assignment.pk)
    return render(
        request,
        "quizzes/quizassignment_form.html",
        {"quiz": assignment.quiz, "form": form, "assignment": assignment},
    )


def assignment_delete(request, pk):
    assignment = access.access_assignment_to_teach(request.user, pk)
    attempt_count = assignment.attempts.count()
    if request.method == "POST":
        if attempt_count:
            # Students' answers are never thrown away: close the quiz instead.
            messages.error(
                request,
                _("Students have already answered this quiz; change its close date instead."),
            )
            return redirect("quizzes:results", pk=assignment.pk)
        assignment.delete()
        messages.success(request, _("The quiz is no longer assigned."))
        return redirect(assignment.classroom)
    return render(
        request,
        "quizzes/quizassignment_confirm_delete.html",
        {"assignment": assignment, "attempt_count": attempt_count},
    )


def assignment_results(request, pk):
    assignment = access.access_assignment_to_teach(request.user, pk)
    now = timezone.now()
    close_overdue_attempts(now=now, attempts=assignment.attempts.all())
    students = list(
        assignment.classroom.memberships.students()
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    attempts_by_student = {}
    for attempt in assignment.attempts.order_by("number"):
        attempts_by_student.setdefault(attempt.student_id, []).append(attempt)
    accommodations = {a.student_id: a for a in assignment.accommodations.all()}
    rows = []
    for membership in students:
        attempts = attempts_by_student.get(membership.user_id, [])
        rows.append(
            {
                "student": membership.user,
                "attempts": attempts,
                "submitted": any(a.state == Attempt.State.SUBMITTED for a in attempts),
                # None while an essay waits: the score so far is not the grade.
                "grade": quiz_grade(attempts, assignment.grading_method),
                "waiting": waiting_for_teacher(attempts),
                "accommodation": accommodations.get(membership.user_id),
            }
        )
    return render(
        request,
        "quizzes/quizassignment_results.html",
        {
            "assignment": assignment,
            "rows": rows,
            "submitted": sum(1 for row in rows if row["submitted"]),
            "waiting": sum(1 for row in rows if row["waiting"]),
        },
    )


def accommodation_list(request, pk):
    """Extra time and extra attempts, one small form per student."""
    assignment = access.access_assignment_to_teach(request.user, pk)
    students = list(
        assignment.classroom.memberships.students()
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    existing = {a.student_id: a for a in assignment.accommodations.all()}
    forms = [
        (
            membership.user,
            AccommodationForm(
                request.POST if request.method == "POST" else None,
                instance=existing.get(membership.user_id)
                or Accommodation(assignment=assignment, student=membership.user),
                prefix=f"s{membership.user_id}",
            ),
        )
        for membership in students
    ]
    if request.method == "POST" and all(form.is_valid() for _student, form in forms):
        set_accommodations(
            assignment=assignment,
            extras={
                student: (form.cleaned_data["extra_time"], form.cleaned_data["extra_attempts"])
                for student, form in forms
            },
        )
        messages.success(request, _("Extra time and attempts are saved."))
        return redirect("quizzes:results", pk=assignment.pk)
    return render(
        request, "quizzes/accommodation_list.html", {"assignment": assignment, "forms": forms}
    )


def grading_queue(request, pk):
    """Essays waiting for points, grouped by question, oldest submission first."""
    return grading_queue_page(request, access.access_assignment_to_teach(request.user, pk))


def grading_queue_page(request, assignment, refused: GradeForm | None = None):
    """The queue; `refused` is a grade that could not be saved, shown with what to fix."""
    waiting = list(
        AttemptQuestion.objects.filter(
            attempt__assignment=assignment,
            attempt__state=Attempt.State.SUBMITTED,
            score__isnull=True,
        )
        .select_related("version__question", "attempt__student")
        .order_by("version__question__position", "attempt__submitted_at", "attempt__pk")
    )
    items = [
        {
            "answer": row,
            "shown": shown_question(row),
            "form": GradeForm.for_answer(row.pk, refused=refused),
            "points": row.version.data["points"],
        }
        for row in waiting
    ]
    status = 200 if refused is None else 400
    return render(
        request,
        "quizzes/grading_queue.html",
        {"assignment": assignment, "items": items},
        status=status,
    )


@require_POST
def answer_grade(request, pk):
    answer = access.access_answer_to_grade(request.user, pk)
    assignment = answer.attempt.assignment
    form = GradeForm.for_answer(answer.pk, data=request.POST)
    if form.is_valid():
        try:
            grade_answer(
                attempt_question=answer,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
                grader=request.user,
            )
        except ValidationError as error:
            form.add_error("points" if error.code == "out_of_range" else None, error)
    if not form.is_valid():
        # The page again, the teacher's points and feedback kept beside what to fix.
        messages.error(
            request,
            _("Not saved: %(student)s, question %(number)d. %(problem)s")
            % {
                "student": answer.attempt.student.display_name,
                "number": answer.position + 1,
                "problem": " ".join(
                    message for errors in form.errors.values() for message in errors
                ),
            },
        )
        if request.POST.get("next") == "attempt":
            return review_page(request, answer.attempt, refused=form)
        return grading_queue_page(request, assignment, refused=form)
    messages.success(
        request,
        _("Saved: %(student)s, question %(number)d.")
        % {"student": answer.attempt.student.display_name, "number": answer.position + 1},
    )
    if request.POST.get("next") == "attempt":
        return redirect(answer.attempt)
    return redirect("quizzes:grading", pk=assignment.pk)


def quiz_regrade(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    classrooms = Classroom.objects.teachable_by(request.user)
    if request.method == "POST":
        changes = regrade_quiz(quiz=quiz, classrooms=classrooms)
        messages.success(
            request,
            ngettext(
                "%(count)d answer was regraded with the current answer key.",
                "%(count)d answers were regraded with the current answer keys.",
                len(changes),
            )
            % {"count": len(changes)},
        )
        return render(request, "quizzes/quiz_regrade.html", {"quiz": quiz, "changes": changes})
    stale, _versions = attempt_questions_to_regrade(quiz, classrooms)
    return render(
        request,
        "quizzes/quiz_regrade.html",
        {
            "quiz": quiz,
            "stale": stale,
            "attempt_count": len({row.attempt_id for row in stale}),
        },
    )
