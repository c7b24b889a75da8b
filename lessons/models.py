import math
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from classrooms.models import Classroom
from classrooms.permissions import classes_attended, is_staff, is_teacher_anywhere
from kerjasama.validators import validate_school_date

from .markdown import render_markdown

WORDS_PER_MINUTE = 200  # an unhurried school reading pace


class CourseQuerySet(models.QuerySet):
    def offered_to(self, user) -> "CourseQuerySet":
        """Courses with at least one reading assigned to a class the user attends."""
        return self.filter(pk__in=ReadingAssignment.objects.assigned_to(user).values("course"))

    def visible_to(self, user) -> "CourseQuerySet":
        """Teachers and staff browse every course (to assign it); students see their classes'."""
        if is_teacher_anywhere(user):
            return self.all()
        return self.offered_to(user)


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    overview = models.TextField(_("overview"), blank=True, help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:course", args=[self.slug])

    @property
    def overview_html(self):
        return render_markdown(self.overview)


class LessonQuerySet(models.QuerySet):
    def published(self) -> "LessonQuerySet":
        return self.filter(is_published=True)

    def visible_to(self, user) -> "LessonQuerySet":
        """Staff see drafts too; others see published lessons of the courses they may see
        (`Course.objects.visible_to`: every course for teachers, offered ones for students)."""
        lessons = self.all() if is_staff(user) else self.published()
        if is_teacher_anywhere(user):
            return lessons
        return lessons.filter(
            course__in=ReadingAssignment.objects.assigned_to(user).values("course")
        )


class Lesson(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    body = models.TextField(_("text"), help_text=_("Markdown. HTML is cleaned before it is shown."))
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Students see only published lessons.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="unique_lesson_slug_per_course")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:lesson", args=[self.course.slug, self.slug])

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))


class ReadingState(models.TextChoices):
    """Where a student stands with one assigned reading, as a teacher would say it."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("reading")
    DONE = "done", _("done")
    LATE = "late", _("done late")
    MISSING = "missing", _("missing")
    NOT_EXPECTED = "not_expected", _("joined after the due date")
    UPCOMING = "upcoming", _("not open yet")


def readable_q(path: str = "") -> Q:
    """`ReadingAssignmentQuerySet.readable`'s rule, for reading assignments reached through
    `path` (as in a `Count` filter: "reading_assignments__")."""
    return Q(**{f"{path}lesson__isnull": True}) | Q(**{f"{path}lesson__is_published": True})


class ReadingAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReadingAssignmentQuerySet":
        return self.filter(classroom__in=Classroom.objects.visible_to(user))

    def teachable_by(self, user) -> "ReadingAssignmentQuerySet":
        return self.filter(classroom__in=Classroom.objects.teachable_by(user))

    def assigned_to(self, user) -> "ReadingAssignmentQuerySet":
        """Readings given to the classes the user attends as a student."""
        # The class ids the request has already read for its navigation: nesting
        # Classroom.objects.attended_by(user) here cost more to build than to run.
        return self.filter(classroom_id__in=classes_attended(user))

    def readable(self) -> "ReadingAssignmentQuerySet":
        """A whole course, or a lesson still published: the assignment of a lesson taken back
        into draft is expected of nobody (and counted nowhere) until it is published again."""
        return self.filter(readable_q())


class ReadingAssignment(models.Model):
    """A lesson, or a whole course when `lesson` is empty, that a class must read by a date."""

    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.CASCADE,
        related_name="reading_assignments",
        verbose_name=_("class"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("course")
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("lesson"),
        help_text=_("Leave empty to assign the whole course."),
    )
    available_from = models.DateTimeField(
        _("available from"), null=True, blank=True, validators=[validate_school_date]
    )
    due_at = models.DateTimeField(_("due"), validators=[validate_school_date])
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReadingAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("reading assignment")
        verbose_name_plural = _("reading assignments")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "lesson"],
                condition=Q(lesson__isnull=False),
                name="lesson_assigned_once_per_class",
                violation_error_message=_("This lesson is already assigned to this class."),
            ),
            models.UniqueConstraint(
                fields=["classroom", "course"],
                condition=Q(lesson__isnull=True),
                name="course_assigned_once_per_class",
                violation_error_message=_("This course is already assigned to this class."),
            ),
        ]

    def __str__(self):
        return f"{self.title} · {self.classroom.name}"

    def get_absolute_url(self):
        return self.lesson.get_absolute_url() if self.lesson_id else self.course.get_absolute_url()

    def clean(self):
        if self.lesson_id and self.course_id and self.lesson.course_id != self.course_id:
            raise ValidationError(
                {"lesson": _("This lesson belongs to another course.")}, code="wrong_course"
            )
        if self.available_from and self.due_at and self.available_from >= self.due_at:
            raise ValidationError(
                {"due_at": _("The due date must come after the date it becomes available.")},
                code="due_before_available",
            )

    @property
    def title(self) -> str:
        return self.lesson.title if self.lesson_id else self.course.title

    @property
    def is_whole_course(self) -> bool:
        return self.lesson_id is None

    def lesson_ids(self, published_lesson_ids: dict[int, list[int]]) -> list[int]:
        """The lessons a student must finish: the one lesson, or the course's published ones."""
        if self.lesson_id:
            return [self.lesson_id]
        return published_lesson_ids.get(self.course_id, [])

    def state(
        self,
        progress: dict[int, "ReadingProgress"],
        lesson_ids: list[int],
        now: datetime,
        *,
        joined_at: datetime,
    ) -> ReadingState:
        """One student's state: every page that shows a reading's state asks here. `progress`
        holds their rows by lesson id, `lesson_ids` comes from `lesson_ids()`, and `joined_at`
        is when they joined the class: a reading due before then is not expected of them. Before
        it is available it is not open yet, unless they have read it already."""
        rows = [progress.get(lesson_id) for lesson_id in lesson_ids]
        finished = [row.finished_at for row in rows if row and row.finished_at]
        if lesson_ids and len(finished) == len(lesson_ids):
            return ReadingState.LATE if max(finished) > self.due_at else ReadingState.DONE
        if self.due_at < joined_at:
            return ReadingState.NOT_EXPECTED
        if self.available_from and now < self.available_from:
            return ReadingState.UPCOMING
        if now > self.due_at:
            return ReadingState.MISSING
        if any(rows):
            return ReadingState.IN_PROGRESS
        return ReadingState.NOT_STARTED


class ReadingProgress(models.Model):
    """One student's reading of one lesson: kept across re-imports of the course."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reading_progress",
        verbose_name=_("student"),
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="progress", verbose_name=_("lesson")
    )
    first_opened_at = models.DateTimeField(_("first opened"))
    last_opened_at = models.DateTimeField(_("last opened"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("reading progress")
        verbose_name_plural = _("reading progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson}"
