"""Periodic work as Django tasks, for a deployment that runs a task worker instead of cron.

Django ships only the immediate and dummy backends; with a worker backend (e.g. django-tasks-db)
a scheduler enqueues these every minute. docs/deploy.md shows the cron lines.
"""

from django.tasks import task

from quizzes import attempts


@task
def close_overdue_attempts() -> int:
    """Submit every quiz attempt left open past its deadline; returns how many were closed."""
    return attempts.close_overdue_attempts()
