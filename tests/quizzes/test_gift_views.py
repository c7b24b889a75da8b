"""Teachers upload or paste GIFT, preview it as students will see it, and confirm; and export."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizzes.models import Choice, Question

from ..factories import QuizAssignmentFactory, QuizFactory, make_question

BANK = """// Bank soal dari Moodle
::Q1::Ibu kota Indonesia? {=Jakarta#Betul ~Bandung ~%50%Batavia ####Lihat peta.}

::Q2::PBB berdiri 1945. {T#Keliru#Tepat}

::Q3::Tahun PBB berdiri? {#1945:1}

::Q4::Pasangkan. {=NATO -> keamanan =WTO -> perdagangan = -> pariwisata}
"""


# These tests read the English source strings; Indonesian has its own test.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def draft(course, teacher):
    return QuizFactory(course=course, title="Kuis GIFT", created_by=teacher)


def preview(client, quiz, **data):
    return client.post(reverse("quizzes:gift_import", args=[quiz.pk]), {"preview": "", **data})


def test_upload_preview_saves_nothing_and_shows_every_question_with_its_key(client, teacher, draft):
    client.force_login(teacher)
    upload = SimpleUploadedFile("bank.gift", BANK.encode(), content_type="text/plain")
    response = preview(client, draft, file=upload)
    assert response.status_code == 200
    assert Question.objects.filter(quiz=draft).count() == 0
    page = response.content.decode()
    for text in ["Ibu kota Indonesia?", "Batavia", "Lihat peta.", "keamanan", "pariwisata"]:
        assert text in page
    assert page.count('class="card mb-3 question"') == 4  # as students see them
    assert "Betul" in page and ">50<" in page  # feedback and weights
    assert "Question titles are not kept" in page
    assert 'name="confirm"' in page


def test_confirm_reparses_the_text_and_adds_the_questions(client, teacher, draft):
    make_question(draft, "essay")
    client.force_login(teacher)
    response = client.post(
        reverse("quizzes:gift_import", args=[draft.pk]), {"confirm": "", "gift": BANK}
    )
    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    questions = list(draft.questions.order_by("position"))
    assert [q.type for q in questions] == [
        "essay",
        "single",
        "true_false",
        "numerical",
        "matching",
    ]
    assert [q.position for q in questions] == sorted({q.position for q in questions})
    single = questions[1]
    assert list(single.choices.values_list("text", "fraction", "feedback")) == [
        ("Jakarta", 1, "Betul"),
        ("Bandung", 0, ""),
        ("Batavia", 0.5, ""),
    ]
    assert single.general_feedback == "Lihat peta."


def test_pasted_text_with_bom_and_crlf_is_fine(client, teacher, draft):
    client.force_login(teacher)
    upload = SimpleUploadedFile("bank.txt", "\ufeff".encode() + BANK.replace("\n", "\r\n").encode())
    response = preview(client, draft, file=upload)
    assert response.status_code == 200
    assert response.context["result"].errors == []
    assert len(response.context["result"].questions) == 4
    response = preview(client, draft, text=BANK.replace("\n", "\r\n"))
    assert len(response.context["result"].questions) == 4


def test_errors_are_shown_and_confirm_is_refused(client, teacher, draft):
    client.force_login(teacher)
    response = preview(client, draft, text="Baik {T}\n\nRusak {=a ~b\n")
    page = response.content.decode()
    assert "Line 3 (“Rusak”): The answers are missing their closing “}”." in page
    assert 'name="confirm"' not in page
    response = client.post(
        reverse("quizzes:gift_import", args=[draft.pk]),
        {"confirm": "", "gift": "Baik {T}\n\nRusak {=a ~b\n"},
    )
    assert response.status_code == 200
    assert draft.questions.count() == 0


def test_not_utf8_is_refused(client, teacher, draft):
    client.force_login(teacher)
    upload = SimpleUploadedFile("bank.gift", "Soal? {=café ~teh}".encode("cp1252"))
    response = preview(client, draft, file=upload)
    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()
    assert draft.questions.count() == 0


def test_nothing_given_asks_for_a_file(client, teacher, draft):
    client.force_login(teacher)
    response = preview(client, draft)
    assert "Choose a file or paste GIFT text." in response.content.decode()


def test_export_downloads_the_quiz_as_utf8_gift(client, teacher, draft):
    make_question(draft, "short")
    client.force_login(teacher)
    response = client.get(reverse("quizzes:gift_export", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kuis-gift.gift"'
    assert "{=PBB =Perserikatan Bangsa-Bangsa}" in response.content.decode("utf-8")


def test_other_teachers_and_students_get_404(client, other_teacher, student, draft):
    for user in (other_teacher, student):
        client.force_login(user)
        for name in ("quizzes:gift_import", "quizzes:gift_export"):
            assert client.get(reverse(name, args=[draft.pk])).status_code == 404
        response = client.post(
            reverse("quizzes:gift_import", args=[draft.pk]), {"confirm": "", "gift": BANK}
        )
        assert response.status_code == 404
    assert draft.questions.count() == 0


def test_staff_can_import(client, staff, draft):
    client.force_login(staff)
    response = client.post(
        reverse("quizzes:gift_import", args=[draft.pk]), {"confirm": "", "gift": BANK}
    )
    assert response.status_code == 302
    assert draft.questions.count() == 4


def test_quiz_page_shows_draft_badge_and_gift_buttons(client, teacher, classroom, draft):
    client.force_login(teacher)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Draft — not assigned to any class" in page
    assert reverse("quizzes:gift_import", args=[draft.pk]) in page
    assert reverse("quizzes:gift_export", args=[draft.pk]) in page
    QuizAssignmentFactory(classroom=classroom, quiz=draft)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Draft — not assigned to any class" not in page


def test_admin_action_exports_gift(client, staff, draft):
    make_question(draft, "true_false")
    client.force_login(staff)
    response = client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "export_gift", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kuis-gift.gift"'
    assert "{TRUE}" in response.content.decode()
    response = client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "import_gift", "_selected_action": [draft.pk]},
    )
    assert response.url == reverse("quizzes:gift_import", args=[draft.pk])


def test_import_command(draft, tmp_path, capsys):
    path = tmp_path / "bank.gift"
    path.write_text(BANK, encoding="utf-8")
    call_command("import_gift", str(path), quiz=draft.pk, dry_run=True, json=True)
    out = json.loads(capsys.readouterr().out)
    assert draft.questions.count() == 0
    first = out["questions"][0]
    assert (first["type"], first["title"], first["text"], first["text_format"]) == (
        "single",
        "Q1",
        "Ibu kota Indonesia?",
        "moodle",
    )
    assert first["answers"][2] == {
        "text": "Batavia",
        "match": "",
        "value": None,
        "tolerance": "0",
        "fraction": "0.5000000",
        "feedback": "",
    }
    assert out["questions"][2]["answers"][0]["tolerance"] == "1.00000000"
    assert out["warnings"][0]["line"] == 2
    call_command("import_gift", str(path), quiz=draft.pk)
    assert draft.questions.count() == 4
    assert Choice.objects.filter(question__quiz=draft).count() == 3 + 2 + 1 + 3


def test_import_command_refuses_errors_and_bad_encoding(draft, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text("Rusak {=a ~b\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing is imported"):
        call_command("import_gift", str(path), quiz=draft.pk)
    path.write_bytes("Soal {=café}".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_gift", str(path), quiz=draft.pk)
    assert draft.questions.count() == 0


def test_problems_are_in_the_users_language(client, draft):
    indonesian = draft.created_by
    indonesian.language = "id"
    indonesian.save(update_fields=["language"])
    client.force_login(indonesian)
    response = preview(client, draft, text="Baik {T}\n\nRusak {=a ~b\n")
    assert "Baris 3 (“Rusak”): Jawabannya tidak ditutup dengan “}”." in response.text
    page = client.get(draft.get_absolute_url()).text
    assert "Draf — belum ditugaskan ke kelas mana pun" in page


def test_imported_questions_open_in_the_editor_and_the_preview(client, teacher, draft):
    client.force_login(teacher)
    client.post(reverse("quizzes:gift_import", args=[draft.pk]), {"confirm": "", "gift": BANK})
    for question in draft.questions.all():
        response = client.get(reverse("quizzes:question_update", args=[question.pk]))
        assert response.status_code == 200
    assert client.get(reverse("quizzes:preview", args=[draft.pk])).status_code == 200
