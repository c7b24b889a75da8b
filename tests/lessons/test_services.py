from datetime import timedelta

from django.utils import timezone

from lessons.models import ReadingProgress
from lessons.services import record_opening

from ..factories import ReadingProgressFactory


def test_a_first_opening_that_another_tab_recorded_first_keeps_that_row(student, lessons):
    """The page read no progress row, but another tab's opening lands before this one's."""
    earlier = timezone.now() - timedelta(hours=1)
    other_tab = ReadingProgressFactory(
        user=student, lesson=lessons[0], first_opened_at=earlier, last_opened_at=earlier
    )
    progress = record_opening(student=student, lesson=lessons[0], progress=None)
    assert progress.pk == other_tab.pk
    assert progress.first_opened_at == earlier
    assert progress.last_opened_at > earlier  # an hour ago: this opening is noted
    assert ReadingProgress.objects.get().last_opened_at == progress.last_opened_at
