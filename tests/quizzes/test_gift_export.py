"""Writing GIFT: exact text per type, and import(export(quiz)) gives the quiz back."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.models import Course
from quizzes import gift
from quizzes.authoring import questions_with_choices
from quizzes.importing import add_questions, create_quiz

from ..factories import QuizFactory, make_question

SAMPLE = Path(django_settings.BASE_DIR) / "content" / "kuis-kerjasama-internasional.json"


# These tests read the English source strings; Indonesian has its own test.
pytestmark = pytest.mark.usefixtures("english")


def choice(text="", *, fraction="0", feedback="", match="", value=None, tolerance="0"):
    return {
        "id": None,
        "text": text,
        "match": match,
        "value": value,
        "tolerance": tolerance,
        "fraction": fraction,
        "feedback": feedback,
    }


def question(kind, text, choices, general_feedback=""):
    return {"type": kind, "text": text, "choices": choices, "general_feedback": general_feedback}


EXPECTED = [
    (
        question(
            "single",
            "Ibu kota {RI}?",
            [
                choice("Jakarta", fraction="1", feedback="Ya#benar"),
                choice("Bandung"),
                choice("Batavia", fraction="0.5"),
            ],
            "Lihat: peta",
        ),
        "::Ibu kota \\{RI\\}?::[markdown]Ibu kota \\{RI\\}? "
        "{=Jakarta#Ya\\#benar ~Bandung ~%50%Batavia####Lihat\\: peta}\n",
    ),
    (
        question(
            "multiple",
            "Anggota?",
            [
                choice("A", fraction="0.5000000"),
                choice("B", fraction="0.5"),
                choice("C", fraction="-1", feedback="bukan"),
                choice("D"),
            ],
        ),
        "::Anggota?::[markdown]Anggota? {~%50%A ~%50%B ~%-100%C#bukan ~%0%D}\n",
    ),
    (
        question(
            "true_false",
            "Benar?",
            [choice("Benar", fraction="1", feedback="ya"), choice("Salah", feedback="tidak")],
        ),
        "::Benar?::[markdown]Benar? {TRUE#tidak#ya}\n",
    ),
    (
        question("true_false", "Salah?", [choice("Benar"), choice("Salah", fraction="1")]),
        "::Salah?::[markdown]Salah? {FALSE}\n",
    ),
    (
        question(
            "short",
            "PBB?",
            [choice("PBB", fraction="1"), choice("U=N", fraction="0.25", feedback="Inggris")],
        ),
        "::PBB?::[markdown]PBB? {=PBB =%25%U\\=N#Inggris}\n",
    ),
    (
        question(
            "numerical",
            "Tahun?",
            [
                choice(value="1945.00000000", tolerance="0E-8", fraction="1", feedback="ok"),
                choice(value="1945", tolerance="2.5", fraction="0.5"),
            ],
        ),
        "::Tahun?::[markdown]Tahun? {#=1945:0#ok =%50%1945:2.5}\n",
    ),
    (
        question(
            "matching",
            "Pasangkan.",
            [
                choice("NATO", match="keamanan"),
                choice("WTO", match="perdagangan"),
                choice("", match="pariwisata"),
            ],
        ),
        "::Pasangkan.::[markdown]Pasangkan. "
        "{=NATO -> keamanan =WTO -> perdagangan = -> pariwisata}\n",
    ),
    (
        question("essay", "Jelaskan\nsingkat.", [], "Tiga paragraf."),
        "::Jelaskan::[markdown]Jelaskan\\nsingkat. {####Tiga paragraf.}\n",
    ),
]


@pytest.mark.parametrize(("data", "expected"), EXPECTED, ids=[e[0]["type"] for e in EXPECTED])
def test_export_of_each_type(data, expected):
    assert gift.export_question(data) == expected


def test_what_gift_cannot_say_is_a_comment():
    data = question("matching", "M", [choice("a", match="1", feedback="x"), choice("b", match="2")])
    assert gift.export_question(data).startswith(
        "// Feedback on a matching pair is left out: GIFT has no place for it.\n"
    )
    essay = question("essay", "E", []) | {"points": "2.50"}
    assert gift.export_question(essay) == (
        "// Points: 2.5 (GIFT has no points; Moodle gives 1).\n::E::[markdown]E {}\n"
    )
    odd = question("short", "S", [choice("a", fraction="1"), choice("b", fraction="0.1234")])
    assert gift.export_question(odd).startswith(
        "// A weight is not one of Moodle's grades: when importing into Moodle, "
        "choose “Nearest grade if not listed”.\n"
    )
    thirds = question("multiple", "M", [choice(t, fraction="0.3333333") for t in "abc"])
    assert not gift.export_question(thirds).startswith("//")
    single = question("single", "S", [choice("a", fraction="0.5"), choice("b")])
    assert "Moodle reads it as multiple response" in gift.export_question(single)


def test_export_file_has_a_header_and_blank_lines_between_questions():
    text = gift.export_gift(title="Kuis\nSatu", questions=[EXPECTED[2][0], EXPECTED[3][0]])
    assert text == (
        "// Kuis Satu\n// Exported from Kerjasama Classroom\n\n"
        + EXPECTED[2][1]
        + "\n"
        + EXPECTED[3][1]
    )


# Round trip ----------------------------------------------------------------------------------

TEXT = st.text(alphabet="aZé 1~=#{}:\\\n.", min_size=1, max_size=25).map(str.strip).filter(bool)
FRACTION = st.decimals(min_value=-1, max_value=1, places=7, allow_nan=False).map(
    lambda d: d.quantize(Decimal("0.0000001"))
)
POSITIVE = st.decimals(min_value=Decimal("0.0000001"), max_value=1, places=7).map(
    lambda d: d.quantize(Decimal("0.0000001"))
)
NUMBER = st.decimals(min_value=-(10**6), max_value=10**6, places=8, allow_nan=False)
FEEDBACK = st.one_of(st.just(""), TEXT)


@st.composite
def questions(draw):
    kind = draw(
        st.sampled_from(
            ["single", "multiple", "true_false", "short", "numerical", "matching", "essay"]
        )
    )
    text = draw(TEXT)
    general = draw(FEEDBACK)
    if kind == "single":
        texts = draw(st.lists(TEXT, min_size=2, max_size=4, unique=True))
        fractions = [Decimal(1), Decimal(0)] + [draw(FRACTION) for _t in texts[2:]]
        choices = [
            choice(t, fraction=str(f), feedback=draw(FEEDBACK))
            for t, f in zip(texts, fractions, strict=False)
        ]
    elif kind == "multiple":
        texts = draw(st.lists(TEXT, min_size=2, max_size=4, unique=True))
        choices = [choice(t, fraction=str(draw(FRACTION)), feedback=draw(FEEDBACK)) for t in texts]
        choices[0]["fraction"] = str(draw(POSITIVE))
    elif kind == "true_false":
        right = draw(st.booleans())
        choices = [
            choice("Benar", fraction="1" if right else "0", feedback=draw(FEEDBACK)),
            choice("Salah", fraction="0" if right else "1", feedback=draw(FEEDBACK)),
        ]
    elif kind == "short":
        texts = draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))
        choices = [choice(t, fraction=str(draw(FRACTION)), feedback=draw(FEEDBACK)) for t in texts]
    elif kind == "numerical":
        choices = [
            choice(
                value=str(draw(NUMBER)),
                tolerance=str(abs(draw(NUMBER))),
                fraction=str(draw(FRACTION)),
                feedback=draw(FEEDBACK),
            )
            for _i in range(draw(st.integers(1, 3)))
        ]
    elif kind == "matching":
        stems = draw(st.lists(TEXT, min_size=2, max_size=4, unique=True))
        choices = [choice(s, match=draw(TEXT)) for s in stems]
        if draw(st.booleans()):
            choices.append(choice("", match=draw(TEXT)))
    else:
        choices = []
    return question(kind, text, choices, general)


def comparable(data):
    """What a round trip must keep, with numbers compared as numbers."""

    def number(value):
        return None if value is None else Decimal(value)

    return {
        "type": data["type"],
        "text": data["text"],
        "general_feedback": data["general_feedback"],
        "choices": [
            (
                c["text"] if data["type"] != "numerical" else "",
                c["match"],
                number(c["value"]),
                Decimal(c["tolerance"]),
                Decimal(c["fraction"]) if data["type"] != "matching" else Decimal(0),
                c["feedback"],
            )
            for c in data["choices"]
        ],
    }


def parsed(item):
    return comparable(
        {
            "type": item.type,
            "text": item.text,
            "general_feedback": item.general_feedback,
            "choices": [
                {
                    "text": a.text,
                    "match": a.match,
                    "value": a.value,
                    "tolerance": a.tolerance,
                    "fraction": a.fraction,
                    "feedback": a.feedback,
                }
                for a in item.answers
            ],
        }
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), min_size=1, max_size=4))
def test_import_of_export_gives_the_questions_back(items):
    result = gift.parse_gift(gift.export_gift(title="Kuis ~{}", questions=items))
    assert result.errors == []
    assert [parsed(q) for q in result.questions] == [comparable(q) for q in items]


def test_round_trip_through_the_database(course):
    quiz = QuizFactory(course=course)
    for kind in ["single", "multiple", "true_false", "short", "numerical", "matching", "essay"]:
        make_question(quiz, kind, general_feedback=f"Umum {kind}: #1 {{a}}")
    text = gift.export_gift(
        title=quiz.title, questions=[q.snapshot() for q in questions_with_choices(quiz)]
    )
    copy = QuizFactory(course=course)
    result = gift.parse_gift(text)
    assert result.errors == []
    add_questions(quiz=copy, questions=result.questions)
    before = [comparable(q.snapshot()) for q in questions_with_choices(quiz)]
    after = [comparable(q.snapshot()) for q in questions_with_choices(copy)]
    assert after == before


def test_export_command_writes_the_file(course, tmp_path, capsys):
    quiz = QuizFactory(course=course, title="Kuis Satu")
    make_question(quiz, "true_false", text="PBB berdiri 1945.")
    call_command("export_gift", str(quiz.pk))
    assert "::PBB berdiri 1945.::[markdown]PBB berdiri 1945. {TRUE}" in capsys.readouterr().out
    target = tmp_path / "kuis.gift"
    call_command("export_gift", str(quiz.pk), output=target)
    assert target.read_text(encoding="utf-8").startswith("// Kuis Satu\n")


def test_the_sample_quiz_survives_a_round_trip(db):
    call_command(
        "import_article",
        "content/kerjasama-internasional.txt",
        slug="kerjasama-internasional",
        verbosity=0,
    )
    course = Course.objects.get(slug="kerjasama-internasional")
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    quiz = create_quiz(course=course, data=data)
    text = gift.export_gift(
        title=quiz.title, questions=[q.snapshot() for q in questions_with_choices(quiz)]
    )
    result = gift.parse_gift(text)
    assert result.errors == []
    copy = QuizFactory(course=course)
    add_questions(quiz=copy, questions=result.questions)
    before = [comparable(q.snapshot()) for q in questions_with_choices(quiz)]
    after = [comparable(q.snapshot()) for q in questions_with_choices(copy)]
    assert len(after) == len(data["questions"])
    assert after == before
