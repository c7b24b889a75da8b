from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from classrooms.models import Classroom
from classrooms.permissions import is_staff
from kerjasama.validators import validate_school_date
from lessons.markdown import render_markdown
from lessons.models import Course, Lesson

# Answers already on their way when the time runs out are still taken for this long.
GRACE = timedelta(seconds=20)


class QuizQuerySet(models.QuerySet):
    def editable_by(self, user) -> "QuizQuerySet":
        """Staff edit every quiz; a teacher the quizzes they wrote or that their classes take."""
        if is_staff(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        taught = Classroom.objects.taught_by(user)
        return self.filter(
            Q(created_by=user)
            | Q(pk__in=QuizAssignment.objects.filter(classroom__in=taught).values("quiz"))
        )


class Quiz(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True, help_text=_("Markdown."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["course", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:detail", args=[self.pk])

    @property
    def instructions_html(self):
        return render_markdown(self.instructions)


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple response")
        TRUE_FALSE = "true_false", _("true/false")
        SHORT = "short", _("short answer")
        NUMERICAL = "numerical", _("numerical")
        MATCHING = "matching", _("matching")
        ESSAY = "essay", _("essay")

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("lesson tested"),
        help_text=_("The article section this question is about."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=20, choices=Type, default=Type.SINGLE)
    text = models.TextField(_("question"), help_text=_("Markdown."))
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    general_feedback = models.TextField(
        _("general feedback"), blank=True, help_text=_("Shown after the attempt if allowed.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz", "position", "pk"]

    def __str__(self):
        return self.text[:80]

    def snapshot(self, choices=None) -> dict:
        """Everything needed to show and grade this question, as an attempt keeps it."""
        choices = self.choices.all() if choices is None else choices
        return {
            "type": self.type,
            "text": self.text,
            "points": str(self.points),
            "general_feedback": self.general_feedback,
            "lesson": self.lesson_id,
            "choices": [choice.snapshot() for choice in choices],
        }


class Choice(models.Model):
    """An option, an accepted answer, a numerical answer or a matching pair, by question type."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), blank=True)
    match = models.CharField(
        _("matching answer"),
        max_length=500,
        blank=True,
        help_text=_("Matching questions: the answer that goes with this item."),
    )
    value = models.DecimalField(_("number"), max_digits=20, decimal_places=8, null=True, blank=True)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=20,
        decimal_places=8,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    fraction = models.DecimalField(
        _("credit"),
        max_digits=8,
        decimal_places=7,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(-1)), MaxValueValidator(Decimal(1))],
        help_text=_("Share of the points this answer earns, from -1 to 1."),
    )
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]

    def __str__(self):
        return self.text[:80] or self.match[:80]

    def snapshot(self) -> dict:
        return {
            "id": self.pk,
            "text": self.text,
            "match": self.match,
            "value": None if self.value is None else str(self.value),
            "tolerance": str(self.tolerance),
            "fraction": str(self.fraction),
            "feedback": self.feedback,
        }


class QuestionVersion(models.Model):
    """A question exactly as one or more attempts were given it; never changed afterwards."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="versions", verbose_name=_("question")
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="one_version_number")
        ]

    def __str__(self):
        return f"{self.question} (v{self.number})"


class QuizAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "QuizAssignmentQuerySet":
        return self.filter(classroom__in=Classroom.objects.visible_to(user))

    def teachable_by(self, user) -> "QuizAssignmentQuerySet":
        """Assignments the user may manage and grade: staff all, teachers their classes'."""
        return self.filter(classroom__in=Classroom.objects.teachable_by(user))

    def takeable_by(self, user) -> "QuizAssignmentQuerySet":
        """Assignments the user may take: those of the classes they attend as a student."""
        return self.filter(classroom__in=Classroom.objects.attended_by(user))

    def with_counts(self) -> "QuizAssignmentQuerySet":
        """How many students submitted, and how many attempts wait for essay grading."""
        submitted = Q(attempts__state="submitted")
        # The counts' GROUP BY leaves out Meta.ordering: the order is given here.
        return self.order_by("closes_at", "pk").annotate(
            submitted_count=models.Count("attempts__student", filter=submitted, distinct=True),
            waiting_count=models.Count(
                "attempts", filter=submitted & Q(attempts__needs_grading=True), distinct=True
            ),
        )


class QuizAssignment(models.Model):
    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("highest attempt")
        LATEST = "latest", _("latest attempt")
        FIRST = "first", _("first attempt")
        AVERAGE = "average", _("average of attempts")

    class ReviewWhen(models.TextChoices):
        IMMEDIATELY = "immediately", _("right after each attempt")
        AFTER_CLOSE = "after_close", _("after the quiz closes")
        NEVER = "never", _("never")

    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.CASCADE,
        related_name="quiz_assignments",
        verbose_name=_("class"),
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("quiz")
    )
    opens_at = models.DateTimeField(_("opens at"), validators=[validate_school_date])
    closes_at = models.DateTimeField(_("closes at"), validators=[validate_school_date])
    time_limit = models.DurationField(
        _("time limit"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    grading_method = models.CharField(
        _("grade"), max_length=10, choices=GradingMethod, default=GradingMethod.HIGHEST
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    draw_count = models.PositiveSmallIntegerField(
        _("questions drawn"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Give each student this many questions drawn at random. Empty: all."),
    )
    review_when = models.CharField(
        _("students review"),
        max_length=12,
        choices=ReviewWhen,
        default=ReviewWhen.IMMEDIATELY,
    )
    review_score = models.BooleanField(_("their score"), default=True)
    review_responses = models.BooleanField(_("their answers"), default=True)
    review_correct = models.BooleanField(_("the correct answers"), default=False)
    review_feedback = models.BooleanField(_("feedback"), default=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = QuizAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz assignment")
        verbose_name_plural = _("quiz assignments")
        ordering = ["closes_at", "pk"]

    def __str__(self):
        return f"{self.quiz} · {self.classroom.name}"

    def get_absolute_url(self):
        return reverse("quizzes:assignment", args=[self.pk])

    def review_is_open(self, closes_at: datetime, now: datetime) -> bool:
        """Whether a submitted attempt may be reviewed now (what is shown is up to the flags)."""
        if self.review_when == self.ReviewWhen.NEVER:
            return False
        if self.review_when == self.ReviewWhen.AFTER_CLOSE:
            return now >= closes_at
        return True

    def clean(self):
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError(
                {"closes_at": _("The quiz must close after it opens.")}, code="closes_before_opens"
            )
        if self.time_limit is not None and self.time_limit <= timedelta(0):
            raise ValidationError(
                {"time_limit": _("A time limit must be longer than zero.")}, code="bad_limit"
            )


class Accommodation(models.Model):
    """More time or more attempts for one student on one quiz; the close date moves with it."""

    assignment = models.ForeignKey(
        QuizAssignment,
        on_delete=models.CASCADE,
        related_name="accommodations",
        verbose_name=_("quiz assignment"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("student"),
    )
    extra_time = models.DurationField(_("extra time"), default=timedelta(0))
    extra_attempts = models.PositiveSmallIntegerField(
        _("extra attempts"), default=0, validators=[MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="one_accommodation_per_student"
            )
        ]

    def __str__(self):
        return f"{self.student} · {self.assignment}"


class AttemptQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttemptQuerySet":
        """A student sees their own attempts; teachers those of their classes; staff all."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(student=user) | Q(assignment__in=QuizAssignment.objects.teachable_by(user))
        )

    def taken_by(self, user) -> "AttemptQuerySet":
        """The user's own attempts: only they may answer and hand them in."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(student=user)


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    class ClosedBy(models.TextChoices):
        STUDENT = "student", _("submitted by the student")
        TIME_UP = "time_up", _("closed when time ran out")

    assignment = models.ForeignKey(
        QuizAssignment,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("quiz assignment"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("student"),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_by = models.CharField(_("closed"), max_length=10, choices=ClosedBy, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("out of"), max_digits=8, decimal_places=2)
    needs_grading = models.BooleanField(_("essays waiting"), default=False)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["assignment", "student", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student", "number"], name="one_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["assignment", "student"],
                condition=Q(state="in_progress"),
                name="one_open_attempt",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.assignment.quiz} · {self.number}"

    def get_absolute_url(self):
        return reverse("quizzes:attempt", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    def is_overdue(self, now: datetime) -> bool:
        """Past its deadline and the grace for answers in flight: it will close at its deadline."""
        return self.is_open and now > self.deadline + GRACE


class AttemptQuestion(models.Model):
    """One question of one attempt: the version given, the order shown, the answer and score."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="questions", verbose_name=_("attempt")
    )
    version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        related_name="attempt_questions",
        verbose_name=_("question version"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    choice_order = models.JSONField(_("choice order"), default=list)
    match_order = models.JSONField(_("matching answers order"), default=list)
    answer = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The quiz page's random name for the device (kept in its localStorage), "" for the plain
    # form: an old copy from another device cannot overwrite a later answer (save_answers).
    answered_on = models.CharField(_("answered on device"), max_length=40, blank=True, default="")
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("teacher's feedback"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )

    class Meta:
        verbose_name = _("attempt question")
        verbose_name_plural = _("attempt questions")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_question_per_slot")
        ]

    def __str__(self):
        return f"{self.attempt} · {self.position}"
