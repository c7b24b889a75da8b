"""Reading GIFT: every construct of Moodle's format, and every error and warning with its line."""

from decimal import Decimal

import pytest

from lessons.markdown import render_markdown
from quizzes.gift import BLANK, GiftDecodeError, decode_gift, parse_gift, unescape

# These tests read the English source strings; Indonesian has its own test.
pytestmark = pytest.mark.usefixtures("english")


def one(text):
    result = parse_gift(text)
    assert result.errors == [], result.errors
    assert len(result.questions) == 1, result.questions
    return result.questions[0], result.warnings


def answers(question):
    return [(a.text, a.fraction, a.feedback) for a in question.answers]


def messages(problems):
    return [(p.line, p.question, p.message) for p in problems]


def test_single_choice_with_feedback_weights_and_general_feedback():
    question, warnings = one(
        "Ibu kota Indonesia? {=Jakarta#Betul ~Bandung#Bukan ~%50%Batavia ####Lihat peta.}"
    )
    assert question.type == "single"
    assert question.text == "Ibu kota Indonesia?"
    assert answers(question) == [
        ("Jakarta", 1, "Betul"),
        ("Bandung", 0, "Bukan"),
        ("Batavia", Decimal("0.5"), ""),
    ]
    assert question.general_feedback == "Lihat peta."
    assert warnings == []


def test_multiple_answers_by_weights_including_negative():
    question, _ = one("Anggota ASEAN? {~%50%Indonesia ~%50%Malaysia ~%-100%Jepang#Bukan}")
    assert question.type == "multiple"
    assert answers(question) == [
        ("Indonesia", Decimal("0.5"), ""),
        ("Malaysia", Decimal("0.5"), ""),
        ("Jepang", Decimal(-1), "Bukan"),
    ]


@pytest.mark.parametrize(
    ("word", "right"), [("T", "Benar"), ("TRUE", "Benar"), ("F", "Salah"), ("FALSE", "Salah")]
)
def test_true_false_with_both_feedbacks(word, right):
    question, _ = one(f"PBB berdiri 1945. {{{word}#Keliru#Tepat}}")
    assert question.type == "true_false"
    by_text = {a.text: a for a in question.answers}
    assert by_text[right].fraction == 1
    assert by_text[right].feedback == "Tepat"  # the second feedback: for a right answer
    wrong = "Salah" if right == "Benar" else "Benar"
    assert by_text[wrong].fraction == 0
    assert by_text[wrong].feedback == "Keliru"


def test_short_answer_with_weights_and_wildcard_warning():
    question, warnings = one("Singkatan Perserikatan Bangsa-Bangsa? {=PBB =%50%P*B#Hampir}")
    assert question.type == "short"
    assert answers(question) == [("PBB", 1, ""), ("P*B", Decimal("0.5"), "Hampir")]
    assert len(warnings) == 1
    assert warnings[0].line == 1
    assert "wildcard" in warnings[0].message


def test_matching_with_a_distractor_answer():
    question, _ = one("Pasangkan. {=NATO -> keamanan =WTO -> perdagangan = -> pariwisata}")
    assert question.type == "matching"
    assert [(a.text, a.match) for a in question.answers] == [
        ("NATO", "keamanan"),
        ("WTO", "perdagangan"),
        ("", "pariwisata"),
    ]


def test_numerical_with_tolerance():
    question, _ = one("Pi? {#3.14:0.01}")
    assert question.type == "numerical"
    assert [(a.value, a.tolerance, a.fraction) for a in question.answers] == [
        (Decimal("3.14"), Decimal("0.01"), 1)
    ]


def test_numerical_range_becomes_midpoint_and_half_range_exactly():
    question, warnings = one("Antara 1 dan 4? {#1..4}")
    assert [(a.value, a.tolerance) for a in question.answers] == [(Decimal("2.5"), Decimal("1.5"))]
    assert warnings == []


def test_numerical_several_answers_and_wrong_answer_feedback_is_reported():
    text = "Tahun PBB berdiri?\n{#\n=1945:0#Tepat\n=%50%1945:2#Hampir\n~#Cek lagi\n}"
    question, warnings = one(text)
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in question.answers] == [
        (Decimal(1945), Decimal(0), 1, "Tepat"),
        (Decimal(1945), Decimal(2), Decimal("0.5"), "Hampir"),
    ]
    assert messages(warnings) == [
        (
            1,
            "Tahun PBB berdiri?",
            "Feedback for any other answer (“Cek lagi”) is not imported: put it in the "
            "general feedback.",
        )
    ]


def test_essay_and_essay_with_general_feedback():
    result = parse_gift("Jelaskan kerjasama. {}\n\nUraikan. {####Minimal tiga paragraf.}")
    assert [q.type for q in result.questions] == ["essay", "essay"]
    assert result.questions[1].general_feedback == "Minimal tiga paragraf."


def test_missing_word_keeps_the_text_with_a_blank():
    question, warnings = one("Kerjasama {=dua ~tiga} negara atau lebih.")
    assert question.type == "single"
    assert question.text == f"Kerjasama {BLANK} negara atau lebih."
    assert warnings == []


