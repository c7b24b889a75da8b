"""Properties of the pure grading functions, for every question type; no database.

Each question is a version's `data` dict in the shape of `Question.snapshot`. "Fully right" is
defined here per type without looking at how `scoring` works, and the score must be full marks
exactly then, always between 0 and the question's points, and never depend on the order in
which a student ticked the choices.
"""

import string
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizzes.scoring import normalize_text, parse_number, score, share_of_points, to_points

GRADING = settings(max_examples=150, deadline=None)

POINTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2)
# Credits a teacher gives, the way the sample quiz does: thirds written as 33.33333 %.
CREDITS = st.sampled_from(
    ["1", "0.5", "0.3333333", "0.25", "0.2", "0.1", "0", "-0.1", "-0.3333333", "-0.5", "-1"]
)


def choice(choice_id, *, text="", match="", value=None, tolerance="0", fraction="0"):
    return {
        "id": choice_id,
        "text": text,
        "match": match,
        "value": value,
        "tolerance": tolerance,
        "fraction": fraction,
        "feedback": "",
    }


def question(kind, points, choices):
    return {
        "type": kind,
        "text": "Pertanyaan?",
        "points": str(points),
        "general_feedback": "",
        "lesson": None,
        "choices": choices,
    }


def assert_in_range(data, earned):
    points = Decimal(data["points"])
    assert isinstance(earned, Decimal)
    assert earned.as_tuple().exponent == -2, earned
    assert Decimal(0) <= earned <= points


# --- single choice and true/false -------------------------------------------------------------


@st.composite
def picked_one(draw, kind):
    count = 2 if kind == "true_false" else draw(st.integers(2, 6))
    credits = draw(st.lists(CREDITS, min_size=count, max_size=count))
    data = question(
        kind,
        draw(POINTS),
        [choice(10 + i, text=f"Pilihan {i}", fraction=c) for i, c in enumerate(credits)],
    )
    picked = draw(st.sampled_from([None, *range(10, 10 + count)]))
    return data, {"choice": picked}


@GRADING
@given(case=st.sampled_from(["single", "true_false"]).flatmap(picked_one))
def test_one_choice_earns_full_marks_exactly_for_a_fully_right_choice(case):
    data, answer = case
    earned = score(data, answer)
    assert_in_range(data, earned)
    credit = {c["id"]: Decimal(c["fraction"]) for c in data["choices"]}.get(answer["choice"])
    assert (earned == Decimal(data["points"])) == (credit == 1)


# --- multiple response ------------------------------------------------------------------------


@st.composite
def multiple_response(draw):
    right = draw(st.integers(1, 5))
    wrong = draw(st.integers(0, 4))
    if draw(st.booleans()):
        # Right choices split 100 % evenly, written to 7 places: they add up to a hair under 1.
        even = (Decimal(1) / right).quantize(Decimal("0.0000001"), rounding="ROUND_DOWN")
        right_credits = [str(even)] * right
    else:
        right_credits = [
            str(d)
            for d in draw(
                st.lists(st.decimals("0.0000001", "1", places=7), min_size=right, max_size=right)
            )
        ]
    # Wrong choices cost something or, as a teacher often leaves them, nothing at all.
    wrong_credits = [
        str(d)
        for d in draw(st.lists(st.decimals("-1", "0", places=7), min_size=wrong, max_size=wrong))
    ]
    credits = draw(st.permutations(right_credits + wrong_credits))
    data = question(
        "multiple",
        draw(POINTS),
        [choice(20 + i, text=f"Pilihan {i}", fraction=c) for i, c in enumerate(credits)],
    )
    ids = [c["id"] for c in data["choices"]]
    picked = draw(st.lists(st.sampled_from(ids), unique=True))
    return data, picked, draw(st.permutations(picked))


@GRADING
@given(case=multiple_response())
def test_multiple_response_earns_full_marks_exactly_for_all_right_and_no_wrong_choice(case):
    data, picked, reordered = case
    earned = score(data, {"choices": picked})
    assert_in_range(data, earned)
    right = {c["id"] for c in data["choices"] if Decimal(c["fraction"]) > 0}
    assert (earned == Decimal(data["points"])) == (set(picked) == right)
    assert score(data, {"choices": reordered}) == earned


