"""CSRF is enforced on every URL: a POST without the token is refused, signed in or not."""

import pytest
from django.test import Client
from django.urls import reverse

from . import test_authorization as authorization

world = authorization.world

ENDPOINTS = sorted(authorization.url_names())  # the admin included


@pytest.mark.parametrize("name", ENDPOINTS)
def test_post_without_a_csrf_token_is_refused(world, name):
    _method, kwargs, _expected = authorization.MATRIX[name]
    url = reverse(name, kwargs={key: world["values"][value] for key, value in kwargs.items()})
    for role in ["anonymous", "student", "teacher", "staff"]:
        client = Client(enforce_csrf_checks=True)
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        response = client.post(url, {"language": "en", "code": "ABC123"})
        assert response.status_code == 403, (name, role)


def test_the_same_post_with_the_token_gets_through(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["student"])
    client.get(reverse("accounts:profile"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:language"), {"language": "en", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_the_admin_change_form_needs_the_token_too(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["staff"])
    url = reverse("admin:accounts_user_change", args=[world["users"]["student"].pk])
    response = client.post(url, {"username": "taken-over", "is_superuser": "on"})
    assert response.status_code == 403
    assert not type(world["users"]["student"]).objects.filter(username="taken-over").exists()
