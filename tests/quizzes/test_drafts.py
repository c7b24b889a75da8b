"""Quiz drafts from the real article: answerable from their lesson, well formed, repeatable."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from lessons.models import Course
from quizzes import drafts
from quizzes.models import Quiz

# These tests read the English source strings; Indonesian has its own test.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def article(db):
    call_command(
        "import_article",
        "content/kerjasama-internasional.txt",
        slug="kerjasama-internasional",
        verbosity=0,
    )
    return Course.objects.get(slug="kerjasama-internasional")


def test_every_question_is_answerable_from_its_lesson(article):
    data = drafts.draft_data(article)
    lessons = {lesson.slug: drafts.plain(lesson.body) for lesson in article.lessons.all()}
    kinds = {q["type"] for q in data["questions"]}
    assert kinds == {"single", "matching", "true_false"}
    for question in data["questions"]:
        body = lessons[question["lesson"]]
        choices = question["choices"]
        if question["type"] == "single":
            right = [c for c in choices if c["fraction"] == 1]
            assert len(right) == 1
            assert right[0]["text"] in body
            explanation = question["text"].split("\n\n> ", 1)[1]
            assert drafts.plain(explanation) in body
        elif question["type"] == "matching":
            for c in choices:
                assert c["text"] in body and c["match"] in body
        else:
            assert sorted(c["text"] for c in choices) == ["Benar", "Salah"]
            assert sum(c["fraction"] for c in choices) == 1
            statement = drafts.plain(question["text"].split("\n\n> ", 1)[1])
            assert statement in body
        texts = [c["text"] for c in choices]
        assert len(texts) == len(set(texts)), texts
        if question["type"] == "matching":
            answers = [c["match"] for c in choices]
            assert len(answers) == len(set(answers))


def test_false_statements_pair_a_term_with_another_terms_explanation(article):
    data = drafts.draft_data(article)
    for lesson in article.lessons.all():
        for terms in drafts.term_lists(lesson.body):
            explanation_of = {t.explanation: t.term for t in terms}
            for question in data["questions"]:
                if question["type"] != "true_false" or "adalah tentang" not in question["text"]:
                    continue
                statement = drafts.plain(question["text"].split("\n\n> ", 1)[1])
                if statement not in explanation_of:
                    continue
                named = question["text"].split("“", 1)[1].split("”", 1)[0]
                said_true = question["choices"][0]["fraction"] == 1
                assert said_true == (explanation_of[statement] == named)


def test_the_draft_is_deterministic(article):
    assert drafts.draft_data(article) == drafts.draft_data(article)
    first = drafts.create_draft(course=article)
    second = drafts.create_draft(course=article)
    snapshot = [
        [q.snapshot() | {"choices": [(c.text, c.match, c.fraction) for c in q.choices.all()]}]
        for q in first.questions.order_by("position")
    ]
    again = [
        [q.snapshot() | {"choices": [(c.text, c.match, c.fraction) for c in q.choices.all()]}]
        for q in second.questions.order_by("position")
    ]
    assert snapshot == again
    assert first.title == "Draf: " + article.title
    assert first.questions.count() > 20
    assert not first.questions.filter(lesson__isnull=True).exists()


def test_teacher_drafts_a_quiz_that_opens_in_the_editor_unassigned(
    client, teacher, student, article
):
    client.force_login(teacher)
    url = reverse("quizzes:draft", args=[article.slug])
    page = client.get(url).content.decode()
    assert "Create the draft" in page
    response = client.post(url)
    quiz = Quiz.objects.get(created_by=teacher)
    assert response.url == quiz.get_absolute_url()
    assert not quiz.assignments.exists()
    page = client.get(response.url).content.decode()
    assert "Draft — not assigned to any class" in page
    assert "Draf: Kerjasama Internasional" in page
    # Nothing reaches students: a quiz is only shown through an assignment.
    client.force_login(student)
    assert client.get(quiz.get_absolute_url()).status_code == 404
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert quiz.title not in page


def test_students_cannot_draft(client, student, article):
    client.force_login(student)
    assert client.post(reverse("quizzes:draft", args=[article.slug])).status_code == 403
    assert not Quiz.objects.exists()


def test_quiz_list_of_a_course_offers_a_draft(client, teacher, article):
    client.force_login(teacher)
    page = client.get(reverse("quizzes:list") + f"?course={article.slug}").content.decode()
    assert reverse("quizzes:draft", args=[article.slug]) in page


def test_a_course_without_lists_or_sentences_gives_no_empty_draft(client, teacher, course):
    client.force_login(teacher)
    url = reverse("quizzes:draft", args=[course.slug])
    assert "These lessons have no numbered term lists" in client.get(url).text
    assert client.post(url).status_code == 200
    assert not Quiz.objects.exists()
