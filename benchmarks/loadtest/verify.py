"""After a run: every acknowledged answer is stored exactly once, every attempt is graded.

Usage: .venv/bin/python benchmarks/loadtest/verify.py artifacts/loadtest  (same environment as
the server). Exits 1 and says what is wrong otherwise.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")

import django  # noqa: E402

django.setup()

from quizzes.models import Attempt, AttemptQuestion  # noqa: E402


def verify(folder: Path, expected_attempts: int) -> list[str]:
    accounts = json.loads((folder / "accounts.json").read_text())
    usernames = [a["username"] for a in accounts["students"]][:expected_attempts]
    acks = [line.split() for line in (folder / "acks.txt").read_text().splitlines() if line]
    problems = []
    attempts = Attempt.objects.filter(student__username__in=usernames)
    per_student = Counter(attempts.values_list("student__username", flat=True))
    if attempts.count() != expected_attempts or any(n != 1 for n in per_student.values()):
        problems.append(
            f"{attempts.count()} attempts for {expected_attempts} students "
            f"({sum(1 for n in per_student.values() if n > 1)} students with more than one)"
        )
    stored = Counter(
        AttemptQuestion.objects.filter(
            attempt__student__username__in=usernames, answer__isnull=False
        ).values_list("attempt__student__username", "position")
    )
    lost = [(u, int(p)) for u, p in acks if stored[(u, int(p))] != 1]
    if lost:
        problems.append(f"{len(lost)} acknowledged answers not stored exactly once: {lost[:5]}")
    ungraded = attempts.exclude(state=Attempt.State.IN_PROGRESS).filter(score__isnull=True)
    if ungraded.exists():
        problems.append(f"{ungraded.count()} submitted attempts without a score")
    open_attempts = attempts.filter(state=Attempt.State.IN_PROGRESS).count()
    if open_attempts:
        problems.append(f"{open_attempts} attempts still open (not submitted)")
    print(
        f"verify: {len(acks)} acknowledged answers, {sum(stored.values())} stored, "
        f"{attempts.count()} attempts, {attempts.exclude(score=None).count()} graded"
    )
    return problems


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    problems = verify(folder, int(sys.argv[2]))
    for problem in problems:
        print("PROBLEM:", problem)
    sys.exit(1 if problems else 0)