def test_ticking_every_box_does_not_earn_full_marks_when_wrong_choices_cost_nothing():
    data = question(
        "multiple",
        "1.00",
        [
            choice(1, text="A", fraction="0.5"),
            choice(2, text="B", fraction="0.5"),
            choice(3, text="C", fraction="0"),
            choice(4, text="D", fraction="0"),
        ],
    )
    assert score(data, {"choices": [1, 2]}) == Decimal("1.00")
    assert score(data, {"choices": [1, 2, 3]}) < Decimal("1.00")
    assert score(data, {"choices": [1, 2, 3, 4]}) < score(data, {"choices": [1, 2, 3]})


def test_a_multiple_response_question_without_a_right_choice_earns_nothing_and_does_not_crash():
    """GIFT imports let such a question in before they were refused; grading it divided by 0,
    so the student could not hand in and close_overdue_attempts stopped at it."""
    data = question(
        "multiple", "1.00", [choice(1, text="A", fraction="0"), choice(2, text="B", fraction="0")]
    )
    assert score(data, {"choices": [1]}) == Decimal("0.00")
    assert score(data, {"choices": []}) == Decimal("0.00")


@pytest.mark.parametrize(
    "typed",
    ['"Jalur Sutra"', "(Jalur Sutra).", "“jalur sutra”!", "[Jalur  Sutra]", "'Jalur Sutra'."],
)
def test_a_short_answer_in_quotes_or_brackets_still_matches(typed):
    data = question("short", "1.00", [choice(1, text="Jalur Sutra", fraction="1")])
    assert score(data, {"text": typed}) == Decimal("1.00")
    assert score(data, {"text": "Jalur Sutra Baru"}) == Decimal("0.00")


@pytest.mark.parametrize(
    ("key", "typed", "right"),
    [
        ("1000", "1.000", True),  # one thousand, as an Indonesian writes it
        ("1000", "1,000", True),
        ("1", "1.000", True),  # one, as a calculator shows it
        ("1.25", "1,250", True),
        ("2500", "2.500", True),
        ("125", "0.125", False),  # a leading 0 is only ever a decimal
        ("1000", "1.0000", False),
        ("1000", "10.00", False),
    ],
)
def test_a_number_with_a_lone_separator_before_three_digits_is_read_both_ways(key, typed, right):
    data = question(
        "numerical", "1.00", [choice(1, text=key, value=key, tolerance="0", fraction="1")]
    )
    assert (score(data, {"text": typed}) == Decimal("1.00")) == right


def test_thirds_written_to_seven_places_add_up_to_full_marks():
    third = "0.3333333"
    data = question(
        "multiple",
        "3.00",
        [choice(i, text=str(i), fraction=third) for i in (1, 2, 3)]
        + [choice(4, text="4", fraction="-1")],
    )
    assert score(data, {"choices": [3, 1, 2]}) == Decimal("3.00")
    assert score(data, {"choices": [1, 2]}) == Decimal("2.00")


# --- short answer -----------------------------------------------------------------------------

WORD = st.text(alphabet=string.ascii_letters + string.digits + "-/", min_size=1, max_size=8)
ACCEPTED = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def written_like(draw, text):
    """The same answer as a student may type it: other case, spacing, trailing punctuation."""
    words = [
        "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)
        for word in text.split(" ")
    ]
    spaces = st.sampled_from([" ", "  ", "\t", " \n ", "\u00a0"])
    typed = words[0]
    for word in words[1:]:
        typed += draw(spaces) + word
    before = draw(st.sampled_from(["", " ", "   ", "\n"]))
    after = draw(st.sampled_from(["", " ", ".", "!", "?", " .", "...", "…", ";", ",", ":", "?!"]))
    return before + typed + after


