import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lessons.models import ReadingAssignment, ReadingProgress
from lessons.services import LAST_OPENED_PRECISION

from ..factories import (
    LessonFactory,
    MembershipFactory,
    ReadingAssignmentFactory,
    ReadingProgressFactory,
)


def lesson_url(lesson):
    return reverse("lessons:lesson", args=[lesson.course.slug, lesson.slug])


def test_student_reads_lesson_and_progress_is_recorded(client, student, assignment):
    lesson = assignment.lesson
    client.force_login(student)
    response = client.get(lesson_url(lesson))
    assert response.status_code == 200
    assert lesson.title in response.text
    assert "Selesai membaca" in response.text or "Finished reading" in response.text
    progress = ReadingProgress.objects.get(user=student, lesson=lesson)
    assert progress.first_opened_at == progress.last_opened_at
    assert progress.finished_at is None

    # Opened again later: "last opened" moves on, "first opened" stays.
    earlier = timezone.now() - LAST_OPENED_PRECISION
    ReadingProgress.objects.filter(pk=progress.pk).update(
        first_opened_at=earlier, last_opened_at=earlier
    )
    client.get(lesson_url(lesson))
    progress.refresh_from_db()
    assert progress.first_opened_at == earlier
    assert progress.last_opened_at > earlier


def test_reloading_a_lesson_soon_after_opening_it_writes_nothing(
    client, student, assignment, django_assert_num_queries
):
    client.force_login(student)
    url = lesson_url(assignment.lesson)
    client.get(url)  # the first opening is recorded
    opened = ReadingProgress.objects.get(user=student, lesson=assignment.lesson).last_opened_at
    recently = opened - LAST_OPENED_PRECISION + timedelta(seconds=30)
    ReadingProgress.objects.update(last_opened_at=recently)
    with django_assert_num_queries(5) as captured:
        assert client.get(url).status_code == 200
    assert not [q for q in captured.captured_queries if not q["sql"].startswith("SELECT")]
    assert ReadingProgress.objects.get().last_opened_at == recently


def test_a_first_opening_reads_nothing_more_than_a_reload(
    client, student, assignment, lessons, django_assert_max_num_queries
):
    client.force_login(student)
    with django_assert_max_num_queries(8) as captured:
        assert client.get(lesson_url(lessons[0])).status_code == 200
    statements = [q["sql"].split()[0] for q in captured.captured_queries]
    assert statements.count("SELECT") == 5  # session, user, roles, lessons, progress
    assert statements.count("INSERT") == 1
    assert ReadingProgress.objects.filter(user=student).count() == 1


def test_the_teacher_sees_a_lesson_opened_at_the_first_opening_and_its_last_opening(
    client, teacher, student, classroom, assignment
):
    student_page = reverse("progress:student", args=[classroom.pk, student.pk])
    client.force_login(teacher)
    assert "state-not_started" in client.get(student_page).text
    client.force_login(student)
    client.get(lesson_url(assignment.lesson))
    client.force_login(teacher)
    assert "state-in_progress" in client.get(student_page).text

    earlier = timezone.now() - timedelta(days=1)
    ReadingProgress.objects.update(first_opened_at=earlier, last_opened_at=earlier)
    client.force_login(student)
    client.get(lesson_url(assignment.lesson))
    client.force_login(teacher)
    shown = timezone.localtime(ReadingProgress.objects.get().last_opened_at)
    assert shown.date() == timezone.localdate()
    assert date_format(shown, "DATETIME_FORMAT") in client.get(student_page).text


def test_a_lesson_of_another_course_is_not_found_under_this_courses_address(
    client, student, assignment, lessons
):
    other = LessonFactory(slug="bagian-9")
    ReadingAssignmentFactory(classroom=assignment.classroom, lesson=other)
    client.force_login(student)
    url = reverse("lessons:lesson", args=[lessons[0].course.slug, other.slug])
    assert client.get(url).status_code == 404
    assert client.get(lesson_url(other)).status_code == 200


def test_finishing_twice_keeps_the_first_finish_time(client, student, assignment, lessons):
    client.force_login(student)
    url = reverse("lessons:finish", args=[assignment.course.slug, assignment.lesson.slug])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == lesson_url(lessons[1])  # straight on to the next lesson
    first = ReadingProgress.objects.get(user=student, lesson=assignment.lesson).finished_at
    assert first is not None
    client.post(url)
    assert ReadingProgress.objects.get(user=student, lesson=assignment.lesson).finished_at == first
    assert ReadingProgress.objects.filter(user=student).count() == 1


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", r"You finished reading this on Nov\.? 17, 2026, 19:09\."),
        ("id", r"Anda selesai membaca ini pada 17 Nov\.? 2026, 19\.09\."),
    ],
)
def test_the_finish_time_reads_as_one_sentence_in_each_language(
    client, student, assignment, language, sentence
):
    """A 24-hour clock in English too: "7:09 p.m." closed the sentence with "p.m..". In
    the school's time zone, on SQLite too (which gives plain SQL its datetimes without one)."""
    student.language = language
    student.save()
    client.force_login(student)
    ReadingProgressFactory(
        user=student,
        lesson=assignment.lesson,
        finished_at=datetime(2026, 11, 17, 12, 9, tzinfo=UTC),  # 19.09 in Jakarta
    )
    text = client.get(lesson_url(assignment.lesson)).text
    assert re.search(sentence, text), sentence
    assert ".." not in text


