"""Which quiz, question, assignment, attempt or answer a user may act on: every object-level
check of the quizzes app.

Each `access_*` function takes the user and an id and returns the object, read through a
queryset that already holds the rule, so a missing object and a forbidden one look the same
(404): an id tells nobody what is not theirs.
"""

from django.shortcuts import get_object_or_404

from classrooms.permissions import can_teach

from .models import Attempt, AttemptQuestion, Question, Quiz, QuizAssignment

# --- writing quizzes ------------------------------------------------------------------------


def access_quiz_for_edit(user, pk) -> Quiz:
    """The quiz, if `user` may edit it; a missing and a forbidden quiz look the same (404)."""
    return get_object_or_404(Quiz.objects.editable_by(user).select_related("course"), pk=pk)


def access_question_for_edit(user, pk) -> Question:
    """The question, if `user` may edit its quiz (404 otherwise)."""
    editable = Question.objects.filter(quiz__in=Quiz.objects.editable_by(user))
    return get_object_or_404(editable.select_related("quiz__course"), pk=pk)


# --- assigned quizzes -----------------------------------------------------------------------


def access_assignment_to_view(user, pk) -> QuizAssignment:
    """The quiz assignment, if `user` belongs to its class (staff: every class); 404 otherwise.
    Its students and its teachers see different pages (`teaches`)."""
    visible = QuizAssignment.objects.visible_to(user)
    return get_object_or_404(visible.select_related("quiz", "classroom"), pk=pk)


def access_assignment_to_teach(user, pk) -> QuizAssignment:
    """The quiz assignment, if `user` teaches its class (staff: every class); 404 for anyone
    else, its students included."""
    teachable = QuizAssignment.objects.teachable_by(user)
    return get_object_or_404(teachable.select_related("quiz", "classroom"), pk=pk)


def access_assignment_to_take(user, pk) -> QuizAssignment:
    """The quiz assignment, if `user` is a student of its class; 404 for anyone else, its
    teachers and staff included (they never take a quiz)."""
    takeable = QuizAssignment.objects.takeable_by(user)
    return get_object_or_404(takeable.select_related("quiz", "classroom"), pk=pk)


def teaches(user, assignment: QuizAssignment) -> bool:
    """Whether `user` teaches the assignment's class (staff: every class): on the pages its
    students and its teachers both open, teachers see everything and may grade."""
    return can_teach(user, assignment.classroom)


# --- attempts and answers -------------------------------------------------------------------


def _attempts():
    return Attempt.objects.select_related("assignment__quiz", "assignment__classroom", "student")


def access_attempt_to_view(user, pk) -> Attempt:
    """The attempt, if it is `user`'s own or of a class they teach (staff: any); 404 otherwise."""
    return get_object_or_404(_attempts().visible_to(user), pk=pk)


def access_own_attempt(user, pk) -> Attempt:
    """The attempt, if it is `user`'s own: only its student may answer or hand it in. Its
    teachers, who may look at it, get 404 here as everyone else."""
    return get_object_or_404(_attempts().taken_by(user), pk=pk)


def access_answer_to_grade(user, pk) -> AttemptQuestion:
    """One question of an attempt, to grade, if `user` teaches the attempt's class (staff:
    any); 404 for anyone else, the attempt's student included."""
    gradable = AttemptQuestion.objects.filter(
        attempt__assignment__in=QuizAssignment.objects.teachable_by(user)
    )
    return get_object_or_404(
        gradable.select_related("attempt__assignment__classroom", "attempt__student", "version"),
        pk=pk,
    )
