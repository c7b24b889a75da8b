"""A first quiz drafted from a course's lessons, for the teacher to review before assigning it.

Deterministic: the same lessons give the same draft (a `random.Random` seeded with the course
and lesson slugs), without any network or language model. Questions are in Indonesian, like
the course, and each tests the lesson it was drawn from. A draft is an ordinary quiz that is
not assigned to any class, so no student sees it until the teacher assigns it.
"""

import random
import re
from dataclasses import dataclass

from lessons.models import Course, Lesson

from .importing import create_quiz
from .models import Quiz

ITEM = re.compile(r"^\d+\. \*\*(?P<term>.+?)\*\*: (?P<explanation>.+)$")
ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
TERMS_PER_LIST = 4  # "which term fits" questions per list: enough to cover it, few to review
MAX_CHOICES = 4
SENTENCES_PER_LESSON = 1  # statements quoted from the text are all true: few of them
TITLE_PREFIX = "Draf: "


@dataclass(frozen=True)
class Term:
    term: str  # plain text
    explanation: str  # plain text


def plain(markdown: str) -> str:
    """Markdown as the article import writes it, without its backslash escapes."""
    return ESCAPED.sub(r"\1", markdown)


def _quote(text: str) -> str:
    """Plain text as a Markdown block quote that shows it literally."""
    return "> " + re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", text)


def term_lists(body: str) -> list[list[Term]]:
    """Every numbered "**Term**: explanation" list of a lesson, terms unique within a list."""
    lists: list[list[Term]] = []
    current: list[Term] = []
    for line in body.split("\n"):
        match = ITEM.match(line.strip())
        if match:
            term = Term(plain(match["term"]).strip(), plain(match["explanation"]).strip())
            if term.term.casefold() not in {t.term.casefold() for t in current}:
                current.append(term)
            continue
        if current:
            lists.append(current)
        current = []
    if current:
        lists.append(current)
    return lists


def sentences(body: str) -> list[str]:
    """The sentences of a lesson's paragraphs (not its lists or headings)."""
    found = []
    for block in body.split("\n\n"):
        block = block.strip()
        if not block or ITEM.match(block) or block.startswith(("#", ">", "-", "*")):
            continue
        for sentence in SENTENCE_END.split(plain(block).replace("\n", " ")):
            if 50 <= len(sentence) <= 250:
                found.append(sentence)
    return found


def _lesson_questions(course: Course, lesson: Lesson) -> list[dict]:
    rng = random.Random(f"{course.slug}/{lesson.slug}")
    questions: list[dict] = []
    feedback = f"Lihat bacaan “{lesson.title}”."
    for terms in term_lists(lesson.body):
        if len(terms) < 3:
            continue
        for right in rng.sample(terms, min(TERMS_PER_LIST, len(terms))):
            others = [t for t in terms if t != right]
            picked = [right, *rng.sample(others, min(MAX_CHOICES - 1, len(others)))]
            rng.shuffle(picked)
            questions.append(
                {
                    "lesson": lesson.slug,
                    "type": "single",
                    "text": "Istilah manakah yang sesuai dengan penjelasan berikut?\n\n"
                    + _quote(right.explanation),
                    "general_feedback": feedback,
                    "choices": [
                        {"text": t.term, "fraction": 1 if t == right else 0} for t in picked
                    ],
                }
            )
        pairs = list(terms)
        rng.shuffle(pairs)
        questions.append(
            {
                "lesson": lesson.slug,
                "type": "matching",
                "points": 2,
                "text": "Pasangkan setiap penjelasan dengan istilah yang tepat.",
                "general_feedback": feedback,
                "choices": [{"text": t.explanation, "match": t.term} for t in pairs],
            }
        )
        shown, other = rng.sample(terms, 2)
        for explanation, is_right in ((shown.explanation, True), (other.explanation, False)):
            questions.append(
                {
                    "lesson": lesson.slug,
                    "type": "true_false",
                    "text": f"Benar atau salah? Penjelasan berikut adalah tentang "
                    f"“{shown.term}”:\n\n" + _quote(explanation),
                    "general_feedback": feedback,
                    "choices": [
                        {"text": "Benar", "fraction": 1 if is_right else 0},
                        {"text": "Salah", "fraction": 0 if is_right else 1},
                    ],
                }
            )
    found = sentences(lesson.body)
    for sentence in rng.sample(found, min(SENTENCES_PER_LESSON, len(found))):
        questions.append(
            {
                "lesson": lesson.slug,
                "type": "true_false",
                "text": "Benar atau salah? Menurut bacaan:\n\n" + _quote(sentence),
                "general_feedback": feedback,
                "choices": [{"text": "Benar", "fraction": 1}, {"text": "Salah", "fraction": 0}],
            }
        )
    return questions


def draft_data(course: Course) -> dict:
    """The draft quiz as `create_quiz` takes it; the same course gives the same draft."""
    questions = []
    for lesson in course.lessons.order_by("position", "pk"):
        questions.extend(_lesson_questions(course, lesson))
    return {
        "title": (TITLE_PREFIX + course.title)[:200],
        "instructions": "Draf otomatis dari bacaan. Periksa, ubah atau hapus soalnya "
        "sebelum kuis ini ditugaskan ke kelas.",
        "questions": questions,
    }


def plan_draft(course: Course) -> dict:
    """What a draft of this course would hold: its questions per lesson, for the confirm page."""
    data = draft_data(course)
    lessons = []
    for lesson in course.lessons.order_by("position", "pk"):
        count = sum(1 for q in data["questions"] if q["lesson"] == lesson.slug)
        lessons.append({"lesson": lesson, "count": count})
    return {"title": data["title"], "count": len(data["questions"]), "lessons": lessons}


def create_draft(*, course: Course, created_by=None) -> Quiz:
    """A new, unassigned quiz drafted from the course's lessons."""
    return create_quiz(course=course, data=draft_data(course), created_by=created_by)
