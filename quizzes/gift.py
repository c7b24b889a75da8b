"""Moodle's GIFT format: read a question bank into our question types, and write a quiz out.

Pure functions over dataclasses; nothing here touches the database. Reading follows Moodle's
importer (question/format/gift) but reports what Moodle would quietly accept or change:
every problem names the line where its question starts and the question's title or first words.
"""

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

TRUE_FALSE = ["Benar", "Salah"]  # as the question editor writes them (the content is Indonesian)
BLANK = "_____"
FORMATS = ("html", "moodle", "plain", "markdown")
SPECIAL = "~=#{}:"
FRACTION_PLACES = Decimal("0.0000001")  # what Choice.fraction keeps
NUMBER_PLACES = Decimal("0.00000001")  # what Choice.value and Choice.tolerance keep
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Far above any real quiz, low enough that a preview stays quick: a file of 40,000 questions, or
# one question of 2 million "~", took minutes and gigabytes to show.
MAX_QUESTIONS = 1000
MAX_ANSWERS = 100
MAX_PROBLEMS = 100  # errors listed before reading stops: a file of "}" lines is all errors
SENTENCE_PUNCTUATION = set(".,;:!?)]\"'’”…")


class GiftDecodeError(ValueError):
    pass


@dataclass
class GiftAnswer:
    text: str = ""
    match: str = ""
    value: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    fraction: Decimal = Decimal(0)
    feedback: str = ""


@dataclass
class GiftQuestion:
    type: str
    text: str
    line: int
    title: str = ""
    text_format: str = "moodle"
    general_feedback: str = ""
    answers: list[GiftAnswer] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title or first_words(self.text)

    def as_dict(self) -> dict:
        return {
            "type": self.type,
            "title": self.title,
            "line": self.line,
            "text": self.text,
            "text_format": self.text_format,
            "general_feedback": self.general_feedback,
            "answers": [
                {
                    "text": a.text,
                    "match": a.match,
                    "value": None if a.value is None else str(a.value),
                    "tolerance": str(a.tolerance),
                    "fraction": str(a.fraction),
                    "feedback": a.feedback,
                }
                for a in self.answers
            ],
        }


