"""Teachers bring GIFT question banks into a quiz and take quizzes out; drafts from a course."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from classrooms.permissions import is_teacher_anywhere
from lessons.models import Course

from .. import access, drafts, gift, importing
from ..answers import preview_questions
from ..authoring import questions_with_choices
from ..authoring_forms import GiftImportForm
from ..models import Question, Quiz


def _previewed(quiz: Quiz, result: gift.ParseResult) -> list[dict]:
    """Each parsed question as students will see it, with its key and its warnings."""
    rows = importing.unsaved_questions(quiz=quiz, questions=result.questions)
    shown = preview_questions(rows)
    return [
        {
            "parsed": parsed,
            "shown": shown_question,
            "type_label": Question.Type(parsed.type).label,
            "choices": [(choice, gift.percent(choice.fraction)) for choice in choices],
            "warnings": [w for w in result.warnings if w.index == index],
        }
        for index, (parsed, (_question, choices), shown_question) in enumerate(
            zip(result.questions, rows, shown, strict=True)
        )
    ]


def gift_import(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    if request.method == "POST" and "confirm" in request.POST:
        # The preview carried the text, not the questions: read it again, exactly as shown.
        text = gift.decode_gift(request.POST.get("gift", "").encode("utf-8"))
        result = gift.parse_gift(text)
        if not result.errors and result.questions:
            added = importing.add_questions(quiz=quiz, questions=result.questions)
            messages.success(
                request,
                ngettext(
                    "%(count)d question is imported.",
                    "%(count)d questions are imported.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect(quiz)
        form = GiftImportForm()
    else:
        form = GiftImportForm(request.POST or None, request.FILES or None)
        if not form.is_valid():
            return render(request, "quizzes/gift_import.html", {"quiz": quiz, "form": form})
        text = form.cleaned_data["gift"]
        result = gift.parse_gift(text)
    return render(
        request,
        "quizzes/gift_preview.html",
        {
            "quiz": quiz,
            "form": form,
            "gift": text,
            "result": result,
            "questions": _previewed(quiz, result),
            "general_warnings": [w for w in result.warnings if w.index is None],
        },
    )


def gift_export(request, pk):
    quiz = access.access_quiz_for_edit(request.user, pk)
    text = gift.export_gift(
        title=quiz.title,
        questions=[question.snapshot() for question in questions_with_choices(quiz)],
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{gift.file_name(quiz.title)}"'
    return response


def quiz_draft(request, slug):
    if not is_teacher_anywhere(request.user):
        raise PermissionDenied
    course = get_object_or_404(Course.objects.visible_to(request.user), slug=slug)
    plan = drafts.plan_draft(course)
    if request.method == "POST" and plan["count"]:
        quiz = drafts.create_draft(course=course, created_by=request.user)
        messages.success(
            request,
            _(
                "The draft is ready. Check, edit or delete its questions: students see nothing "
                "until you assign it to a class."
            ),
        )
        return redirect(quiz)
    return render(request, "quizzes/quiz_draft.html", {"course": course, "plan": plan})
