"""The database triggers that give a course a new `CourseVersion` token on every write to the
course or to any of its lessons, on SQLite and PostgreSQL alike.

Triggers rather than Python, as for the gradebook (`progress/triggers.py`): lessons are
written by the admin, the article import, bulk updates (`QuerySet.update()` sends no signal
and leaves `updated_at` alone) and raw SQL, and a trigger sees every one of them, in the same
transaction as the write. Migration 0003 installs them; when they change, a new migration
runs `drop_sql_for` then `sql_for`. So must a migration that rebuilds `lessons_course` or
`lessons_lesson` on SQLite (most `AlterField`s do), as the rebuild drops a table's triggers:
tests/lessons/test_course_version.py fails until it does.
"""

NEW_TOKEN = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "replace(gen_random_uuid()::text, '-', '')",
}

# Trigger name: (table, event, the SQL run for each row; OLD and NEW are the row).
TRIGGERS = {
    "lessons_course_version_new": (
        "lessons_course",
        "INSERT",
        "INSERT INTO lessons_courseversion (course_id, token) VALUES (NEW.id, {token});",
    ),
    "lessons_course_version_course": (
        "lessons_course",
        "UPDATE",
        "UPDATE lessons_courseversion SET token = {token} WHERE course_id = NEW.id;",
    ),
    "lessons_course_version_lesson_insert": (
        "lessons_lesson",
        "INSERT",
        "UPDATE lessons_courseversion SET token = {token} WHERE course_id = NEW.course_id;",
    ),
    "lessons_course_version_lesson_update": (
        "lessons_lesson",
        "UPDATE",
        "UPDATE lessons_courseversion SET token = {token} "
        "WHERE course_id IN (OLD.course_id, NEW.course_id);",
    ),
    "lessons_course_version_lesson_delete": (
        "lessons_lesson",
        "DELETE",
        "UPDATE lessons_courseversion SET token = {token} WHERE course_id = OLD.course_id;",
    ),
}


def sql_for(vendor: str) -> list[str]:
    """Every statement that installs the triggers."""
    if vendor not in NEW_TOKEN:
        raise NotImplementedError(f"course version triggers for {vendor}")
    statements = []
    for name, (table, event, action) in TRIGGERS.items():
        action = action.format(token=NEW_TOKEN[vendor])
        if vendor == "sqlite":
            statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {action} END;")
        else:
            statements += [
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{action} RETURN NULL; END $$;",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}();",
            ]
    return statements


def backfill_sql_for(vendor: str) -> str:
    """A token for each course that has none (the courses made before the triggers)."""
    return (
        "INSERT INTO lessons_courseversion (course_id, token) "
        f"SELECT id, {NEW_TOKEN[vendor]} FROM lessons_course WHERE id NOT IN "
        "(SELECT course_id FROM lessons_courseversion);"
    )


def drop_sql_for(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name};" for name in TRIGGERS]
    # Dropping a function drops its trigger with it.
    return [f"DROP FUNCTION IF EXISTS {name}() CASCADE;" for name in TRIGGERS]
