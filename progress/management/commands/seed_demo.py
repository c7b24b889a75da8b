import json
import os
import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from classrooms.models import Classroom, Membership
from lessons.models import Course, ReadingAssignment, ReadingProgress
from quizzes.attempts import save_answers, start_attempt, submit_attempt
from quizzes.grades import grade_answer
from quizzes.importing import create_quiz
from quizzes.models import QuizAssignment

# What a class of sixteen-year-olds writes: some thorough, some short, one off the point.
DEMO_ESSAYS = {
    "benefit": [
        "Kerjasama internasional membuka perdagangan lintas batas, sehingga lapangan kerja "
        "bertambah dan standar hidup masyarakat meningkat.",
        "Indonesia bisa mengekspor kopi dan kelapa sawit ke negara lain, jadi petani mendapat "
        "pasar yang lebih luas dan penghasilan mereka naik.",
        "Dengan ikut ASEAN, barang dari Indonesia lebih mudah masuk ke Malaysia dan Thailand "
        "karena bea masuknya dikurangi.",
        "Investasi dari luar negeri membangun pabrik di sini, contohnya pabrik mobil di "
        "Karawang, sehingga banyak orang dapat pekerjaan.",
        "Ekonomi jadi lebih maju.",
        "Kita bisa belajar teknologi baru dari negara maju lewat kerjasama, misalnya "
        "pelatihan tenaga kerja, supaya industri kita bersaing.",
    ],
    "example": [
        "ASEAN penting karena negara-negara Asia Tenggara bisa menjaga perdamaian dan "
        "berdagang dengan lebih mudah satu sama lain.",
        "WHO membantu negara-negara menghadapi pandemi dengan berbagi vaksin dan data, jadi "
        "penyakit tidak menyebar ke mana-mana.",
        "PBB penting karena menjadi tempat negara-negara berunding supaya tidak terjadi perang.",
        "Contohnya WTO. WTO mengatur perdagangan dunia supaya adil untuk semua negara, juga "
        "negara berkembang seperti Indonesia.",
        "UNESCO, karena melindungi warisan budaya seperti Candi Borobudur.",
        "Kerjasama itu penting supaya negara-negara akur.",
    ],
}
DEMO_COMMENTS = [
    "Cukup baik, tambahkan contoh dari artikel.",
    "Bagus, alasanmu jelas.",
    "Jawabanmu benar, tapi terlalu singkat. Jelaskan mengapa.",
    "Contohnya tepat. Coba kaitkan dengan Indonesia.",
]

ARTICLE = Path(settings.BASE_DIR) / "content" / "kerjasama-internasional.txt"
SAMPLE_QUIZ = Path(settings.BASE_DIR) / "content" / "kuis-kerjasama-internasional.json"
COURSE_SLUG = "kerjasama-internasional"
STUDENTS = 30
DEFAULT_PASSWORD = "kerjasama-demo"

# Indonesian names for the demo class, so pages look like a real school's.
NAMES = [
    "Adi Nugroho",
    "Ayu Lestari",
    "Bagus Pratama",
    "Bunga Citra",
    "Cahya Putri",
    "Dewi Anggraini",
    "Dimas Saputra",
    "Eka Wulandari",
    "Fajar Hidayat",
    "Fitri Handayani",
    "Galih Ramadhan",
    "Gita Permata",
    "Hadi Kurniawan",
    "Indah Sari",
    "Joko Susilo",
    "Kartika Dewi",
    "Lukman Hakim",
    "Maya Safitri",
    "Nanda Putra",
    "Nur Aini",
    "Oktaviani Rahma",
    "Putu Wijaya",
    "Rina Marlina",
    "Rizky Firmansyah",
    "Sari Puspita",
    "Teguh Santoso",
    "Utami Rahayu",
    "Wahyu Setiawan",
    "Yoga Prasetyo",
    "Zahra Amelia",
]


def current_school_year(today) -> str:
    """Indonesian school years start in July."""
    start = today.year if today.month >= 7 else today.year - 1
    return f"{start}/{start + 1}"


