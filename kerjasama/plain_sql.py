"""Model instances from rows read with plain SQL, converted as the ORM converts them.

What every signed-in request reads (its session and its user) and the lesson page's one query
are plain SQL: building a small query through the ORM costs more than the database takes to
answer it (docs/performance.md). The values are passed through the ORM's own converters
(SQLite gives datetimes without their time zone and booleans as 0 and 1), so the instances are
the ones the ORM would have made.
"""

from functools import cache
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connection, connections


def columns(model, table: str = "") -> str:
    """The model's columns, in the order `model_from_row` reads them, for a SELECT (of the
    table named `table` in the query, if it is given another name there)."""
    return _columns(model, table, connection.vendor)


@cache
def _columns(model, table, vendor) -> str:
    quote = connection.ops.quote_name
    prefix = f"{quote(table)}." if table else ""
    return ", ".join(prefix + quote(field.column) for field in model._meta.concrete_fields)


def model_from_row(model, row):
    """An instance of the model from a row of its `columns`."""
    db = connections[DEFAULT_DB_ALIAS]  # this thread's
    values = list(row)
    for index, expression, converters in _converters(model, db):
        for convert in converters:
            values[index] = convert(values[index], expression, db)
    return model.from_db(db.alias, _attnames(model), values)


@cache
def _attnames(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


# Per connection (each thread has its own), forgotten with it.
_converters_of_connection = WeakKeyDictionary()


def _converters(model, db):
    kept = _converters_of_connection.setdefault(db, {})
    if model not in kept:
        found = []
        for index, field in enumerate(model._meta.concrete_fields):
            expression = field.get_col(model._meta.db_table)
            converters = db.ops.get_db_converters(expression) + expression.get_db_converters(db)
            if converters:
                found.append((index, expression, converters))
        kept[model] = found
    return kept[model]
