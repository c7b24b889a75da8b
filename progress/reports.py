"""Read-only views of progress, built with a fixed number of queries whatever the class size."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from classrooms.models import Classroom, Membership
from lessons.models import (
    Course,
    Lesson,
    ReadingAssignment,
    ReadingProgress,
    ReadingState,
    readable_q,
)
from quizzes.attempts import closes_at_for
from quizzes.grades import quiz_grade, waiting_for_teacher
from quizzes.models import Accommodation, Attempt, QuizAssignment


def published_lesson_ids(course_ids) -> dict[int, list[int]]:
    lesson_ids = defaultdict(list)
    for lesson_id, course_id in (
        Lesson.objects.published().filter(course__in=course_ids).values_list("pk", "course_id")
    ):
        lesson_ids[course_id].append(lesson_id)
    return lesson_ids


@dataclass
class TodoItem:
    assignment: ReadingAssignment
    state: ReadingState

    @property
    def is_open(self) -> bool:
        return self.state in (ReadingState.NOT_STARTED, ReadingState.IN_PROGRESS)


@dataclass
class CourseProgress:
    course: Course
    finished: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0


@dataclass
class StudentOverview:
    todo: list[TodoItem]
    done: list[TodoItem]
    courses: list[CourseProgress]


def student_overview(student, now: datetime) -> StudentOverview:
    """A student's readings across their classes: what is still to do, what is done, per course."""
    joined = Membership.objects.filter(classroom=OuterRef("classroom"), user=student)
    assignments = list(
        ReadingAssignment.objects.filter(classroom__in=Classroom.objects.attended_by(student))
        .readable()
        .select_related("classroom", "course", "lesson__course")
        .annotate(joined_at=Subquery(joined.values("joined_at")[:1]))
    )
    course_ids = {assignment.course_id for assignment in assignments}
    lesson_ids = published_lesson_ids(course_ids)
    progress = {
        row.lesson_id: row
        for row in ReadingProgress.objects.filter(user=student, lesson__course__in=course_ids)
    }
    items = [
        TodoItem(a, a.state(progress, a.lesson_ids(lesson_ids), now, joined_at=a.joined_at))
        for a in assignments
    ]
    opened = [item.assignment for item in items if item.state != ReadingState.UPCOMING]
    courses = {a.course_id: a.course for a in opened}
    return StudentOverview(
        todo=[item for item in items if item.is_open or item.state == ReadingState.MISSING],
        done=[item for item in items if item.state in (ReadingState.DONE, ReadingState.LATE)],
        courses=[
            CourseProgress(
                course=course,
                finished=sum(
                    1
                    for lesson_id in lesson_ids[course_id]
                    if lesson_id in progress and progress[lesson_id].finished_at
                ),
                total=len(lesson_ids[course_id]),
            )
            for course_id, course in sorted(courses.items(), key=lambda pair: pair[1].title)
        ],
    )


def classes_taught(user):
    """The classes a teacher (or staff: every class) looks after, with head counts."""
    # The counts' GROUP BY leaves out Classroom's Meta.ordering: the order is given here.
    return (
        Classroom.objects.teachable_by(user)
        .order_by("-school_year", "name", "pk")
        .annotate(
            student_count=Count(
                "memberships", filter=Q(memberships__role=Membership.Role.STUDENT), distinct=True
            ),
            reading_count=Count(
                "reading_assignments",
                filter=readable_q("reading_assignments__"),  # a lesson in draft is not counted
                distinct=True,
            ),
        )
    )


@dataclass
class ReadingColumn:
    assignment: ReadingAssignment
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def finished(self) -> int:
        return self.counts[ReadingState.DONE] + self.counts[ReadingState.LATE]

    @property
    def expected(self) -> int:
        """Students the reading is asked of: not those who joined after its due date."""
        return sum(n for state, n in self.counts.items() if state != ReadingState.NOT_EXPECTED)


@dataclass
class StudentRow:
    membership: Membership
    states: list[ReadingState]

    def count(self, *states) -> int:
        return sum(1 for state in self.states if state in states)

    @property
    def finished(self) -> int:
        return self.count(ReadingState.DONE, ReadingState.LATE)

    @property
    def missing(self) -> int:
        return self.count(ReadingState.MISSING)