class Command(BaseCommand):
    help = _(
        "Create the demo school: admin, teacher guru, students siswa1…siswa30, class XI IPS 1 "
        "with the article's readings assigned. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Run even when DJANGO_DEBUG is off (never on a real school's server)."),
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "seed_demo creates accounts with a known password, so it only runs with "
                    "DJANGO_DEBUG=1 (or --force on a machine that is not a school's server)."
                )
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        course = Course.objects.filter(slug=COURSE_SLUG).first()
        if course is None:
            call_command("import_article", str(ARTICLE), slug=COURSE_SLUG, stdout=self.stdout)
            course = Course.objects.get(slug=COURSE_SLUG)
        created = self.seed(course=course, password=password)
        self.stdout.write(
            ngettext(
                "Demo data is ready (%(count)d new account).",
                "Demo data is ready (%(count)d new accounts).",
                created,
            )
            % {"count": created}
            + "\n"
        )
        self.stdout.write(
            _("Sign in at http://127.0.0.1:%(port)s/ with password “%(password)s”:")
            % {"port": os.environ.get("PORT") or "8000", "password": password}
        )
        self.stdout.write(_("  admin         administrator (also /admin/)"))
        self.stdout.write(_("  guru          teacher of XI IPS 1"))
        self.stdout.write(_("  siswa1 … siswa%(last)d  students of XI IPS 1") % {"last": STUDENTS})

    @transaction.atomic
    def seed(self, *, course: Course, password: str) -> int:
        hashed = make_password(password)  # hashed once: 32 accounts would take seconds otherwise
        accounts = [("admin", "Administrator Sekolah", True), ("guru", "Ibu Sari Wulandari", False)]
        accounts += [(f"siswa{n}", NAMES[n - 1], False) for n in range(1, STUDENTS + 1)]
        existing = set(
            User.objects.filter(username__in=[a[0] for a in accounts]).values_list(
                "username", flat=True
            )
        )
        User.objects.bulk_create(
            [
                User(
                    username=username,
                    full_name=name,
                    password=hashed,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
                for username, name, is_admin in accounts
                if username not in existing
            ]
        )
        users = {
            user.username: user
            for user in User.objects.filter(username__in=[a[0] for a in accounts])
        }
        classroom, _created = Classroom.objects.get_or_create(
            name="XI IPS 1", school_year=current_school_year(timezone.localdate())
        )
        Membership.objects.bulk_create(
            [Membership(classroom=classroom, user=users["guru"], role=Membership.Role.TEACHER)]
            + [
                Membership(classroom=classroom, user=users[f"siswa{n}"])
                for n in range(1, STUDENTS + 1)
            ],
            ignore_conflicts=True,
        )
        # The class started with the school term, before the first reading was due.
        classroom.memberships.filter(joined_at__gt=timezone.now() - timedelta(days=30)).update(
            joined_at=timezone.now() - timedelta(days=30)
        )
        if not classroom.reading_assignments.exists():
            self.assign_readings(classroom=classroom, course=course, teacher=users["guru"])
            self.add_progress(classroom=classroom, users=users)
        if not classroom.quiz_assignments.exists():
            self.assign_sample_quiz(classroom=classroom, course=course, users=users)
        return len(accounts) - len(existing)

    def assign_sample_quiz(self, *, classroom, course, users):
        """The sample quiz, open for two more weeks; two thirds of the class already took it."""
        quiz = create_quiz(
            course=course,
            data=json.loads(SAMPLE_QUIZ.read_text(encoding="utf-8")),
            created_by=users["guru"],
        )
        now = timezone.now()
        assignment = QuizAssignment.objects.create(
            classroom=classroom,
            quiz=quiz,
            opens_at=now - timedelta(days=7),
            closes_at=timezone.make_aware(
                datetime.combine(timezone.localdate() + timedelta(days=14), time(23, 59))
            ),
            time_limit=timedelta(minutes=45),
            attempts_allowed=2,
            review_correct=True,
            review_when=QuizAssignment.ReviewWhen.IMMEDIATELY,
            assigned_by=users["guru"],
        )
        rng = random.Random(2027)
        for n in range(2, 22):  # siswa1 has not started, to try it out
            started = now - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8))
            attempt = start_attempt(assignment=assignment, student=users[f"siswa{n}"], now=started)
            save_answers(
                attempt=attempt, data=demo_answers(attempt, rng), now=started + timedelta(minutes=5)
            )
            submit_attempt(attempt=attempt, now=started + timedelta(minutes=rng.randint(10, 40)))
            if n % 3:  # the teacher has graded some essays; the others wait
                for row in attempt.questions.filter(score__isnull=True):
                    grade_answer(
                        attempt_question=row,
                        points=Decimal(rng.randint(1, 3)),
                        comment=rng.choice(DEMO_COMMENTS),
                        grader=users["guru"],
                    )

    def assign_readings(self, *, classroom, course, teacher):
        """One reading per lesson, a week apart: two already past due so late work shows."""
        today = timezone.localdate()
        first_due = today - timedelta(days=10)
        ReadingAssignment.objects.bulk_create(
            [
                ReadingAssignment(
                    classroom=classroom,
                    course=course,
                    lesson=lesson,
                    available_from=timezone.make_aware(
                        datetime.combine(first_due - timedelta(days=7), time(7, 0))
                    ),
                    due_at=timezone.make_aware(
                        datetime.combine(first_due + timedelta(weeks=index), time(23, 59))
                    ),
                    assigned_by=teacher,
                )
                for index, lesson in enumerate(course.lessons.published())
            ]
        )

    def add_progress(self, *, classroom, users):
        """Believable reading: most finished the first lessons, fewer the later ones; siswa1
        has read only the first lesson so there is something left to try."""
        rng = random.Random(2026)
        now = timezone.now()
        rows = []
        for assignment in classroom.reading_assignments.select_related("lesson"):
            due = assignment.due_at
            for n in range(1, STUDENTS + 1):
                user = users[f"siswa{n}"]
                if n == 1 and assignment.lesson.position > 1:
                    continue
                past_due = due < now
                chance = 0.85 if past_due else max(0.1, 0.6 - 0.15 * assignment.lesson.position)
                if n > 1 and rng.random() > chance:
                    continue
                opened = min(now, due) - timedelta(
                    days=rng.randint(1, 6), minutes=rng.randint(0, 600)
                )
                finished = opened + timedelta(minutes=rng.randint(5, 40))
                if past_due and rng.random() < 0.2:
                    finished = due + timedelta(days=rng.randint(1, 3))  # read, but late
                unfinished = n > 1 and not past_due and rng.random() < 0.3
                rows.append(
                    ReadingProgress(
                        user=user,
                        lesson=assignment.lesson,
                        first_opened_at=opened,
                        last_opened_at=min(now, finished),
                        finished_at=None if unfinished or finished > now else finished,
                    )
                )
        ReadingProgress.objects.bulk_create(rows, ignore_conflicts=True)


