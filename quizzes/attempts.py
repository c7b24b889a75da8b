"""Students take quizzes: an attempt is started, answered, handed in, or closed when its time
is up; its deadline follows the quiz's dates, time limit and the student's extra time.
"""

import logging
import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .answers import decode_answer, refuse_answer, shown_positions
from .authoring import current_versions, questions_with_choices
from .grades import add_up, auto_score
from .models import (
    GRACE,
    Accommodation,
    Attempt,
    AttemptQuestion,
    Question,
    QuizAssignment,
)

logger = logging.getLogger(__name__)

# An autosave is given up after 15 s (quiz.js): an answer given more than this before the one
# stored is an old copy, not a request that travelled slower than the next one.
LATER_ANSWER_MARGIN = timedelta(minutes=1)


# --- deadlines and extra time ---------------------------------------------------------------


def accommodation_for(assignment: QuizAssignment, student) -> Accommodation:
    found = assignment.accommodations.filter(student=student).first()
    return found or Accommodation(assignment=assignment, student=student)


def closes_at_for(assignment: QuizAssignment, accommodation: Accommodation) -> datetime:
    """A student with extra time also gets a later close date, so the extra time is real."""
    return assignment.closes_at + accommodation.extra_time


def deadline_for(
    assignment: QuizAssignment, accommodation: Accommodation, started_at: datetime
) -> datetime:
    """The earlier of the student's close date and their time limit, both moved by their extra
    time."""
    deadline = closes_at_for(assignment, accommodation)
    if assignment.time_limit:
        deadline = min(deadline, started_at + assignment.time_limit + accommodation.extra_time)
    return deadline


@transaction.atomic
def follow_new_deadlines(*, assignment: QuizAssignment, now: datetime | None = None) -> int:
    """After the teacher changes the close date, the time limit or a student's extra time, the
    attempts under way follow: more time when it grows, less when it shrinks. Never earlier than
    now, so that closing a quiz early keeps every answer saved until then. Returns how many
    attempts changed."""
    now = now or timezone.now()
    # An attempt whose time already ran out is closed as of its deadline, not given more.
    close_overdue_attempts(now=now, attempts=assignment.attempts.all())
    accommodations = {a.student_id: a for a in assignment.accommodations.all()}
    changed = []
    under_way = assignment.attempts.filter(state=Attempt.State.IN_PROGRESS, deadline__gt=now)
    for attempt in under_way.select_for_update():
        accommodation = accommodations.get(attempt.student_id) or Accommodation()
        deadline = max(deadline_for(assignment, accommodation, attempt.started_at), now)
        if deadline != attempt.deadline:
            attempt.deadline = deadline
            changed.append(attempt)
    Attempt.objects.bulk_update(changed, ["deadline"])
    return len(changed)


@transaction.atomic
def set_accommodations(*, assignment: QuizAssignment, extras: dict) -> None:
    """Each student's extra time and attempts on this assignment (student -> (extra time,
    extra attempts)). Nothing extra leaves no row, so no "extra" badge. The attempts under way
    follow the new time."""
    for student, (extra_time, extra_attempts) in extras.items():
        if extra_time or extra_attempts:
            Accommodation.objects.update_or_create(
                assignment=assignment,
                student=student,
                defaults={"extra_time": extra_time, "extra_attempts": extra_attempts},
            )
        else:
            Accommodation.objects.filter(assignment=assignment, student=student).delete()
    follow_new_deadlines(assignment=assignment)


def attempts_allowed_for(assignment: QuizAssignment, accommodation: Accommodation) -> int:
    return assignment.attempts_allowed + accommodation.extra_attempts


