from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Lesson, ReadingAssignment


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ReadingAssignmentForm(forms.ModelForm):
    """Assign a lesson or the whole course to one of the teacher's classes."""

    class Meta:
        model = ReadingAssignment
        fields = ["classroom", "lesson", "available_from", "due_at"]
        widgets = {"available_from": DateTimeInput(), "due_at": DateTimeInput()}
        help_texts = {"available_from": _("Leave empty to make it available now.")}

    def __init__(self, *args, course, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.course = course
        self.fields["classroom"].queryset = classrooms
        self.fields["classroom"].empty_label = None
        self.fields["lesson"].queryset = Lesson.objects.filter(course=course).published()
        self.fields["lesson"].empty_label = _("The whole course")
        if self.instance.pk:
            # Moving an assignment to another class or lesson is a new assignment.
            del self.fields["classroom"]
            del self.fields["lesson"]
