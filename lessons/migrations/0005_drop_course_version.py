"""The lesson page reads lessons through the ORM again: the course version token, and the
triggers that changed it on every write to a course or lesson, go."""

from django.db import migrations

# The triggers migration 0003 installed, by name, as they were.
SQLITE_TRIGGERS = [
    "lessons_course_version_new",
    "lessons_course_version_course",
    "lessons_course_version_lesson_insert",
    "lessons_course_version_lesson_update",
    "lessons_course_version_lesson_delete",
]
POSTGRESQL_FUNCTIONS = SQLITE_TRIGGERS


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS]
    elif vendor == "postgresql":  # dropping a function drops its triggers with it
        statements = [f"DROP FUNCTION IF EXISTS {name}() CASCADE;" for name in POSTGRESQL_FUNCTIONS]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("lessons", "0004_course_order_ties")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="CourseVersion"),
    ]
