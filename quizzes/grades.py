"""Scores and grades: an attempt's score, a student's grade on a quiz, and teachers grading
essays and regrading after an answer key is fixed.

How one answer scores against its question is `scoring`'s (pure functions); this module adds
those scores up, picks the attempts that count, and stores what teachers change.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from . import scoring
from .authoring import current_versions, questions_with_choices
from .models import Attempt, AttemptQuestion, QuestionVersion, Quiz, QuizAssignment

# --- an attempt's score ---------------------------------------------------------------------


def auto_score(row: AttemptQuestion) -> Decimal | None:
    """The answer's score by its version's key; None for an essay waiting for its teacher."""
    score = scoring.score(row.version.data, row.answer)
    if score is None and not scoring.is_answered(row.version.data, row.answer):
        return Decimal(0)  # an essay left blank has nothing to wait for
    return score


def add_up(attempt: Attempt, rows: list[AttemptQuestion]) -> None:
    """Set the attempt's score and whether an essay still waits, from its questions' scores
    (the caller saves it)."""
    attempt.needs_grading = any(row.score is None for row in rows)
    attempt.score = sum((row.score for row in rows if row.score is not None), Decimal(0))


# --- a student's grade ----------------------------------------------------------------------


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
            return (sum(scores, Decimal(0)) / len(scores)).quantize(scoring.CENT)
    raise ValueError(method)


def counting_attempt(submitted: list[Attempt], method: str) -> Attempt | None:
    """The attempt whose answers stand for the student: the one the grading method picks
    (the latest one for an average)."""
    if not submitted:
        return None
    if method == QuizAssignment.GradingMethod.HIGHEST:
        return max(submitted, key=lambda a: (a.score or 0, -a.number))
    if method == QuizAssignment.GradingMethod.FIRST:
        return submitted[0]
    return submitted[-1]


# --- teachers grade and regrade -------------------------------------------------------------


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
        attempt = Attempt.objects.select_for_update().get(pk=attempt_question.attempt_id)
        if attempt.is_open:
            raise ValidationError(_("This attempt is not submitted yet."), code="not_submitted")
        attempt_question.score = points.quantize(scoring.CENT)
        attempt_question.comment = comment
        attempt_question.graded_by = grader
        attempt_question.save(update_fields=["score", "comment", "graded_by"])
        add_up(attempt, list(attempt.questions.all()))
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
            row.score = auto_score(row)
        elif row.score is not None:  # ... up to the question's points under the new key
            row.score = min(row.score, Decimal(row.version.data["points"]))
        changes.append(RegradeChange(row.attempt, row.position + 1, old, row.score))
    AttemptQuestion.objects.bulk_update(stale, ["version", "score"])
    for attempt in sorted({row.attempt for row in stale}, key=lambda attempt: attempt.pk):
        rows = list(attempt.questions.select_related("version"))
        add_up(attempt, rows)
        # The new key may give a question other points.
        attempt.max_score = sum((Decimal(r.version.data["points"]) for r in rows), Decimal(0))
        attempt.save(update_fields=["score", "needs_grading", "max_score"])
    return changes
