"""The demo's sample quiz on the article: every section, every type, every key sound."""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from lessons.models import Course
from quizzes import scoring
from quizzes.importing import create_quiz
from quizzes.models import Attempt, Question, QuizAssignment

SAMPLE = Path(settings.BASE_DIR) / "content" / "kuis-kerjasama-internasional.json"


def full_marks_answer(data):
    choices = data["choices"]
    right = [c for c in choices if Decimal(c["fraction"]) > 0]
    match data["type"]:
        case "single" | "true_false":
            return {"choice": max(choices, key=lambda c: Decimal(c["fraction"]))["id"]}
        case "multiple":
            return {"choices": [c["id"] for c in right]}
        case "short" | "numerical":
            return {"text": right[0]["text"]}
        case "matching":
            return {"pairs": {str(c["id"]): c["id"] for c in choices if c["text"]}}
    return {"text": "…"}


def test_sample_quiz_covers_every_section_and_type(db):
    call_command(
        "import_article",
        "content/kerjasama-internasional.txt",
        slug="kerjasama-internasional",
        verbosity=0,
    )
    course = Course.objects.get(slug="kerjasama-internasional")
    quiz = create_quiz(course=course, data=json.loads(SAMPLE.read_text(encoding="utf-8")))
    questions = list(quiz.questions.prefetch_related("choices"))
    assert len(questions) >= 20
    assert {q.lesson_id for q in questions} == set(course.lessons.values_list("pk", flat=True))
    assert {q.type for q in questions} == set(Question.Type.values)
    for question in questions:
        data = question.snapshot()
        expected = None if question.type == "essay" else question.points
        assert scoring.score(data, full_marks_answer(data)) == expected, question.text


def test_demo_class_has_the_sample_quiz_with_attempts(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assignment = QuizAssignment.objects.get(classroom__name="XI IPS 1")
    assert assignment.quiz.questions.count() >= 20
    submitted = assignment.attempts.filter(state=Attempt.State.SUBMITTED)
    assert submitted.count() == 20
    assert submitted.filter(needs_grading=True).exists()  # essays waiting for the teacher
    assert not assignment.attempts.filter(student__username="siswa1").exists()
    call_command("seed_demo", verbosity=0)  # again: nothing new
    assert QuizAssignment.objects.count() == 1 and Attempt.objects.count() == 20
