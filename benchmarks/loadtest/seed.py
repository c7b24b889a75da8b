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

from accounts.models import User  # noqa: E402
from classrooms.models import Classroom, Membership  # noqa: E402
from lessons.models import Course  # noqa: E402
from tests.factories import (  # noqa: E402
    QuizAssignmentFactory,
    QuizFactory,
    ReadingAssignmentFactory,
    make_question,
)

PASSWORD = "kelas-ramai-2026"
KINDS = ["single", "multiple", "true_false", "short", "numerical", "matching"] * 2


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
    quiz = QuizFactory(course=course, created_by=teacher, title="Kuis beban")
    for kind in KINDS:
        make_question(quiz, kind)
    accounts = []
    for c in range(classes):
        classroom = Classroom.objects.create(name=f"Beban {c + 1}")
        Membership.objects.create(classroom=classroom, user=teacher, role=Membership.Role.TEACHER)
        ReadingAssignmentFactory(classroom=classroom, lesson=lesson, assigned_by=teacher)
        assignment = QuizAssignmentFactory(classroom=classroom, quiz=quiz)
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