def test_description_only_is_reported_not_imported():
    result = parse_gift("// Bagian 1\nBacalah teks berikut.\n\nSoal? {T}")
    assert len(result.questions) == 1
    assert [(w.line, w.question) for w in result.warnings] == [(2, "Bacalah teks berikut.")]
    assert "description" in result.warnings[0].message


def test_comments_categories_and_titles():
    text = (
        "// bank soal\n$CATEGORY: $course$/top/Kerjasama\n\n"
        "// soal pertama\n::Tujuan::Apa tujuannya? {=Damai ~Perang}\n"
    )
    result = parse_gift(text)
    assert result.errors == []
    question = result.questions[0]
    assert (question.title, question.line, question.text) == ("Tujuan", 5, "Apa tujuannya?")
    assert [(w.line, w.question) for w in result.warnings] == [(2, ""), (5, "Tujuan")]
    assert "Categories" in result.warnings[0].message
    assert "titles" in result.warnings[1].message


def test_escapes():
    question, _ = one(r"Tanda \~ \= \# \{ \} \: \\ baris\nbaru? {=a\=b#c\#d ~e\~f}")
    assert question.text == "Tanda ~ = # { } : \\\\ baris\\\nbaru?"  # as Markdown
    assert answers(question) == [("a=b", 1, "c#d"), ("e~f", 0, "")]
    assert unescape(r"\n\\n") == "\n\\n"


def test_text_formats_per_piece():
    question, warnings = one("[markdown]**Tebal**? {=[html]<b>ya</b>#[plain]oke ~tidak}")
    assert question.text_format == "markdown"
    assert question.text == "**Tebal**?"
    assert answers(question)[0] == ("ya", 1, "oke")
    assert [w.message for w in warnings] == [
        "HTML tags in an answer or feedback are removed: “<b>ya</b>”."
    ]


def test_html_text_is_kept_and_reported():
    question, warnings = one("[html]<p>Pilih <em>satu</em></p> {=a ~b}")
    assert question.text == "<p>Pilih <em>satu</em></p>"
    assert "HTML" in warnings[0].message


def test_plain_and_moodle_text_become_markdown_that_shows_them_literally():
    question, warnings = one("[plain]Hitung 2*3*4 & <b>\\n# lalu\\n\\n1. satu {#24}")
    assert warnings == []
    assert question.text == "Hitung 2\\*3\\*4 \\& \\<b>\\\n\\# lalu\n\n1\\. satu"
    assert render_markdown(question.text) == (
        "<p>Hitung 2*3*4 &amp; &lt;b&gt;<br>\n# lalu</p>\n<p>1. satu</p>\n"
    )
    question, warnings = one("Moodle: <b>tebal</b> dan 2*3 {T}")
    assert render_markdown(question.text) == "<p>Moodle: <b>tebal</b> dan 2*3</p>\n"
    assert "HTML" in warnings[0].message


def test_crlf_bom_and_multiline_questions():
    text = decode_gift("\ufeff// c\r\n::A::Soal\r\nbaris dua {\r\n=ya\r\n~tidak\r\n}\r\n".encode())
    question, _ = one(text)
    assert question.text == "Soal\\\nbaris dua"  # a Markdown line break
    assert answers(question) == [("ya", 1, ""), ("tidak", 0, "")]
    assert question.line == 2


def test_not_utf8_is_refused():
    with pytest.raises(GiftDecodeError, match="UTF-8"):
        decode_gift("Soal? {=café}".encode("latin-1"))


# Errors: the question is not imported, its line and name are given.


@pytest.mark.parametrize(
    ("text", "line", "name", "start"),
    [
        ("Ok {T}\n\nRusak {=a ~b\n", 3, "Rusak", "The answers are missing"),
        ("Ok {T}\n\n\nSoal } aneh {=a}", 4, "Soal } aneh", "There is a “}”"),
        ("Dua {=a ~b} blok {=c ~d}", 1, "Dua", "A question can have only one"),
        ("Bersarang {=a {~b}}", 1, "Bersarang", "There is a “{” inside"),
        ("::Judul tanpa akhir Soal {T}", 1, "::Judul tanpa akhir Soal {T}", "The title has"),
        ("Apa? {mungkin}", 1, "Apa?", "“mungkin” is not an answer"),
        ("Bobot {=a ~%abc%b}", 1, "Bobot", "“%abc%” is not a weight"),
        ("Bobot {~%150%a ~b}", 1, "Bobot", "The weight 150% is outside"),
        ("Pasang {=a -> b =c d}", 1, "Pasang", "“c d” has no “->”"),
        ("Awal x {teks =a ~b}", 1, "Awal x", "“teks” comes before"),
        ("{=a ~b}", 1, "", "The question has no text."),
        ("Tanpa benar {~a ~b ~c}", 1, "Tanpa benar", "No answer earns credit"),
    ],
)
def test_errors_name_line_and_question(text, line, name, start):
    result = parse_gift(text)
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.line, error.question) == (line, name)
    assert error.message.startswith(start)
    assert all(q.line != line for q in result.questions)


