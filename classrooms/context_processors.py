from django.utils.functional import SimpleLazyObject

from .permissions import is_staff, is_teacher_anywhere, role_label


def navigation(request):
    """What the navigation shows the signed-in user, worked out only if a page shows it."""
    if not hasattr(request, "user"):  # a request refused before the middleware (a bad Host)
        return {}
    user = request.user
    return {
        "user_role": SimpleLazyObject(lambda: role_label(user)),
        "nav_quizzes": SimpleLazyObject(lambda: is_teacher_anywhere(user)),
        "nav_administration": SimpleLazyObject(lambda: is_staff(user)),
    }
