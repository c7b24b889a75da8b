"""The forms teachers write quizzes with: the quiz, one question, and its choices by type.

Credits are stored as a share of the points from -1 to 1 and shown to teachers as percentages
(100, 50, -50). Numbers accept a decimal comma.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson

from .gift import GiftDecodeError, decode_gift
from .models import Choice, Question, Quiz

FULL = Decimal(1)
# Weights such as 33.33 % three times or 14.28 % seven times are meant as 100 %.
ROUNDING = Decimal("0.0005")
STEP = Decimal("0.0000001")  # the places Choice.fraction keeps
TRUE_FALSE = ["Benar", "Salah"]  # the course content is Indonesian whatever the interface


def _plain(number: Decimal) -> Decimal:
    """1.50000000 as 1.5 and 100.0000000 as 100, so forms show numbers as people type them."""
    return number.quantize(FULL) if number == number.to_integral() else number.normalize()


class NumberField(forms.DecimalField):
    """A decimal typed with a comma or a point, shown without trailing zeros."""

    def __init__(self, **kwargs):
        super().__init__(localize=True, **kwargs)

    def prepare_value(self, value):
        return _plain(value) if isinstance(value, Decimal) else value


class PercentField(forms.DecimalField):
    """A share of the points typed as a percentage; cleans to the stored -1..1 fraction.

    Left empty it means no credit, like 0.
    """

    def __init__(self, *, minimum: int = -100, **kwargs):
        kwargs.setdefault("label", _("Credit (%)"))
        super().__init__(
            min_value=minimum,
            max_value=100,
            localize=True,
            required=False,
            initial=Decimal(0),
            **kwargs,
        )

    def prepare_value(self, value):
        return _plain(Decimal(value) * 100) if isinstance(value, Decimal | int) else value

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != Decimal(initial or 0)
        except ValidationError:
            return True

    def clean(self, value):
        percent = super().clean(value)
        if percent is None:
            return Decimal(0)
        return (percent / 100).quantize(STEP)


class RightAnswerField(forms.BooleanField):
    """A tick for the right answer of a true/false question; cleans to a full or no credit."""

    def __init__(self, **kwargs):
        super().__init__(label=_("This is the right answer"), required=False, **kwargs)

    def clean(self, value):
        return FULL if super().clean(value) else Decimal(0)


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["course", "title", "instructions"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "instructions": _("Shown to students before they start. Markdown."),
        }

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        if self.instance.pk and self.instance.questions.exists():
            # Its questions test lessons of this course.
            del self.fields["course"]


class QuestionForm(forms.ModelForm):
    """The question itself; its type is fixed when it is created, its choices are a formset."""

    points = NumberField(label=_("Points"), max_digits=6, decimal_places=2)

    class Meta:
        model = Question
        fields = ["text", "lesson", "points", "general_feedback"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "general_feedback": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = Lesson.objects.filter(course=self.instance.quiz.course_id)
        self.fields["lesson"].empty_label = _("(no particular lesson)")

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points <= 0:
            raise ValidationError(
                _("A question is worth more than 0 points."), code="points_not_positive"
            )
        return points


# --- one form per choice row, by question type ----------------------------------------------


class ChoiceForm(forms.ModelForm):
    text = forms.CharField(label=_("Choice"), widget=forms.TextInput)
    fraction = PercentField()
    feedback = forms.CharField(
        label=_("Feedback for this choice"), required=False, widget=forms.TextInput
    )

    class Meta:
        model = Choice
        fields = ["text", "fraction", "feedback"]


class TrueFalseForm(ChoiceForm):
    text = forms.CharField(label=_("Answer"), disabled=True)
    fraction = RightAnswerField()


class ShortAnswerForm(ChoiceForm):
    text = forms.CharField(label=_("Accepted answer"), widget=forms.TextInput)
    fraction = PercentField(minimum=0)


class NumericalForm(ChoiceForm):
    text = None
    value = NumberField(label=_("Answer (a number)"), max_digits=20, decimal_places=8)
    tolerance = NumberField(
        label=_("Accepted error (±)"),
        min_value=0,
        max_digits=20,
        decimal_places=8,
        required=False,
        initial=Decimal(0),
    )
    fraction = PercentField(minimum=0)

    class Meta:
        model = Choice
        fields = ["value", "tolerance", "fraction", "feedback"]

    def clean_tolerance(self):
        return self.cleaned_data["tolerance"] or Decimal(0)


class MatchingForm(forms.ModelForm):
    text = forms.CharField(label=_("Item"), required=False, widget=forms.TextInput)
    match = forms.CharField(label=_("Matching answer"), required=False, max_length=500)

    class Meta:
        model = Choice
        fields = ["text", "match"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("match", "").strip():
            self.add_error(
                "match",
                ValidationError(
                    _("Give the answer that goes with this item."), code="pair_without_answer"
                ),
            )
        return cleaned


# --- the choices of one question -------------------------------------------------------------


class ChoiceFormSet(BaseInlineFormSet):
    title = _("Choices")
    row_label = _("Choice")
    help_text = ""
    extra_new = 4

    def kept(self) -> list[Choice]:
        """The rows to save, in the order shown: not deleted, not left blank."""
        return [
            form.instance
            for index, form in enumerate(self.forms)
            if not (self.can_delete and form.cleaned_data.get("DELETE"))
            and (form.instance.pk or form.has_changed() or index < self.min_num)
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self.check_choices(self.kept())

    def check_choices(self, choices: list[Choice]) -> None:
        if len(choices) < 2:
            raise ValidationError(_("Give at least two choices."), code="too_few_choices")


class SingleChoiceFormSet(ChoiceFormSet):
    help_text = _(
        "Students pick one choice. Credit is in per cent: 100 for the right answer, 0 for a "
        "wrong one, something in between (50, say) for a nearly right one."
    )

    def check_choices(self, choices):
        super().check_choices(choices)
        if not any(choice.fraction == FULL for choice in choices):
            raise ValidationError(
                _("Give the right answer a credit of 100."),
                code="no_full_credit",
            )


class MultipleChoiceFormSet(ChoiceFormSet):
    help_text = _(
        "Students tick every choice they think is right. Share 100 per cent among the right "
        "choices (50 and 50, or 33.33 three times). Ticking a wrong choice left at 0 costs as "
        "much as an average right choice earns; give it a negative credit (-50, say) to set "
        "the cost yourself."
    )

    def check_choices(self, choices):
        super().check_choices(choices)
        total = sum((c.fraction for c in choices if c.fraction > 0), Decimal(0))
        if not total:
            raise ValidationError(
                _("Give at least one choice a positive credit."), code="no_right_choice"
            )
        if abs(total - FULL) > ROUNDING:
            raise ValidationError(
                _("The right choices add up to %(total)s %%; they must add up to 100 %%."),
                code="credit_not_100",
                params={"total": number_format(_plain((total * 100).quantize(Decimal("0.01"))))},
            )


class TrueFalseFormSet(ChoiceFormSet):
    title = _("Answers")
    row_label = _("Answer")
    help_text = _("Tick the right answer. Feedback for each answer is optional.")
    extra_new = 2

    def check_choices(self, choices):
        if sum(1 for choice in choices if choice.fraction == FULL) != 1:
            raise ValidationError(
                _("Mark exactly one answer as right: “Benar” or “Salah”."),
                code="true_false_one_right",
            )


class ShortAnswerFormSet(ChoiceFormSet):
    title = _("Accepted answers")
    row_label = _("Accepted answer")
    help_text = _(
        "Students type their answer; capitals, extra spaces and a full stop at the end do not "
        "matter. List every answer you accept with its credit in per cent (usually 100). An "
        "answer with credit 0 and feedback can explain a common mistake."
    )
    extra_new = 3

    def check_choices(self, choices):
        if not any(choice.fraction > 0 for choice in choices):
            raise ValidationError(
                _("Give at least one accepted answer with credit above 0 %."),
                code="no_accepted_answer",
            )


class NumericalFormSet(ChoiceFormSet):
    title = _("Answers")
    row_label = _("Answer")
    help_text = _(
        "Students type a number (a decimal comma is fine). An answer within the accepted "
        "error of a number below earns its credit in per cent."
    )
    extra_new = 2

    def check_choices(self, choices):
        if not any(choice.value is not None and choice.fraction > 0 for choice in choices):
            raise ValidationError(
                _("Give at least one answer: a number with credit above 0 %."), code="no_number"
            )


class MatchingFormSet(ChoiceFormSet):
    title = _("Pairs")
    row_label = _("Pair")
    help_text = _(
        "Students choose the matching answer for each item. Leave the item empty for an extra "
        "answer that matches nothing: it makes guessing harder."
    )
    extra_new = 5

    def check_choices(self, choices):
        if sum(1 for choice in choices if choice.text.strip() and choice.match.strip()) < 2:
            raise ValidationError(
                _("Give at least two pairs with both an item and its matching answer."),
                code="too_few_pairs",
            )


FORMS = {
    Question.Type.SINGLE: (ChoiceForm, SingleChoiceFormSet),
    Question.Type.MULTIPLE: (ChoiceForm, MultipleChoiceFormSet),
    Question.Type.TRUE_FALSE: (TrueFalseForm, TrueFalseFormSet),
    Question.Type.SHORT: (ShortAnswerForm, ShortAnswerFormSet),
    Question.Type.NUMERICAL: (NumericalForm, NumericalFormSet),
    Question.Type.MATCHING: (MatchingForm, MatchingFormSet),
}


def choice_formset(question: Question, data=None) -> ChoiceFormSet | None:
    """The choices of a question of its type, with blank rows to add more; None for essays."""
    if question.type not in FORMS:
        return None
    form, formset = FORMS[question.type]
    existing = question.choices.count() if question.pk else 0
    if question.type == Question.Type.TRUE_FALSE:
        # Both rows are always there and saved, even when left as they are.
        extra, min_num, can_delete = 0, 2, False
        initial = [{"text": text} for text in TRUE_FALSE[existing:]]
    else:
        extra, min_num, can_delete = 2 if existing else formset.extra_new, 0, True
        typed = question.type in (Question.Type.SHORT, Question.Type.NUMERICAL)
        initial = [{"fraction": FULL}] * extra if typed else []
    factory = inlineformset_factory(
        Question,
        Choice,
        form=form,
        formset=formset,
        fields=form.Meta.fields,
        extra=extra,
        min_num=min_num,
        max_num=1000,
        can_delete=can_delete,
        can_delete_extra=False,
    )
    return factory(data, instance=question, prefix="choices", initial=initial)


class GiftImportForm(forms.Form):
    """A GIFT file or pasted GIFT text; cleans to the text in `gift`."""

    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        label=_("GIFT file"),
        required=False,
        help_text=_("A .gift or .txt file in UTF-8, as Moodle exports it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".gift,.txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("Or paste GIFT text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise ValidationError(_("The file is larger than 2 MB."), code="too_big")
            try:
                cleaned["gift"] = decode_gift(upload.read())
            except GiftDecodeError as error:
                raise ValidationError(str(error), code="not_utf8") from None
        elif text.strip():
            cleaned["gift"] = decode_gift(text.encode("utf-8"))
        else:
            raise ValidationError(_("Choose a file or paste GIFT text."), code="empty")
        return cleaned
