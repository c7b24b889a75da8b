"""The gradebook is built from the database on every view again: the class's gradebook version
token goes, and with it the triggers on other apps' tables that changed it."""

from django.db import migrations

# The triggers migration 0001 installed, by name, as they were.
SQLITE_TRIGGERS = [
    "progress_gradebook_new_class",
    "progress_gradebook_quizzes_attempt_insert",
    "progress_gradebook_quizzes_attempt_delete",
    "progress_gradebook_quizzes_attempt_update",
    "progress_gradebook_lessons_readingprogress_insert",
    "progress_gradebook_lessons_readingprogress_delete",
    "progress_gradebook_lessons_readingprogress_update",
    "progress_gradebook_accounts_user_insert",
    "progress_gradebook_accounts_user_delete",
    "progress_gradebook_accounts_user_update",
    "progress_gradebook_classrooms_membership_insert",
    "progress_gradebook_classrooms_membership_delete",
    "progress_gradebook_classrooms_membership_update",
    "progress_gradebook_lessons_readingassignment_insert",
    "progress_gradebook_lessons_readingassignment_delete",
    "progress_gradebook_lessons_readingassignment_update",
    "progress_gradebook_quizzes_quizassignment_insert",
    "progress_gradebook_quizzes_quizassignment_delete",
    "progress_gradebook_quizzes_quizassignment_update",
    "progress_gradebook_quizzes_accommodation_insert",
    "progress_gradebook_quizzes_accommodation_delete",
    "progress_gradebook_quizzes_accommodation_update",
    "progress_gradebook_quizzes_quiz_insert",
    "progress_gradebook_quizzes_quiz_delete",
    "progress_gradebook_quizzes_quiz_update",
    "progress_gradebook_lessons_course_insert",
    "progress_gradebook_lessons_course_delete",
    "progress_gradebook_lessons_course_update",
    "progress_gradebook_lessons_lesson_insert",
    "progress_gradebook_lessons_lesson_delete",
    "progress_gradebook_lessons_lesson_update",
]
POSTGRESQL_FUNCTIONS = [
    "progress_gradebook_new_class",
    "progress_gradebook_quizzes_attempt",
    "progress_gradebook_lessons_readingprogress",
    "progress_gradebook_accounts_user",
    "progress_gradebook_classrooms_membership",
    "progress_gradebook_lessons_readingassignment",
    "progress_gradebook_quizzes_quizassignment",
    "progress_gradebook_quizzes_accommodation",
    "progress_gradebook_quizzes_quiz",
    "progress_gradebook_lessons_course",
    "progress_gradebook_lessons_lesson",
]


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
    dependencies = [("progress", "0001_gradebook_version")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="GradebookVersion"),
    ]