@dataclass
class ClassroomReadings:
    columns: list[ReadingColumn]
    rows: list[StudentRow]


def classroom_readings(classroom: Classroom, now: datetime) -> ClassroomReadings:
    """Every student × every assigned reading of one class, with counts per reading."""
    assignments = list(
        classroom.reading_assignments.readable()
        .select_related("course", "lesson__course")
        .order_by("due_at", "pk")
    )
    students = list(
        classroom.memberships.students()
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    course_ids = {a.course_id for a in assignments}
    lesson_ids = published_lesson_ids(course_ids)
    progress = defaultdict(dict)
    for row in ReadingProgress.objects.filter(
        user__in=classroom.memberships.students().values("user"), lesson__course__in=course_ids
    ):
        progress[row.user_id][row.lesson_id] = row
    columns = [ReadingColumn(a) for a in assignments]
    rows = []
    for membership in students:
        states = [
            a.state(
                progress[membership.user_id],
                a.lesson_ids(lesson_ids),
                now,
                joined_at=membership.joined_at,
            )
            for a in assignments
        ]
        for column, state in zip(columns, states, strict=True):
            column.counts[state] += 1
        rows.append(StudentRow(membership, states))
    return ClassroomReadings(columns=columns, rows=rows)


@dataclass
class QuizItem:
    """One quiz on a student's dashboard: its state and, when the review allows, the grade."""

    assignment: QuizAssignment
    closes_at: datetime
    state: str  # "upcoming", "not_started", "in_progress" or "submitted"
    grade: Decimal | None
    max_score: Decimal | None
    waiting_for_teacher: bool = False  # an essay is not graded yet

    @property
    def is_to_do(self) -> bool:
        """Open now and not handed in: it belongs with the readings still to do."""
        return self.state in ("not_started", "in_progress")


def student_quizzes(student, now: datetime) -> list[QuizItem]:
    """The student's quizzes that are open now or still to come, in three queries."""
    own_attempts = Attempt.objects.filter(student=student).order_by("number")
    extended = Accommodation.objects.filter(student=student).values("assignment")
    assignments = (
        QuizAssignment.objects.filter(classroom__in=Classroom.objects.attended_by(student))
        .filter(Q(closes_at__gt=now) | Q(pk__in=extended))
        .select_related("quiz", "classroom")
        .prefetch_related(
            Prefetch("accommodations", Accommodation.objects.filter(student=student)),
            Prefetch("attempts", own_attempts),
        )
    )
    items = []
    for assignment in assignments:
        accommodation = next(iter(assignment.accommodations.all()), Accommodation())
        closes_at = closes_at_for(assignment, accommodation)
        if closes_at <= now:
            continue
        attempts = list(assignment.attempts.all())
        # An attempt left open past its deadline is as good as submitted: it closes when next seen.
        working = [a for a in attempts if a.is_open and not a.is_overdue(now)]
        if working:
            state = "in_progress"
        elif attempts:
            state = "submitted"
        else:
            state = "upcoming" if now < assignment.opens_at else "not_started"
        scores_shown = assignment.review_score and assignment.review_is_open(closes_at, now)
        items.append(
            QuizItem(
                assignment=assignment,
                closes_at=closes_at,
                state=state,
                grade=quiz_grade(attempts, assignment.grading_method) if scores_shown else None,
                max_score=attempts[-1].max_score if attempts else None,
                waiting_for_teacher=scores_shown and waiting_for_teacher(attempts),
            )
        )
    return items


@dataclass
class Due:
    """One thing a student should do: a reading still to read or a quiz open now."""

    kind: str  # "reading" or "quiz"
    item: TodoItem | QuizItem
    due_at: datetime  # a reading's due date, a quiz's closing time (with the student's extra time)
    overdue: bool


def to_do(readings: list[TodoItem], quizzes: list[QuizItem]) -> list[Due]:
    """The student's readings still to do and quizzes open now in one list, by urgency: what is
    overdue first, then what is due or closes soonest."""
    due = [
        Due("reading", item, item.assignment.due_at, item.state == ReadingState.MISSING)
        for item in readings
    ]
    due += [Due("quiz", item, item.closes_at, overdue=False) for item in quizzes if item.is_to_do]
    return sorted(due, key=lambda d: (not d.overdue, d.due_at))
