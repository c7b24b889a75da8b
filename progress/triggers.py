"""The database triggers that give a class a new `GradebookVersion` token on every write that
can change its gradebook, on SQLite and PostgreSQL alike.

Triggers rather than Python: the gradebook reads ten tables that services, the admin, bulk
updates and management commands write in some sixty places; a trigger sees every one of them,
including a `QuerySet.update()`, and in the same transaction as the write.

When the gradebook starts to read another table or column, add it here and write a migration
that runs `drop_sql_for` then `sql_for` (as migration 0001 does), so that the triggers in the
database are always the ones described here. The same after a migration that rebuilds a
table here on SQLite (most `AlterField`s do), which drops the table's triggers.
tests/progress/test_gradebook_cache.py writes to every table here and checks the token moves.
"""

from lessons.triggers import NEW_TOKEN

# Table: (columns whose update matters, or None for any update; the classes a row belongs to,
# as SQL over the row `{row}`, which is OLD or NEW).
WATCHED = {
    # Hot tables: an update bumps only when a column the gradebook reads really changes (a
    # student's "last opened" or a sign-in's `last_login` do not).
    "quizzes_attempt": (
        ("assignment_id", "student_id", "number", "state", "score", "max_score", "needs_grading"),
        "SELECT classroom_id FROM quizzes_quizassignment WHERE id = {row}.assignment_id",
    ),
    "lessons_readingprogress": (
        ("user_id", "lesson_id", "finished_at"),
        "SELECT classroom_id FROM classrooms_membership WHERE user_id = {row}.user_id",
    ),
    "accounts_user": (
        ("username", "first_name", "last_name", "full_name"),
        "SELECT classroom_id FROM classrooms_membership WHERE user_id = {row}.id",
    ),
    # What teachers and administrators set up: any change counts.
    "classrooms_membership": (None, "SELECT {row}.classroom_id"),
    "lessons_readingassignment": (None, "SELECT {row}.classroom_id"),
    "quizzes_quizassignment": (None, "SELECT {row}.classroom_id"),
    "quizzes_accommodation": (
        None,
        "SELECT classroom_id FROM quizzes_quizassignment WHERE id = {row}.assignment_id",
    ),
    "quizzes_quiz": (
        None,
        "SELECT classroom_id FROM quizzes_quizassignment WHERE quiz_id = {row}.id",
    ),
    "lessons_course": (
        None,
        "SELECT classroom_id FROM lessons_readingassignment WHERE course_id = {row}.id"
        " UNION SELECT a.classroom_id FROM quizzes_quizassignment a"
        " JOIN quizzes_quiz q ON q.id = a.quiz_id WHERE q.course_id = {row}.id",
    ),
    "lessons_lesson": (
        None,
        "SELECT classroom_id FROM lessons_readingassignment WHERE course_id = {row}.course_id"
        " UNION SELECT a.classroom_id FROM quizzes_quizassignment a"
        " JOIN quizzes_quiz q ON q.id = a.quiz_id WHERE q.course_id = {row}.course_id",
    ),
}


def _bump(vendor: str, classes: str) -> str:
    return (
        f"UPDATE progress_gradebookversion SET token = {NEW_TOKEN[vendor]} "
        f"WHERE classroom_id IN ({classes});"
    )


def _sqlite(table: str, columns, classes: str) -> list[str]:
    name = f"progress_gradebook_{table}"
    old, new = classes.format(row="OLD"), classes.format(row="NEW")
    of = f" OF {', '.join(columns)}" if columns else ""
    when = f" WHEN {' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in columns)}" if columns else ""
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {_bump('sqlite', new)} END;",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {_bump('sqlite', old)} END;",
        f"CREATE TRIGGER {name}_update AFTER UPDATE{of} ON {table}{when} "
        f"BEGIN {_bump('sqlite', old)} {_bump('sqlite', new)} END;",
    ]


# On PostgreSQL the token changes when the writing transaction commits, not at the write: the
# class's token row stays locked from its update to the commit, and a student starting a quiz
# writes the attempt first and its questions after, so 40 students starting at the bell would
# otherwise queue behind each other's whole transaction. (SQLite has one writer at a time
# anyway.) Same guarantee: the new data and the new token become visible in the same commit.
DEFERRED = "DEFERRABLE INITIALLY DEFERRED"


def _postgresql(table: str, columns, classes: str) -> list[str]:
    name = f"progress_gradebook_{table}"
    old, new = classes.format(row="OLD"), classes.format(row="NEW")
    of = f" OF {', '.join(columns)}" if columns else ""
    when = (
        f" WHEN ({' OR '.join(f'OLD.{c} IS DISTINCT FROM NEW.{c}' for c in columns)})"
        if columns
        else ""
    )
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {_bump('postgresql', old)} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_bump('postgresql', new)} END IF; "
        f"RETURN NULL; END $$;",
        f"CREATE CONSTRAINT TRIGGER {name}_insert_delete AFTER INSERT OR DELETE ON {table} "
        f"{DEFERRED} FOR EACH ROW EXECUTE FUNCTION {name}();",
        f"CREATE CONSTRAINT TRIGGER {name}_update AFTER UPDATE{of} ON {table} "
        f"{DEFERRED} FOR EACH ROW{when} EXECUTE FUNCTION {name}();",
    ]


def sql_for(vendor: str) -> list[str]:
    """Every statement that installs the triggers."""
    if vendor not in NEW_TOKEN:
        raise NotImplementedError(f"gradebook triggers for {vendor}")
    statements = []
    insert_version = (
        "INSERT INTO progress_gradebookversion (classroom_id, token) "
        f"VALUES (NEW.id, {NEW_TOKEN[vendor]});"
    )
    if vendor == "sqlite":
        statements.append(
            "CREATE TRIGGER progress_gradebook_new_class AFTER INSERT ON classrooms_classroom "
            f"BEGIN {insert_version} END;"
        )
    else:
        statements += [
            "CREATE FUNCTION progress_gradebook_new_class() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {insert_version} RETURN NULL; END $$;",
            "CREATE TRIGGER progress_gradebook_new_class AFTER INSERT ON classrooms_classroom "
            "FOR EACH ROW EXECUTE FUNCTION progress_gradebook_new_class();",
        ]
    build = _sqlite if vendor == "sqlite" else _postgresql
    for table, (columns, classes) in WATCHED.items():
        statements += build(table, columns, classes)
    return statements


def backfill_sql_for(vendor: str) -> str:
    """A token for each class that has none (the classes made before the triggers)."""
    return (
        "INSERT INTO progress_gradebookversion (classroom_id, token) "
        f"SELECT id, {NEW_TOKEN[vendor]} FROM classrooms_classroom WHERE id NOT IN "
        "(SELECT classroom_id FROM progress_gradebookversion);"
    )


def drop_sql_for(vendor: str) -> list[str]:
    names = ["progress_gradebook_new_class"] + [f"progress_gradebook_{t}" for t in WATCHED]
    if vendor == "sqlite":
        triggers = ["progress_gradebook_new_class"] + [
            f"progress_gradebook_{t}_{event}"
            for t in WATCHED
            for event in ("insert", "delete", "update")
        ]
        return [f"DROP TRIGGER IF EXISTS {t};" for t in triggers]
    # Dropping a function drops its triggers with it.
    return [f"DROP FUNCTION IF EXISTS {name}() CASCADE;" for name in names]
