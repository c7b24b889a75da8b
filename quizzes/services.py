import copy as pycopy
import logging
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from classrooms.models import Membership

from . import grading
from .answers import (
    ShownQuestion,
    decode_answer,
    refuse_answer,
    shown_positions,
    shown_question,
)
from .models import (
    GRACE,
    Accommodation,
    Attempt,
    AttemptQuestion,
    Choice,
    Question,
    QuestionVersion,
    Quiz,
    QuizAssignment,
)

logger = logging.getLogger(__name__)

# An autosave is given up after 15 s (quiz.js): an answer given more than this before the one
# stored is an old copy, not a request that travelled slower than the next one.
LATER_ANSWER_MARGIN = timedelta(minutes=1)


# --- versions -------------------------------------------------------------------------------


def current_versions(questions: list[Question]) -> dict[int, QuestionVersion]:
    """The version that matches each question's content now, made when the content changed.

    `questions` must come with their choices prefetched. A constant number of queries.
    """
    ids = [question.pk for question in questions]
    newest = QuestionVersion.objects.filter(question=OuterRef("question")).order_by("-number")
    latest = {
        version.question_id: version
        for version in QuestionVersion.objects.filter(
            question__in=ids, number=Subquery(newest.values("number")[:1])
        )
    }
    missing = []
    for question in questions:
        data = question.snapshot(list(question.choices.all()))
        version = latest.get(question.pk)
        if version is None or version.data != data:
            number = version.number + 1 if version else 1
            missing.append(QuestionVersion(question=question, number=number, data=data))
    if missing:
        # Two students starting at once may both make the same new version: one row wins.
        QuestionVersion.objects.bulk_create(missing, ignore_conflicts=True)
        latest.update(
            (version.question_id, version)
            for version in QuestionVersion.objects.filter(
                question__in=[v.question_id for v in missing],
                number=Subquery(newest.values("number")[:1]),
            )
        )
    return latest


def questions_with_choices(quiz: Quiz) -> list[Question]:
    return list(quiz.questions.order_by("position", "pk").prefetch_related("choices"))


