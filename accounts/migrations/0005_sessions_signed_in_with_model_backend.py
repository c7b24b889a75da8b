"""Sessions signed in with accounts.backends.UserBackend (gone) name Django's ModelBackend, the
default backend, again: without this, Django would sign out everyone who was signed in when this
version is deployed (students in the middle of a quiz included). The reverse of migration 0004,
whose frozen code does the renaming."""

from importlib import import_module

from django.db import migrations

renaming = import_module("accounts.migrations.0004_sessions_signed_in_with_user_backend")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_sessions_signed_in_with_user_backend")]

    operations = [migrations.RunPython(renaming.rename_back, renaming.rename_backend)]