def test_finishing_the_last_lesson_returns_to_the_contents(client, student, assignment, lessons):
    client.force_login(student)
    last = lessons[-1]
    response = client.post(reverse("lessons:finish", args=[last.course.slug, last.slug]))
    assert response.url == last.course.get_absolute_url()


def test_finish_needs_a_post(client, student, assignment):
    client.force_login(student)
    url = reverse("lessons:finish", args=[assignment.course.slug, assignment.lesson.slug])
    assert client.get(url).status_code == 405
    assert not ReadingProgress.objects.filter(finished_at__isnull=False).exists()


def test_lesson_page_has_previous_next_and_reading_time(client, student, assignment, lessons):
    lessons[1].body = "kata " * 650
    lessons[1].save()
    client.force_login(student)
    response = client.get(lesson_url(lessons[1]))
    assert response.context["previous"] == lessons[0]
    assert response.context["next"] == lessons[2]
    assert f'href="{lesson_url(lessons[0])}"' in response.text
    assert f'href="{lesson_url(lessons[2])}"' in response.text
    assert "4 menit" in response.text  # 650 words at 200 a minute, rounded up


def test_unassigned_lesson_of_the_class_course_can_be_opened(client, student, assignment, lessons):
    client.force_login(student)
    assert client.get(lesson_url(lessons[2])).status_code == 200


def test_unpublished_lesson_is_invisible_to_students(client, student, assignment, lessons):
    lessons[1].is_published = False
    lessons[1].save()
    client.force_login(student)
    assert client.get(lesson_url(lessons[1])).status_code == 404
    course_page = client.get(lessons[0].course.get_absolute_url())
    assert lessons[1].title not in course_page.text
    # The lesson before it now leads straight to the one after it.
    assert client.get(lesson_url(lessons[0])).context["next"] == lessons[2]


def test_staff_preview_an_unpublished_lesson(client, staff, lessons):
    lessons[1].is_published = False
    lessons[1].save()
    client.force_login(staff)
    response = client.get(lesson_url(lessons[1]))
    assert response.status_code == 200
    assert "draf" in response.text.lower()


def test_lesson_markdown_is_sanitised(client, student, assignment):
    lesson = assignment.lesson
    lesson.body = (
        "1. **Diplomasi**: berunding\n\n<script>alert('x')</script><img src=x onerror=alert(1)>"
    )
    lesson.save()
    client.force_login(student)
    html = client.get(lesson_url(lesson)).text
    assert "<li><strong>Diplomasi</strong>: berunding</li>" in html
    assert "alert(" not in html


def test_course_page_shows_contents_and_my_progress(client, student, assignment, lessons):
    ReadingProgressFactory(user=student, lesson=lessons[0], finished_at=timezone.now())
    client.force_login(student)
    response = client.get(lessons[0].course.get_absolute_url())
    assert response.context["finished_count"] == 1
    assert [lesson.title for lesson in response.context["lessons"]] == [
        lesson.title for lesson in lessons
    ]
    assert 'value="1"' in response.text and 'max="3"' in response.text


def test_teacher_assigns_a_lesson_with_dates(client, teacher, classroom, lessons):
    client.force_login(teacher)
    due = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("lessons:assign", args=[lessons[0].course.slug]),
        {"classroom": classroom.pk, "lesson": lessons[1].pk, "due_at": due, "available_from": ""},
    )
    assert response.status_code == 302
    assert response.url == classroom.get_absolute_url()
    assignment = ReadingAssignment.objects.get()
    assert assignment.lesson == lessons[1]
    assert assignment.assigned_by == teacher
    assert timezone.localtime(assignment.due_at).strftime("%Y-%m-%dT%H:%M") == due


@pytest.mark.parametrize(("days", "warned"), [(-2, True), (3, False)])
def test_a_due_date_already_past_is_pointed_out(client, teacher, classroom, lessons, days, warned):
    """Saved (a teacher may record past work), but every student shows as missing at once."""
    client.force_login(teacher)
    due = (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("lessons:assign", args=[lessons[0].course.slug]),
        {"classroom": classroom.pk, "lesson": lessons[1].pk, "due_at": due, "available_from": ""},
        follow=True,
    )
    assert ReadingAssignment.objects.count() == 1
    assert ("Tenggatnya sudah lewat" in response.text) == warned