@pytest.mark.parametrize(
    "answers",
    [
        "=a " + "~b " * 100,  # 101 answers
        "=a" + " =b -> c" * 101,  # 101 pairs
        "~" * 2_000_000,  # a 2 MB file of one question: minutes and gigabytes to preview
    ],
    ids=["choices", "pairs", "two-million"],
)
def test_a_question_with_more_than_a_hundred_answers_is_refused(answers):
    result = parse_gift("Ok {T}\n\nBanyak sekali {" + answers + "}")
    assert [(e.line, e.message) for e in result.errors] == [
        (3, "A question can have at most 100 answers.")
    ]
    assert len(result.questions) == 1


def test_a_hundred_answers_and_escaped_tildes_are_fine():
    result = parse_gift("Soal {=a " + "~b " * 98 + "~c\\~d\\~e}")
    assert result.errors == [] and len(result.questions[0].answers) == 100


def test_a_file_of_nothing_but_problems_stops_after_a_hundred():
    """2 MB of "}" lines made a 54 MB preview of 690,000 errors."""
    result = parse_gift("}\n\n" * 100_000)
    assert len(result.errors) == 101
    assert result.errors[-1].message == (
        "Reading stopped after 100 problems: fix them and import again."
    )


def test_categories_are_mentioned_once_however_many():
    text = "\n\n".join(f"$CATEGORY: $course$/top/Bab {n}\nSoal {n} {{T}}" for n in range(500))
    result = parse_gift(text)
    assert len(result.questions) == 500 and result.errors == []
    assert [w.message for w in result.warnings] == [
        "Categories are not kept: the questions go into this quiz."
    ]


def test_a_file_of_more_than_a_thousand_questions_is_refused_at_the_first_too_many():
    result = parse_gift("\n\n".join(f"Soal {n} {{T}}" for n in range(1001)))
    assert len(result.questions) == 1000
    [error] = result.errors
    assert error.line == 2001
    assert error.message == (
        "A file can bring at most 1,000 questions: split it and import each part."
    )


# Warnings where Moodle is lenient: the question is imported and the problem is named.


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Soal {=a ~b}~", "“~” after the closing brace looks like a stray character"),
        ("Soal {#tiga}", "“tiga” is not a number"),
        ("Soal {#1..x}", "“1..x” is not a number"),
        ("Soal {=a}x", "“x” after the closing brace"),
        ("Berapa nilai pi? {#3.14:0.01}.", "“.” after the closing brace"),
        ("Soal {~%100%a}", "A choice question needs at least two answers."),
        ("Soal {=a -> b}", "A matching question needs at least two pairs."),
        ("Soal {=1+1=2 ~3}", "An unescaped “=” right after “1+1”"),
        ("Soal {=a ~b~c}", "An unescaped “~” right after “b”"),
        ("Soal {~%100%a ~b}", "Here, ticking an answer with no weight costs"),
    ],
)
def test_lenient_moodle_cases_warn(text, start):
    result = parse_gift("// kepala\n\n" + text)
    assert result.errors == []
    assert len(result.questions) == 1
    assert any(w.message.startswith(start) and w.line == 3 for w in result.warnings), [
        w.message for w in result.warnings
    ]


def test_problem_text_names_line_and_question():
    result = parse_gift("\n\nApa? {mungkin}")
    assert str(result.errors[0]).startswith("Line 3 (“Apa?”): ")


MOODLE_DOCS_EXAMPLE = """// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}
// translated on import to the same as Q5, but unavailable from Moodle question interface

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}
"""


def test_the_example_of_moodles_gift_documentation():
    result = parse_gift(MOODLE_DOCS_EXAMPLE)
    assert result.errors == []
    assert [(q.title, q.line, q.type) for q in result.questions] == [
        ("Q1", 2, "true_false"),
        ("Q2", 5, "single"),
        ("Q3", 9, "short"),
        ("Q4", 12, "matching"),
        ("Q5", 15, "numerical"),
        ("Q6", 18, "numerical"),
        ("Q7", 22, "numerical"),
        ("Q8", 28, "essay"),
    ]
    q1, q2, q3, q4, q5, q6, q7, _q8 = result.questions
    assert q1.text == "1+1=2"
    assert answers(q2) == [
        ("yellow", 1, "right; good!"),
        ("red", 0, "wrong, it's yellow"),
        ("blue", 0, "wrong, it's yellow"),
    ]
    assert q3.text == f"Two plus {BLANK} equals four."
    assert answers(q3) == [("two", 1, ""), ("2", 1, "")]
    assert [(a.text, a.match) for a in q4.answers] == [("cat", "cat food"), ("dog", "dog food")]
    assert [(a.value, a.tolerance) for a in q5.answers] == [(3, 2)]
    assert [(a.value, a.tolerance) for a in q6.answers] == [(3, 2)]
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in q7.answers] == [
        (1822, 0, 1, "Correct! Full credit."),
        (1822, 2, Decimal("0.5"), "He was born in 1822. Half credit for being close."),
    ]
    assert [w.message for w in result.warnings] == [
        "Question titles are not kept: our questions have no title."
    ]
