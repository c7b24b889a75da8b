"""The attempt as a state machine: random runs of the services under an explicit clock.

Two students start, answer, resend, post stale pages and bad tokens, submit (again), let time
run out and get closed; the teacher edits keys and points, grades essays and regrades. A model
of what each answer must be is kept alongside, and the invariants are checked after every step.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from classrooms.models import Classroom, Membership
from quizzes import scoring
from quizzes.attempts import close_overdue_attempts, save_answers, start_attempt, submit_attempt
from quizzes.authoring import current_versions, questions_with_choices
from quizzes.grades import attempt_questions_to_regrade, grade_answer, regrade_quiz
from quizzes.models import GRACE, Attempt, AttemptQuestion, Choice, Question, QuestionVersion

from ..factories import (
    ClassroomFactory,
    MembershipFactory,
    QuizAssignmentFactory,
    QuizFactory,
    UserFactory,
    make_question,
)
from .conftest import KINDS, answer_data

T0 = datetime(2026, 9, 1, 7, 0, tzinfo=UTC)
TYPED = {
    "short": ["PBB", "  perserikatan   bangsa-bangsa. ", "NATO", ""],
    "numerical": ["190", "193,5", "1.000,5", "1.234.567", "abc", "", "195,01"],
    "essay": ["", "Kerjasama membawa perdamaian."],
}
BAD_TOKENS = ["x", "-1", "²", "1.5", " 1", "99"]
CREDITS = [Decimal(c) for c in ["1", "0.5", "0.3333333", "0", "-0.5", "-1"]]


def draw_answer(draw, row):
    """Fields a page may post for this question, and the answer they must be stored as."""
    kind = row.version.data["type"]
    order = row.choice_order
    tokens = [str(i) for i in range(len(order))]
    if kind in ("single", "true_false"):
        token = draw(st.sampled_from(["", *tokens]))
        return token, {"choice": order[int(token)] if token else None}
    if kind == "multiple":
        ticked = draw(st.lists(st.sampled_from(tokens), max_size=6))  # a token twice is fine
        return ticked, {"choices": sorted({order[int(t)] for t in ticked})}
    if kind == "matching":
        answers = ["", *(str(i) for i in range(len(row.match_order)))]
        picked = {i: draw(st.sampled_from(answers)) for i in range(len(order))}
        pairs = {str(order[i]): row.match_order[int(t)] for i, t in picked.items() if t}
        return picked, {"pairs": pairs}
    text = draw(st.sampled_from(TYPED[kind]))
    return text, {"text": text}


def draw_bad_answer(draw, row):
    """Fields no page of this attempt ever offered, and the refusal's code."""
    kind = row.version.data["type"]
    if kind in ("short", "numerical", "essay"):
        return "x" * 10_001, "too_long"
    offered = row.match_order if kind == "matching" else row.choice_order
    bad = draw(st.sampled_from([*BAD_TOKENS, str(len(offered))]))
    if kind == "matching":
        return {0: bad}, "bad_answer"
    if kind == "multiple":
        return ["0", bad], "bad_answer"
    return draw(st.sampled_from([bad, ["0", "1"]])), "bad_answer"  # one choice only


def comparable(answer):
    if answer and "choices" in answer:
        return {"choices": sorted(answer["choices"])}
    return answer


def auto_score(row):
    """What the services must have given this answer, as `scoring` scores its version."""
    earned = scoring.score(row.version.data, row.answer)
    if earned is None and not scoring.is_answered(row.version.data, row.answer):
        return Decimal(0)  # a blank essay
    return earned


class AttemptMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each run gets a savepoint of its own inside the test's transaction, undone at teardown.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.expected = {}  # AttemptQuestion pk → the answer the model says it holds
        self.version_of = {}  # AttemptQuestion pk → the version it must be graded by
        self.rows_at_start = {}  # Attempt pk → how many questions it was given
        self.closed = {}  # Attempt pk → what it looked like when it was submitted
        self.pages = {}  # Attempt pk → the pages posted to it: (fields, expected answers)
        self.teacher_scores = {}  # AttemptQuestion pk → the points a teacher gave
        self.version_data = {}  # QuestionVersion pk → its data when first seen

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    @initialize(
        attempts_allowed=st.integers(1, 3),
        time_limit=st.sampled_from([None, timedelta(minutes=5), timedelta(minutes=10)]),
        closes_after=st.sampled_from([timedelta(minutes=12), timedelta(minutes=30)]),
    )
    def set_up(self, attempts_allowed, time_limit, closes_after):
        classroom = ClassroomFactory()
        self.teacher = UserFactory()
        MembershipFactory(classroom=classroom, user=self.teacher, role=Membership.Role.TEACHER)
        self.students = [UserFactory(), UserFactory()]
        for student in self.students:
            MembershipFactory(classroom=classroom, user=student)
        self.quiz = QuizFactory()
        for position, kind in enumerate(KINDS):
            make_question(self.quiz, kind, position=position, points=2 if kind == "matching" else 1)
        self.assignment = QuizAssignmentFactory(
            classroom=classroom,
            quiz=self.quiz,
            opens_at=T0,
            closes_at=T0 + closes_after,
            time_limit=time_limit,
            attempts_allowed=attempts_allowed,
        )
        self.now = T0 + timedelta(minutes=1)

    # --- helpers ------------------------------------------------------------------------------

    def attempts(self, student=None):
        found = Attempt.objects.filter(assignment=self.assignment).order_by("pk")
        return list(found if student is None else found.filter(student=student))

    def rows(self, attempt):
        return list(attempt.questions.select_related("version").order_by("position"))

    def has_attempts(self):
        # Runs are short: every rule but `start` waits for the first attempt.
        return bool(self.rows_at_start)

    def post(self, attempt, fields, expected):
        """Post a page; the model says whether it must be stored, refused, or close the attempt."""
        was_open = attempt.is_open
        overdue = was_open and self.now > attempt.deadline + GRACE
        try:
            save_answers(attempt=attempt, data=fields, now=self.now)
        except ValidationError as error:
            if was_open and not overdue:
                return error.code
            assert error.code == ("time_up" if overdue else self.refusal_for(attempt))
            return error.code
        assert was_open and not overdue, "a closed attempt took answers"
        self.expected.update(expected)
        return None

    def refusal_for(self, attempt):
        closed_by = Attempt.objects.get(pk=attempt.pk).closed_by
        return "time_up" if closed_by == Attempt.ClosedBy.TIME_UP else "submitted"

    # --- students -----------------------------------------------------------------------------

    @rule(who=st.sampled_from([0, 1]))
    def start(self, who):
        student = self.students[who]
        before = self.attempts(student)
        try:
            attempt = start_attempt(assignment=self.assignment, student=student, now=self.now)
        except ValidationError as error:
            assert not any(a.is_open for a in self.attempts(student))
            if error.code == "closed":
                assert self.now >= self.assignment.closes_at
            else:
                assert error.code == "no_attempts_left"
                assert len(before) == self.assignment.attempts_allowed
            return
        assert attempt.is_open
        if attempt.pk in self.rows_at_start:  # resumed
            assert attempt.pk == before[-1].pk
            return
        assert attempt.number == len(before) + 1
        assert attempt.started_at == self.now
        questions = {q.pk: q for q in Question.objects.filter(quiz=self.quiz)}
        rows = self.rows(attempt)
        self.rows_at_start[attempt.pk] = len(rows)
        for row in rows:
            # Given the question exactly as it is now.
            assert row.version.data == questions[row.version.question_id].snapshot()
            self.expected[row.pk] = None
            self.version_of[row.pk] = row.version_id
        self.pages[attempt.pk] = []

    @precondition(has_attempts)
    @rule(data=st.data())
    def answer(self, data):
        attempt = data.draw(st.sampled_from(self.attempts()))
        rows = self.rows(attempt)
        chosen = data.draw(st.lists(st.sampled_from(rows), min_size=1, unique_by=lambda r: r.pk))
        values, expected = {}, {}
        for row in chosen:
            values[row.position], expected[row.pk] = draw_answer(data.draw, row)
        fields = answer_data(attempt, values)
        assert self.post(attempt, fields, expected) in (None, "time_up", "submitted")
        self.pages[attempt.pk].append((fields, expected))

    @precondition(has_attempts)
    @rule(data=st.data())
    def resend_or_post_a_stale_page(self, data):
        attempt = data.draw(st.sampled_from(self.attempts()))
        if not self.pages[attempt.pk]:
            return
        fields, expected = data.draw(st.sampled_from(self.pages[attempt.pk]))
        assert self.post(attempt, fields, expected) in (None, "time_up", "submitted")

    @precondition(has_attempts)
    @rule(data=st.data())
    def post_a_bad_answer(self, data):
        attempt = data.draw(st.sampled_from(self.attempts()))
        rows = self.rows(attempt)
        bad_row, good_row = data.draw(st.permutations(rows))[:2]
        bad, code = draw_bad_answer(data.draw, bad_row)
        good, expected = draw_answer(data.draw, good_row)
        fields = answer_data(attempt, {bad_row.position: bad, good_row.position: good})
        if data.draw(st.booleans()):
            fields["shown"] += ["²", "-3", "x"]  # stray values in the list of shown questions
        refused = self.post(attempt, fields, {good_row.pk: expected})
        assert refused in (code, "time_up", "submitted")  # and nothing stored, not even `good`

    @precondition(has_attempts)
    @rule(data=st.data())
    def submit(self, data):
        attempt = data.draw(st.sampled_from(self.attempts()))
        before = Attempt.objects.get(pk=attempt.pk)
        after = submit_attempt(attempt=attempt, now=self.now)
        assert after.state == Attempt.State.SUBMITTED
        if not before.is_open:  # submitting again changes nothing
            assert (after.submitted_at, after.closed_by, after.score) == (
                before.submitted_at,
                before.closed_by,
                before.score,
            )

    # --- time ---------------------------------------------------------------------------------

    @precondition(has_attempts)
    @rule(seconds=st.one_of(st.sampled_from([1, 19, 20, 21, 300]), st.integers(0, 900)))
    def time_passes(self, seconds):
        self.now += timedelta(seconds=seconds)

    @precondition(has_attempts)
    @rule(data=st.data(), offset=st.sampled_from([-1, 0, 1, 19, 20, 21]))
    def time_runs_up_to_a_deadline(self, data, offset):
        """To just before, at or after an open attempt's deadline, or the end of its grace."""
        deadlines = [a.deadline for a in self.attempts() if a.is_open]
        if deadlines:
            when = data.draw(st.sampled_from(deadlines)) + timedelta(seconds=offset)
            self.now = max(self.now, when)

    @precondition(has_attempts)
    @rule()
    def close_overdue_attempts(self):
        overdue = [a for a in self.attempts() if a.is_overdue(self.now)]
        assert close_overdue_attempts(now=self.now) == len(overdue)

    # --- teachers -----------------------------------------------------------------------------

    @precondition(has_attempts)
    @rule(data=st.data(), credit=st.sampled_from(CREDITS), regrade=st.booleans())
    def teacher_changes_a_key(self, data, credit, regrade):
        keyed = Choice.objects.filter(question__quiz=self.quiz).exclude(question__type="matching")
        choice = data.draw(st.sampled_from(list(keyed.order_by("pk"))))
        choice.fraction = credit
        choice.save()
        if regrade:
            self.regrade()

    @precondition(has_attempts)
    @rule(data=st.data(), points=st.sampled_from(["0.5", "1", "3"]), regrade=st.booleans())
    def teacher_changes_points(self, data, points, regrade):
        question = data.draw(st.sampled_from(list(self.quiz.questions.order_by("pk"))))
        question.points = Decimal(points)
        question.save()
        if regrade:
            self.regrade()

    @precondition(has_attempts)
    @rule()
    def regrade(self):
        everywhere = Classroom.objects.all()
        stale = {row.pk for row in attempt_questions_to_regrade(self.quiz, everywhere)[0]}
        before = dict(AttemptQuestion.objects.values_list("pk", "version"))
        regrade_quiz(quiz=self.quiz, classrooms=everywhere)
        after = dict(AttemptQuestion.objects.values_list("pk", "version"))
        current = current_versions(questions_with_choices(self.quiz))
        moved = {pk for pk in before if before[pk] != after[pk]}
        assert moved == stale
        for pk in moved:
            version = QuestionVersion.objects.get(pk=after[pk])
            assert version == current[version.question_id]
            self.version_of[pk] = version.pk
            if pk in self.teacher_scores:  # the teacher's grade stands, up to the new points
                points = Decimal(version.data["points"])
                self.teacher_scores[pk] = min(self.teacher_scores[pk], points)

    @precondition(has_attempts)
    @rule(data=st.data(), share=st.sampled_from(["0", "0.5", "1"]))
    def teacher_grades_an_essay(self, data, share):
        attempt = data.draw(st.sampled_from(self.attempts()))
        row = next(r for r in self.rows(attempt) if r.version.data["type"] == "essay")
        points = (Decimal(row.version.data["points"]) * Decimal(share)).quantize(scoring.CENT)
        try:
            grade_answer(attempt_question=row, points=points, comment="Bagus.", grader=self.teacher)
        except ValidationError as error:
            assert error.code == "not_submitted"
            assert attempt.is_open
            return
        self.teacher_scores[row.pk] = points

    # --- invariants ---------------------------------------------------------------------------

    @invariant()
    def one_open_attempt_and_no_more_attempts_than_allowed(self):
        for student in self.students:
            attempts = self.attempts(student)
            assert sum(a.is_open for a in attempts) <= 1
            assert len(attempts) <= self.assignment.attempts_allowed
            assert [a.number for a in attempts] == list(range(1, len(attempts) + 1))

    @invariant()
    def attempts_hold_what_the_model_says(self):
        for attempt in self.attempts():
            rows = self.rows(attempt)
            assert len(rows) == self.rows_at_start[attempt.pk]
            assert (attempt.score is None) == attempt.is_open
            out_of = sum((Decimal(row.version.data["points"]) for row in rows), Decimal(0))
            assert attempt.max_score == out_of
            for row in rows:
                assert comparable(row.answer) == comparable(self.expected[row.pk])
                assert row.version_id == self.version_of[row.pk]
                data = self.version_data.setdefault(row.version_id, row.version.data)
                assert row.version.data == data  # versions never change
            if attempt.is_open:
                assert attempt.submitted_at is None and attempt.closed_by == ""
                assert all(row.score is None for row in rows)
            else:
                self.check_submitted(attempt, rows)

    def check_submitted(self, attempt, rows):
        answers = {row.pk: (row.answer, row.answered_at) for row in rows}
        if attempt.pk not in self.closed:  # submitted during the last step, as of self.now
            if self.now > attempt.deadline:
                assert attempt.submitted_at == attempt.deadline
                assert attempt.closed_by == Attempt.ClosedBy.TIME_UP
            else:
                assert attempt.submitted_at == self.now
                assert attempt.closed_by == Attempt.ClosedBy.STUDENT
            self.closed[attempt.pk] = (attempt.submitted_at, attempt.closed_by, answers)
        assert self.closed[attempt.pk] == (attempt.submitted_at, attempt.closed_by, answers)
        assert attempt.started_at <= attempt.submitted_at <= attempt.deadline
        for row in rows:
            points = Decimal(row.version.data["points"])
            if row.pk in self.teacher_scores:
                assert row.score == self.teacher_scores[row.pk]
            else:
                assert row.score == auto_score(row)
            assert row.score is None or 0 <= row.score <= points
        scores = [row.score for row in rows]
        assert attempt.needs_grading == (None in scores)
        assert attempt.score == sum((s for s in scores if s is not None), Decimal(0))
        assert 0 <= attempt.score <= attempt.max_score


@pytest.mark.django_db
def test_attempts_keep_their_invariants_whatever_students_teachers_and_the_clock_do():
    run_state_machine_as_test(
        AttemptMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
