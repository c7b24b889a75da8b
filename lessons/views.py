from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from classrooms.models import Classroom
from classrooms.permissions import is_teacher_anywhere

from . import services
from .access import access_reading_to_teach
from .forms import ReadingAssignmentForm
from .models import Course, Lesson, ReadingProgress


def course_list(request):
    courses = Course.objects.visible_to(request.user)
    return render(
        request,
        "lessons/course_list.html",
        {"courses": courses, "can_assign": is_teacher_anywhere(request.user)},
    )


def course_detail(request, slug):
    course = get_object_or_404(Course.objects.visible_to(request.user), slug=slug)
    lessons = list(
        Lesson.objects.visible_to(request.user).filter(course=course).select_related("course")
    )
    progress = {
        row.lesson_id: row
        for row in ReadingProgress.objects.filter(user=request.user, lesson__in=lessons)
    }
    for lesson in lessons:
        lesson.my_progress = progress.get(lesson.pk)
    finished = sum(1 for row in progress.values() if row.finished_at)
    return render(
        request,
        "lessons/course_detail.html",
        {
            "course": course,
            "lessons": lessons,
            "finished_count": finished,
            "can_assign": is_teacher_anywhere(request.user),
        },
    )


def lesson_detail(request, slug, lesson_slug):
    lessons = list(
        Lesson.objects.visible_to(request.user).filter(course__slug=slug).select_related("course")
    )
    index = next((i for i, lesson in enumerate(lessons) if lesson.slug == lesson_slug), None)
    if index is None:
        raise Http404
    lesson = lessons[index]
    progress = services.record_opening(student=request.user, lesson=lesson)
    return render(
        request,
        "lessons/lesson_detail.html",
        {
            "course": lesson.course,
            "lesson": lesson,
            "progress": progress,
            "lessons": lessons,
            "number": index + 1,
            "previous": lessons[index - 1] if index > 0 else None,
            "next": lessons[index + 1] if index + 1 < len(lessons) else None,
        },
    )


@require_POST
def lesson_finish(request, slug, lesson_slug):
    lesson = get_object_or_404(
        Lesson.objects.visible_to(request.user).select_related("course"),
        course__slug=slug,
        slug=lesson_slug,
    )
    services.finish_lesson(student=request.user, lesson=lesson)
    messages.success(
        request, _("Well done! “%(title)s” is marked as read.") % {"title": lesson.title}
    )
    next_lesson = (
        Lesson.objects.visible_to(request.user)
        .filter(course=lesson.course, position__gt=lesson.position)
        .first()
    )
    return redirect(next_lesson or lesson.course)


def assignment_create(request, slug):
    course = get_object_or_404(Course.objects.visible_to(request.user), slug=slug)
    classrooms = Classroom.objects.teachable_by(request.user)
    if not classrooms.exists():
        raise PermissionDenied
    form = ReadingAssignmentForm(
        request.POST or None,
        course=course,
        classrooms=classrooms,
        initial={"classroom": request.GET.get("classroom")},
    )
    if form.is_valid():
        try:
            assignment = services.assign_reading(
                classroom=form.cleaned_data["classroom"],
                course=course,
                lesson=form.cleaned_data["lesson"],
                available_from=form.cleaned_data["available_from"],
                due_at=form.cleaned_data["due_at"],
                assigned_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is assigned to %(classroom)s.")
                % {"title": assignment.title, "classroom": assignment.classroom.name},
            )
            if assignment.due_at and assignment.due_at < timezone.now():
                messages.warning(
                    request,
                    _(
                        "Its due date has already passed: students who have not read it show "
                        "as missing. Change the date if that was not meant."
                    ),
                )
            return redirect(assignment.classroom)
    return render(request, "lessons/readingassignment_form.html", {"course": course, "form": form})


def assignment_update(request, pk):
    assignment = access_reading_to_teach(request.user, pk)
    form = ReadingAssignmentForm(
        request.POST or None,
        instance=assignment,
        course=assignment.course,
        classrooms=Classroom.objects.filter(pk=assignment.classroom_id),
    )
    if form.is_valid():
        form.save()
        messages.success(
            request, _("The dates of “%(title)s” are saved.") % {"title": assignment.title}
        )
        return redirect(assignment.classroom)
    return render(
        request,
        "lessons/readingassignment_form.html",
        {"course": assignment.course, "form": form, "assignment": assignment},
    )


def assignment_delete(request, pk):
    assignment = access_reading_to_teach(request.user, pk)
    if request.method == "POST":
        assignment.delete()
        messages.success(
            request,
            _("“%(title)s” is no longer assigned to %(classroom)s. Reading progress is kept.")
            % {"title": assignment.title, "classroom": assignment.classroom.name},
        )
        return redirect(assignment.classroom)
    return render(
        request, "lessons/readingassignment_confirm_delete.html", {"assignment": assignment}
    )
