"""The gradebook: students × assignments of one or more classes, from seven bulk queries.

Whatever the number of classes, students and assignments, `build_gradebooks` reads the
assignments, the students, the published lessons, the reading progress, the accommodations and
the attempts once each; every cell and total is then worked out in Python.

Totals, as the page explains them:
- "Read": readings finished (on time or late) out of the readings the student is expected to do.
- "Quiz average": the mean of the student's quiz percentages (grade by the quiz's grading method
  ÷ points possible), counting a quiz that closed without a submission as 0 %. Quizzes still
  open with nothing submitted, and quizzes with an essay waiting, are left out.
- Work that was due before the student joined the class is not expected of them and is left
  out of both totals, unless they did it anyway.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import ClassVar, NamedTuple

from django.utils.translation import gettext_lazy as _

from classrooms.models import Classroom, Membership
from lessons.models import Lesson, ReadingAssignment, ReadingProgress, ReadingState
from quizzes.attempts import closes_at_for
from quizzes.grades import quiz_grade
from quizzes.models import Accommodation, Attempt, QuizAssignment

ONE_PLACE = Decimal("0.1")


class ProgressRow(NamedTuple):
    """The part of a `ReadingProgress` the reports read, without building model instances."""

    finished_at: datetime | None
    last_opened_at: datetime | None = None  # read for the per-student page only


@dataclass(slots=True)
class AttemptRow:
    """The part of an `Attempt` the reports read (what `quiz_grade` and the links need)."""

    pk: int
    assignment_id: int
    student_id: int
    number: int
    state: str
    score: Decimal | None
    max_score: Decimal
    needs_grading: bool
    submitted_at: datetime | None = None  # read for the per-student page only

    FIELDS: ClassVar[tuple[str, ...]] = (
        "pk",
        "assignment_id",
        "student_id",
        "number",
        "state",
        "score",
        "max_score",
        "needs_grading",
        "submitted_at",
    )

    @property
    def is_open(self) -> bool:
        return self.state == Attempt.State.IN_PROGRESS


def attempt_rows(attempts, dates: bool = True) -> list[AttemptRow]:
    """`dates=False` leaves out `submitted_at`: turning text into dates is most of the cost of
    reading rows on SQLite, and the gradebook does not show it."""
    fields = AttemptRow.FIELDS if dates else AttemptRow.FIELDS[:-1]
    return [AttemptRow(*row) for row in attempts.order_by("number").values_list(*fields)]


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """A percentage to one decimal place, rounded half up as a teacher would."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


class CellState:
    """What a cell says. Reading states are `ReadingState` values; quizzes add their own."""

    NOT_STARTED = ReadingState.NOT_STARTED.value
    IN_PROGRESS = ReadingState.IN_PROGRESS.value
    DONE = ReadingState.DONE.value
    LATE = ReadingState.LATE.value
    MISSING = ReadingState.MISSING.value
    GRADED = "graded"
    WAITING = "waiting"
    UPCOMING = ReadingState.UPCOMING.value
    NOT_EXPECTED = ReadingState.NOT_EXPECTED.value

    LABELS = {
        NOT_STARTED: _("not started"),
        IN_PROGRESS: ReadingState.IN_PROGRESS.label,  # opened, not finished
        DONE: _("read"),
        LATE: _("read late"),
        MISSING: _("missing"),
        GRADED: _("graded"),
        WAITING: _("essay to grade"),
        UPCOMING: ReadingState.UPCOMING.label,
        NOT_EXPECTED: ReadingState.NOT_EXPECTED.label,
    }
    # A quiz's own word where a reading's would be wrong: an attempt open is not "reading".
    QUIZ_LABELS = {IN_PROGRESS: _("in progress")}


@dataclass
class Column:
    """One assignment: a reading or a quiz, with its due date (a quiz's is its close date)."""

    kind: str  # "reading" or "quiz"
    assignment: ReadingAssignment | QuizAssignment
    title: str
    due_at: datetime
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    percents: list[Decimal] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.assignment.pk}"

    @property
    def finished(self) -> int:
        """Readings finished (on time or late); quizzes submitted (graded or waiting)."""
        if self.kind == "reading":
            return self.counts[CellState.DONE] + self.counts[CellState.LATE]
        return self.counts[CellState.GRADED] + self.counts[CellState.WAITING]

    @property
    def expected(self) -> int:
        return sum(n for state, n in self.counts.items() if state != CellState.NOT_EXPECTED)

    @property
    def average(self) -> Decimal | None:
        """Quizzes: the mean percentage of the graded students (missing ones are not in it)."""
        return mean(self.percents)


