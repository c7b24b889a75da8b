"""Django's own texts that our users meet, where Django's Indonesian catalogue lacks them or says
them in words that clash with ours ("sandi" beside our "kata sandi", "Berjalan" for the admin's
"Run"). They are marked here only so that `makemessages` keeps our translation of them in
locale/id: the project's catalogue comes before Django's. Nothing imports this module.

The admin's JavaScript texts (its calendar and time-zone note) are in
locale/id/LC_MESSAGES/djangojs.po, kept by hand: the app has no script texts of its own.
tests/test_i18n.py checks that every text in both is still one of Django's.
"""

from django.utils.translation import gettext_noop

TEXTS = [
    # Forms: a teacher meets these on the quiz and extra-time pages.
    gettext_noop("- Select an option -"),
    gettext_noop("Enter a whole number."),
    # Django's Indonesian says "does not exist" where it means "already exists".
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    # The password page and the admin's user pages.
    gettext_noop("Password"),
    gettext_noop("Password confirmation"),
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    # The admin.
    gettext_noop("Run"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
]