@st.composite
def short_answer(draw):
    accepted = draw(st.lists(ACCEPTED, min_size=1, max_size=4, unique_by=str.lower))
    credits = draw(st.lists(CREDITS, min_size=len(accepted), max_size=len(accepted)))
    data = question(
        "short",
        draw(POINTS),
        [
            choice(30 + i, text=t, fraction=c)
            for i, (t, c) in enumerate(zip(accepted, credits, strict=True))
        ],
    )
    meant = draw(st.integers(0, len(accepted) - 1))
    typed = draw(written_like(accepted[meant]))
    if draw(st.booleans()):  # not quite any accepted answer: none of them has a "#"
        return data, typed + "#", None
    return data, typed, Decimal(credits[meant])


@GRADING
@given(case=short_answer())
def test_short_answer_matches_whatever_the_case_spacing_and_trailing_punctuation(case):
    data, typed, credit = case
    earned = score(data, {"text": typed})
    assert_in_range(data, earned)
    assert (earned == Decimal(data["points"])) == (credit == 1)


@GRADING
@given(text=ACCEPTED, data=st.data())
def test_normalize_text_ignores_case_spacing_and_trailing_punctuation(text, data):
    assert normalize_text(data.draw(written_like(text))) == normalize_text(text)


# --- numbers ----------------------------------------------------------------------------------

SEPARATORS = st.sampled_from(
    [
        ("", ","),
        ("", "."),
        (".", ","),  # Indonesian: 1.234,5
        (",", "."),  # English: 1,234.5
        (" ", ","),
        ("\u00a0", ","),
        (" ", "."),
    ]
)


def written(number: Decimal, *, thousands: str, decimal: str, places: int) -> str:
    """`number` as a person writes it, with these separators and decimal places."""
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):.{places}f}".partition(".")
    if thousands:
        whole = f"{int(whole):,}".replace(",", thousands)
    return sign + whole + (decimal + fraction if fraction else "")


@st.composite
def numbers_as_written(draw):
    places = draw(st.integers(0, 4))
    number = Decimal(draw(st.integers(-(10**10), 10**10))).scaleb(-places)
    thousands, decimal = draw(SEPARATORS)
    return number, written(number, thousands=thousands, decimal=decimal, places=places)


def is_ambiguous(text: str) -> bool:
    """A lone `.` or `,` before three digits: 1.234 is 1234 to an Indonesian, 1.234 in English."""
    separators = [c for c in text if c in ".,"]
    return len(separators) == 1 and len(text.rpartition(separators[0])[2]) == 3


@GRADING
@given(case=numbers_as_written())
@example(case=(Decimal("1234.5"), "1.234,5"))
@example(case=(Decimal("1234.5"), "1,234.5"))
@example(case=(Decimal(1234567), "1.234.567"))
@example(case=(Decimal(1234567), "1,234,567"))
@example(case=(Decimal("-1234567.25"), "-1.234.567,25"))
def test_parse_number_reads_numbers_written_the_indonesian_and_the_english_way(case):
    number, text = case
    if is_ambiguous(text):
        # Read as a decimal separator, the way students type 3,5 and 3.5.
        digits = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        assert parse_number(text) == Decimal(digits)
    else:
        assert parse_number(text) == number


@GRADING
@given(text=st.text())
@example(text="1e999999999")
@example(text="-1E+1000000")
@example(text="1e-999999999")
@example(text="NaN")
@example(text="-Infinity")
def test_any_typed_number_grades_without_error(text):
    data = question(
        "numerical",
        "1.00",
        [choice(1, text="190", value="190", tolerance="5", fraction="1")],
    )
    number = parse_number(text)
    assert number is None or number.is_finite()
    assert_in_range(data, score(data, {"text": text}))


@st.composite
def numerical_answer(draw):
    count = draw(st.integers(1, 3))
    keys = []
    for i in range(count):
        value = Decimal(draw(st.integers(-(10**6), 10**6))).scaleb(-draw(st.integers(0, 3)))
        tolerance = Decimal(draw(st.integers(0, 500))).scaleb(-2)
        keys.append(
            choice(
                40 + i,
                text=str(value),
                value=str(value),
                tolerance=str(tolerance),
                fraction=draw(CREDITS),
            )
        )
    data = question("numerical", draw(POINTS), keys)
    near = draw(st.sampled_from(keys))
    places = 4
    offset = Decimal(draw(st.integers(-60000, 60000))).scaleb(-places)
    number = Decimal(near["value"]) + offset
    thousands, decimal = draw(SEPARATORS)
    text = written(number, thousands=thousands, decimal=decimal, places=places)
    return data, number, text


