from datetime import timedelta

from django.utils import timezone

from lessons.models import ReadingProgress
from lessons.services import record_opening

from ..factories import ReadingProgressFactory


def test_opening_a_lesson_again_keeps_the_first_opening(student, lessons):
    earlier = timezone.now() - timedelta(hours=1)
    other_tab = ReadingProgressFactory(
        user=student, lesson=lessons[0], first_opened_at=earlier, last_opened_at=earlier
    )
    progress = record_opening(student=student, lesson=lessons[0])
    assert progress.pk == other_tab.pk
    assert progress.first_opened_at == earlier
    assert progress.last_opened_at > earlier  # an hour ago: this opening is noted
    assert ReadingProgress.objects.get().last_opened_at == progress.last_opened_at
