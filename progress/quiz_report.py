"""One quiz's results for its class: grades, their spread and what each question tells.

Five bulk queries: students, accommodations, attempts, the answers of the attempts that count,
and the lessons the questions test.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from lessons.models import Lesson
from quizzes import scoring
from quizzes.grades import counting_attempt
from quizzes.models import Attempt, AttemptQuestion, QuestionVersion, QuizAssignment

from .gradebook import ONE_PLACE, Column, Row, attempt_rows, mean, percent, quiz_cell

LOW_SHARE = Decimal(60)  # below this share of the points, a section is worth revisiting


@dataclass
class Distribution:
    """Students per band of ten percentage points (the last band holds 90–100 %)."""

    bands: list[int]

    @classmethod
    def of(cls, percents: list[Decimal]) -> "Distribution":
        bands = [0] * 10
        for value in percents:
            bands[min(int(value // 10), 9)] += 1
        return cls(bands)


def summary(values: list[Decimal]) -> dict[str, Decimal | None]:
    return {
        "average": mean(values),
        "median": Decimal(median(values)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
        if values
        else None,
        "highest": max(values, default=None),
        "lowest": min(values, default=None),
    }


@dataclass
class QuestionStats:
    question_id: int
    position: int
    text: str
    type: str
    lesson: Lesson | None
    answered: int = 0  # students who submitted and were given it (essays: once graded)
    correct: int = 0  # of them, with full marks
    earned: Decimal = Decimal(0)  # their scores as shares of the points, added up
    waiting: int = 0
    wrong_answers: Counter = field(default_factory=Counter)

    @property
    def share_of_points(self) -> Decimal | None:
        """The average score as a share of the points: an essay given 4.5 of 5 counts 90 %,
        where "fully right" would count it as wrong."""
        return percent(self.earned, self.answered)

    @property
    def common_wrong(self) -> tuple[str, int] | None:
        return self.wrong_answers.most_common(1)[0] if self.wrong_answers else None

    @property
    def is_hard(self) -> bool:
        share = self.share_of_points
        return share is not None and share < LOW_SHARE


@dataclass
class SectionStats:
    lesson: Lesson
    answered: int
    earned: Decimal

    @property
    def share_of_points(self) -> Decimal | None:
        return percent(self.earned, self.answered)


@dataclass
class QuizReport:
    assignment: QuizAssignment
    column: Column
    rows: list[Row]
    questions: list[QuestionStats]
    sections: list[SectionStats]

    @property
    def percents(self) -> list[Decimal]:
        return [row.cells[0].percent for row in self.rows if row.cells[0].state == "graded"]

    @property
    def stats(self) -> dict:
        return summary(self.percents)

    @property
    def distribution(self) -> Distribution:
        return Distribution.of(self.percents)

    @property
    def submitted(self) -> int:
        return self.column.finished

    @property
    def weak_sections(self) -> list[SectionStats]:
        return [s for s in self.sections if s.answered and s.share_of_points < LOW_SHARE]

    def count(self, state: str) -> int:
        return self.column.counts[state]


def _wrong_answer(data: dict, answer, earned: Decimal, points: Decimal) -> list[str]:
    """The wrong answers given, as text a teacher recognises."""
    if not scoring.is_answered(data, answer) or earned >= points:
        return []
    choices = {c["id"]: c for c in data["choices"]}
    kind = data["type"]
    if kind in ("single", "true_false"):
        choice = choices.get(answer["choice"])
        return [choice["text"]] if choice and Decimal(choice["fraction"]) <= 0 else []
    if kind == "multiple":
        return [
            choices[c]["text"]
            for c in answer["choices"]
            if c in choices and Decimal(choices[c]["fraction"]) <= 0
        ]
    if kind in ("short", "numerical"):
        return [str(answer.get("text", "")).strip()]
    return []


def build_quiz_report(assignment: QuizAssignment, now: datetime) -> QuizReport:
    """Everything on a quiz's report page and in its export."""
    column = Column("quiz", assignment, assignment.quiz.title, assignment.closes_at)
    memberships = list(
        assignment.classroom.memberships.students()
        .select_related("user")
        .order_by("user__full_name", "user__pk")
    )
    accommodations = {a.student_id: a for a in assignment.accommodations.all()}
    attempts = defaultdict(list)
    for attempt in attempt_rows(
        assignment.attempts.filter(student__in=[m.user_id for m in memberships])
    ):
        attempts[attempt.student_id].append(attempt)
    rows = []
    counting = []
    for membership in memberships:
        cell = quiz_cell(
            column,
            membership,
            attempts[membership.user_id],
            accommodations.get(membership.user_id),
            now,
        )
        column.counts[cell.state] += 1
        if cell.counts_in_average:
            column.percents.append(cell.percent)
        rows.append(Row(membership, [cell]))
        submitted = [a for a in cell.attempts if a.state == Attempt.State.SUBMITTED]
        chosen = counting_attempt(submitted, assignment.grading_method)
        if chosen:
            counting.append(chosen.pk)

    questions: dict[int, QuestionStats] = {}
    answers = AttemptQuestion.objects.filter(attempt__in=counting)
    # Each version once (its JSON is the heavy part), then the answers as plain values.
    versions = QuestionVersion.objects.filter(pk__in=answers.values("version")).select_related(
        "question"
    )
    versions = {version.pk: version for version in versions}
    for version_id, answer, score in answers.values_list("version_id", "answer", "score"):
        version = versions[version_id]
        data = version.data
        question = version.question
        stats = questions.get(question.pk)
        if stats is None:
            stats = questions[question.pk] = QuestionStats(
                question.pk, question.position, data["text"], data["type"], data.get("lesson")
            )
        if score is None:
            stats.waiting += 1
            continue
        points = Decimal(data["points"])
        stats.answered += 1
        if score >= points:
            stats.correct += 1
        stats.earned += min(score / points, 1) if points else 0
        stats.wrong_answers.update(_wrong_answer(data, answer, score, points))
    lesson_ids = {s.lesson for s in questions.values() if s.lesson}
    lessons = Lesson.objects.select_related("course").in_bulk(lesson_ids) if lesson_ids else {}
    by_section = defaultdict(lambda: [0, Decimal(0)])
    for stats in questions.values():
        stats.lesson = lessons.get(stats.lesson) if stats.lesson else None
        if stats.lesson:
            by_section[stats.lesson.pk][0] += stats.answered
            by_section[stats.lesson.pk][1] += stats.earned
    sections = sorted(
        (
            SectionStats(lessons[pk], answered, earned)
            for pk, (answered, earned) in by_section.items()
        ),
        key=lambda s: (s.lesson.position, s.lesson.pk),
    )
    return QuizReport(
        assignment=assignment,
        column=column,
        rows=rows,
        questions=sorted(questions.values(), key=lambda s: (s.position, s.question_id)),
        sections=sections,
    )
