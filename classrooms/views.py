from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import access_classroom_to_teach
from .forms import JoinForm
from .models import Membership


def classroom_join(request):
    form = JoinForm(request.POST or None)
    if form.is_valid():
        try:
            membership, created = services.join_classroom(
                student=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            if created:
                message = _("Welcome to %(classroom)s!")
            else:
                message = _("You are already in %(classroom)s.")
            messages.success(request, message % {"classroom": membership.classroom.name})
            return redirect("progress:dashboard")
    return render(request, "classrooms/classroom_join.html", {"form": form})


@require_POST
def join_code_reset(request, pk):
    classroom = services.reset_join_code(classroom=access_classroom_to_teach(request.user, pk))
    messages.success(
        request,
        _("The new code of %(classroom)s is %(code)s. The old code no longer works.")
        % {"classroom": classroom.name, "code": classroom.join_code},
    )
    return redirect(classroom)


def student_remove(request, pk, user_pk):
    classroom = access_classroom_to_teach(request.user, pk)
    membership = get_object_or_404(
        Membership.objects.students().select_related("user"), classroom=classroom, user__pk=user_pk
    )  # user__pk: an id too large for the database is "no such student" (progress/views.py)
    if request.method == "POST":
        services.remove_student(membership=membership)
        messages.success(
            request,
            _("%(student)s is no longer in %(classroom)s.")
            % {"student": membership.user.display_name, "classroom": classroom.name},
        )
        return redirect(classroom)
    return render(
        request,
        "classrooms/membership_confirm_delete.html",
        {"classroom": classroom, "membership": membership},
    )