def test_teacher_assigns_the_whole_course(client, teacher, classroom, lessons):
    client.force_login(teacher)
    due = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("lessons:assign", args=[lessons[0].course.slug])
    client.post(url, {"classroom": classroom.pk, "lesson": "", "due_at": due})
    assignment = ReadingAssignment.objects.get()
    assert assignment.is_whole_course
    response = client.post(url, {"classroom": classroom.pk, "lesson": "", "due_at": due})
    assert response.status_code == 200
    assert "sudah ditugaskan" in response.text  # already assigned
    assert ReadingAssignment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_at": ""}, "tidak boleh kosong"),  # required
        ({"due_at": "besok"}, "tanggal"),  # not a date
        ({"available_from": "2030-01-02T08:00", "due_at": "2030-01-01T08:00"}, "setelah"),
        # A slip of the year: the database could not store year 1 once moved to UTC.
        ({"available_from": "0001-01-01T00:00", "due_at": "2030-01-01T08:00"}, "antara tahun"),
        ({"due_at": "9999-12-31T23:59"}, "antara tahun 2000 dan 2099"),
    ],
)
def test_assignment_form_explains_bad_dates(client, teacher, classroom, lessons, data, message):
    client.force_login(teacher)
    response = client.post(
        reverse("lessons:assign", args=[lessons[0].course.slug]),
        {"classroom": classroom.pk, "lesson": lessons[0].pk, **data},
    )
    assert response.status_code == 200
    assert message in response.text.lower()
    assert not ReadingAssignment.objects.exists()


def test_teacher_cannot_assign_to_another_teachers_class(client, teacher, other_classroom, lessons):
    client.force_login(teacher)
    response = client.post(
        reverse("lessons:assign", args=[lessons[0].course.slug]),
        {"classroom": other_classroom.pk, "lesson": lessons[0].pk, "due_at": "2030-01-01T08:00"},
    )
    assert response.status_code == 200
    assert not ReadingAssignment.objects.exists()


def test_teacher_changes_dates_and_removes_an_assignment(client, teacher, assignment):
    client.force_login(teacher)
    response = client.post(
        reverse("lessons:assignment_update", args=[assignment.pk]),
        {"available_from": "", "due_at": "2030-05-01T10:00"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert timezone.localtime(assignment.due_at).strftime("%Y-%m-%d %H:%M") == "2030-05-01 10:00"

    response = client.post(reverse("lessons:assignment_delete", args=[assignment.pk]))
    assert response.status_code == 302
    assert not ReadingAssignment.objects.exists()


def test_removing_an_assignment_keeps_reading_progress(client, teacher, student, assignment):
    ReadingProgressFactory(user=student, lesson=assignment.lesson, finished_at=timezone.now())
    client.force_login(teacher)
    client.post(reverse("lessons:assignment_delete", args=[assignment.pk]))
    assert ReadingProgress.objects.filter(user=student, finished_at__isnull=False).exists()


def test_course_list_shows_students_only_their_courses(client, student, assignment):
    other = LessonFactory()
    client.force_login(student)
    response = client.get(reverse("lessons:course_list"))
    assert assignment.course.title in response.text
    assert other.course.title not in response.text


@pytest.mark.parametrize("student_count", [1, 30])
@pytest.mark.parametrize("lesson_count", [1, 8])
def test_lesson_and_course_pages_issue_a_fixed_number_of_queries(
    client, student, classroom, course, lesson_count, student_count, django_assert_num_queries
):
    lessons = [LessonFactory(course=course, position=i) for i in range(lesson_count)]
    others = MembershipFactory.create_batch(student_count - 1, classroom=classroom)
    for lesson in lessons:
        ReadingAssignmentFactory(classroom=classroom, lesson=lesson)
        for user in [student, *(membership.user for membership in others)]:
            ReadingProgressFactory(user=user, lesson=lesson)
    client.force_login(student)
    with django_assert_num_queries(6):
        client.get(course.get_absolute_url())
    # Session, user, the user's class roles, the course's lessons the student may read, and the
    # student's progress in this one. Opened within the last minutes: nothing written.
    client.get(lesson_url(lessons[-1]))
    with django_assert_num_queries(5):
        client.get(lesson_url(lessons[-1]))


def test_admin_edits_a_lesson_and_previews_it_as_students_see_it(client, staff, lessons):
    lesson = lessons[0]
    client.force_login(staff)
    url = reverse("admin:lessons_lesson_change", args=[lesson.pk])
    response = client.post(
        url,
        {
            "course": lesson.course.pk,
            "title": "Pengertian",
            "slug": lesson.slug,
            "position": 1,
            "body": "1. **Diplomasi**: berunding\n\n<script>x()</script>",
            "is_published": "",
        },
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert not lesson.is_published
    page = client.get(url).text
    assert "<li><strong>Diplomasi</strong>: berunding</li>" in page
    assert "<script>x()" not in page
    assert 'href="/admin/r/' in page  # "view on site" opens the lesson page as a student sees it


def test_publishing_one_lesson_in_the_admin_says_one_lesson(client, staff, lessons):
    staff.language = "en"
    staff.save()
    client.force_login(staff)
    response = client.post(
        reverse("admin:lessons_lesson_changelist"),
        {"action": "unpublish", "_selected_action": [lessons[0].pk]},
        follow=True,
    )
    assert "1 lesson unpublished." in response.text
