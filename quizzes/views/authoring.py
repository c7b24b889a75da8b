"""Being written."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


quiz_list = quiz_create = quiz_detail = quiz_update = quiz_delete = quiz_duplicate = _todo
quiz_preview = question_create = question_update = question_delete = _todo
question_duplicate = question_move = _todo
