"""Seed the load test's school: classes of students with a lesson and a quiz assigned.

Usage (from the project root, with the same environment as the server):
    .venv/bin/python benchmarks/loadtest/seed.py --classes 1 --students 40 --out artifacts/loadtest
Writes accounts.json (usernames, password, the teacher's class) for the locustfile.
Passwords are hashed as a roster import hashes them (the fast initial hasher), so the first
sign-in also pays for the re-hash at full strength, as in a real school's first week.
"""

import argparse
import json
import os
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from classrooms.models import Classroom, Membership  # noqa: E402
from lessons.models import Course  # noqa: E402
from lessons.services import assign_reading  # noqa: E402
from quizzes.importing import create_quiz  # noqa: E402
from quizzes.models import QuizAssignment  # noqa: E402

PASSWORD = "kelas-ramai-2026"
# Twelve questions, two of each type graded on hand-in (no essay), each with a known key.
CHOICES = {
    "single": [{"text": "Benar", "fraction": 1}, {"text": "Salah satu"}, {"text": "Lainnya"}],
    "multiple": [
        {"text": "A", "fraction": 0.5},
        {"text": "B", "fraction": 0.5},
        {"text": "C", "fraction": -0.5},
        {"text": "D"},
    ],
    "true_false": [{"text": "Benar", "fraction": 1}, {"text": "Salah"}],
    "short": [
        {"text": "PBB", "fraction": 1},
        {"text": "Perserikatan Bangsa-Bangsa", "fraction": 1},
    ],
    "numerical": [{"text": "190", "value": 190, "tolerance": 5, "fraction": 1}],
    "matching": [
        {"text": "NATO", "match": "keamanan"},
        {"text": "WTO", "match": "perdagangan"},
        {"text": "UNESCO", "match": "pendidikan"},
        {"match": "pariwisata"},
    ],
}
KINDS = list(CHOICES) * 2


@transaction.atomic
def seed(classes: int, students: int) -> dict:
    call_command(
        "import_article",
        str(ROOT / "content/kerjasama-internasional.txt"),
        "--slug",
        "kerjasama-internasional",
        stdout=StringIO(),
    )
    course = Course.objects.get(slug="kerjasama-internasional")
    lesson = course.lessons.order_by("position").first()
    hashed = make_password(PASSWORD)
    teacher = User.objects.create(username="guru-beban", full_name="Guru Beban", password=hashed)
    questions = [
        {"type": kind, "text": f"Pertanyaan {n + 1}?", "choices": CHOICES[kind]}
        for n, kind in enumerate(KINDS)
    ]
    quiz = create_quiz(
        course=course, data={"title": "Kuis beban", "questions": questions}, created_by=teacher
    )
    now = timezone.now()
    accounts = []
    for c in range(classes):
        classroom = Classroom.objects.create(name=f"Beban {c + 1}")
        Membership.objects.create(classroom=classroom, user=teacher, role=Membership.Role.TEACHER)
        assign_reading(
            classroom=classroom,
            course=course,
            lesson=lesson,
            due_at=now + timedelta(days=7),
            assigned_by=teacher,
        )
        assignment = QuizAssignment.objects.create(
            classroom=classroom,
            quiz=quiz,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            assigned_by=teacher,
        )
        users = User.objects.bulk_create(
            User(username=f"beban{c + 1}-{s + 1:03}", full_name=f"Siswa {s + 1}", password=hashed)
            for s in range(students)
        )
        Membership.objects.bulk_create(
            Membership(classroom=classroom, user=u, role=Membership.Role.STUDENT) for u in users
        )
        accounts += [
            {
                "username": u.username,
                "course": course.slug,
                "lesson": lesson.slug,
                "assignment": assignment.pk,
            }
            for u in users
        ]
    reader = User.objects.get(username=accounts[-1]["username"])
    session = SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.create()
    return {
        "reader_session": session.session_key,
        "password": PASSWORD,
        "teacher": teacher.username,
        "classrooms": list(
            Classroom.objects.filter(name__startswith="Beban ").values_list("pk", flat=True)
        ),
        "students": accounts,
        "questions": len(KINDS),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--classes", type=int, default=1)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "loadtest")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = seed(args.classes, args.students)
    (args.out / "accounts.json").write_text(json.dumps(data, indent=1))
    print(f"seeded {len(data['students'])} students in {args.classes} classes")
