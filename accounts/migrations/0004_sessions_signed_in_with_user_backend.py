"""Sessions signed in with Django's ModelBackend now name accounts.backends.UserBackend, the only
backend left in AUTHENTICATION_BACKENDS: without this, Django would sign out everyone who was
signed in when this version is deployed (students in the middle of a quiz included)."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "accounts.backends.UserBackend"


def rename_backend(apps, schema_editor, old=OLD, new=NEW):
    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    changed = []
    for session in Session.objects.using(schema_editor.connection.alias).filter(
        expire_date__gt=timezone.now()
    ):
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            changed.append(session)
    Session.objects.using(schema_editor.connection.alias).bulk_update(
        changed, ["session_data"], batch_size=500
    )


def rename_back(apps, schema_editor):
    rename_backend(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_language_help_text"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename_backend, rename_back)]
