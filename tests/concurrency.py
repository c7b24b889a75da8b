"""Races on real PostgreSQL: threads with their own database connections, released together.

SQLite takes one writer at a time (and an in-memory test database is one per connection), so
these tests mean something only on PostgreSQL, where CI runs them.
"""

import threading

import pytest
from django.db import connection

# The marks of a test that needs real concurrent connections: a module's `pytestmark`, or
# one test's through `postgres_only`.
POSTGRES_ONLY = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing races "
        "(DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)",
    ),
    pytest.mark.django_db(transaction=True),
]


def postgres_only(test):
    for mark in POSTGRES_ONLY:
        test = mark(test)
    return test


THREADS = 20


def together(action, n=THREADS):
    """Call action(i) in n threads at the same moment; return their results and errors."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, [None] * n

    def run(i):
        try:
            connection.ensure_connection()  # connect first, so the barrier is the real start
            barrier.wait(timeout=20)
            results[i] = action(i)
        except Exception as error:
            errors[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors
