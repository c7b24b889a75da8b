from django.apps import AppConfig


class KerjasamaConfig(AppConfig):
    name = "kerjasama"
    verbose_name = "Kerjasama Classroom"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