@GRADING
@given(case=numerical_answer())
def test_numerical_answer_earns_full_marks_exactly_within_the_tolerance_of_a_full_answer(case):
    data, number, text = case
    earned = score(data, {"text": text})
    assert_in_range(data, earned)
    fully_right = any(
        Decimal(c["fraction"]) == 1
        and Decimal(c["value"]) - Decimal(c["tolerance"])
        <= number
        <= Decimal(c["value"]) + Decimal(c["tolerance"])
        for c in data["choices"]
    )
    assert (earned == Decimal(data["points"])) == fully_right


# --- matching ---------------------------------------------------------------------------------


@st.composite
def matching(draw):
    pairs = draw(st.integers(1, 6))
    answers = draw(
        st.lists(
            st.sampled_from(["keamanan", "perdagangan", "pendidikan", "kesehatan"]),
            min_size=pairs,
            max_size=pairs,
        )
    )
    distractors = draw(
        st.lists(st.sampled_from(["pariwisata", "olahraga", "keamanan"]), max_size=2)
    )
    choices = [choice(50 + i, text=f"Item {i}", match=m) for i, m in enumerate(answers)]
    choices += [choice(70 + i, match=m) for i, m in enumerate(distractors)]
    data = question("matching", draw(POINTS), draw(st.permutations(choices)))
    stems = [c for c in choices if c["text"]]
    options = [c["id"] for c in choices if c["match"]]
    given_pairs = {}
    for stem in stems:
        if draw(st.booleans()):  # aim for a right answer, any of those with the same text
            right = [c["id"] for c in choices if c["match"] == stem["match"]]
            given_pairs[str(stem["id"])] = draw(st.sampled_from(right))
        elif draw(st.booleans()):
            given_pairs[str(stem["id"])] = draw(st.sampled_from(options))
    return data, given_pairs


@GRADING
@given(case=matching())
def test_matching_earns_full_marks_exactly_when_every_item_gets_its_answer_text(case):
    data, pairs = case
    earned = score(data, {"pairs": pairs})
    assert_in_range(data, earned)
    by_id = {c["id"]: c for c in data["choices"]}
    stems = [c for c in data["choices"] if c["text"]]
    fully_right = all(
        str(s["id"]) in pairs and by_id[pairs[str(s["id"])]]["match"] == s["match"] for s in stems
    )
    assert (earned == Decimal(data["points"])) == fully_right


def test_two_items_sharing_an_answer_text_take_either_option():
    data = question(
        "matching",
        "2.00",
        [
            choice(1, text="NATO", match="keamanan"),
            choice(2, text="ASEAN Regional Forum", match="keamanan"),
            choice(3, text="WTO", match="perdagangan"),
        ],
    )
    assert score(data, {"pairs": {"1": 2, "2": 1, "3": 3}}) == Decimal("2.00")
    assert score(data, {"pairs": {"1": 1, "2": 1, "3": 3}}) == Decimal("2.00")
    assert score(data, {"pairs": {"1": 3, "2": 1, "3": 3}}) == Decimal("1.33")


# --- shares and essays ------------------------------------------------------------------------


@GRADING
@given(points=POINTS, share=st.fractions(min_value=-2, max_value=2, max_denominator=1000))
def test_only_a_whole_share_rounds_to_full_marks(points, share):
    data = question("single", points, [choice(1, fraction="1")])
    earned = to_points(points, share)
    assert_in_range(data, earned)
    assert (earned == points) == (share >= 1)


@GRADING
@given(points=POINTS, answer=st.one_of(st.none(), st.text().map(lambda t: {"text": t})))
def test_essays_wait_for_the_teacher(points, answer):
    data = question("essay", points, [])
    assert share_of_points(data, answer) is None
    assert score(data, answer) is None