@dataclass
class Problem:
    line: int
    question: str
    message: str
    index: int | None = None  # the question's place in ParseResult.questions, if it has one

    def __str__(self) -> str:
        if self.question:
            return _("Line %(line)d (“%(question)s”): %(message)s") % {
                "line": self.line,
                "question": self.question,
                "message": self.message,
            }
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParseResult:
    questions: list[GiftQuestion] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def first_words(text: str, count: int = 6) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def decode_gift(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (a BOM is fine), line endings made \\n."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GiftDecodeError(
            _(
                "The file is not UTF-8 text (byte %(position)d). Save it as UTF-8 "
                "(in Moodle's export it already is) and upload it again."
            )
            % {"position": error.start + 1}
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Reading ------------------------------------------------------------------------------------


def _unescaped(text: str, char: str, start: int = 0) -> int:
    """Index of the first `char` at or after `start` not preceded by an escaping backslash."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(char, i):
            return i
        i += 1
    return -1


def _more_unescaped_than(text: str, chars: str, limit: int) -> bool:
    """Whether `text` holds more than `limit` unescaped `chars`, counting no further."""
    if sum(map(text.count, chars)) <= limit:  # escaped ones included: a quick upper bound
        return False
    count, i = 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            count += 1
            if count > limit:
                return True
        i += 1
    return False


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separator characters: [(separator, piece)], the first with sep ""."""
    pieces: list[tuple[str, str]] = []
    sep, start, i = "", 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in separators:
            pieces.append((sep, text[start:i]))
            sep, start = text[i], i + 1
        i += 1
    pieces.append((sep, text[start:]))
    return pieces


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
            if nxt in SPECIAL or nxt == "\\":
                out.append(nxt)
                i += 2
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _looks_stray(after: str, before: str) -> bool:
    """One or two characters after the answers that cannot end a missing-word sentence.

    "Moodle costs {~lots =nothing}." is a sentence; "What is pi? {#3.14}." or "{=a ~b}~" is a typo.
    """
    if len(after) > 2 or any(char.isalnum() for char in after):
        return len(after) == 1
    return not set(after) <= SENTENCE_PUNCTUATION or before.rstrip()[-1:] in (".", "?", "!", ":")


def to_markdown(text: str, text_format: str) -> str:
    """Question text as we store it, Markdown, showing what the author wrote in their format.

    Plain text and Moodle's auto-format become Markdown that shows them literally: signs
    Markdown would read as formatting are escaped and line breaks are kept. Moodle's
    auto-format also allows HTML, which Markdown keeps. HTML and Markdown are kept as they are.
    """
    if text_format not in ("plain", "moodle"):
        return text
    inline = r"([\\`*_\[\]])" if text_format == "moodle" else r"([\\`*_\[\]<&])"
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = []
        for line in paragraph.split("\n"):
            line = re.sub(inline, r"\\\1", line.strip())
            line = re.sub(r"^([#>+=-])", r"\\\1", line)
            line = re.sub(r"^(\d+)([.)])", r"\1\\\2", line)
            lines.append(line)
        paragraphs.append("\\\n".join(lines))
    return "\n\n".join(paragraphs)


def _format(text: str) -> tuple[str, str | None]:
    match = re.match(r"\s*\[(html|moodle|plain|markdown)\]", text)
    if match:
        return text[match.end() :], match.group(1)
    return text, None


def _blocks(text: str):
    """(line number, lines) of each question: comment lines dropped, blank lines between."""
    lines: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("//"):
            continue
        if line.strip():
            if not lines:
                start = number
            lines.append(line)
        elif lines:
            yield start, lines
            lines = []
    if lines:
        yield start, lines


def parse_gift(text: str) -> ParseResult:
    """Every question of a GIFT text, with what could not be read and what changes on the way."""
    result = ParseResult()
    titles_seen = categories_seen = False
    for line, lines in _blocks(text):
        if len(result.errors) >= MAX_PROBLEMS:
            result.errors.append(
                Problem(
                    line,
                    "",
                    _("Reading stopped after %(count)d problems: fix them and import again.")
                    % {"count": MAX_PROBLEMS},
                )
            )
            break
        if len(result.questions) == MAX_QUESTIONS:
            result.errors.append(
                Problem(
                    line,
                    "",
                    _("A file can bring at most %(max)s questions: split it and import each part.")
                    % {"max": number_format(MAX_QUESTIONS, force_grouping=True)},
                )
            )
            break
        joined = "\n".join(lines).strip()
        if joined.startswith("$CATEGORY:"):
            if not categories_seen:  # said once, like titles
                categories_seen = True
                result.warnings.append(
                    Problem(
                        line,
                        "",
                        _("Categories are not kept: the questions go into this quiz."),
                    )
                )
            rest = "\n".join(lines[1:]).strip()
            if not rest:
                continue
            joined, line = rest, line + 1
        reader = _Reader(line, joined, result)
        question = reader.read()
        if question is not None:
            if question.title and not titles_seen:
                titles_seen = True
                result.warnings.append(
                    Problem(
                        line,
                        question.name,
                        _("Question titles are not kept: our questions have no title."),
                    )
                )
            result.questions.append(question)
            for problem in reader.warnings:
                problem.index = len(result.questions) - 1
            result.warnings.extend(reader.warnings)
        else:
            result.warnings.extend(reader.warnings)
        result.errors.extend(reader.errors)
    return result


class _Reader:
    """One question's block of text."""

    def __init__(self, line: int, text: str, result: ParseResult):
        self.line = line
        self.text = text
        self.name = ""
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def warn(self, message: str):
        self.warnings.append(Problem(self.line, self.name, message))

    def error(self, message: str):
        self.errors.append(Problem(self.line, self.name, message))

    def read(self) -> GiftQuestion | None:
        text = self.text
        title = ""
        if text.startswith("::"):
            end = _unescaped(text, "::", 2)
            if end == -1:
                self.name = first_words(unescape(text))
                self.error(_("The title has no closing “::”."))
                return None
            title = unescape(text[2:end]).strip()
            text = text[end + 2 :].strip()
        open_at = _unescaped(text, "{")
        shown = text if open_at == -1 else text[:open_at]
        self.name = title or first_words(unescape(_format(shown)[0]))
        stray_close = _unescaped(text, "}")
        if open_at == -1:
            if stray_close != -1:
                self.error(_("There is a “}” without a “{” before it."))
            else:
                self.warn(
                    _(
                        "A description without a question (no answer in braces) is not "
                        "imported: a quiz has no place for it. Put the text in the quiz's "
                        "instructions or in the next question."
                    )
                )
            return None
        close_at = _unescaped(text, "}", open_at)
        if close_at == -1:
            self.error(_("The answers are missing their closing “}”."))
            return None
        if stray_close < open_at:
            self.error(_("There is a “}” without a “{” before it."))
            return None
        answers = text[open_at + 1 : close_at]
        if _more_unescaped_than(answers, "~=", MAX_ANSWERS):
            self.error(_("A question can have at most %(max)d answers.") % {"max": MAX_ANSWERS})
            return None
        if _unescaped(answers, "{") != -1:
            self.error(_("There is a “{” inside the answers: write \\{ if it belongs to the text."))
            return None
        before, after = text[:open_at], text[close_at + 1 :]
        if _unescaped(after, "{") != -1 or _unescaped(after, "}") != -1:
            self.error(_("A question can have only one set of answers in braces."))
            return None
        before, text_format = _format(before)
        text_format = text_format or "moodle"
        question_text = to_markdown(unescape(before).strip(), text_format)
        after_text = unescape(after).strip()
        if after_text:
            if _looks_stray(after_text, question_text):
                self.warn(
                    _(
                        "“%(text)s” after the closing brace looks like a stray character; it "
                        "is kept as the end of a missing-word sentence. Delete it if it is "
                        "a typo."
                    )
                    % {"text": after_text}
                )
            sep = "" if not question_text or question_text[-1].isspace() else " "
            after_text = to_markdown(after_text, text_format)
            question_text = f"{question_text}{sep}{BLANK} {after_text}".strip()
        elif not question_text:
            self.error(_("The question has no text."))
            return None
        question = GiftQuestion(
            type="", text=question_text, line=self.line, title=title, text_format=text_format
        )
        self._convert_format(question)
        self._answers(question, answers)
        return question if not self.errors else None

    def _convert_format(self, question: GiftQuestion):
        if question.text_format == "html" or (
            question.text_format == "moodle" and HTML_TAG.search(question.text)
        ):
            self.warn(
                _(
                    "The text is HTML: it is kept as it is, and Markdown shows HTML, but tags "
                    "other than simple formatting (scripts, styles, forms) are removed when "
                    "it is shown."
                )
            )

    def _piece(self, raw: str) -> str:
        """An answer or feedback: unescaped; HTML becomes plain text (answers are not HTML)."""
        raw, text_format = _format(raw)
        text = unescape(raw).strip()
        if text_format == "html":
            plain = html.unescape(strip_tags(text)).strip()
            if plain != text:
                self.warn(
                    _("HTML tags in an answer or feedback are removed: “%(text)s”.")
                    % {"text": first_words(text)}
                )
            return plain
        return text

    def _weight(self, piece: str) -> tuple[Decimal | None, str]:
        """A leading %50% weight, as a fraction; None when there is none."""
        match = re.match(r"\s*%([^%]*)%", piece)
        if not match:
            return None, piece
        try:
            percent = Decimal(match.group(1).strip())
        except InvalidOperation:
            self.error(
                _("“%(weight)s” is not a weight: write a percentage such as %%50%% or %%-25%%.")
                % {"weight": match.group(0).strip()}
            )
            return Decimal(0), piece[match.end() :]
        if not -100 <= percent <= 100:
            self.error(
                _("The weight %(weight)s%% is outside -100%% to 100%%.") % {"weight": percent}
            )
        fraction = percent / 100
        if fraction.quantize(FRACTION_PLACES) != fraction:
            self.warn(
                _("The weight %(weight)s%% is rounded to 7 decimal places of a share.")
                % {"weight": percent}
            )
        return fraction.quantize(FRACTION_PLACES), piece[match.end() :]

    def _check_inner_markers(self, pieces: list[tuple[str, str]]):
        """Warn when a = or ~ starts an answer right after a word: probably meant as text."""
        for (_sep, piece), (nxt, _rest) in pairwise(pieces):
            if nxt and piece and not piece[-1].isspace():
                self.warn(
                    _(
                        "An unescaped “%(sign)s” right after “%(text)s” starts a new answer. "
                        "If it belongs to the answer's text, write \\%(sign)s."
                    )
                    % {"sign": nxt, "text": first_words(unescape(piece).strip(), 4)}
                )

    def _feedback(self, piece: str) -> tuple[str, str]:
        at = _unescaped(piece, "#")
        if at == -1:
            return piece, ""
        return piece[:at], self._piece(piece[at + 1 :])

    def _answers(self, question: GiftQuestion, answers: str):
        general_at = _unescaped(answers, "####")
        if general_at != -1:
            question.general_feedback = self._piece(answers[general_at + 4 :])
            answers = answers[:general_at]
        body = answers.strip()
        if not body:
            question.type = "essay"
        elif body.startswith("#"):
            self._numerical(question, body[1:])
        elif _unescaped(body, "~") != -1:
            self._choices(question, body)
        elif _unescaped(body, "=") != -1 and _unescaped(body, "->") != -1:
            self._matching(question, body)
        elif _unescaped(body, "=") != -1:
            self._short(question, body)
        else:
            self._true_false(question, body)

    def _choices(self, question: GiftQuestion, body: str):
        pieces = _split(body, "~=")
        self._check_inner_markers(pieces)
        if pieces[0][1].strip():
            self.error(
                _("“%(text)s” comes before the first answer: start each answer with = or ~.")
                % {"text": first_words(unescape(pieces[0][1]).strip(), 4)}
            )
        question.type = "single" if any(sep == "=" for sep, _p in pieces) else "multiple"
        for sep, piece in pieces[1:]:
            weight, piece = self._weight(piece)
            if weight is None:
                weight = Decimal(1) if sep == "=" else Decimal(0)
            elif sep == "=":
                weight = Decimal(1)  # Moodle: "=" is always full credit
            text, feedback = self._feedback(piece)
            question.answers.append(
                GiftAnswer(text=self._piece(text), fraction=weight, feedback=feedback)
            )
        if len(question.answers) < 2:
            self.warn(_("A choice question needs at least two answers."))
        if question.type == "multiple" and not any(a.fraction > 0 for a in question.answers):
            # As the question form says: a question nobody can answer right is not a question.
            self.error(
                _("No answer earns credit: mark the right ones with = or give them a weight.")
            )
        elif question.type == "multiple" and any(a.fraction == 0 for a in question.answers):
            # Otherwise ticking every box would earn full marks (see scoring.share_of_points).
            self.warn(
                _(
                    "Here, ticking an answer with no weight costs as much as a right answer "
                    "earns on average (in Moodle it costs nothing). Give wrong answers a "
                    "negative weight to choose the cost yourself."
                )
            )

    def _short(self, question: GiftQuestion, body: str):
        question.type = "short"
        pieces = _split(body, "=")
        self._check_inner_markers(pieces)
        for _sep, piece in pieces[1:]:
            weight, piece = self._weight(piece)
            text, feedback = self._feedback(piece)
            text = self._piece(text)
            if "*" in text:
                self.warn(
                    _(
                        "“%(text)s”: the * wildcard is not supported; the answer must be "
                        "typed exactly like this, with the * (case, spaces and final "
                        "punctuation do not matter)."
                    )
                    % {"text": text}
                )
            question.answers.append(
                GiftAnswer(
                    text=text, fraction=Decimal(1) if weight is None else weight, feedback=feedback
                )
            )

    def _matching(self, question: GiftQuestion, body: str):
        question.type = "matching"
        pieces = _split(body, "=")
        self._check_inner_markers(pieces)
        for _sep, piece in pieces[1:]:
            arrow = _unescaped(piece, "->")
            if arrow == -1:
                self.error(
                    _("“%(text)s” has no “->”: write each pair as =item -> answer.")
                    % {"text": first_words(unescape(piece).strip(), 4)}
                )
                continue
            stem, answer = piece[:arrow], piece[arrow + 2 :]
            question.answers.append(GiftAnswer(text=self._piece(stem), match=self._piece(answer)))
        stems = [a for a in question.answers if a.text]
        if len(stems) < 2:
            self.warn(_("A matching question needs at least two pairs."))

    def _true_false(self, question: GiftQuestion, body: str):
        question.type = "true_false"
        parts = _split(body, "#")
        word = unescape(parts[0][1]).strip().upper()
        if word not in ("T", "TRUE", "F", "FALSE"):
            self.error(
                _(
                    "“%(text)s” is not an answer GIFT knows: start answers with = or ~, or "
                    "write T, TRUE, F or FALSE."
                )
                % {"text": first_words(unescape(body).strip(), 4)}
            )
            return
        if len(parts) > 3:
            self.warn(_("A true/false question has at most two feedbacks; the rest is ignored."))
        wrong = self._piece(parts[1][1]) if len(parts) > 1 else ""
        right = self._piece(parts[2][1]) if len(parts) > 2 else ""
        is_true = word.startswith("T")
        question.answers = [
            GiftAnswer(
                text=TRUE_FALSE[0],
                fraction=Decimal(1) if is_true else Decimal(0),
                feedback=right if is_true else wrong,
            ),
            GiftAnswer(
                text=TRUE_FALSE[1],
                fraction=Decimal(0) if is_true else Decimal(1),
                feedback=wrong if is_true else right,
            ),
        ]

    def _number(self, raw: str) -> Decimal | None:
        try:
            number = Decimal(raw.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None

    def _numerical(self, question: GiftQuestion, body: str):
        question.type = "numerical"
        body = body.strip()
        pieces = _split(body, "=~") if body[:1] in ("=", "~") else [("=", body)]
        if body[:1] in ("=", "~"):
            self._check_inner_markers(pieces)
            pieces = pieces[1:]
        for sep, piece in pieces:
            weight, piece = self._weight(piece)
            raw, feedback = self._feedback(piece)
            raw = unescape(raw).strip()
            if sep == "~":
                if raw:
                    self.warn(
                        _("“%(text)s”: a wrong answer earns nothing anyway; it is not imported.")
                        % {"text": raw}
                    )
                if feedback:
                    self.warn(
                        _(
                            "Feedback for any other answer (“%(text)s”) is not imported: put "
                            "it in the general feedback."
                        )
                        % {"text": first_words(feedback)}
                    )
                continue
            answer = GiftAnswer(fraction=Decimal(1) if weight is None else weight)
            answer.feedback = feedback
            if ".." in raw:
                low, high = (self._number(part) for part in raw.split("..", 1))
                if low is None or high is None or low > high:
                    self._not_a_number(raw)
                    continue
                answer.value, answer.tolerance = (low + high) / 2, (high - low) / 2
            else:
                value, _colon, tolerance = raw.partition(":")
                answer.value = self._number(value)
                answer.tolerance = self._number(tolerance) if _colon else Decimal(0)
                if answer.value is None or answer.tolerance is None:
                    self._not_a_number(raw)
                    continue
                answer.tolerance = abs(answer.tolerance)
            for name in ("value", "tolerance"):
                number = getattr(answer, name)
                if number.quantize(NUMBER_PLACES) != number:
                    self.warn(_("%(number)s is rounded to 8 decimal places.") % {"number": number})
                setattr(answer, name, number.quantize(NUMBER_PLACES))
            question.answers.append(answer)
        if not question.answers:
            self.warn(_("A numerical question needs at least one numerical answer."))

    def _not_a_number(self, raw: str):
        self.warn(
            _(
                "“%(text)s” is not a number, a number:tolerance or a min..max range; "
                "this answer is not imported."
            )
            % {"text": raw}
        )


# Writing ------------------------------------------------------------------------------------


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def percent(fraction: Decimal) -> str:
    return _number(fraction * 100)


def _number(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _with_feedback(text: str, feedback: str) -> str:
    return f"{escape(text)}#{escape(feedback)}" if feedback else escape(text)


# The weights Moodle's question bank offers; its importer refuses others unless told to round.
MOODLE_GRADES = [
    Decimal(v)
    for v in [
        "100",
        "90",
        "83.33333",
        "80",
        "75",
        "70",
        "66.66667",
        "60",
        "50",
        "40",
        "33.33333",
        "30",
        "25",
        "20",
        "16.66667",
        "14.28571",
        "12.5",
        "11.11111",
        "10",
        "5",
        "0",
    ]
]


def _moodle_grade(fraction: Decimal) -> bool:
    return any(abs(abs(fraction) * 100 - grade) < Decimal("0.0001") for grade in MOODLE_GRADES)


def export_question(question: dict) -> str:
    """One question (as `Question.snapshot` gives it) as GIFT, with comments for what is lost."""
    kind = question["type"]
    choices = question["choices"]
    comments: list[str] = []
    if kind in ("single", "multiple", "short", "numerical") and not all(
        _moodle_grade(Decimal(c["fraction"])) for c in choices
    ):
        comments.append(
            "A weight is not one of Moodle's grades: when importing into Moodle, "
            "choose “Nearest grade if not listed”."
        )
    title = first_words(question["text"].split("\n", 1)[0], 8)
    head = f"::{escape(title)}::[markdown]{escape(question['text'])} "
    if kind == "single":
        if not any(Decimal(c["fraction"]) == 1 for c in choices):
            comments.append(
                "This single-choice question has no fully right answer: "
                "Moodle reads it as multiple response."
            )
        if all(Decimal(c["fraction"]) == 1 for c in choices):
            comments.append(
                "This single-choice question has no wrong answer: Moodle reads it as short answer."
            )
        parts = []
        for c in choices:
            fraction = Decimal(c["fraction"])
            sign = "=" if fraction == 1 else "~" if fraction == 0 else f"~%{percent(fraction)}%"
            parts.append(sign + _with_feedback(c["text"], c["feedback"]))
        answers = " ".join(parts)
    elif kind == "multiple":
        answers = " ".join(
            f"~%{percent(Decimal(c['fraction']))}%" + _with_feedback(c["text"], c["feedback"])
            for c in choices
        )
    elif kind == "true_false":
        right = [c for c in choices if Decimal(c["fraction"]) == 1]
        wrong = [c for c in choices if Decimal(c["fraction"]) != 1]
        if len(choices) != 2 or len(right) != 1 or Decimal(wrong[0]["fraction"]) != 0:
            comments.append("This true/false question has no single right answer.")
        is_true = bool(choices) and right[:1] == choices[:1]
        answers = "TRUE" if is_true else "FALSE"
        wrong_feedback = wrong[0]["feedback"] if wrong else ""
        right_feedback = right[0]["feedback"] if right else ""
        if wrong_feedback or right_feedback:
            answers += f"#{escape(wrong_feedback)}"
        if right_feedback:
            answers += f"#{escape(right_feedback)}"
    elif kind == "short":
        answers = " ".join(
            "="
            + ("" if Decimal(c["fraction"]) == 1 else f"%{percent(Decimal(c['fraction']))}%")
            + _with_feedback(c["text"], c["feedback"])
            for c in choices
        )
    elif kind == "numerical":
        parts = []
        for c in choices:
            if c["value"] is None:
                comments.append("An answer without a number is left out.")
                continue
            fraction = Decimal(c["fraction"])
            weight = "" if fraction == 1 else f"%{percent(fraction)}%"
            number = f"{_number(Decimal(c['value']))}:{_number(Decimal(c['tolerance']))}"
            parts.append(
                f"={weight}{number}" + (f"#{escape(c['feedback'])}" if c["feedback"] else "")
            )
        answers = "#" + " ".join(parts)
    elif kind == "matching":
        parts = []
        for c in choices:
            if "->" in c["text"]:
                comments.append("An item contains “->”: Moodle splits the pair there.")
            if c["feedback"]:
                comments.append(
                    "Feedback on a matching pair is left out: GIFT has no place for it."
                )
            parts.append(f"={escape(c['text'])} -> {escape(c['match'])}")
        answers = " ".join(parts)
    elif kind == "essay":
        answers = ""
        if choices:
            comments.append("Answers of an essay question are left out.")
    else:
        return f"// A question of type {kind} cannot be written in GIFT.\n"
    if question.get("general_feedback"):
        answers += f"####{escape(question['general_feedback'])}"
    points = Decimal(question.get("points", 1))
    if points != 1:
        comments.append(f"Points: {_number(points)} (GIFT has no points; Moodle gives 1).")
    lines = [f"// {comment}" for comment in comments]
    lines.append(f"{head}{{{answers}}}")
    return "\n".join(lines) + "\n"


def export_gift(*, title: str, questions: list[dict]) -> str:
    """A whole quiz as a GIFT file Moodle imports."""
    header = " ".join(title.split())
    parts = [f"// {header}\n// Exported from Kerjasama Classroom\n"]
    parts.extend(export_question(question) for question in questions)
    return "\n".join(parts)


def file_name(title: str) -> str:
    """The download's name: the quiz's title as a slug, ending in .gift."""
    return f"{slugify(title) or 'quiz'}.gift"
