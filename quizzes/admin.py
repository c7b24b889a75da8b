"""Administrators edit the same quizzes as teachers and look at attempts.

Editing a question is safe: every attempt keeps the version of the question it was given.
Attempts cannot be deleted here, so neither can anything whose deletion would take them along
(a quiz, an assignment); a question students were given is protected by its versions.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson

from . import gift
from .attempts import follow_new_deadlines
from .authoring import questions_with_choices
from .models import (
    Accommodation,
    Attempt,
    AttemptQuestion,
    Choice,
    Question,
    Quiz,
    QuizAssignment,
)

SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "type", "points", "text"]
    extra = 0
    show_change_link = True
    ordering = ["position", "pk"]
    formfield_overrides = SHORT_TEXT


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "created_by", "updated_at"]
    list_filter = ["course"]
    list_select_related = ["course", "created_by"]
    search_fields = ["title", "instructions"]
    raw_id_fields = ["created_by"]
    inlines = [QuestionInline]
    actions = ["export_gift", "import_gift"]

    @admin.action(description=_("Export as GIFT (Moodle)"))
    def export_gift(self, request, queryset):
        quizzes = list(queryset.order_by("pk"))
        text = "\n".join(
            gift.export_gift(
                title=quiz.title,
                questions=[q.snapshot() for q in questions_with_choices(quiz)],
            )
            for quiz in quizzes
        )
        name = gift.file_name(quizzes[0].title) if len(quizzes) == 1 else "quizzes.gift"
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description=_("Import GIFT questions into this quiz"))
    def import_gift(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one quiz to import into."), level=messages.ERROR
            )
            return None
        # The teachers' page: the same preview and confirmation for staff.
        return redirect("quizzes:gift_import", pk=queryset.get().pk)


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ["position", "text", "match", "value", "tolerance", "fraction", "feedback"]
    extra = 2
    ordering = ["position", "pk"]
    formfield_overrides = SHORT_TEXT


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["quiz", "position", "type", "lesson", "text", "points", "general_feedback"]

    def clean(self):
        cleaned = super().clean()
        quiz, lesson = cleaned.get("quiz"), cleaned.get("lesson")
        if quiz and lesson and lesson.course_id != quiz.course_id:
            self.add_error(
                "lesson",
                ValidationError(
                    _("Choose a lesson of the quiz's course, “%(course)s”."),
                    code="lesson_of_another_course",
                    params={"course": quiz.course},
                ),
            )
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ["__str__", "quiz", "position", "type", "points", "lesson"]
    list_filter = ["quiz", "type"]
    list_select_related = ["quiz", "lesson"]
    search_fields = ["text", "quiz__title"]
    inlines = [ChoiceInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            form.base_fields["lesson"].queryset = Lesson.objects.filter(course=obj.quiz.course_id)
        return form


class AccommodationInline(admin.TabularInline):
    model = Accommodation
    fields = ["student", "extra_time", "extra_attempts"]
    raw_id_fields = ["student"]
    extra = 0


@admin.register(QuizAssignment)
class QuizAssignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "classroom", "opens_at", "closes_at", "attempts_allowed"]
    list_filter = ["classroom", "quiz"]
    list_select_related = ["quiz", "classroom"]
    search_fields = ["quiz__title", "classroom__name"]
    autocomplete_fields = ["classroom"]
    raw_id_fields = ["quiz", "assigned_by"]
    inlines = [AccommodationInline]

    def save_related(self, request, form, formsets, change):
        """Once the dates and the extra time are saved, the attempts under way follow them."""
        super().save_related(request, form, formsets, change)
        follow_new_deadlines(assignment=form.instance)


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    fields = ["position", "version", "answer", "score", "comment", "graded_by"]
    readonly_fields = fields
    ordering = ["position"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version__question", "graded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Students' work: administrators look, teachers grade in their pages. Never deleted here."""

    list_display = [
        "student",
        "assignment",
        "number",
        "state",
        "score",
        "max_score",
        "submitted_at",
    ]
    list_filter = ["state", "assignment__quiz"]
    list_select_related = ["student", "assignment__quiz", "assignment__classroom"]
    search_fields = ["student__username", "student__full_name", "assignment__quiz__title"]
    inlines = [AttemptQuestionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