# What the pages show of a student: their names (`User.display_name`), not their password hash
# or sign-in dates, which would cost a conversion each.
MEMBERSHIP_FIELDS = (
    "classroom_id",
    "joined_at",
    "user__username",
    "user__full_name",
    "user__first_name",
    "user__last_name",
)

ZERO_PERCENT = Decimal(0).quantize(ONE_PLACE)


@dataclass(slots=True)
class Cell:
    """One student × one assignment. A gradebook has thousands: slots, and everything worked
    out once when the cell is made."""

    column: Column
    state: str
    is_quiz: bool = False
    grade: Decimal | None = None
    max_score: Decimal | None = None
    attempts: list[AttemptRow] = ()
    closes_at: datetime | None = None
    finished_at: datetime | None = None
    percent: Decimal | None = None  # quizzes: the grade as a percentage; 0 when missing
    counts_in_average: bool = False  # quizzes graded or missing

    @property
    def label(self) -> str:
        if self.is_quiz and self.state in CellState.QUIZ_LABELS:
            return str(CellState.QUIZ_LABELS[self.state])
        return str(CellState.LABELS[self.state])


@dataclass
class Row:
    membership: Membership
    cells: list[Cell]
    progress: dict[int, ProgressRow] = field(default_factory=dict)  # by lesson id

    @property
    def student(self):
        return self.membership.user

    @property
    def reading_cells(self) -> list[Cell]:
        return [c for c in self.cells if not c.is_quiz]

    @cached_property
    def read(self) -> int:
        return sum(1 for c in self.cells if c.state in (CellState.DONE, CellState.LATE))

    @cached_property
    def readings_expected(self) -> int:
        return sum(
            1
            for c in self.cells
            if not c.is_quiz and (c.state != CellState.NOT_EXPECTED or c.finished_at is not None)
        )

    @property
    def quizzes_done(self) -> int:
        """Quizzes handed in, graded or with an essay waiting, as a column counts them."""
        return sum(
            1 for c in self.cells if c.is_quiz and c.state in (CellState.GRADED, CellState.WAITING)
        )

    @cached_property
    def quiz_average(self) -> Decimal | None:
        return mean([c.percent for c in self.cells if c.counts_in_average])


@dataclass
class Gradebook:
    classroom: Classroom
    columns: list[Column]
    rows: list[Row]
    lessons: dict[int, Lesson]

    @property
    def completion(self) -> Decimal | None:
        """Share of expected readings finished, over the whole class."""
        return percent(
            sum(row.read for row in self.rows), sum(row.readings_expected for row in self.rows)
        )

    @property
    def quiz_average(self) -> Decimal | None:
        """The mean of the students' quiz averages."""
        return mean([row.quiz_average for row in self.rows if row.quiz_average is not None])

    def sort(self, key: str) -> None:
        """By name (the default), by readings finished or by quiz average, best first."""
        if key == "read":
            self.rows.sort(key=lambda r: -r.read)
        elif key == "average":
            self.rows.sort(key=lambda r: -(r.quiz_average if r.quiz_average is not None else -1))


def reading_cell(column, membership, progress, ids, now) -> Cell:
    """`ids`: the lessons the reading asks for (`ReadingAssignment.lesson_ids`)."""
    assignment = column.assignment
    state = assignment.state(progress, ids, now, joined_at=membership.joined_at)
    finished = [progress[i].finished_at for i in ids if i in progress and progress[i].finished_at]
    finished_at = max(finished) if state in (ReadingState.DONE, ReadingState.LATE) else None
    return Cell(column, str(state), finished_at=finished_at)


def quiz_cell(column, membership, attempts, accommodation, now) -> Cell:
    assignment = column.assignment
    # Building an empty Accommodation per cell would cost more than the rest of the cell.
    closes_at = closes_at_for(assignment, accommodation) if accommodation else assignment.closes_at
    submitted = [a for a in attempts if a.state == Attempt.State.SUBMITTED]
    cell = Cell(column, "", is_quiz=True, attempts=attempts, closes_at=closes_at)
    if submitted:
        cell.max_score = submitted[-1].max_score
        cell.finished_at = submitted[-1].submitted_at
        if any(a.needs_grading for a in submitted):
            cell.state = CellState.WAITING
        else:
            cell.state = CellState.GRADED
            cell.grade = quiz_grade(submitted, assignment.grading_method)
            if cell.grade is not None and cell.max_score:
                cell.percent = percent(cell.grade, cell.max_score)
                cell.counts_in_average = True
    elif closes_at < membership.joined_at:
        cell.state = CellState.NOT_EXPECTED
    elif any(a.is_open for a in attempts):  # one past its deadline closes when next seen
        cell.state = CellState.IN_PROGRESS
    elif now >= closes_at:
        cell.state = CellState.MISSING
        cell.percent = ZERO_PERCENT
        cell.counts_in_average = True
    elif now < assignment.opens_at:
        cell.state = CellState.UPCOMING
    else:
        cell.state = CellState.NOT_STARTED
    return cell


