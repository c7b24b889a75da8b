from django.db import models
from django.utils.translation import gettext_lazy as _

from classrooms.models import Classroom


class GradebookVersion(models.Model):
    """A token that changes whenever anything a class's gradebook shows may have changed.

    The database writes it, never Django: triggers (migration 0001, `progress/triggers.py`)
    give the class a fresh random token in the same transaction as any write that can change
    a cell or a total, whatever wrote it: a service, the admin, a bulk update, raw SQL. So a
    gradebook built after reading the token can be cached under it (`progress/views.py`), and
    is never served once the data has moved on. Random rather than a counter: after a
    database is restored from a backup, an old counter value would come back with different
    data behind it; a token comes back only with the very data it stood for.
    """

    classroom = models.OneToOneField(
        Classroom,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("class"),
    )
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("gradebook version")
        verbose_name_plural = _("gradebook versions")

    def __str__(self):
        return self.token

    @classmethod
    def of(cls, classroom_pk: int) -> str | None:
        return cls.objects.filter(pk=classroom_pk).values_list("token", flat=True).first()
