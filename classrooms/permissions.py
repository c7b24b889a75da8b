"""Who may do what. What a user may *see* is a `visible_to(user)` queryset method; what they may
*change* is one of these predicates, and each app fetches one object for a change through its
`access` module (`classrooms/access.py`), so a view never spells a rule out."""

from django.utils.translation import gettext as _

from .models import Classroom, Membership


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff


def memberships_of(user) -> list[tuple[str, int]]:
    """(role, class id) of each class the user belongs to: read once per request (the navigation
    asks on every page), kept on the user object as Django keeps its permission cache."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_memberships"):
        user._memberships = list(
            Membership.objects.filter(user=user).values_list("role", "classroom_id")
        )
    return user._memberships


def roles_of(user) -> frozenset[str]:
    """The roles the user has in any class."""
    return frozenset(role for role, _class in memberships_of(user))


def classes_attended(user) -> list[int]:
    """The ids of the classes the user attends as a student."""
    return [pk for role, pk in memberships_of(user) if role == Membership.Role.STUDENT]


def can_teach(user, classroom: Classroom) -> bool:
    """Assign work, see every student's progress, manage the roster and the join code."""
    return Classroom.objects.teachable_by(user).filter(pk=classroom.pk).exists()


def is_teacher_anywhere(user) -> bool:
    """Teachers (and staff) browse every course to choose what to assign, and write quizzes."""
    return is_staff(user) or Membership.Role.TEACHER in roles_of(user)


def role_label(user) -> str:
    """The role shown next to the user's name: the highest one they have anywhere."""
    if is_staff(user):
        return str(_("Administrator"))
    roles = roles_of(user)
    for role in (Membership.Role.TEACHER, Membership.Role.STUDENT):
        if role in roles:
            return str(role.label).capitalize()
    return ""
