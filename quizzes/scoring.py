"""Scoring one answer against the question version an attempt was given.

Pure functions over the version's data (see `Question.snapshot`) and the stored answer, so the
same code grades on submit, regrades after a key is fixed, and is property-tested. Scores are
`Decimal` with two places, never floats; an answer earns between 0 and the question's points.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")


def to_points(points: Decimal, share: Fraction) -> Decimal:
    """`share` (0..1) of `points`, rounded to the cent."""
    share = min(max(share, Fraction(0)), Fraction(1))
    exact = Fraction(points) * share
    earned = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    if share < 1 and earned == points and earned > 0:  # full marks only for a fully right answer
        earned -= CENT
    return earned


QUOTES_AND_BRACKETS = "\"'“”‘’«»()[] "


def normalize_text(text: str) -> str:
    """Short answers match whatever the case, spacing, trailing punctuation, and quotes or
    brackets around them ("Jalur Sutra", (Jalur Sutra).)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    previous = None
    while text != previous:
        previous = text
        text = text.rstrip(".,;:!?… ").strip(QUOTES_AND_BRACKETS)
    return text


def _without_spaces(text: str) -> str:
    return text.strip().replace(" ", "").replace("\u00a0", "")


def parse_number(text: str) -> Decimal | None:
    """A number as a student types it: `3,5` or `3.5`, `1.000,5` or `1,000.5`, `-2`."""
    text = _without_spaces(text)
    if not text:
        return None
    if "," in text and "." in text:  # the last separator is the decimal one
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    elif text.count(",") > 1 or text.count(".") > 1:  # 1.234.567: only thousands separators
        text = text.replace(",", "").replace(".", "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    # An exponent like 1e999999999 would overflow when compared with the key.
    return number if number.is_finite() and number.adjusted() < 100 else None


def readings_of_number(text: str) -> list[Decimal]:
    """Every number a typed answer can mean. A lone separator before exactly three digits is
    read both ways: `1.000` is one thousand to an Indonesian and one to a calculator (a leading
    0, as in `0.125`, is only ever a decimal)."""
    number = parse_number(text)
    if number is None:
        return []
    compact = _without_spaces(text)
    separators = [c for c in compact if c in ".,"]
    if len(separators) == 1:
        whole, _, fraction = compact.partition(separators[0])
        if len(fraction) == 3 and whole.lstrip("+-") not in ("", "0"):
            thousands = parse_number(whole + fraction)
            if thousands is not None and thousands != number:
                return [number, thousands]
    return [number]


def _within(numbers: list[Decimal], choice: dict) -> bool:
    return choice["value"] is not None and any(
        abs(number - Decimal(choice["value"])) <= Decimal(choice["tolerance"]) for number in numbers
    )


def _fraction(value: str) -> Fraction:
    return Fraction(Decimal(value))


def _choices_by_id(data: dict) -> dict[int, dict]:
    return {choice["id"]: choice for choice in data["choices"]}


def is_answered(data: dict, answer) -> bool:
    if not answer:
        return False
    kind = data["type"]
    if kind in ("single", "true_false"):
        return answer.get("choice") is not None
    if kind == "multiple":
        return bool(answer.get("choices"))
    if kind == "matching":
        return any(value is not None for value in answer.get("pairs", {}).values())
    return bool(str(answer.get("text", "")).strip())


def share_of_points(data: dict, answer) -> Fraction | None:
    """The share (0..1) of the question's points an answer earns; None when a person grades it."""
    kind = data["type"]
    if kind == "essay":
        return None
    if not is_answered(data, answer):
        return Fraction(0)
    choices = _choices_by_id(data)
    if kind in ("single", "true_false"):
        choice = choices.get(answer["choice"])
        return _fraction(choice["fraction"]) if choice else Fraction(0)
    if kind == "multiple":
        picked = {choice_id for choice_id in answer["choices"] if choice_id in choices}
        earned = sum((_fraction(choices[c]["fraction"]) for c in picked), Fraction(0))
        # Weights like 33.33333 % add up to a hair under 1: full marks are for all the right
        # choices and no wrong one, so measure against what the right choices add up to.
        best = sum(
            (_fraction(c["fraction"]) for c in data["choices"] if _fraction(c["fraction"]) > 0),
            Fraction(0),
        )
        # A wrong choice left at 0 % still costs what a right one earns on average: otherwise
        # ticking every box would earn full marks.
        right = sum(1 for c in data["choices"] if _fraction(c["fraction"]) > 0)
        if not right:  # no right choice (an import from before they were refused): no points
            return Fraction(0)
        earned -= sum(best / right for c in picked if _fraction(choices[c]["fraction"]) == 0)
        return earned / best
    if kind == "short":
        given = normalize_text(answer["text"])
        shares = [
            _fraction(c["fraction"]) for c in data["choices"] if normalize_text(c["text"]) == given
        ]
        return max(shares, default=Fraction(0))
    if kind == "numerical":
        numbers = readings_of_number(answer["text"])
        shares = [_fraction(c["fraction"]) for c in data["choices"] if _within(numbers, c)]
        return max(shares, default=Fraction(0))
    if kind == "matching":
        stems = [c for c in data["choices"] if c["text"].strip()]
        if not stems:
            return Fraction(0)
        pairs = answer.get("pairs", {})
        # Two items may share an answer text: any option with that text is right.
        right = sum(
            1
            for stem in stems
            if pairs.get(str(stem["id"])) in choices
            and choices[pairs[str(stem["id"])]]["match"] == stem["match"]
        )
        return Fraction(right, len(stems))
    raise ValueError(f"unknown question type {kind!r}")


def score(data: dict, answer) -> Decimal | None:
    """Points earned for this answer, or None for an essay waiting for its teacher."""
    share = share_of_points(data, answer)
    return None if share is None else to_points(Decimal(data["points"]), share)


def feedback_for(data: dict, answer) -> list[str]:
    """The per-choice feedback that applies to this answer (shown only if review allows it)."""
    if not answer:
        return []
    choices = _choices_by_id(data)
    kind = data["type"]
    if kind in ("single", "true_false"):
        picked = [choices.get(answer.get("choice"))]
    elif kind == "multiple":
        picked = [choices.get(c) for c in answer.get("choices", [])]
    elif kind == "short":
        given = normalize_text(answer.get("text", ""))
        picked = [c for c in data["choices"] if normalize_text(c["text"]) == given][:1]
    elif kind == "numerical":
        numbers = readings_of_number(answer.get("text", ""))
        picked = [c for c in data["choices"] if _within(numbers, c)][:1]
    else:
        picked = []
    return [choice["feedback"] for choice in picked if choice and choice["feedback"]]
