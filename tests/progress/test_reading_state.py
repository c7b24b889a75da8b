"""A reading's state for a student is decided once (`ReadingAssignment.state`): every page that
shows it must say the same thing of the same student."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from lessons.models import ReadingState

from ..factories import MembershipFactory, ReadingAssignmentFactory, UserFactory
from .test_gradebook import read_csv

JOINED_LATE = "bergabung setelah tenggat"  # "joined after the due date"


def test_every_page_spares_a_student_who_joined_after_the_due_date(
    client, teacher, classroom, lessons
):
    now = timezone.now()
    old = ReadingAssignmentFactory(
        classroom=classroom, lesson=lessons[0], due_at=now - timedelta(days=3)
    )
    ReadingAssignmentFactory(classroom=classroom, lesson=lessons[1], due_at=now + timedelta(days=3))
    newcomer = UserFactory(username="baru", full_name="Rina Baru")
    MembershipFactory(classroom=classroom, user=newcomer, joined_at=now - timedelta(days=1))
    MembershipFactory(classroom=classroom, user=UserFactory(username="lama", full_name="Ola Lama"))

    client.force_login(teacher)
    gradebook = client.get(reverse("progress:gradebook", args=[classroom.pk])).text
    assert "state-not_expected" in gradebook and JOINED_LATE in gradebook

    class_page = client.get(reverse("progress:classroom", args=[classroom.pk])).context
    rows = {row.membership.user.username: row for row in class_page["readings"].rows}
    assert rows["baru"].states[0] == ReadingState.NOT_EXPECTED and rows["baru"].missing == 0
    assert rows["lama"].states[0] == ReadingState.MISSING
    column = class_page["readings"].columns[0]
    assert (column.counts[ReadingState.MISSING], column.expected) == (1, 1)

    student_page = client.get(reverse("progress:student", args=[classroom.pk, newcomer.pk]))
    assert JOINED_LATE in student_page.text and "state-missing" not in student_page.text

    report = client.get(reverse("progress:reading", args=[old.pk])).context["groups"]
    by_state = {state: [row.student.username for row, _cell in rows] for state, _, rows in report}
    assert by_state[ReadingState.NOT_EXPECTED] == ["baru"] and by_state["missing"] == ["lama"]

    csv_rows = read_csv(client.get(reverse("progress:gradebook_csv", args=[classroom.pk])))
    newcomer_row = next(row for row in csv_rows if row[1] == "baru")
    assert JOINED_LATE in newcomer_row and "belum dikerjakan" not in newcomer_row

    client.force_login(newcomer)
    overview = client.get(reverse("progress:dashboard")).context["overview"]
    assert [item.state for item in overview.todo] == [ReadingState.NOT_STARTED]
    assert overview.done == []


def test_every_page_says_a_reading_is_not_open_yet_before_it_is_available(
    client, teacher, student, classroom, lessons
):
    now = timezone.now()
    later = ReadingAssignmentFactory(
        classroom=classroom,
        lesson=lessons[0],
        available_from=now + timedelta(days=1),
        due_at=now + timedelta(days=8),
    )
    client.force_login(teacher)
    gradebook = client.get(reverse("progress:gradebook", args=[classroom.pk])).text
    assert "state-upcoming" in gradebook and "belum dibuka" in gradebook
    class_page = client.get(reverse("progress:classroom", args=[classroom.pk])).context
    assert [row.states for row in class_page["readings"].rows] == [[ReadingState.UPCOMING]]
    report = client.get(reverse("progress:reading", args=[later.pk])).context["groups"]
    assert {state: len(rows) for state, _, rows in report}[ReadingState.UPCOMING] == 1

    client.force_login(student)
    overview = client.get(reverse("progress:dashboard")).context["overview"]
    assert (overview.todo, overview.done, overview.courses) == ([], [], [])
