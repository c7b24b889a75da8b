"""What a student sees of an assigned quiz: where they stand before starting, and the review of
a submitted attempt, holding only what the teacher's review options allow.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import grades, scoring
from .answers import ShownQuestion, shown_question
from .attempts import (
    accommodation_for,
    attempts_allowed_for,
    close_overdue_attempts,
    closes_at_for,
    local_datetime,
)
from .models import Attempt, QuizAssignment

# --- before starting ------------------------------------------------------------------------


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
        return self.scores_shown and grades.waiting_for_teacher(self.attempts)


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
            refusal = _("This quiz opens on %(date)s.") % {
                "date": local_datetime(assignment.opens_at)
            }
        elif now >= closes_at:
            refusal = _("This quiz closed on %(date)s.") % {"date": local_datetime(closes_at)}
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
        grade=grades.quiz_grade(attempts, assignment.grading_method) if scores_shown else None,
    )


# --- reviewing an attempt -------------------------------------------------------------------


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
            feedback = scoring.feedback_for(data, row.answer)
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
