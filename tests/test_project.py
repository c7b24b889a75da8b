"""The project as a whole: health check, static files through whitenoise, security headers."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse


def test_healthz_answers_without_signing_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.text == "ok\n"


def test_healthz_says_when_the_database_is_down(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.text and " style=" not in response.text


@pytest.fixture
def collected_static(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


def test_whitenoise_serves_fingerprinted_compressed_static_files(collected_static, db):
    """whitenoise's docs stop at Django 6.0: check it works on 6.1 with the manifest storage."""
    from django.test import Client

    from kerjasama.wsgi import application  # noqa: F401 - builds the middleware chain

    with override_settings(DEBUG=False):
        client = Client()
        page = client.get(reverse("login")).text
        start = page.index("/static/vendor/bootstrap/bootstrap.min.")
        url = page[start : page.index('"', start)]
        assert url.endswith(".css") and url.count(".") == 3  # bootstrap.min.<hash>.css
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] in {"br", "gzip"}
    assert "immutable" in response.headers["Cache-Control"]
    assert (collected_static / "vendor/bootstrap/bootstrap.min.css.map").exists()
