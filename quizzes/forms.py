from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lessons.forms import DateTimeInput

from .models import Accommodation, QuizAssignment


class MinutesField(forms.IntegerField):
    """A duration typed as whole minutes, which is how teachers think of quiz time."""

    def __init__(self, *, minimum: int = 1, **kwargs):
        super().__init__(min_value=minimum, max_value=7 * 24 * 60, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, timedelta):
            return int(value.total_seconds() // 60)
        return value

    def clean(self, value):
        minutes = super().clean(value)
        return None if minutes is None else timedelta(minutes=minutes)


class QuizAssignmentForm(forms.ModelForm):
    time_limit = MinutesField(
        label=_("Time limit (minutes)"), required=False, help_text=_("Empty: no limit.")
    )

    class Meta:
        model = QuizAssignment
        fields = [
            "classroom",
            "opens_at",
            "closes_at",
            "time_limit",
            "attempts_allowed",
            "grading_method",
            "draw_count",
            "shuffle_questions",
            "shuffle_choices",
            "review_when",
            "review_score",
            "review_responses",
            "review_correct",
            "review_feedback",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}

    def __init__(self, *args, classrooms, question_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_count = question_count
        if self.instance.pk:
            del self.fields["classroom"]  # moving it to another class is a new assignment
        else:
            self.fields["classroom"].queryset = classrooms
            self.fields["classroom"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not self.question_count:
            # Students would find it on their list and could not start it.
            raise forms.ValidationError(
                _("The quiz has no questions yet: add them before assigning it."),
                code="no_questions",
            )
        return cleaned

    def clean_draw_count(self):
        count = self.cleaned_data["draw_count"]
        if count and count > self.question_count:
            raise forms.ValidationError(
                ngettext(
                    "The quiz has only %(count)d question.",
                    "The quiz has only %(count)d questions.",
                    self.question_count,
                ),
                code="too_many_drawn",
                params={"count": self.question_count},
            )
        return count


class AccommodationForm(forms.ModelForm):
    extra_time = MinutesField(label=_("Extra minutes"), required=False, minimum=0)

    class Meta:
        model = Accommodation
        fields = ["extra_time", "extra_attempts"]
        labels = {"extra_attempts": _("Extra attempts")}

    def clean_extra_time(self):
        return self.cleaned_data["extra_time"] or timedelta(0)


class GradeForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points"), min_value=0, max_digits=8, decimal_places=2, localize=True
    )
    comment = forms.CharField(
        label=_("Feedback for the student"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def for_answer(cls, answer_id: int, *, data=None, refused=None, initial=None) -> "GradeForm":
        """The form of one answer on a page of several; `refused`, a grade that could not be
        saved, comes back in place of this answer's form when it is this answer's."""
        prefix = f"a{answer_id}"
        if refused is not None and refused.prefix == prefix:
            return refused
        return cls(data, prefix=prefix, initial=initial)
