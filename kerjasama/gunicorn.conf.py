"""gunicorn settings for `make serve`; every value can be overridden from the environment.

Threaded workers (gthread): a slow phone on a school connection holds one thread, not a whole
worker process. Each worker is one Python process with its own database connections.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two processes per core, four threads each: Python runs one thread of a process at a time, so
# on two cores 4 × 4 served the lesson page 10–20 % and the trivial page about 25 % more
# requests than 2 × 8, with the same 16 database connections (benchmarks/loadtest/README.md).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# An idle connection stays open longer than a student thinks over a question and longer than a
# load balancer's idle timeout (60 s on most): the next request, a phone's save or the
# balancer's, reuses it instead of opening another, and is seldom sent into a connection the
# server is just closing (with 5 s, one save in 4,800 of the school run met a closed connection
# and was sent again). Idle connections wait in a poller, not in a thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Restart workers now and then, so a slow leak cannot grow for weeks.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# Trust X-Forwarded-* only from these addresses (the load balancer); see docs/deploy.md.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse to start on production-unsafe settings (a missing SECRET_KEY above all)."""
    import django
    from django.core import checks

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
    django.setup()
    errors = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.is_serious()
    ]
    if errors:
        raise SystemExit("Refusing to start:\n" + "\n".join(str(e) for e in errors))
