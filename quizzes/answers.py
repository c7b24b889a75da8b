"""What a student sees of a question and what their browser sends back.

Choices reach the page only as their position in the attempt's own order ("0", "1", ...), never
as database ids and never with anything that tells a right answer from a wrong one. The server
turns those tokens back into choice ids here, and refuses anything it did not offer.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lessons.markdown import render_markdown

from .models import AttemptQuestion, Choice, Question, QuestionVersion
from .scoring import is_answered

MAX_TEXT = 10_000  # characters in one typed answer (an essay of several pages)


@dataclass(frozen=True)
class Option:
    token: str
    text: str


@dataclass(frozen=True)
class Item:
    """A matching question's left-hand item, with its field name."""

    token: str
    text: str
    field: str
    selected: str  # the token of the answer the student chose for it, or ""


@dataclass
class ShownQuestion:
    """One question as the page shows it: text, options and the student's current answer."""

    number: int
    position: int
    field: str
    type: str
    text_html: str
    points: Decimal
    options: list[Option]
    items: list[Item]
    selected: set[str]
    text: str
    answered: bool
    text_limit: ClassVar[int] = MAX_TEXT  # for the page's maxlength and the note under essays


def field_name(position: int) -> str:
    return f"q{position}"


def shown_question(attempt_question: AttemptQuestion, number: int | None = None) -> ShownQuestion:
    data = attempt_question.version.data
    choices = {choice["id"]: choice for choice in data["choices"]}
    field = field_name(attempt_question.position)
    answer = attempt_question.answer or {}
    kind = data["type"]
    options: list[Option] = []
    items: list[Item] = []
    selected: set[str] = set()
    if kind in ("single", "multiple", "true_false"):
        order = attempt_question.choice_order
        options = [Option(str(i), choices[c]["text"]) for i, c in enumerate(order) if c in choices]
        picked = answer.get("choices", []) if kind == "multiple" else [answer.get("choice")]
        selected = {str(order.index(c)) for c in picked if c in order}
    elif kind == "matching":
        stems = attempt_question.choice_order
        answers = attempt_question.match_order
        options = [
            Option(str(i), choices[c]["match"]) for i, c in enumerate(answers) if c in choices
        ]
        pairs = answer.get("pairs", {})
        items = [
            Item(
                token=str(i),
                text=choices[stem]["text"],
                field=f"{field}-{i}",
                selected=str(answers.index(pairs[str(stem)]))
                if pairs.get(str(stem)) in answers
                else "",
            )
            for i, stem in enumerate(stems)
            if stem in choices
        ]
    return ShownQuestion(
        number=number if number is not None else attempt_question.position + 1,
        position=attempt_question.position,
        field=field,
        type=kind,
        text_html=render_markdown(data["text"]),
        points=Decimal(data["points"]),
        options=options,
        items=items,
        selected=selected,
        text=answer.get("text", ""),
        answered=is_answered(data, attempt_question.answer),
    )


def refuse_answer():
    return ValidationError(
        _("This answer does not fit the question; reload the page and answer again."),
        code="bad_answer",
    )


def shown_positions(data) -> list[int]:
    """The questions a posted form (or autosave) carries: the page lists them in `shown`.

    A question whose boxes are all unticked sends no field of its own; `shown` says it was
    there, so unticking everything is saved too.
    """
    got = data.getlist("shown") if hasattr(data, "getlist") else data.get("shown", [])
    got = [got] if isinstance(got, str) else got
    return sorted({int(value) for value in got if str(value).isdecimal() and len(str(value)) < 6})


def _index(token: str, size: int) -> int:
    """The position a posted choice names (0 to size - 1), or a refusal: a page only ever sends
    small numbers, and Python refuses to read one of thousands of digits."""
    if not token.isdecimal() or len(token) > 6 or int(token) >= size:
        raise refuse_answer()
    return int(token)


def decode_answer(attempt_question: AttemptQuestion, data) -> dict:
    """Turn the posted fields of one question into the answer to store, or refuse them.

    `data` is a QueryDict (or a dict of lists). Absent fields mean "no answer".
    """
    kind = attempt_question.version.data["type"]
    field = field_name(attempt_question.position)
    order = attempt_question.choice_order

    def values(name):
        got = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        return [got] if isinstance(got, str) else list(got)

    if kind == "matching":
        answers = attempt_question.match_order
        names = [f"{field}-{i}" for i in range(len(order))]
        pairs = {}
        for i, name in enumerate(names):
            token = (values(name) or [""])[0]
            if token == "":
                continue
            pairs[str(order[i])] = answers[_index(token, len(answers))]
        return {"pairs": pairs}
    given = values(field)
    if kind in ("single", "true_false", "multiple"):
        tokens = [token for token in given if token != ""]
        picked = sorted({order[_index(token, len(order))] for token in tokens}, key=order.index)
        if kind == "multiple":
            return {"choices": picked}
        if len(picked) > 1:
            raise refuse_answer()
        return {"choice": picked[0] if picked else None}
    text = (given or [""])[-1]
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("This answer is too long (at most %(max)s characters)."),
            code="too_long",
            params={"max": number_format(MAX_TEXT, force_grouping=True)},  # 10.000, 10,000
        )
    return {"text": text.replace("\x00", "")}


def preview_questions(questions: list[tuple[Question, list[Choice]]]) -> list[ShownQuestion]:
    """The questions, each with its choices, as a student would see them, without an attempt
    (nothing is saved)."""
    shown = []
    for position, (question, choices) in enumerate(questions):
        data = question.snapshot(choices)
        stems = [c.pk for c in choices if c.text.strip()]
        if question.type == Question.Type.MATCHING:
            # Students get the answers shuffled; in alphabetical order they give nothing away.
            answers = sorted(
                (c for c in choices if c.match.strip()), key=lambda c: c.match.casefold()
            )
            choice_order, match_order = stems, [c.pk for c in answers]
        elif question.type in (Question.Type.SHORT, Question.Type.NUMERICAL, Question.Type.ESSAY):
            choice_order, match_order = [], []
        else:
            choice_order, match_order = [c.pk for c in choices], []
        row = AttemptQuestion(
            version=QuestionVersion(question=question, number=0, data=data),
            position=position,
            choice_order=choice_order,
            match_order=match_order,
        )
        shown.append(shown_question(row))
    return shown
