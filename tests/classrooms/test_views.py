import pytest
from django.urls import reverse

from classrooms.models import Classroom, Membership
from classrooms.services import CODE_TRIES_ALLOWED, join_classroom

from ..concurrency import THREADS, postgres_only, together
from ..factories import UserFactory


@pytest.fixture
def newcomer(db):
    return UserFactory(username="siswa_baru", full_name="Siti Nurhaliza")


def test_student_joins_with_the_code(client, newcomer, classroom):
    client.force_login(newcomer)
    response = client.post(reverse("classrooms:join"), {"code": classroom.join_code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("progress:dashboard")
    assert "Selamat datang di XI IPS 1!" in response.text
    membership = Membership.objects.get(user=newcomer)
    assert membership.classroom == classroom
    assert membership.role == Membership.Role.STUDENT


def test_the_code_is_forgiving_about_case_spaces_and_dashes(newcomer, classroom):
    code = classroom.join_code
    messy = f" {code[:3].lower()}-{code[3:]} "
    membership, created = join_classroom(student=newcomer, code=messy)
    assert created and membership.classroom == classroom


def test_joining_twice_is_harmless(client, student, classroom):
    client.force_login(student)
    response = client.post(reverse("classrooms:join"), {"code": classroom.join_code}, follow=True)
    assert "Anda sudah menjadi anggota XI IPS 1." in response.text
    assert Membership.objects.filter(user=student).count() == 1


def test_a_teacher_entering_their_own_code_stays_teacher(client, teacher, classroom):
    client.force_login(teacher)
    client.post(reverse("classrooms:join"), {"code": classroom.join_code})
    assert Membership.objects.get(user=teacher).role == Membership.Role.TEACHER


def test_wrong_code_says_what_to_do(client, newcomer, classroom):
    client.force_login(newcomer)
    response = client.post(reverse("classrooms:join"), {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert "Tidak ada kelas dengan kode “ZZZZZZ”" in response.text
    assert not Membership.objects.filter(user=newcomer).exists()


def test_reset_code_makes_the_old_code_stop_working(client, teacher, classroom, newcomer):
    old = classroom.join_code
    client.force_login(teacher)
    response = client.post(reverse("classrooms:reset_code", args=[classroom.pk]), follow=True)
    classroom.refresh_from_db()
    assert classroom.join_code != old
    assert classroom.join_code in response.text
    client.force_login(newcomer)
    response = client.post(reverse("classrooms:join"), {"code": old})
    assert "mungkin kodenya sudah diganti" in response.text
    assert not Membership.objects.filter(user=newcomer).exists()


def test_teacher_removes_a_student_after_confirming(client, teacher, student, classroom):
    client.force_login(teacher)
    url = reverse("classrooms:remove_student", args=[classroom.pk, student.pk])
    confirm = client.get(url)
    assert "Budi Santoso" in confirm.text
    assert Membership.objects.filter(user=student).exists()
    response = client.post(url, follow=True)
    assert "Budi Santoso sudah dikeluarkan dari XI IPS 1." in response.text
    assert not Membership.objects.filter(user=student, classroom=classroom).exists()


def test_removing_a_student_id_too_large_for_the_database_is_not_found(client, teacher, classroom):
    client.force_login(teacher)
    url = reverse("classrooms:remove_student", args=[classroom.pk, 10**23])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_teachers_cannot_be_removed_as_students(client, teacher, classroom):
    client.force_login(teacher)
    url = reverse("classrooms:remove_student", args=[classroom.pk, teacher.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_join_codes_are_unambiguous_and_unique(db):
    codes = {
        Classroom.objects.create(name=f"X {n}", school_year="2026/2027").join_code
        for n in range(50)
    }
    assert len(codes) == 50
    assert not any(set(code) & set("01OIL") for code in codes)


def test_a_users_roles_are_read_once_per_request(client, teacher, django_assert_num_queries):
    from classrooms.permissions import is_teacher_anywhere, role_label

    with django_assert_num_queries(1):
        assert is_teacher_anywhere(teacher)
        assert role_label(teacher) == "Guru"
        assert is_teacher_anywhere(teacher)


def test_trying_class_codes_by_the_dozen_is_paused(client, newcomer, classroom):
    """31^6 codes: guessing them by the thousand would find a class to join."""
    client.force_login(newcomer)
    for n in range(CODE_TRIES_ALLOWED):
        response = client.post(reverse("classrooms:join"), {"code": f"ZZZZ{n:02d}"})
        assert "Tidak ada kelas dengan kode" in response.text
    response = client.post(reverse("classrooms:join"), {"code": classroom.join_code})
    assert response.status_code == 200
    assert "Terlalu banyak kode kelas yang dicoba. Tunggu 15 menit" in response.text
    assert not Membership.objects.filter(user=newcomer).exists()
    # Another student of the same school is not affected.
    other = UserFactory()
    client.force_login(other)
    client.post(reverse("classrooms:join"), {"code": classroom.join_code})
    assert Membership.objects.filter(user=other, classroom=classroom).exists()


def test_ones_own_class_code_between_guesses_does_not_start_the_count_afresh(
    client, student, classroom
):
    client.force_login(student)  # already in XI IPS 1, whose code they know
    for n in range(CODE_TRIES_ALLOWED - 1):
        client.post(reverse("classrooms:join"), {"code": f"ZZZZ{n:02d}"})
    client.post(reverse("classrooms:join"), {"code": classroom.join_code})
    response = client.post(reverse("classrooms:join"), {"code": "ZZZZYY"})
    assert "Terlalu banyak kode kelas yang dicoba" in response.text


@postgres_only
def test_codes_sent_at_once_try_no_more_than_the_limit():
    student = UserFactory()
    _results, errors = together(lambda i: join_classroom(student=student, code=f"ZZZZ{i:02d}"))
    codes = sorted(error.code for error in errors)
    assert (
        codes
        == ["too_many_codes"] * (THREADS - CODE_TRIES_ALLOWED)
        + ["unknown_code"] * CODE_TRIES_ALLOWED
    )


def test_the_admins_new_class_page_shows_no_code_before_the_class_has_one(admin_client, db):
    """It showed a code made for the page, and the class was then saved with another."""
    page = admin_client.get(reverse("admin:classrooms_classroom_add")).text
    assert "join_code" not in page and "Kode bergabung" not in page
    admin_client.post(
        reverse("admin:classrooms_classroom_add"),
        {
            "name": "X IPA 3",
            "school_year": "2026/2027",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    classroom = Classroom.objects.get(name="X IPA 3")
    page = admin_client.get(reverse("admin:classrooms_classroom_change", args=[classroom.pk])).text
    assert classroom.join_code in page
