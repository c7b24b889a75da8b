from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import User


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


def _refuse_while_locked(username: str, *, changing_password: bool = False) -> None:
    """Count this password try; refuse it while the username cools off after too many wrong
    passwords, right or not. Counted by username, never by address: a class signs in from one
    school IP."""
    until = services.count_password_try(username=username)
    if until is None:
        return
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    if changing_password:
        message = ngettext(
            "Too many wrong passwords for this account. For safety, changing the password is "
            "paused: try again in %(minutes)d minute.",
            "Too many wrong passwords for this account. For safety, changing the password is "
            "paused: try again in %(minutes)d minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many wrong passwords for this username. For safety, signing in is "
            "paused: try again in %(minutes)d minute, or ask your teacher to check "
            "your password.",
            "Too many wrong passwords for this username. For safety, signing in is "
            "paused: try again in %(minutes)d minutes, or ask your teacher to check "
            "your password.",
            minutes,
        )
    raise ValidationError(message % {"minutes": minutes}, code="locked")


def _is_turned_off(username: str, password: str) -> bool:
    """Whether this is a turned-off account's right password. Django's ModelBackend refuses a
    turned-off account whatever the password; told "wrong password", its student would have
    the password reset, which cannot help."""
    try:
        user = User.objects.get_by_natural_key(username)
    except User.DoesNotExist:
        return False
    return not user.is_active and user.check_password(password)


class ThrottledSignInMixin:
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        _refuse_while_locked(username)
        try:
            cleaned_data = super().clean()  # a wrong password stays counted
        except ValidationError as error:
            if error.code == "invalid_login" and _is_turned_off(username, password):
                services.clear_sign_in_failures(username=username)
                raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            raise
        services.clear_sign_in_failures(username=username)
        return cleaned_data


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Changing the password asks for the current one: guessing it there, on a computer left
    signed in, counts against the same limit as signing in."""

    def clean_old_password(self):
        username = self.user.get_username()
        _refuse_while_locked(username, changing_password=True)
        old_password = super().clean_old_password()
        services.clear_sign_in_failures(username=username)
        return old_password


class AdminLoginForm(ThrottledSignInMixin, AdminAuthenticationForm):
    pass


class LoginForm(ThrottledSignInMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is wrong. Check both and try again; capital letters matter."
        ),
        "inactive": _(
            "This account has been turned off. Ask your teacher or the school's administrator."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
