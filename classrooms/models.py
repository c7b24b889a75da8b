import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code is read aloud and copied from a whiteboard.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(code: str) -> str:
    """What a student typed, the way codes are stored: no spaces or dashes, upper case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


class ClassroomQuerySet(models.QuerySet):
    def for_member(self, user, role: str | None = None) -> "ClassroomQuerySet":
        """Classes the user belongs to (optionally only with that role)."""
        if not user.is_authenticated:
            return self.none()
        memberships = Membership.objects.filter(user=user)
        if role:
            memberships = memberships.filter(role=role)
        return self.filter(pk__in=memberships.values("classroom"))

    def taught_by(self, user) -> "ClassroomQuerySet":
        return self.for_member(user, Membership.Role.TEACHER)

    def attended_by(self, user) -> "ClassroomQuerySet":
        return self.for_member(user, Membership.Role.STUDENT)

    def visible_to(self, user) -> "ClassroomQuerySet":
        """Staff see every class; everyone else the classes they belong to."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.for_member(user)

    def teachable_by(self, user) -> "ClassroomQuerySet":
        """Classes whose work the user may manage: staff all, teachers their own."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.taught_by(user)


class Classroom(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("For example “XI IPS 1”."))
    school_year = models.CharField(
        _("school year"), max_length=20, help_text=_("For example “2026/2027”.")
    )
    join_code = models.CharField(
        _("join code"), max_length=12, unique=True, default=new_join_code, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-school_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "school_year"], name="unique_class_per_year")
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    def get_absolute_url(self):
        return reverse("progress:classroom", args=[self.pk])


class MembershipQuerySet(models.QuerySet):
    def students(self) -> "MembershipQuerySet":
        return self.filter(role=Membership.Role.STUDENT)

    def teachers(self) -> "MembershipQuerySet":
        return self.filter(role=Membership.Role.TEACHER)


class Membership(models.Model):
    class Role(models.TextChoices):
        TEACHER = "teacher", _("teacher")
        STUDENT = "student", _("student")

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("class")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.STUDENT)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "user"], name="one_membership_per_class")
        ]

    def __str__(self):
        return f"{self.user} · {self.classroom} · {self.get_role_display()}"
