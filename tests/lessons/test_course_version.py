"""The lesson page keeps a course's lessons under the course's token, which the database
changes on every write to the course or its lessons (lessons/triggers.py). These tests write
the ways the admin, the import and bulk updates do, and check the page at once shows it."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from lessons import triggers
from lessons.models import Course, CourseVersion, Lesson

from ..factories import CourseFactory, LessonFactory


def lesson_url(lesson):
    return reverse("lessons:lesson", args=[lesson.course.slug, lesson.slug])


def token(course):
    return CourseVersion.objects.get(course=course).token


@pytest.fixture
def bystander(db):
    """Another course, whose token no write to the first one may move."""
    return LessonFactory().course


WRITES = {
    "a lesson added": lambda c: LessonFactory(course=c),
    "a lesson saved": lambda c: Lesson.objects.filter(course=c).first().save(),
    "a bulk update": lambda c: Lesson.objects.filter(course=c).update(body="Baru."),
    "a lesson deleted": lambda c: Lesson.objects.filter(course=c).first().delete(),
    "the course saved": lambda c: Course.objects.get(pk=c.pk).save(),
    "the course renamed in bulk": lambda c: Course.objects.filter(pk=c.pk).update(title="Baru"),
}


def test_every_trigger_is_in_the_database(db):
    if connection.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = "SELECT tgname FROM pg_trigger"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        installed = {name for (name,) in cursor.fetchall()}
    assert set(triggers.TRIGGERS) <= installed


def test_every_course_gets_a_token(course):
    assert len(token(course)) == 32


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_to_a_course_or_its_lessons_gives_it_a_new_token(lessons, bystander, write):
    course = lessons[0].course
    before, untouched = token(course), token(bystander)
    write(course)
    assert token(course) != before
    assert token(bystander) == untouched


def test_lessons_moved_to_another_course_give_both_courses_a_new_token(lessons):
    source, target = lessons[0].course, CourseFactory()
    before = token(source), token(target)
    Lesson.objects.filter(pk=lessons[0].pk).update(course=target)
    assert token(source) != before[0]
    assert token(target) != before[1]


def test_a_course_made_before_the_tokens_gets_one_from_the_migration(course):
    CourseVersion.objects.filter(course=course).delete()
    with connection.cursor() as cursor:
        cursor.execute(triggers.backfill_sql_for(connection.vendor))
    assert len(token(course)) == 32


@pytest.mark.parametrize(
    ("without_token", "queries"), [(False, 4), (True, 5)], ids=["", "without a token"]
)
def test_the_lesson_page_shows_every_change_at_once(
    client, student, assignment, lessons, without_token, queries, django_assert_num_queries
):
    if without_token:  # a course the triggers missed is read afresh on every view
        CourseVersion.objects.all().delete()
    first, second, third = lessons
    client.force_login(student)
    client.get(lesson_url(first))
    with django_assert_num_queries(queries):  # 4: the lessons are kept, not read
        assert "Pelajaran baru" not in client.get(lesson_url(first)).text

    Lesson.objects.filter(pk=first.pk).update(title="Pelajaran baru", body="Teks yang baru.")
    page = client.get(lesson_url(first)).text
    assert "Pelajaran baru" in page and "Teks yang baru." in page
    assert "1 dari 3" in page  # "Lesson 1 of 3"

    LessonFactory(course=first.course, title="Penutup", slug="penutup", position=9)
    page = client.get(lesson_url(third)).text
    assert "3 dari 4" in page and 'href="/courses/kerjasama-internasional/penutup/"' in page

    Lesson.objects.filter(pk=second.pk).update(is_published=False)
    assert "2 dari 3" in client.get(lesson_url(third)).text
    assert client.get(lesson_url(second)).status_code == 404

    third.delete()
    assert client.get(lesson_url(third)).status_code == 404
    assert "Penutup" in client.get(lesson_url(first)).text  # next after the first now


def test_a_lesson_edited_in_the_admin_shows_on_its_page_at_once(client, staff, lessons):
    lesson = lessons[0]
    client.force_login(staff)
    client.get(lesson_url(lesson))  # the course's lessons are kept from here on
    assert "Pengertian" not in client.get(lesson_url(lesson)).text
    response = client.post(
        reverse("admin:lessons_lesson_change", args=[lesson.pk]),
        {
            "course": lesson.course.pk,
            "title": "Pengertian",
            "slug": lesson.slug,
            "position": 1,
            "body": "Kerja sama **dua negara**.",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(lesson_url(lesson)).text
    assert "Pengertian" in page and "<strong>dua negara</strong>" in page


def test_an_article_imported_again_shows_on_its_lesson_pages_at_once(client, staff, tmp_path):
    article = settings.BASE_DIR / "content" / "kerjasama-internasional.txt"
    text = article.read_text(encoding="utf-8")
    call_command("import_article", str(article), stdout=StringIO())
    lesson = Lesson.objects.get(slug="tujuan-kerjasama-internasional")
    client.force_login(staff)
    assert "Mempromosikan perdamaian" in client.get(lesson_url(lesson)).text  # now kept
    changed = tmp_path / "article.txt"
    changed.write_text(text.replace("Mempromosikan perdamaian", "Menjaga perdamaian"))
    call_command("import_article", str(changed), stdout=StringIO())
    page = client.get(lesson_url(lesson)).text
    assert "Menjaga perdamaian" in page and "Mempromosikan perdamaian" not in page