def demo_answers(attempt, rng: random.Random) -> dict:
    """Answers a real class might give: mostly right, some wrong, a few left blank."""
    data = {"shown": []}
    for row in attempt.questions.select_related("version"):
        question = row.version.data
        field = f"q{row.position}"
        data["shown"].append(str(row.position))
        if rng.random() < 0.05:
            continue
        right = rng.random() < 0.7
        choices = {c["id"]: c for c in question["choices"]}
        if question["type"] in ("single", "true_false"):
            order = row.choice_order
            best = max(order, key=lambda c: float(choices[c]["fraction"]))
            pick = best if right else rng.choice(order)
            data[field] = [str(order.index(pick))]
        elif question["type"] == "multiple":
            order = row.choice_order
            good = [c for c in order if float(choices[c]["fraction"]) > 0]
            picks = good if right else rng.sample(order, rng.randint(1, len(order)))
            data[field] = [str(order.index(c)) for c in picks]
        elif question["type"] in ("short", "numerical"):
            accepted = question["choices"][0]["text"]
            data[field] = [accepted if right else rng.choice(["tidak tahu", "12", "PBB"])]
        elif question["type"] == "matching":
            for i, stem in enumerate(row.choice_order):
                answers = row.match_order
                pick = stem if right and stem in answers else rng.choice(answers)
                data[f"{field}-{i}"] = [str(answers.index(pick))]
        elif question["type"] == "essay":
            kind = "benefit" if "manfaat" in question["text"] else "example"
            data[field] = [rng.choice(DEMO_ESSAYS[kind])]
    return data
