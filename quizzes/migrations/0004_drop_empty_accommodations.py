from datetime import timedelta

from django.db import migrations


def drop_empty_accommodations(apps, schema_editor):
    """The extra-time page used to save a row of nothing (0 minutes, 0 attempts) for every
    student, each shown with an "extra" badge; such a row gives nothing, so it goes."""
    Accommodation = apps.get_model("quizzes", "Accommodation")
    Accommodation.objects.filter(extra_time=timedelta(0), extra_attempts=0).delete()


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0003_attempts_at_most_50")]

    operations = [migrations.RunPython(drop_empty_accommodations, migrations.RunPython.noop)]
