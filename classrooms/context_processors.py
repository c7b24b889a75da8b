from django.utils.functional import SimpleLazyObject

from .permissions import role_label


def role(request):
    """The signed-in user's role label for the navigation, looked up only if a page shows it."""
    return {"user_role": SimpleLazyObject(lambda: role_label(request.user))}
