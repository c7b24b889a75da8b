"""The gradebook, reports and exports: numbers against a hand-computed class, query counts,
and who may see what."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from classrooms.models import Membership
from lessons.models import ReadingProgress
from progress.exports import gradebook_table
from progress.gradebook import build_gradebook, mean, percent
from progress.quiz_report import build_quiz_report
from progress.templatetags.gradebook import cell_html
from quizzes.attempts import start_attempt, submit_attempt
from quizzes.grades import grade_answer
from quizzes.models import Attempt, AttemptQuestion, QuizAssignment

from ..factories import (
    LessonFactory,
    MembershipFactory,
    QuizAssignmentFactory,
    QuizFactory,
    ReadingAssignmentFactory,
    ReadingProgressFactory,
    UserFactory,
    make_question,
)

NOW = timezone.now()
TERM_START = NOW - timedelta(days=30)


def add_student(classroom, username, name, joined_at=TERM_START):
    user = UserFactory(username=username, full_name=name)
    membership = MembershipFactory(classroom=classroom, user=user)
    Membership.objects.filter(pk=membership.pk).update(joined_at=joined_at)
    return user


def add_attempt(assignment, student, number, score, *, needs_grading=False, **extra):
    return Attempt.objects.create(
        assignment=assignment,
        student=student,
        number=number,
        state=Attempt.State.SUBMITTED,
        started_at=NOW - timedelta(days=3),
        deadline=NOW - timedelta(days=2),
        submitted_at=extra.pop("submitted_at", NOW - timedelta(days=2, hours=1)),
        score=Decimal(score),
        max_score=Decimal(10),
        needs_grading=needs_grading,
        **extra,
    )


def add_open_attempt(assignment, student, *, deadline):
    """An attempt in progress, started a day before its deadline."""
    return Attempt.objects.create(
        assignment=assignment,
        student=student,
        number=1,
        state=Attempt.State.IN_PROGRESS,
        started_at=deadline - timedelta(days=1),
        deadline=deadline,
        max_score=Decimal(10),
    )


@pytest.fixture
def school(classroom, teacher, student, lessons):
    """A hand-computed class; every number the tests check is worked out in the comments.

    Columns in due order: r1 (due 2 days ago), q1 (closed yesterday, highest attempt),
    r2 (due tomorrow), q2 (closes in 5 days, average of attempts).
    """
    Membership.objects.filter(user=student).update(joined_at=TERM_START)
    budi = student
    citra = add_student(classroom, "siswa2", "Citra Dewi")
    dewi = add_student(classroom, "siswa3", "Dewi Sartika", joined_at=NOW - timedelta(hours=12))
    eko = add_student(classroom, "siswa4", "Eko Prasetyo")
    r1 = ReadingAssignmentFactory(
        classroom=classroom, lesson=lessons[0], due_at=NOW - timedelta(days=2)
    )
    r2 = ReadingAssignmentFactory(
        classroom=classroom, lesson=lessons[1], due_at=NOW + timedelta(days=1)
    )
    quiz = QuizFactory(course=lessons[0].course, title="Kuis A")
    q1 = QuizAssignmentFactory(
        classroom=classroom,
        quiz=quiz,
        opens_at=NOW - timedelta(days=5),
        closes_at=NOW - timedelta(days=1),
        attempts_allowed=2,
        grading_method=QuizAssignment.GradingMethod.HIGHEST,
    )
    q2 = QuizAssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(course=lessons[0].course, title="Kuis B"),
        closes_at=NOW + timedelta(days=5),
        attempts_allowed=2,
        grading_method=QuizAssignment.GradingMethod.AVERAGE,
    )
    # Budi: r1 done on time, r2 opened; q1 6 then 8 (closed at its deadline) -> 80 %;
    # q2 5 and 7 -> average 6 -> 60 %. Quiz average (80 + 60) / 2 = 70.0. Read 1 of 2.
    ReadingProgressFactory(user=budi, lesson=lessons[0], finished_at=NOW - timedelta(days=3))
    ReadingProgressFactory(user=budi, lesson=lessons[1], finished_at=None)
    add_attempt(q1, budi, 1, 6)
    add_attempt(
        q1,
        budi,
        2,
        8,
        closed_by=Attempt.ClosedBy.TIME_UP,
        submitted_at=NOW - timedelta(days=2),
    )
    add_attempt(q2, budi, 1, 5)
    add_attempt(q2, budi, 2, 7)
    # Citra: r1 late, r2 done; q1 nothing -> missing, 0 %; q2 an essay waiting (left out).
    # Quiz average 0.0. Read 2 of 2.
    ReadingProgressFactory(user=citra, lesson=lessons[0], finished_at=NOW - timedelta(days=1))
    ReadingProgressFactory(user=citra, lesson=lessons[1], finished_at=NOW)
    add_attempt(q2, citra, 1, 4, needs_grading=True)
    # Dewi joined 12 hours ago: r1 and q1 were due before, so they are not expected of her.
    # Read 0 of 1; no quiz average.
    # Eko was removed from the class: his work stays in the database but not in the gradebook.
    ReadingProgressFactory(user=eko, lesson=lessons[0], finished_at=NOW - timedelta(days=3))
    add_attempt(q1, eko, 1, 10)
    Membership.objects.filter(user=eko).delete()
    return {
        "budi": budi,
        "citra": citra,
        "dewi": dewi,
        "eko": eko,
        "r1": r1,
        "r2": r2,
        "q1": q1,
        "q2": q2,
    }


def cells(gradebook, user):
    row = next(row for row in gradebook.rows if row.student == user)
    return row, [(cell.state, cell.percent) for cell in row.cells]


def test_percent_and_mean_round_half_up():
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 0) is None
    assert mean([Decimal("0.05"), Decimal("0.1")]) == Decimal("0.1")
    assert mean([]) is None


def test_gradebook_cells_and_totals_match_the_hand_computed_class(classroom, school):
    gradebook = build_gradebook(classroom, NOW)
    assert [c.key for c in gradebook.columns] == [
        f"reading-{school['r1'].pk}",
        f"quiz-{school['q1'].pk}",
        f"reading-{school['r2'].pk}",
        f"quiz-{school['q2'].pk}",
    ]
    assert [row.student.username for row in gradebook.rows] == ["siswa1", "siswa2", "siswa3"]

    row, states = cells(gradebook, school["budi"])
    assert states == [
        ("done", None),
        ("graded", Decimal("80.0")),
        ("in_progress", None),
        ("graded", Decimal("60.0")),
    ]
    assert (row.read, row.readings_expected, row.quiz_average) == (1, 2, Decimal("70.0"))

    row, states = cells(gradebook, school["citra"])
    assert states == [
        ("late", None),
        ("missing", Decimal("0.0")),
        ("done", None),
        ("waiting", None),
    ]
    assert (row.read, row.readings_expected, row.quiz_average) == (2, 2, Decimal("0.0"))

    row, states = cells(gradebook, school["dewi"])
    assert [s for s, _p in states] == ["not_expected", "not_expected", "not_started", "not_started"]
    assert (row.read, row.readings_expected, row.quiz_average) == (0, 1, None)

    r1, q1, r2, q2 = gradebook.columns
    assert (r1.finished, r1.expected) == (2, 2)
    assert (q1.finished, q1.expected, q1.average) == (1, 2, Decimal("40.0"))
    assert (r2.finished, r2.expected) == (1, 3)
    assert (q2.finished, q2.expected, q2.average) == (2, 3, Decimal("60.0"))
    assert gradebook.completion == Decimal("60.0")  # 3 read of 5 expected
    assert gradebook.quiz_average == Decimal("35.0")  # (70 + 0) / 2


def test_gradebook_sorts_by_total(classroom, school):
    gradebook = build_gradebook(classroom, NOW)
    gradebook.sort("average")
    assert [r.student.username for r in gradebook.rows] == ["siswa1", "siswa2", "siswa3"]
    gradebook.sort("read")
    assert [r.student.username for r in gradebook.rows] == ["siswa2", "siswa1", "siswa3"]


def test_other_grading_methods(classroom, school):
    q1 = school["q1"]
    for method, expected in [("latest", "80.0"), ("first", "60.0"), ("average", "70.0")]:
        QuizAssignment.objects.filter(pk=q1.pk).update(grading_method=method)
        gradebook = build_gradebook(classroom, NOW)
        assert cells(gradebook, school["budi"])[1][1] == ("graded", Decimal(expected))


def test_a_class_with_no_attempts_has_no_averages(classroom, teacher, student, lessons):
    QuizAssignmentFactory(classroom=classroom, quiz=QuizFactory(course=lessons[0].course))
    gradebook = build_gradebook(classroom, NOW)
    assert cells(gradebook, student)[1] == [("not_started", None)]
    assert gradebook.quiz_average is None
    assert gradebook.columns[0].average is None
    assert gradebook.completion is None


def test_gradebook_page_shows_the_totals_and_filters_to_one_student(client, teacher, school):
    client.force_login(teacher)
    url = reverse("progress:gradebook", args=[school["r1"].classroom_id])
    response = client.get(url)
    assert response.status_code == 200
    text = response.text
    assert "Citra Dewi" in text and "Eko Prasetyo" not in text
    assert "70,0%" in text  # Budi's quiz average, with a decimal comma
    assert "35,0%" in text  # the class's
    response = client.get(url, {"student": school["citra"].pk, "sort": "average"})
    body = response.text.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 1 and "Citra Dewi</a></th>" in body
    student_page = reverse("progress:student", args=[school["r1"].classroom_id, school["citra"].pk])
    assert f'<a href="{student_page}">Citra Dewi</a>' in body


def read_csv(response, delimiter=";"):
    """Indonesian CSV: semicolons between fields, a decimal comma (as the page shows)."""
    body = response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def page_number(value) -> str:
    return str(value).replace(".", ",")


def test_exports_hold_the_numbers_of_the_page(client, teacher, school):
    classroom_id = school["r1"].classroom_id
    client.force_login(teacher)
    page = client.get(reverse("progress:gradebook", args=[classroom_id])).context["gradebook"]
    response = client.get(reverse("progress:gradebook_csv", args=[classroom_id]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 1 + len(page.rows)
    for line, row in zip(rows[1:], page.rows, strict=True):
        assert line[1] == row.student.username
        assert (int(line[2]), int(line[3])) == (row.read, row.readings_expected)
        assert line[4] == ("" if row.quiz_average is None else page_number(row.quiz_average))
        for value, cell in zip(line[5:], row.cells, strict=True):
            assert value == (page_number(cell.percent) if cell.percent is not None else cell.label)
    assert rows[1][:5] == ["Budi Santoso", "siswa1", "1", "2", "70,0"]
    assert rows[1][6] == "80,0"

    response = client.get(reverse("progress:gradebook_xlsx", args=[classroom_id]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "XI IPS 1 - buku nilai"  # not the file name's slug
    assert sheet.column_dimensions["A"].width >= len("Budi Santoso")  # names not cut off
    values = list(sheet.iter_rows(values_only=True))
    expected = [
        [float(v) if isinstance(v, Decimal) else (None if v == "" else v) for v in line]
        for line in gradebook_table(page)
    ]
    assert [list(v) for v in values] == expected


def test_csv_in_english_uses_commas_and_decimal_points(client, teacher, school):
    teacher.language = "en"
    teacher.save()
    client.force_login(teacher)
    response = client.get(reverse("progress:gradebook_csv", args=[school["r1"].classroom_id]))
    rows = read_csv(response, delimiter=",")
    assert rows[0][:2] == ["Name", "Username"]
    assert rows[1][:5] == ["Budi Santoso", "siswa1", "1", "2", "70.0"]


def test_quiz_report_numbers_and_export(client, teacher, school):
    client.force_login(teacher)
    q1 = school["q1"]
    response = client.get(reverse("progress:quiz", args=[q1.pk]))
    report = response.context["report"]
    # Budi 80 % (graded); Citra missing; Dewi joined after it closed.
    assert report.percents == [Decimal("80.0")]
    assert report.stats == {
        "average": Decimal("80.0"),
        "median": Decimal("80.0"),
        "highest": Decimal("80.0"),
        "lowest": Decimal("80.0"),
    }
    assert report.distribution.bands[8] == 1 and sum(report.distribution.bands) == 1
    assert (report.submitted, report.count("missing"), report.count("not_expected")) == (1, 1, 1)
    assert '<svg class="chart" role="img"' in response.text
    assert "80–89%: 1 " in response.text  # the chart's text alternative
    rows = read_csv(client.get(reverse("progress:quiz_csv", args=[q1.pk])))
    assert rows[1][0:2] == ["Budi Santoso", "siswa1"]
    assert rows[1][3:] == ["2", "8,00", "10,00", "80,0"]
    assert rows[2][3:] == ["0", "", "", "0,0"]
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("progress:quiz_xlsx", args=[q1.pk])).content)
    ).active
    assert next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[3:] == (
        2,
        8.0,
        10.0,
        80.0,
    )


@pytest.fixture
def answered_quiz(classroom, teacher, student, lessons):
    """Four students answer a single-choice question on lesson 2 and an essay."""
    quiz = QuizFactory(course=lessons[0].course)
    single = make_question(quiz, "single", position=1, lesson=lessons[1])
    make_question(quiz, "essay", position=2, lesson=lessons[1])
    assignment = QuizAssignmentFactory(classroom=classroom, quiz=quiz)
    choices = {c.text: c.pk for c in single.choices.all()}
    picks = ["Benar", "Salah satu", "Salah satu", "Lainnya"]
    students = [student] + [
        add_student(classroom, f"s{i}", f"Siswa {i}") for i in range(1, len(picks))
    ]
    for user, pick in zip(students, picks, strict=True):
        attempt = start_attempt(assignment=assignment, student=user)
        AttemptQuestion.objects.filter(attempt=attempt, version__question=single).update(
            answer={"choice": choices[pick]}
        )
        submit_attempt(attempt=attempt)
    return assignment


def test_question_analysis_in_plain_words(client, teacher, answered_quiz, lessons):
    report = build_quiz_report(answered_quiz, NOW)
    single, essay = report.questions
    assert (single.answered, single.correct, single.share_of_points) == (4, 1, Decimal("25.0"))
    assert single.common_wrong == ("Salah satu", 2)
    assert single.lesson == lessons[1]
    # Essays answered blank score 0 at once; none waits here.
    assert (essay.answered, essay.waiting) == (4, 0)
    assert [s.lesson for s in report.weak_sections] == [lessons[1]]
    client.force_login(teacher)
    text = client.get(reverse("progress:quiz", args=[answered_quiz.pk])).text
    assert "25,0%" in text and "“Salah satu”" in text
    assert lessons[1].get_absolute_url() in text


def test_an_essay_given_most_of_its_points_is_not_reported_as_wrong(answered_quiz, teacher):
    """Graded 0,9 and 0,6 of 1 (and twice 0): 37,5 % of the points on average, none fully
    right; counting only full marks, the report said 0 % and sent the class back to the lesson."""
    essays = AttemptQuestion.objects.filter(version__question__type="essay").order_by("pk")
    for row, points in zip(essays, ["0.9", "0.6", "0", "0"], strict=True):
        grade_answer(attempt_question=row, points=Decimal(points), comment="", grader=teacher)
    essay = build_quiz_report(answered_quiz, NOW).questions[1]
    assert (essay.answered, essay.correct, essay.share_of_points) == (4, 0, Decimal("37.5"))


def test_reading_report_groups_students(client, teacher, school):
    client.force_login(teacher)
    response = client.get(reverse("progress:reading", args=[school["r1"].pk]))
    groups = {
        state: [row.student for row, _cell in rows]
        for state, _l, rows in response.context["groups"]
    }
    assert groups["done"] == [school["budi"]]
    assert groups["late"] == [school["citra"]]
    assert groups["not_expected"] == [school["dewi"]]


def test_student_page_summarises(client, teacher, school):
    client.force_login(teacher)
    classroom_id = school["r1"].classroom_id
    response = client.get(reverse("progress:student", args=[classroom_id, school["budi"].pk]))
    text = response.text
    assert "Sudah membaca 1 dari 2 bacaan" in text or "Read 1 of 2" in text
    assert (
        reverse("quizzes:attempt", args=[Attempt.objects.filter(student=school["budi"]).first().pk])
        in text
    )
    # Citra handed in Kuis B, whose essay waits for the teacher: handed in is done.
    citra = client.get(reverse("progress:student", args=[classroom_id, school["citra"].pk]))
    assert "1 kuis selesai" in citra.text


def test_my_progress_shows_only_my_rows_and_scores_the_review_allows(client, school):
    QuizAssignment.objects.filter(pk=school["q2"].pk).update(review_score=False)
    client.force_login(school["budi"])
    response = client.get(reverse("progress:mine"))
    (section,) = response.context["sections"]
    assert [row.student for row in section["gradebook"].rows] == [school["budi"]]
    shown = [(cell.state, flag) for cell, flag in section["cells"]]
    assert shown == [("done", True), ("graded", True), ("in_progress", True), ("graded", False)]
    assert "Citra" not in response.text
    assert "80,0%" in response.text and "60,0%" not in response.text


def test_school_overview_lists_classes_with_completion(client, staff, school, other_classroom):
    client.force_login(staff)
    response = client.get(reverse("progress:school"))
    by_class = {gb.classroom: gb for gb in response.context["gradebooks"]}
    assert by_class[school["r1"].classroom].completion == Decimal("60.0")
    assert other_classroom in by_class


def test_teacher_overview_lists_only_their_classes(client, teacher, school, other_classroom):
    client.force_login(teacher)
    classes = [gb.classroom for gb in client.get(reverse("progress:school")).context["gradebooks"]]
    assert classes == [school["r1"].classroom]


# --- query counts: the same for 5 students × 2 assignments and 40 × 20 -----------------------


def populate(classroom, students, assignments):
    """A class with half readings, half quizzes; every student read some and took the quizzes."""
    course = LessonFactory().course
    lessons = [LessonFactory(course=course, position=i) for i in range(assignments)]
    users = [add_student(classroom, f"q{i}", f"Murid {i:02}") for i in range(students)]
    readings = [
        ReadingAssignmentFactory(
            classroom=classroom, course=course, lesson=lesson, due_at=NOW - timedelta(days=i)
        )
        for i, lesson in enumerate(lessons[: assignments // 2])
    ]
    quizzes = [
        QuizAssignmentFactory(
            classroom=classroom, quiz=QuizFactory(course=course), closes_at=NOW + timedelta(days=i)
        )
        for i in range(assignments - len(readings))
    ]
    ReadingProgress.objects.bulk_create(
        ReadingProgress(
            user=user,
            lesson=reading.lesson,
            first_opened_at=NOW,
            last_opened_at=NOW,
            finished_at=NOW if (i + j) % 3 else None,
        )
        for i, user in enumerate(users)
        for j, reading in enumerate(readings)
    )
    Attempt.objects.bulk_create(
        Attempt(
            assignment=quiz,
            student=user,
            number=1,
            state=Attempt.State.SUBMITTED,
            started_at=NOW,
            deadline=NOW,
            submitted_at=NOW,
            score=Decimal((i * 7 + j) % 11),
            max_score=Decimal(10),
        )
        for i, user in enumerate(users)
        for j, quiz in enumerate(quizzes)
    )
    return users, readings, quizzes


SIZES = [pytest.param(5, 2, id="5x2"), pytest.param(40, 20, id="40x20")]


@pytest.mark.parametrize(("students", "assignments"), SIZES)
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("gradebook", 11),
        ("gradebook_csv", 10),
        ("gradebook_xlsx", 10),
        ("student", 12),
        ("quiz", 9),
        ("quiz_csv", 8),
        ("reading", 12),
        ("school", 11),
    ],
)
def test_pages_issue_a_fixed_number_of_queries(
    name, queries, students, assignments, client, teacher, classroom, django_assert_num_queries
):
    users, readings, quizzes = populate(classroom, students, assignments)
    kwargs = {
        "gradebook": [classroom.pk],
        "gradebook_csv": [classroom.pk],
        "gradebook_xlsx": [classroom.pk],
        "student": [classroom.pk, users[0].pk],
        "quiz": [quizzes[0].pk],
        "quiz_csv": [quizzes[0].pk],
        "reading": [readings[0].pk],
        "school": [],
    }[name]
    client.force_login(teacher)
    with django_assert_num_queries(queries):
        assert client.get(reverse(f"progress:{name}", args=kwargs)).status_code == 200


@pytest.mark.parametrize(("students", "assignments"), SIZES)
def test_my_progress_issues_a_fixed_number_of_queries(
    students, assignments, client, classroom, django_assert_num_queries
):
    users, _readings, _quizzes = populate(classroom, students, assignments)
    client.force_login(users[0])
    with django_assert_num_queries(11):
        assert client.get(reverse("progress:mine")).status_code == 200


def test_an_attempt_left_open_past_the_deadline_is_not_counted_missing(classroom, school):
    add_open_attempt(school["q1"], school["citra"], deadline=NOW - timedelta(days=1))
    gradebook = build_gradebook(classroom, NOW)
    row, states = cells(gradebook, school["citra"])
    # It is closed (and graded) as of its deadline when next seen; until then it is in progress.
    assert states[1] == ("in_progress", None)
    assert row.quiz_average is None
    assert gradebook.columns[1].average == Decimal("80.0")


def test_student_cannot_open_a_classmates_page_or_the_exports(client, school):
    client.force_login(school["citra"])
    classroom_id = school["r1"].classroom_id
    for url in [
        reverse("progress:student", args=[classroom_id, school["budi"].pk]),
        reverse("progress:gradebook_csv", args=[classroom_id]),
    ]:
        assert client.get(url).status_code == 404
    assert client.get(reverse("progress:quiz_csv", args=[school["q1"].pk])).status_code == 404


def test_teacher_cannot_open_a_student_of_another_class(client, teacher, school, other_student):
    client.force_login(teacher)
    url = reverse("progress:student", args=[school["r1"].classroom_id, other_student.pk])
    assert client.get(url).status_code == 404


def test_a_student_id_too_large_for_the_database_is_not_found(client, teacher, school):
    client.force_login(teacher)
    classroom_id = school["r1"].classroom_id
    url = reverse("progress:student", args=[classroom_id, 10**23])
    assert client.get(url).status_code == 404
    gradebook = reverse("progress:gradebook", args=[classroom_id])
    for student in ["²", "9" * 5000]:  # a digit that is not a number; too many digits
        assert client.get(gradebook, {"student": student}).status_code == 200


def test_xlsx_exports_keep_names_with_control_characters(client, teacher, school):
    """A title or name pasted from Word may hold its line break (\\x0b), which XLSX cannot."""
    type(school["citra"]).objects.filter(pk=school["citra"].pk).update(
        full_name="Citra\x0bDewi\x1bLes\ufffetari\uffff"
    )
    school["q1"].quiz.__class__.objects.filter(pk=school["q1"].quiz_id).update(
        title="Kuis\x0bBab 2"
    )
    client.force_login(teacher)
    classroom_id = school["r1"].classroom_id
    for url in [
        reverse("progress:gradebook_xlsx", args=[classroom_id]),
        reverse("progress:quiz_xlsx", args=[school["q1"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        names = [row[0] for row in sheet.iter_rows(values_only=True)]
        assert "Citra\nDewiLestari" in names, url
    gradebook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("progress:gradebook_xlsx", args=[classroom_id])).content)
    ).active
    assert any("Kuis\nBab 2" in str(title) for title in next(gradebook.iter_rows(values_only=True)))


def test_exports_keep_formula_like_names_as_text(client, teacher, school):
    type(school["citra"]).objects.filter(pk=school["citra"].pk).update(
        full_name='=HYPERLINK("http://example.com","x")'
    )
    client.force_login(teacher)
    classroom_id = school["r1"].classroom_id
    rows = read_csv(client.get(reverse("progress:gradebook_csv", args=[classroom_id])))
    assert rows[1][0] == '\'=HYPERLINK("http://example.com","x")'
    response = client.get(reverse("progress:gradebook_xlsx", args=[classroom_id]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "s"


def test_a_reading_opened_is_being_read_and_a_quiz_open_is_being_worked_on(classroom, school):
    add_open_attempt(school["q2"], school["dewi"], deadline=NOW + timedelta(hours=1))
    gradebook = build_gradebook(classroom, NOW)
    budi = next(row for row in gradebook.rows if row.student == school["budi"])
    dewi = next(row for row in gradebook.rows if row.student == school["dewi"])
    with override("id"):
        assert budi.cells[2].label == "sedang dibaca"  # r2, opened
        assert dewi.cells[3].label == "sedang dikerjakan"  # q2, an attempt open
        assert "sedang dibaca" in cell_html(budi.cells[2])


def test_scores_read_without_trailing_zeros(client, teacher, school):
    """Budi's 8 of 10: "8 / 10" as on his dashboard, not "8,00 / 10,00"."""
    client.force_login(teacher)
    report = client.get(reverse("progress:quiz", args=[school["q1"].pk])).text
    student_page = client.get(
        reverse("progress:student", args=[school["q1"].classroom_id, school["budi"].pk])
    ).text
    for page in (report, student_page):
        assert "8 / 10" in page
        assert ",00" not in page


def test_a_lesson_taken_back_into_draft_is_expected_of_nobody(classroom, teacher, school):
    """Students cannot open it (its link gave a 404), so it is neither to do nor missing."""
    from lessons.models import Lesson
    from progress.reports import classes_taught, classroom_readings, student_overview

    lesson = school["r1"].lesson
    Lesson.objects.filter(pk=lesson.pk).update(is_published=False)
    assert classes_taught(teacher).get(pk=classroom.pk).reading_count == 1  # r2 only
    overview = student_overview(school["citra"], NOW)
    assert all(item.assignment != school["r1"] for item in overview.todo + overview.done)
    assert school["r1"] not in [c.assignment for c in build_gradebook(classroom, NOW).columns]
    assert school["r1"] not in [c.assignment for c in classroom_readings(classroom, NOW).columns]
    Lesson.objects.filter(pk=lesson.pk).update(is_published=True)  # published again: back
    assert school["r1"] in [c.assignment for c in build_gradebook(classroom, NOW).columns]
