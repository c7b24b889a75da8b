"""Students start, answer, submit and review quizzes; teachers open a student's attempt."""

import math
import re
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access
from ..answers import shown_question
from ..attempts import close_overdue_attempts, save_answers, start_attempt, submit_attempt
from ..forms import GradeForm
from ..models import GRACE, Attempt
from ..review import quiz_status_for, review_options_for, reviewed_questions

# Refusals the student cannot fix by answering differently: the attempt is closed.
CLOSED = {"submitted", "time_up"}
DEVICE = re.compile(r"[0-9a-f]{32}")  # quiz.js: 16 random bytes in hex


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _countdown(attempt: Attempt, now) -> dict:
    """The time left as the server counts it; the page's clock only counts it down."""
    # Rounded up, so the page's clock reaches zero only once the deadline has passed.
    remaining = max(0, math.ceil((attempt.deadline - now).total_seconds()))
    hours, rest = divmod(remaining, 3600)
    # Answers are still taken this long after the page's zero: the whole grace, or what is
    # left of it on a page loaded after the deadline.
    grace_left = (attempt.deadline + GRACE - max(now, attempt.deadline)).total_seconds()
    return {
        "remaining": remaining,
        "grace": max(0, math.floor(grace_left)),
        "clock": f"{hours}:{rest // 60:02}:{rest % 60:02}",
        "show_clock": remaining < 24 * 3600,  # further off, the date alone says more
    }


def _deadline_now(attempt: Attempt, now) -> dict:
    """What an open quiz page needs to follow a deadline the teacher has moved since it loaded."""
    return {
        "remaining": _countdown(attempt, now)["remaining"],
        "until": _("Answer until %(date)s")
        % {"date": date_format(timezone.localtime(attempt.deadline), "DATETIME_FORMAT")},
    }


def _closed_if_overdue(request, attempt: Attempt) -> Attempt:
    """The attempt, closed at its deadline first if it was left open past it."""
    own = attempt.student_id == request.user.pk  # see close_overdue_attempts
    if close_overdue_attempts(attempts=Attempt.objects.filter(pk=attempt.pk), keep_going=not own):
        attempt.refresh_from_db()
    return attempt


@require_GET
def assignment_detail(request, pk):
    assignment = access.access_assignment_to_view(request.user, pk)
    if access.teaches(request.user, assignment):
        return redirect("quizzes:results", pk=assignment.pk)
    status = quiz_status_for(assignment=assignment, student=request.user)
    return render(
        request,
        "quizzes/quizassignment_detail.html",
        {"assignment": assignment, "quiz": assignment.quiz, "status": status},
    )


@require_POST
def attempt_start(request, pk):
    assignment = access.access_assignment_to_take(request.user, pk)
    try:
        attempt = start_attempt(assignment=assignment, student=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(assignment)
    return redirect(attempt)


@require_GET
def attempt_detail(request, pk):
    """The quiz itself while its student is taking it; the review otherwise."""
    attempt = _closed_if_overdue(request, access.access_attempt_to_view(request.user, pk))
    now = timezone.now()
    if attempt.is_open and attempt.student_id == request.user.pk:
        rows = attempt.questions.select_related("version")
        return render(
            request,
            "quizzes/attempt_take.html",
            {
                "attempt": attempt,
                "quiz": attempt.assignment.quiz,
                "questions": [shown_question(row) for row in rows],
                **_countdown(attempt, now),
            },
        )
    return review_page(request, attempt, now=now)


def review_page(request, attempt, *, now=None, refused: GradeForm | None = None):
    """A submitted attempt as its student or teacher may see it; `refused` is a teacher's grade
    that could not be saved, shown with what to fix."""
    now = now or timezone.now()
    teacher = attempt.student_id != request.user.pk and access.teaches(
        request.user, attempt.assignment
    )
    options = review_options_for(attempt=attempt, teacher=teacher, now=now)
    questions = reviewed_questions(attempt=attempt, options=options)
    can_grade = teacher and not attempt.is_open
    items = [
        {
            "question": question,
            "form": GradeForm.for_answer(
                question.answer_id,
                refused=refused,
                initial={"points": question.score, "comment": question.comment},
            )
            if can_grade and question.shown.type == "essay"
            else None,
        }
        for question in questions
    ]
    return render(
        request,
        "quizzes/attempt_review.html",
        {
            "attempt": attempt,
            "quiz": attempt.assignment.quiz,
            "options": options,
            "items": items,
            "teacher": teacher,
        },
        status=200 if refused is None else 400,
    )


@require_POST
def answer_save(request, pk):
    """Autosave of one question (JSON), or the plain form's answers to every question."""
    attempt = _closed_if_overdue(request, access.access_own_attempt(request.user, pk))
    now = timezone.now()
    try:
        saved = save_answers(
            attempt=attempt,
            data=request.POST,
            now=now,
            given_ago=_given_ago(request.POST),
            device=_device(request.POST),
        )
    except ValidationError as error:
        message = " ".join(error.messages)
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "code": error.code, "message": message},
                status=409 if error.code in CLOSED else 400,
            )
        messages.error(request, message)
        return redirect(attempt)
    if _wants_json(request):
        # The deadline as read under the save's lock: one the teacher has just moved is seen.
        return JsonResponse({"ok": True, "saved_at": now.isoformat(), **_deadline_now(saved, now)})
    if request.POST.get("then") == "finish":
        return redirect("quizzes:submit", pk=attempt.pk)
    messages.success(request, _("Answers saved."))
    return redirect(attempt)


