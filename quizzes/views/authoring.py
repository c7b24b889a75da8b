"""Teachers write quizzes: the quiz, its questions of every type, their order, a preview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from classrooms.models import Classroom
from classrooms.permissions import is_teacher_anywhere
from lessons.models import Course

from .. import access
from ..answers import preview_questions
from ..authoring import (
    duplicate_question,
    duplicate_quiz,
    move_question,
    questions_with_choices,
    save_question,
)
from ..authoring_forms import QuestionForm, QuizForm, choice_formset
from ..grades import attempt_questions_to_regrade
from ..models import Attempt, AttemptQuestion, Question, Quiz, QuizAssignment


def _in_quiz(question: Question) -> str:
    return f"{question.quiz.get_absolute_url()}#question-{question.pk}"


def quiz_list(request):
    if not is_teacher_anywhere(request.user):
        raise PermissionDenied
    quizzes = (
        Quiz.objects.editable_by(request.user)
        .select_related("course")
        .annotate(
            question_count=Count("questions", distinct=True),
            assignment_count=Count("assignments", distinct=True),
        )
        .order_by("course__title", "course", "title", "pk")
    )
    course = None
    if slug := request.GET.get("course"):
        course = get_object_or_404(Course.objects.visible_to(request.user), slug=slug)
        quizzes = quizzes.filter(course=course)
    return render(request, "quizzes/quiz_list.html", {"quizzes": quizzes, "course": course})


def quiz_create(request):
    if not is_teacher_anywhere(request.user):
        raise PermissionDenied
    courses = Course.objects.visible_to(request.user)
    chosen = courses.filter(slug=request.GET.get("course", "")).first()
    form = QuizForm(
        request.POST or None,
        courses=courses,
        initial={"course": chosen.pk if chosen else None},
    )
    if form.is_valid():
        form.instance.created_by = request.user
        quiz = form.save()
        messages.success(
            request, _("“%(title)s” is created: add its questions.") % {"title": quiz.title}
        )
        return redirect(quiz)
    return render(request, "quizzes/quiz_form.html", {"form": form})


def quiz_detail(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    questions = list(quiz.questions.select_related("lesson").order_by("position", "pk"))
    assignments = (
        QuizAssignment.objects.visible_to(request.user)
        .filter(quiz=quiz)
        .select_related("classroom")
        .order_by("-closes_at", "pk")
    )
    regrade_count = 0
    if Attempt.objects.filter(assignment__quiz=quiz, state=Attempt.State.SUBMITTED).exists():
        stale, _versions = attempt_questions_to_regrade(
            quiz, Classroom.objects.teachable_by(request.user)
        )
        regrade_count = len({row.attempt_id for row in stale})
    return render(
        request,
        "quizzes/quiz_detail.html",
        {
            "quiz": quiz,
            "questions": questions,
            "assignments": assignments,
            "regrade_count": regrade_count,
            "types": Question.Type.choices,
            "total_points": sum(question.points for question in questions),
        },
    )


def quiz_update(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    form = QuizForm(
        request.POST or None, instance=quiz, courses=Course.objects.visible_to(request.user)
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("The quiz is saved."))
        return redirect(quiz)
    return render(request, "quizzes/quiz_form.html", {"form": form, "quiz": quiz})


def quiz_delete(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    attempt_count = Attempt.objects.filter(assignment__quiz=quiz).count()
    if request.method == "POST":
        if attempt_count:
            # Students' answers are never thrown away.
            messages.error(
                request, _("Students have already answered this quiz: it cannot be deleted.")
            )
            return redirect(quiz)
        quiz.delete()
        messages.success(request, _("“%(title)s” is deleted.") % {"title": quiz.title})
        return redirect("quizzes:list")
    return render(
        request,
        "quizzes/quiz_confirm_delete.html",
        {
            "quiz": quiz,
            "attempt_count": attempt_count,
            "assignment_count": quiz.assignments.count(),
        },
    )


@require_POST
def quiz_duplicate(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    copy = duplicate_quiz(quiz=quiz, by=request.user)
    messages.success(
        request, _("This is a copy of “%(title)s”, not assigned to any class.") % {"title": quiz}
    )
    return redirect(copy)


def quiz_preview(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    shown = preview_questions([(q, list(q.choices.all())) for q in questions_with_choices(quiz)])
    return render(request, "quizzes/quiz_preview.html", {"quiz": quiz, "questions": shown})


def _question_form(request, question: Question):
    """Create or edit a question and its choices, all saved together or not at all."""
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, instance=question)
    choices = choice_formset(question, data)
    if all([form.is_valid(), choices is None or choices.is_valid()]):
        question = save_question(question=form.instance, choices=choices.kept() if choices else [])
        messages.success(request, _("The question is saved."))
        if "continue" in request.POST:
            return redirect("quizzes:question_update", pk=question.pk)
        return redirect(_in_quiz(question))
    return render(
        request,
        "quizzes/question_form.html",
        {"quiz": question.quiz, "question": question, "form": form, "choices": choices},
    )


def question_create(request, pk, type):
    quiz = access.access_quiz_for_edit(request.user, pk)
    if type not in Question.Type.values:
        raise Http404
    return _question_form(request, Question(quiz=quiz, type=type))


def question_update(request, pk):
    return _question_form(request, access.access_question_for_edit(request.user, pk))


def question_delete(request, pk):
    question = access.access_question_for_edit(request.user, pk)
    # Attempts point at the question's versions: what students answered is never thrown away.
    answered = AttemptQuestion.objects.filter(version__question=question).exists()
    if request.method == "POST":
        if answered:
            messages.error(
                request, _("Students have already answered this question: it cannot be deleted.")
            )
            return redirect(_in_quiz(question))
        question.delete()
        messages.success(request, _("The question is deleted."))
        return redirect(question.quiz)
    return render(
        request,
        "quizzes/question_confirm_delete.html",
        {"question": question, "quiz": question.quiz, "answered": answered},
    )


@require_POST
def question_duplicate(request, pk):
    question = access.access_question_for_edit(request.user, pk)
    copy = duplicate_question(question=question)
    messages.success(request, _("The question is copied: the copy is right below it."))
    return redirect(_in_quiz(copy))


@require_POST
def question_move(request, pk):
    question = access.access_question_for_edit(request.user, pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset is not None:
        move_question(question=question, offset=offset)
    return redirect(_in_quiz(question))
