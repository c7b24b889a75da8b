from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def secret_key_is_real(app_configs, **kwargs):
    """Refuse to serve with the development key: sessions and password resets would be forgeable."""
    key = settings.SECRET_KEY
    if key.startswith("django-insecure-") or len(key) < 50 or len(set(key)) < 5:
        return [
            Error(
                "SECRET_KEY is not set to a real secret.",
                hint=(
                    "Set the SECRET_KEY environment variable to a long random value, the same "
                    "on every app server, e.g. the output of: .venv/bin/python -c "
                    "'import secrets; print(secrets.token_urlsafe(50))'. See docs/deploy.md."
                ),
                id="kerjasama.E001",
            )
        ]
    return []
