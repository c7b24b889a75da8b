import pytest
from django.utils import timezone, translation

from ..factories import QuizAssignmentFactory, QuizFactory, make_question

KINDS = ["single", "multiple", "true_false", "short", "numerical", "matching", "essay"]


@pytest.fixture
def english(request):
    """Speak English to the test and to the users it signs in (the source strings)."""
    with translation.override("en"):
        for name in ("teacher", "other_teacher", "student", "staff"):
            if name in request.fixturenames:
                user = request.getfixturevalue(name)
                user.language = "en"
                user.save(update_fields=["language"])
        yield


@pytest.fixture
def now(time_machine):
    """The moment the test runs at: the clock stands still there, so the pages count from the
    same "now" as the test."""
    moment = timezone.now()
    time_machine.move_to(moment, tick=False)
    return moment


@pytest.fixture
def quiz(course, teacher):
    quiz = QuizFactory(course=course, title="Kuis Kerjasama", created_by=teacher)
    for position, kind in enumerate(KINDS):
        make_question(quiz, kind, position=position, points=2 if kind == "matching" else 1)
    return quiz


@pytest.fixture
def quiz_assignment(classroom, quiz, teacher):
    return QuizAssignmentFactory(classroom=classroom, quiz=quiz, assigned_by=teacher)


def answer_data(attempt, answers: dict[int, object]) -> dict:
    """Posted fields for {position: value}: a token, a list of tokens, a text, or {item: token}."""
    data = {"shown": [str(p) for p in answers]}
    for position, value in answers.items():
        if isinstance(value, dict):
            for item, token in value.items():
                data[f"q{position}-{item}"] = [token]
        else:
            data[f"q{position}"] = value if isinstance(value, list) else [value]
    return data


def token_of(attempt_question, text, *, matching_answer=False) -> str:
    """The token the page shows for the choice with this text (what a student would click)."""
    choices = {c["id"]: c for c in attempt_question.version.data["choices"]}
    order = attempt_question.match_order if matching_answer else attempt_question.choice_order
    key = "match" if matching_answer else "text"
    return str(next(i for i, c in enumerate(order) if choices[c][key] == text))


def full_marks_answers(attempt):
    """Posted fields answering every question of the `quiz` fixture right."""
    rows = {row.version.data["type"]: row for row in attempt.questions.select_related("version")}
    m = rows["matching"]
    return answer_data(
        attempt,
        {
            rows["single"].position: token_of(rows["single"], "Benar"),
            rows["multiple"].position: [
                token_of(rows["multiple"], "A"),
                token_of(rows["multiple"], "B"),
            ],
            rows["true_false"].position: token_of(rows["true_false"], "Benar"),
            rows["short"].position: "  perserikatan   bangsa-bangsa. ",
            rows["numerical"].position: "193,5",
            m.position: {
                token_of_item(m, "NATO"): token_of(m, "keamanan", matching_answer=True),
                token_of_item(m, "WTO"): token_of(m, "perdagangan", matching_answer=True),
                token_of_item(m, "UNESCO"): token_of(m, "pendidikan", matching_answer=True),
            },
            rows["essay"].position: "Kerjasama membawa perdamaian.",
        },
    )


def token_of_item(row, text):
    choices = {c["id"]: c for c in row.version.data["choices"]}
    return str(next(i for i, c in enumerate(row.choice_order) if choices[c]["text"] == text))