def build_gradebooks(classrooms, now: datetime, student=None) -> list[Gradebook]:
    """One gradebook per class (in the given order), optionally with one student's row only.

    With one student, it also reads the dates the per-student page shows (last opened,
    submitted); the whole-class pages leave them out, as converting dates is a large part of
    reading the rows."""
    dates = student is not None
    classrooms = list(classrooms)
    class_ids = [c.pk for c in classrooms]
    readings = list(
        ReadingAssignment.objects.filter(classroom__in=class_ids)
        .readable()
        .select_related("course", "lesson__course")
        .defer("course__overview", "lesson__body", "lesson__course__overview")
    )
    quizzes = list(
        QuizAssignment.objects.filter(classroom__in=class_ids).select_related("quiz__course")
    )
    memberships = Membership.objects.students().filter(classroom__in=class_ids)
    if student is not None:
        memberships = memberships.filter(user=student)
    memberships = list(
        memberships.select_related("user")
        .only(*MEMBERSHIP_FIELDS)
        .order_by("user__full_name", "user__pk")
    )
    user_ids = {m.user_id for m in memberships}
    course_ids = {r.course_id for r in readings}
    lessons = {
        lesson.pk: lesson
        for lesson in Lesson.objects.published()
        .filter(course__in=course_ids | {q.quiz.course_id for q in quizzes})
        .select_related("course")
        .defer("body", "course__overview")  # a lesson's text is long and not shown here
    }
    lesson_ids = defaultdict(list)
    for lesson in lessons.values():
        lesson_ids[lesson.course_id].append(lesson.pk)
    progress = defaultdict(dict)
    if readings and user_ids:
        rows = ReadingProgress.objects.filter(user__in=user_ids, lesson__course__in=course_ids)
        fields = ["user_id", "lesson_id", "finished_at"] + (["last_opened_at"] if dates else [])
        for user_id, lesson_id, *row in rows.values_list(*fields):
            progress[user_id][lesson_id] = ProgressRow(*row)
    accommodations = {}
    attempts = defaultdict(list)
    if quizzes and user_ids:
        quiz_ids = [q.pk for q in quizzes]
        for a in Accommodation.objects.filter(assignment__in=quiz_ids, student__in=user_ids):
            accommodations[a.assignment_id, a.student_id] = a
        for a in attempt_rows(
            Attempt.objects.filter(assignment__in=quiz_ids, student__in=user_ids), dates
        ):
            attempts[a.assignment_id, a.student_id].append(a)

    gradebooks = []
    for classroom in classrooms:
        columns = [
            Column("reading", r, r.title, r.due_at)
            for r in readings
            if r.classroom_id == classroom.pk
        ] + [
            Column("quiz", q, q.quiz.title, q.closes_at)
            for q in quizzes
            if q.classroom_id == classroom.pk
        ]
        columns.sort(key=lambda c: (c.due_at, c.kind, c.assignment.pk))
        wanted = {
            c.key: c.assignment.lesson_ids(lesson_ids) for c in columns if c.kind == "reading"
        }
        rows = []
        for membership in memberships:
            if membership.classroom_id != classroom.pk:
                continue
            cells = []
            for column in columns:
                if column.kind == "reading":
                    cell = reading_cell(
                        column, membership, progress[membership.user_id], wanted[column.key], now
                    )
                else:
                    key = (column.assignment.id, membership.user_id)
                    cell = quiz_cell(
                        column, membership, attempts[key], accommodations.get(key), now
                    )
                    if cell.counts_in_average:
                        column.percents.append(cell.percent)
                column.counts[cell.state] += 1
                cells.append(cell)
            rows.append(Row(membership, cells, progress[membership.user_id]))
        gradebooks.append(Gradebook(classroom, columns, rows, lessons))
    return gradebooks


def build_gradebook(classroom: Classroom, now: datetime, student=None) -> Gradebook:
    return build_gradebooks([classroom], now, student=student)[0]