def local_datetime(value: datetime) -> str:
    """A date and time as the user reads it, in the school's time zone."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- starting -------------------------------------------------------------------------------


def _order_for(assignment: QuizAssignment, question: Question, rng: random.Random):
    choice_ids = [choice.pk for choice in question.choices.all()]
    if question.type == Question.Type.MATCHING:
        stems = [c.pk for c in question.choices.all() if c.text.strip()]
        answers = [c.pk for c in question.choices.all() if c.match.strip()]
        if assignment.shuffle_choices:
            rng.shuffle(stems)
        rng.shuffle(answers)  # answers in the items' order would give the game away
        return stems, answers
    if question.type in (Question.Type.SINGLE, Question.Type.MULTIPLE) and (
        assignment.shuffle_choices
    ):
        rng.shuffle(choice_ids)
    if question.type in (Question.Type.SINGLE, Question.Type.MULTIPLE, Question.Type.TRUE_FALSE):
        return choice_ids, []
    return [], []  # typed answers show no choices at all


def start_attempt(*, assignment: QuizAssignment, student, now: datetime | None = None) -> Attempt:
    """Start (or resume) the student's attempt: fixes its questions, their order and deadline.

    Only for a student of the assignment's class: the caller makes sure
    (`access.access_assignment_to_take`)."""
    now = now or timezone.now()
    close_overdue_attempts(
        now=now, attempts=assignment.attempts.filter(student=student), keep_going=False
    )
    open_attempt = assignment.attempts.filter(student=student, state=Attempt.State.IN_PROGRESS)
    if existing := open_attempt.first():
        return existing
    accommodation = accommodation_for(assignment, student)
    closes_at = closes_at_for(assignment, accommodation)
    if now < assignment.opens_at:
        raise ValidationError(
            _("This quiz opens on %(date)s."),
            code="not_open",
            params={"date": local_datetime(assignment.opens_at)},
        )
    if now >= closes_at:
        raise ValidationError(
            _("This quiz closed on %(date)s."),
            code="closed",
            params={"date": local_datetime(closes_at)},
        )
    used = assignment.attempts.filter(student=student).aggregate(n=Max("number"))["n"] or 0
    if used >= attempts_allowed_for(assignment, accommodation):
        if existing := open_attempt.first():  # another tab started the last one just now
            return existing
        raise ValidationError(
            _("You have used all your attempts at this quiz."), code="no_attempts_left"
        )
    questions = questions_with_choices(assignment.quiz)
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."), code="empty_quiz")
    rng = random.SystemRandom()
    if assignment.draw_count and assignment.draw_count < len(questions):
        drawn = set(rng.sample(range(len(questions)), assignment.draw_count))
        questions = [q for i, q in enumerate(questions) if i in drawn]
    if assignment.shuffle_questions:
        rng.shuffle(questions)
    versions = current_versions(questions)
    deadline = deadline_for(assignment, accommodation, now)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                assignment=assignment,
                student=student,
                number=used + 1,
                started_at=now,
                deadline=deadline,
                max_score=sum((q.points for q in questions), Decimal(0)),
            )
            rows = []
            for position, question in enumerate(questions):
                choice_order, match_order = _order_for(assignment, question, rng)
                rows.append(
                    AttemptQuestion(
                        attempt=attempt,
                        version=versions[question.pk],
                        position=position,
                        choice_order=choice_order,
                        match_order=match_order,
                    )
                )
            AttemptQuestion.objects.bulk_create(rows)
    except IntegrityError:  # another tab or a double click started it a moment earlier
        existing = open_attempt.first()
        if existing is None:
            raise
        return existing
    return attempt


# --- answering and handing in ---------------------------------------------------------------


def _locked(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().select_related("assignment").get(pk=attempt.pk)


def _refuse_closed(attempt: Attempt) -> ValidationError:
    if attempt.closed_by == Attempt.ClosedBy.TIME_UP:
        return ValidationError(
            _("Time is up: this attempt was submitted with the answers saved before the deadline."),
            code="time_up",
        )
    return ValidationError(
        _("This attempt is already submitted; answers can no longer change."), code="submitted"
    )


def save_answers(
    *,
    attempt: Attempt,
    data,
    now: datetime | None = None,
    given_ago: timedelta | None = None,
    device: str = "",
) -> Attempt:
    """Store the answers a page or an autosave sends; one row per question, however often sent.
    Returns the attempt as read under its lock (its deadline as the teacher last set it).

    An autosave says on which `device` and how long ago (`given_ago`) its answer was given: one
    a phone kept while offline may arrive hours later. Without both it was given now.
    An answer from another device, given over a minute before the one stored, is refused, so
    an old copy cannot overwrite a later answer; within that minute the later arrival wins, as
    ages and travel times are not exact. One device's answers are never refused as old: its
    tabs share one copy, and its clock or a slow request could make a new answer look old. An
    answer the same as the stored one changes nothing (the plain form sends every question).

    Refused (nothing stored) once the attempt is submitted or past its deadline and grace, and
    when it names no question of the attempt (a page always does): never a silent "saved".
    """
    now = now or timezone.now()
    given_at = max(now - given_ago, attempt.started_at) if given_ago and device else now
    positions = shown_positions(data)
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.is_overdue(now):
            _finish(attempt, now=now)  # kept: the refusal below must not undo the closing
        refusal = None if attempt.is_open else _refuse_closed(attempt)
        if refusal is None:
            rows = list(attempt.questions.filter(position__in=positions).select_related("version"))
            if not rows or len(rows) != len(positions):
                raise refuse_answer()
            given = {row.pk: decode_answer(row, data) for row in rows}
            changed = [row for row in rows if given[row.pk] != row.answer]
            if any(
                row.answered_at is not None
                and given_at < row.answered_at - LATER_ANSWER_MARGIN
                and not (device and row.answered_on == device)
                for row in changed
            ):
                raise ValidationError(
                    _(
                        "You changed this answer later on another device: that later answer is "
                        "kept. Reload the page to see it."
                    ),
                    code="superseded",
                )
            for row in changed:
                row.answer, row.answered_at, row.answered_on = given[row.pk], given_at, device
            AttemptQuestion.objects.bulk_update(changed, ["answer", "answered_at", "answered_on"])
    if refusal is not None:
        raise refusal
    return attempt


def submit_attempt(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Hand the attempt in and grade it. Submitting again, from any tab, changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.is_open:
            _finish(attempt, now=now)
    return attempt


def _finish(attempt: Attempt, *, now: datetime) -> None:
    """Close and grade a locked attempt. Past its deadline it finishes at the deadline."""
    if now > attempt.deadline:
        attempt.submitted_at = attempt.deadline
        attempt.closed_by = Attempt.ClosedBy.TIME_UP
    else:
        attempt.submitted_at = now
        attempt.closed_by = Attempt.ClosedBy.STUDENT
    attempt.state = Attempt.State.SUBMITTED
    rows = list(attempt.questions.select_related("version"))
    for row in rows:
        row.score = auto_score(row)
    AttemptQuestion.objects.bulk_update(rows, ["score"])
    add_up(attempt, rows)
    attempt.save(update_fields=["state", "submitted_at", "closed_by", "score", "needs_grading"])


# --- closing attempts whose time is up ------------------------------------------------------


def close_overdue_attempts(
    *, now: datetime | None = None, attempts=None, keep_going: bool = True
) -> int:
    """Submit every open attempt past its deadline (and grace), as of its deadline.

    An attempt that cannot be closed is logged and the others are closed all the same, unless
    `keep_going` is off: the student's own pages let the error through, as a quiz page shown
    open for an attempt past its time would hand it in again and again."""
    now = now or timezone.now()
    attempts = Attempt.objects.all() if attempts is None else attempts
    closed = 0
    overdue = attempts.filter(state=Attempt.State.IN_PROGRESS, deadline__lt=now - GRACE)
    for pk in overdue.order_by("pk").values_list("pk", flat=True):  # oldest first, every time
        try:
            with transaction.atomic():
                attempt = _locked(Attempt(pk=pk))
                if attempt.is_open:
                    _finish(attempt, now=now)
                    closed += 1
        except Exception:  # one attempt that cannot be closed must not keep the others open
            if not keep_going:
                raise
            logger.exception("closing overdue attempt %s failed", pk)
    return closed
