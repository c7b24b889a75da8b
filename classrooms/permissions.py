"""Who may change what. What a user may *see* is a `visible_to(user)` queryset method;
what they may *change* is one of these predicates. Views ask here and nowhere else."""

from django.utils.translation import gettext as _

from .models import Classroom, Membership


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff


def can_teach(user, classroom: Classroom) -> bool:
    """Assign work, see every student's progress, manage the roster and the join code."""
    if is_staff(user):
        return True
    return (
        user.is_authenticated
        and classroom.memberships.filter(user=user, role=Membership.Role.TEACHER).exists()
    )


def is_teacher_anywhere(user) -> bool:
    """Teachers (and staff) may browse every course to choose what to assign."""
    if is_staff(user):
        return True
    return user.is_authenticated and user.memberships.filter(role=Membership.Role.TEACHER).exists()


def role_label(user) -> str:
    """The role shown next to the user's name: the highest one they have anywhere."""
    if not user.is_authenticated:
        return ""
    if user.is_staff:
        return str(_("Administrator"))
    roles = set(user.memberships.values_list("role", flat=True))
    if Membership.Role.TEACHER in roles:
        return str(Membership.Role.TEACHER.label).capitalize()
    if Membership.Role.STUDENT in roles:
        return str(Membership.Role.STUDENT.label).capitalize()
    return ""