# --- attempts -------------------------------------------------------------------------------


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
    """Start (or resume) the student's attempt: fixes its questions, their order and deadline."""
    now = now or timezone.now()
    if not assignment.classroom.memberships.filter(
        user=student, role=Membership.Role.STUDENT
    ).exists():
        raise ValidationError(
            _("Only students of this class can take this quiz."), code="not_student"
        )
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
            params={"date": _local(assignment.opens_at)},
        )
    if now >= closes_at:
        raise ValidationError(
            _("This quiz closed on %(date)s."), code="closed", params={"date": _local(closes_at)}
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


def _local(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


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
        row.score = _auto_score(row)
    AttemptQuestion.objects.bulk_update(rows, ["score"])
    _total(attempt, rows)
    attempt.save(update_fields=["state", "submitted_at", "closed_by", "score", "needs_grading"])


def _auto_score(row: AttemptQuestion) -> Decimal | None:
    score = grading.score(row.version.data, row.answer)
    if score is None and not grading.is_answered(row.version.data, row.answer):
        return Decimal(0)  # an essay left blank has nothing to wait for
    return score


def _total(attempt: Attempt, rows: list[AttemptQuestion]) -> None:
    attempt.needs_grading = any(row.score is None for row in rows)
    attempt.score = sum((row.score for row in rows if row.score is not None), Decimal(0))


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


# --- teachers -------------------------------------------------------------------------------


def grade_answer(
    *, attempt_question: AttemptQuestion, points: Decimal, comment: str, grader
) -> AttemptQuestion:
    """A teacher's points and feedback for one answer (essays, or overriding any question)."""
    maximum = Decimal(attempt_question.version.data["points"])
    if not Decimal(0) <= points <= maximum:
        raise ValidationError(
            _("Give between 0 and %(max)s points."),
            code="out_of_range",
            params={"max": floatformat(maximum, "-2")},
        )
    with transaction.atomic():
        attempt = _locked(attempt_question.attempt)
        if attempt.is_open:
            raise ValidationError(_("This attempt is not submitted yet."), code="not_submitted")
        attempt_question.score = points.quantize(grading.CENT)
        attempt_question.comment = comment
        attempt_question.graded_by = grader
        attempt_question.save(update_fields=["score", "comment", "graded_by"])
        _total(attempt, list(attempt.questions.all()))
        attempt.save(update_fields=["score", "needs_grading"])
    return attempt_question


def grading_key(data: dict) -> dict:
    """The parts of a question version that decide scores (not its wording)."""
    return {
        "type": data["type"],
        "points": data["points"],
        "choices": sorted(
            (c["id"], c["fraction"], c["value"], c["tolerance"], c["match"], c["text"])
            if data["type"] in ("short", "matching")
            else (c["id"], c["fraction"], c["value"], c["tolerance"])
            for c in data["choices"]
        ),
    }


@dataclass
class RegradeChange:
    attempt: Attempt
    question_number: int
    old_score: Decimal | None
    new_score: Decimal | None


def attempt_questions_to_regrade(
    quiz: Quiz, classrooms
) -> tuple[list[AttemptQuestion], dict[int, dict]]:
    """Answers, in these classes, given on an older version of a question whose answer key
    has since changed. A quiz can be shared by classes of different teachers: each regrades
    (and sees) only the attempts of the classes they teach.

    Only reads: safe on every view of the quiz page. Also returns each question's content now.
    """
    current = {q.pk: q.snapshot(list(q.choices.all())) for q in questions_with_choices(quiz)}
    outdated = [
        version.pk
        for version in QuestionVersion.objects.filter(question__in=current.keys())
        if grading_key(version.data) != grading_key(current[version.question_id])
    ]
    stale = list(
        AttemptQuestion.objects.filter(
            version__in=outdated,
            attempt__state=Attempt.State.SUBMITTED,
            attempt__assignment__classroom__in=classrooms,
        ).select_related("version", "attempt__student")
    )
    return stale, current


@transaction.atomic
def regrade_quiz(*, quiz: Quiz, classrooms) -> list[RegradeChange]:
    """Apply the current answer keys to the classes' submitted attempts given an older key;
    say what changed."""
    stale, _current = attempt_questions_to_regrade(quiz, classrooms)
    versions = current_versions(questions_with_choices(quiz))
    changes = []
    for row in stale:
        old = row.score
        row.version = versions[row.version.question_id]
        if row.graded_by_id is None:  # a teacher's own grade for this answer stands
            row.score = _auto_score(row)
        elif row.score is not None:  # ... up to the question's points under the new key
            row.score = min(row.score, Decimal(row.version.data["points"]))
        changes.append(RegradeChange(row.attempt, row.position + 1, old, row.score))
    AttemptQuestion.objects.bulk_update(stale, ["version", "score"])
    for attempt in sorted({row.attempt for row in stale}, key=lambda attempt: attempt.pk):
        rows = list(attempt.questions.select_related("version"))
        _total(attempt, rows)
        # The new key may give a question other points.
        attempt.max_score = sum((Decimal(r.version.data["points"]) for r in rows), Decimal(0))
        attempt.save(update_fields=["score", "needs_grading", "max_score"])
    return changes


# --- authoring ------------------------------------------------------------------------------


def _copy_question(question: Question, **changes) -> Question:
    """A saved copy of the question with its choices, `changes` applied to the copy."""
    choices = list(question.choices.all())
    copy = pycopy.copy(question)  # the caller's instance keeps its own primary key
    copy.pk = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    for choice in choices:
        choice.pk = None
        choice.question = copy
    Choice.objects.bulk_create(choices)
    return copy


@transaction.atomic
def duplicate_question(*, question: Question) -> Question:
    """A copy placed right after the original, with its choices."""
    Question.objects.filter(quiz=question.quiz, position__gt=question.position).update(
        position=F("position") + 1
    )
    return _copy_question(question, position=question.position + 1)


@transaction.atomic
def duplicate_quiz(*, quiz: Quiz, by) -> Quiz:
    """A copy of the quiz and all its questions, not assigned to anyone."""
    title = _("Copy of %(title)s") % {"title": quiz.title}
    copy = Quiz.objects.create(
        course=quiz.course,
        title=title[: Quiz._meta.get_field("title").max_length],
        instructions=quiz.instructions,
        created_by=by,
    )
    for question in questions_with_choices(quiz):
        _copy_question(question, quiz=copy)
    return copy


@transaction.atomic
def move_question(*, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1); positions are renumbered 0..n-1."""
    questions = list(question.quiz.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = min(max(index + offset, 0), len(questions) - 1)
    questions.insert(target, questions.pop(index))
    for position, q in enumerate(questions):
        q.position = position
    Question.objects.bulk_update(questions, ["position"])


def waiting_for_teacher(attempts: list[Attempt]) -> bool:
    """A submitted attempt has an essay the teacher has not graded yet."""
    return any(a.state == Attempt.State.SUBMITTED and a.needs_grading for a in attempts)


def quiz_grade(attempts: list[Attempt], method: str) -> Decimal | None:
    """A student's grade on a quiz over their submitted attempts, by the grading method; none
    while an essay waits for the teacher (the score so far is not the grade)."""
    if waiting_for_teacher(attempts):
        return None
    done = sorted(
        (a for a in attempts if a.state == Attempt.State.SUBMITTED and a.score is not None),
        key=lambda a: a.number,
    )
    if not done:
        return None
    scores = [a.score for a in done]
    match method:
        case QuizAssignment.GradingMethod.HIGHEST:
            return max(scores)
        case QuizAssignment.GradingMethod.LATEST:
            return scores[-1]
        case QuizAssignment.GradingMethod.FIRST:
            return scores[0]
        case QuizAssignment.GradingMethod.AVERAGE:
            return (sum(scores, Decimal(0)) / len(scores)).quantize(grading.CENT)
    raise ValueError(method)


# --- taking and reviewing (students) --------------------------------------------------------


@dataclass
class QuizStatus:
    """Where one student stands on one assigned quiz: their dates, attempts and grade."""

    closes_at: datetime
    time_limit: timedelta | None
    has_extra_time: bool
    attempts: list[Attempt]
    attempts_allowed: int
    open_attempt: Attempt | None
    refusal: str  # why no attempt can start now; "" when one can
    scores_shown: bool
    grade: Decimal | None

    @property
    def time_limit_minutes(self) -> int | None:
        return None if self.time_limit is None else round(self.time_limit.total_seconds() / 60)

    @property
    def max_score(self) -> Decimal | None:
        return self.attempts[-1].max_score if self.attempts else None

    @property
    def waiting_for_teacher(self) -> bool:
        """Said where the grade would be, so only while the review shows scores."""
        return self.scores_shown and waiting_for_teacher(self.attempts)


def quiz_status_for(
    *, assignment: QuizAssignment, student, now: datetime | None = None
) -> QuizStatus:
    """The start page's facts, after closing any attempt left open past its deadline."""
    now = now or timezone.now()
    close_overdue_attempts(now=now, attempts=assignment.attempts.filter(student=student))
    accommodation = accommodation_for(assignment, student)
    closes_at = closes_at_for(assignment, accommodation)
    attempts = list(assignment.attempts.filter(student=student).order_by("number"))
    allowed = attempts_allowed_for(assignment, accommodation)
    open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    refusal = ""
    if open_attempt is None:
        if now < assignment.opens_at:
            refusal = _("This quiz opens on %(date)s.") % {"date": _local(assignment.opens_at)}
        elif now >= closes_at:
            refusal = _("This quiz closed on %(date)s.") % {"date": _local(closes_at)}
        elif len(attempts) >= allowed:
            refusal = _("You have used all your attempts at this quiz.")
    scores_shown = assignment.review_score and assignment.review_is_open(closes_at, now)
    limit = assignment.time_limit
    return QuizStatus(
        closes_at=closes_at,
        time_limit=limit + accommodation.extra_time if limit else None,
        has_extra_time=bool(accommodation.extra_time),
        attempts=attempts,
        attempts_allowed=allowed,
        open_attempt=open_attempt,
        refusal=refusal,
        scores_shown=scores_shown,
        grade=quiz_grade(attempts, assignment.grading_method) if scores_shown else None,
    )


@dataclass(frozen=True)
class ReviewOptions:
    """What a viewer may see of an attempt now; `shown` is False while nothing may be shown."""

    shown: bool = False
    score: bool = False
    responses: bool = False
    correct: bool = False
    feedback: bool = False
    shown_from: datetime | None = None  # when a closed review opens; None: it never does

    @property
    def questions(self) -> bool:
        return self.shown and (self.responses or self.correct or self.feedback)


def review_options_for(
    *, attempt: Attempt, teacher: bool, now: datetime | None = None
) -> ReviewOptions:
    """Teachers see everything; the student what the quiz allows once it is submitted."""
    if teacher:
        return ReviewOptions(True, True, True, True, True)
    if attempt.is_open:
        return ReviewOptions()
    now = now or timezone.now()
    assignment = attempt.assignment
    closes_at = closes_at_for(assignment, accommodation_for(assignment, attempt.student))
    if not assignment.review_is_open(closes_at, now):
        after_close = assignment.review_when == QuizAssignment.ReviewWhen.AFTER_CLOSE
        return ReviewOptions(shown_from=closes_at if after_close else None)
    return ReviewOptions(
        shown=True,
        score=assignment.review_score,
        responses=assignment.review_responses,
        correct=assignment.review_correct,
        feedback=assignment.review_feedback,
    )


@dataclass(frozen=True)
class ReviewedOption:
    text: str
    chosen: bool  # False as well when the student's answers are not shown
    right: bool  # False as well when the right answers are not shown


@dataclass(frozen=True)
class ReviewedPair:
    """A matching item with the answer the student chose and the right one ("": not shown)."""

    item: str
    chosen: str
    right: str


@dataclass
class ReviewedQuestion:
    """One question of an attempt as a review shows it, holding only what the options allow."""

    shown: ShownQuestion  # its wording; its answer fields are blanked
    answer_id: int
    options: list[ReviewedOption]
    pairs: list[ReviewedPair]
    text: str  # a typed answer, when shown
    accepted: list[str]  # short and numerical answers that earn points, when shown
    score: Decimal | None
    waiting: bool  # an essay its teacher has not graded yet (said only with the score)
    feedback: list[str]
    comment: str


def _number(value: str) -> str:
    return number_format(Decimal(format(Decimal(value).normalize(), "f")))


def _accepted(data: dict) -> list[str]:
    earns = [c for c in data["choices"] if Decimal(c["fraction"]) > 0]
    if data["type"] == "short":
        return [c["text"] for c in earns]
    if data["type"] == "numerical":
        return [
            _number(c["value"])
            + (f" ± {_number(c['tolerance'])}" if Decimal(c["tolerance"]) else "")
            for c in earns
            if c["value"] is not None
        ]
    return []


def reviewed_questions(*, attempt: Attempt, options: ReviewOptions) -> list[ReviewedQuestion]:
    """The attempt's questions for its review page, in the order the student had them."""
    if not options.questions:
        return []
    reviewed = []
    for row in attempt.questions.select_related("version"):
        data = row.version.data
        choices = {choice["id"]: choice for choice in data["choices"]}
        shown = shown_question(row)
        chosen = shown.selected if options.responses else set()
        right = set()
        if options.correct and shown.type in ("single", "multiple", "true_false"):
            right = {
                str(i)
                for i, c in enumerate(row.choice_order)
                if c in choices and Decimal(choices[c]["fraction"]) > 0
            }
        answers = {option.token: option.text for option in shown.options}
        pairs = [
            ReviewedPair(
                item=item.text,
                chosen=answers.get(item.selected, "") if options.responses else "",
                right=choices[row.choice_order[int(item.token)]]["match"]
                if options.correct
                else "",
            )
            for item in shown.items
        ]
        feedback = []
        if options.feedback:
            feedback = grading.feedback_for(data, row.answer)
            if data["general_feedback"]:
                feedback.append(data["general_feedback"])
        reviewed.append(
            ReviewedQuestion(
                shown=replace(shown, selected=set(), text="", items=[]),
                answer_id=row.pk,
                options=[
                    ReviewedOption(o.text, o.token in chosen, o.token in right)
                    for o in shown.options
                ]
                if shown.type != "matching"
                else [],
                pairs=pairs,
                text=shown.text if options.responses else "",
                accepted=_accepted(data) if options.correct else [],
                score=row.score if options.score else None,
                waiting=options.score and not attempt.is_open and row.score is None,
                feedback=feedback,
                comment=row.comment if options.feedback else "",
            )
        )
    return reviewed


# --- writing questions ----------------------------------------------------------------------


@transaction.atomic
def save_question(*, question: Question, choices: list[Choice]) -> Question:
    """Save a question and its choices in place, in the order given; drop the choices left out.

    A new question goes last in its quiz. Attempts keep their own versions, so editing is safe.
    """
    if question.pk is None:
        last = question.quiz.questions.aggregate(n=Max("position"))["n"]
        question.position = 0 if last is None else last + 1
    question.save()
    question.choices.exclude(pk__in=[c.pk for c in choices if c.pk]).delete()
    for position, choice in enumerate(choices):
        choice.question = question
        choice.position = position
    Choice.objects.bulk_update(
        [c for c in choices if c.pk],
        ["position", "text", "match", "value", "tolerance", "fraction", "feedback"],
    )
    Choice.objects.bulk_create([c for c in choices if c.pk is None])
    return question