def _given_ago(data) -> timedelta | None:
    """How long ago the page says the answer was given (`given_ago`, in milliseconds), if it
    says so in a form it could have sent; the answer counts as given now otherwise."""
    value = data.get("given_ago", "")
    if not value.isdecimal() or len(value) > 12:
        return None
    return timedelta(milliseconds=int(value))


def _device(data) -> str:
    """The quiz page's random name for the device it runs on, if it is one it could have made."""
    value = data.get("device", "")
    return value if DEVICE.fullmatch(value) else ""


@require_GET
def attempt_time(request, pk):
    """The time left, asked by an open quiz page now and then: a teacher may have cut it (or
    closed the quiz) while the student reads without saving anything."""
    attempt = _closed_if_overdue(request, access.access_own_attempt(request.user, pk))
    now = timezone.now()
    left = _deadline_now(attempt, now) if attempt.is_open else {"remaining": 0}
    return JsonResponse({"ok": True, **left})


def _unsent_numbers(attempt: Attempt, unsent: str) -> list[int]:
    """The question numbers of the answers the page could not send before the time was up (it
    names their positions): anything else in the field is ignored."""
    positions = set(attempt.questions.values_list("position", flat=True))
    parts = [part.strip() for part in unsent.split(",")[:1000]]
    named = {int(part) for part in parts if part.isdecimal() and len(part) <= 6}
    return sorted(position + 1 for position in named & positions)


def _unsent_message(numbers: list[int]) -> str:
    return ngettext(
        "Your latest answer to question %(numbers)s did not reach the server before the "
        "attempt closed: what was saved for it before is what counts.",
        "Your latest answers to questions %(numbers)s did not reach the server before the "
        "attempt closed: what was saved for them before is what counts.",
        len(numbers),
    ) % {"numbers": ", ".join(str(number) for number in numbers)}


@require_http_methods(["GET", "POST"])
def attempt_submit(request, pk):
    """GET: how many questions are unanswered, and a button to confirm. POST: hand it in."""
    attempt = _closed_if_overdue(request, access.access_own_attempt(request.user, pk))
    now = timezone.now()
    if (
        request.method == "POST"
        and request.POST.get("time_up")
        and attempt.is_open
        and attempt.deadline > now
    ):
        # The page's countdown ran out, but the teacher has given more time since it loaded.
        return JsonResponse({"ok": False, "code": "more_time", **_deadline_now(attempt, now)})
    if request.method == "POST":
        was_open = attempt.is_open
        attempt = submit_attempt(attempt=attempt)
        if attempt.closed_by == Attempt.ClosedBy.TIME_UP:
            messages.warning(
                request, _("Time was up: your answers saved before the deadline were submitted.")
            )
        elif not was_open:
            messages.info(request, _("This attempt was already submitted."))
        else:
            messages.success(request, _("Your attempt is submitted."))
        unsent = request.POST.get("unsent", "")
        if attempt.closed_by == Attempt.ClosedBy.TIME_UP or not was_open:
            numbers = _unsent_numbers(attempt, unsent) if unsent else []
            if numbers:
                messages.warning(request, _unsent_message(numbers))
        if _wants_json(request):
            return JsonResponse({"ok": True, "url": attempt.get_absolute_url()})
        return redirect(attempt)
    if not attempt.is_open:
        return redirect(attempt)
    questions = [shown_question(row) for row in attempt.questions.select_related("version")]
    return render(
        request,
        "quizzes/attempt_submit.html",
        {
            "attempt": attempt,
            "quiz": attempt.assignment.quiz,
            "unanswered": [question for question in questions if not question.answered],
            "total": len(questions),
            **_countdown(attempt, timezone.now()),
        },
    )
