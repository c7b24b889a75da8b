"""How fast are the gradebook, a quiz report and the export, for classes of 40, 400 and 1,000?

    make bench            # or: .venv/bin/python benchmarks/gradebook.py [--sizes 40,400,1000]

Builds each class in a throwaway database (a temporary SQLite file, or the PostgreSQL database
named by DATABASE_URL, which must be a scratch one: its tables are created and filled), with 20
assignments (10 readings, 10 quizzes of 10 questions) and realistic work: most students read
most lessons, some late; most took each quiz, some twice, a few with an essay waiting. Then it
renders each page a few times through Django's test client and prints the median time next to
a trivial page (/healthz) on the same setup, as a ratio, and the time per gradebook cell. The
signed-in profile page (session, user, base template) is shown too, for a sense of scale.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

READINGS = 10
QUIZZES = 10
QUESTIONS = 10


def setup_django():
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
    os.environ.pop("DJANGO_DEBUG", None)  # DEBUG off: no query log, as in production
    import django
    from django.conf import settings

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS) and keeps email local
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return tmp


def build_school(students: int, rng: random.Random):
    """One class of `students` with 20 assignments and their work; returns the ids to fetch."""
    from django.utils import timezone

    from accounts.models import User
    from classrooms.models import Classroom, Membership
    from lessons.models import Course, Lesson, ReadingAssignment, ReadingProgress
    from quizzes.models import (
        Attempt,
        AttemptQuestion,
        Choice,
        Question,
        QuestionVersion,
        Quiz,
        QuizAssignment,
    )

    now = timezone.now()
    tag = f"b{students}-{rng.randrange(10**6)}"
    course = Course.objects.create(title=f"Course {tag}", slug=tag)
    lessons = Lesson.objects.bulk_create(
        Lesson(course=course, title=f"Lesson {i}", slug=f"l{i}", position=i, body="Teks " * 300)
        for i in range(READINGS)
    )
    classroom = Classroom.objects.create(name=f"Class {tag}", school_year="2026/2027")
    teacher = User.objects.create_user(username=f"guru-{tag}", password="x")
    users = User.objects.bulk_create(
        User(username=f"s{i}-{tag}", full_name=f"Siswa {i:04}") for i in range(students)
    )
    Membership.objects.create(classroom=classroom, user=teacher, role=Membership.Role.TEACHER)
    Membership.objects.bulk_create(Membership(classroom=classroom, user=u) for u in users)
    Membership.objects.filter(classroom=classroom).update(joined_at=now - timedelta(days=120))
    readings = ReadingAssignment.objects.bulk_create(
        ReadingAssignment(
            classroom=classroom,
            course=course,
            lesson=lesson,
            due_at=now + timedelta(days=7 * i - 40),
        )
        for i, lesson in enumerate(lessons)
    )
    progress = []
    for user in users:
        for reading in readings:
            roll = rng.random()
            if roll < 0.15:
                continue
            finished = None
            if roll < 0.85:
                finished = reading.due_at + timedelta(days=rng.choice([-3, -1, -1, 1]))
                finished = min(finished, now)
            progress.append(
                ReadingProgress(
                    user=user,
                    lesson=reading.lesson,
                    first_opened_at=now - timedelta(days=50),
                    last_opened_at=now - timedelta(days=1),
                    finished_at=finished,
                )
            )
    ReadingProgress.objects.bulk_create(progress, batch_size=5000)

    quiz_assignments = []
    for q in range(QUIZZES):
        quiz = Quiz.objects.create(course=course, title=f"Kuis {q}")
        questions = Question.objects.bulk_create(
            Question(quiz=quiz, lesson=lessons[i], position=i, text=f"Pertanyaan {i}")
            for i in range(QUESTIONS)
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=c, text=f"Pilihan {c}", fraction=Decimal(c == 0))
            for question in questions
            for c in range(4)
        )
        versions = QuestionVersion.objects.bulk_create(
            QuestionVersion(question=question, number=1, data=question.snapshot())
            for question in Question.objects.filter(quiz=quiz).prefetch_related("choices")
        )
        closes = now + timedelta(days=7 * q - 40)
        quiz_assignments.append(
            (
                QuizAssignment.objects.create(
                    classroom=classroom,
                    quiz=quiz,
                    opens_at=closes - timedelta(days=7),
                    closes_at=closes,
                    attempts_allowed=2,
                ),
                versions,
            )
        )
    attempts, rows = [], []
    for assignment, versions in quiz_assignments:
        for user in users:
            taken = 0 if rng.random() < 0.15 else (2 if rng.random() < 0.2 else 1)
            for number in range(1, taken + 1):
                waiting = rng.random() < 0.05
                picks = [0 if rng.random() < 0.7 else rng.randrange(1, 4) for _ in versions]
                attempt = Attempt(
                    assignment=assignment,
                    student=user,
                    number=number,
                    state=Attempt.State.SUBMITTED,
                    started_at=assignment.opens_at,
                    deadline=assignment.closes_at,
                    submitted_at=min(assignment.closes_at, now),
                    score=Decimal(sum(1 for p in picks if p == 0)),
                    max_score=Decimal(len(versions)),
                    needs_grading=waiting,
                )
                attempts.append((attempt, versions, picks))
    Attempt.objects.bulk_create([a for a, _v, _p in attempts], batch_size=5000)
    for attempt, versions, picks in attempts:
        for position, (version, pick) in enumerate(zip(versions, picks, strict=True)):
            choice_id = version.data["choices"][pick]["id"]
            rows.append(
                AttemptQuestion(
                    attempt=attempt,
                    version=version,
                    position=position,
                    answer={"choice": choice_id},
                    score=Decimal(pick == 0),
                )
            )
    AttemptQuestion.objects.bulk_create(rows, batch_size=5000)
    return classroom, teacher, quiz_assignments[0][0]


def timed(client, url: str, repeat: int) -> float:
    client.get(url)  # warm: templates compiled, connections open
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="40,400,1000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    print(f"database: {connection.vendor}; 20 assignments (10 readings, 10 quizzes × 10 questions)")
    print(f"{'students':>8} {'cells':>6}  {'page':<14} {'ms':>8} {'× trivial':>10} {'µs/cell':>8}")
    rng = random.Random(2026)
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            start = time.perf_counter()
            classroom, teacher, quiz = build_school(size, rng)
            built = time.perf_counter() - start
            client = Client()
            client.force_login(teacher)
            cells = size * (READINGS + QUIZZES)
            trivial = timed(client, reverse("healthz"), args.repeat * 3)
            pages = {
                "trivial": trivial,
                "profile page": timed(client, reverse("accounts:profile"), args.repeat),
                "gradebook": timed(
                    client, reverse("progress:gradebook", args=[classroom.pk]), args.repeat
                ),
                "quiz report": timed(client, reverse("progress:quiz", args=[quiz.pk]), args.repeat),
                "export csv": timed(
                    client, reverse("progress:gradebook_csv", args=[classroom.pk]), args.repeat
                ),
                "export xlsx": timed(
                    client, reverse("progress:gradebook_xlsx", args=[classroom.pk]), args.repeat
                ),
            }
            for name, seconds in pages.items():
                print(
                    f"{size:>8} {cells:>6}  {name:<14} {seconds * 1000:>8.1f} "
                    f"{seconds / trivial:>10.1f} {seconds * 1e6 / cells:>8.1f}"
                )
            print(f"{'':>8} (data built in {built:.1f} s)")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
