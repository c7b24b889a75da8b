import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from classrooms.models import Membership
from classrooms.roster import import_roster, parse_roster

from ..factories import ClassroomFactory, UserFactory

IMPORT_URL = reverse("admin:classrooms_classroom_import_roster")
CHANGELIST_URL = reverse("admin:classrooms_classroom_changelist")

GOOD_CSV = (
    "username,full_name,class,password,role\n"
    "siswa10,Citra Dewi,XI IPS 1,rahasia-2026,siswa\n"
    "siswa11,Dodi Pratama,XI IPS 2,rahasia-2026,\n"
    "guru3,Pak Eko,XI IPS 1,papan-tulis-77,guru\n"
)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client, staff):
    staff.language = "en"  # the site speaks Indonesian unless the person chose otherwise
    staff.save(update_fields=["language"])
    client.force_login(staff)
    return client


def upload(client, text, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile("kelas.csv", data, "text/csv")})


def error_codes(preview):
    return {(error.line, error.code) for error in preview.errors}


def test_comma_file_is_parsed_into_rows_with_roles_and_actions(classroom, other_classroom, english):
    preview = parse_roster(GOOD_CSV.encode())
    assert preview.errors == []
    assert preview.is_valid
    assert [(r.line, r.username, r.full_name, r.classroom, r.role) for r in preview.rows] == [
        (2, "siswa10", "Citra Dewi", classroom, Membership.Role.STUDENT),
        (3, "siswa11", "Dodi Pratama", other_classroom, Membership.Role.STUDENT),
        (4, "guru3", "Pak Eko", classroom, Membership.Role.TEACHER),
    ]
    assert {row.action for row in preview.rows} == {"new account"}
    assert not User.objects.filter(username="siswa10").exists()


def test_semicolon_file_with_bom_crlf_and_indonesian_headers(classroom):
    text = (
        "Nama Pengguna;NAMA LENGKAP; Kelas ;Kata_Sandi;Peran;Tahun Ajaran;No. Induk\r\n"
        "siswa10;Citra Dewi;xi ips 1;rahasia-2026;Siswa;2026/2027;1234\r\n"
        "\r\n"
        "guru3;Pak Eko, S.Pd.;XI IPS 1;papan-tulis-77;GURU;;5678\r\n"
    )
    preview = parse_roster(b"\xef\xbb\xbf" + text.encode())
    assert preview.errors == []
    assert preview.ignored_columns == ["No. Induk"]
    assert [(r.line, r.username, r.full_name, r.role) for r in preview.rows] == [
        (2, "siswa10", "Citra Dewi", Membership.Role.STUDENT),
        (4, "guru3", "Pak Eko, S.Pd.", Membership.Role.TEACHER),
    ]
    assert all(row.classroom == classroom for row in preview.rows)


def test_quoted_field_over_two_lines_keeps_later_line_numbers(classroom):
    text = (
        "username,full_name,class,password\n"
        'siswa10,"Citra\nDewi",XI IPS 1,rahasia-2026\n'
        "siswa11,Dodi Pratama,XI IPS 9,rahasia-2026\n"
    )
    assert error_codes(parse_roster(text.encode())) == {(4, "unknown_class")}


def test_school_year_picks_a_class_whose_name_is_used_in_several_years(classroom):
    older = ClassroomFactory(name="XI IPS 1", school_year="2025/2026")
    ambiguous = parse_roster(
        b"username,full_name,class,password\nsiswa10,Citra,XI IPS 1,rahasia-2026\n"
    )
    assert error_codes(ambiguous) == {(2, "ambiguous_class")}
    assert "2025/2026" in ambiguous.errors[0].message

    text = (
        "username,full_name,class,password,school_year\n"
        "siswa10,Citra,XI IPS 1,rahasia-2026,2025/2026\n"
        "siswa11,Dodi,XI IPS 1,rahasia-2026,2026 - 2027\n"
    )
    preview = parse_roster(text.encode())
    assert preview.errors == []
    assert [row.classroom for row in preview.rows] == [older, classroom]


def test_every_bad_line_is_reported_with_its_line_number_and_reason(classroom, english):
    text = (
        "username,full_name,class,password,role\n"  # 1
        "siswa10,Citra Dewi,XI IPS 1,rahasia-2026,\n"  # 2: fine
        ",Tanpa Nama Pengguna,XI IPS 1,rahasia-2026,\n"  # 3
        "budi santoso,Budi,XI IPS 1,rahasia-2026,\n"  # 4
        "siswa12,Eka,,rahasia-2026,\n"  # 5
        "siswa13,Fajar,XII IPA 9,rahasia-2026,\n"  # 6
        "siswa14,Gita,XI IPS 1,rahasia-2026,kepala sekolah\n"  # 7
        "siswa15,Hadi,XI IPS 1,abc,\n"  # 8
        "siswa16,Indah,XI IPS 1,12345678901,\n"  # 9
        "siswa17,Joko,XI IPS 1,,\n"  # 10
        "siswa18,Kiki,XI IPS 1\n"  # 11
        "siswa19,Lina,XI IPS 1,rahasia-2026,,extra\n"  # 12
        "siswa20,Maya,XI IPS 1,rahasia-2026,\n"  # 13
        "siswa20,Maya Sari,XI IPS 1,rahasia-2026,\n"  # 14
        "siswa21,Nina,XI IPS 1,rahasia-2026,\n"  # 15
        "siswa21,Nina,XI IPS 1,rahasia-2027,\n"  # 16
        "siswa22,Oki,XI IPS 1,rahasia-2026,siswa\n"  # 17
        "siswa22,Oki,XI IPS 1,rahasia-2026,guru\n"  # 18
        "siswa23,,XI IPS 1,rahasia-2026,\n"  # 19
    )
    preview = parse_roster(text.encode())
    assert error_codes(preview) == {
        (3, "missing_username"),
        (4, "invalid_username"),
        (5, "missing_class"),
        (6, "unknown_class"),
        (7, "unknown_role"),
        (8, "invalid_password"),
        (9, "invalid_password"),
        (10, "missing_password"),
        (11, "column_count"),
        (12, "column_count"),
        (14, "conflicting_name"),
        (16, "conflicting_password"),
        (18, "conflicting_role"),
        (19, "missing_name"),
    }
    assert not preview.is_valid
    lines = [error.line for error in preview.errors]
    assert lines == sorted(lines)  # in the file's order, as they are fixed
    messages = {error.line: str(error) for error in preview.errors}
    assert messages[6].startswith("Line 6: There is no class “XII IPA 9”.")
    assert "XI IPS 1 (2026/2027)" in messages[6]  # few classes: they are listed
    assert "kepala sekolah" in messages[7]
    assert "too short" in messages[8]
    assert "entirely numeric" in messages[9]
    assert "line 13" in messages[14]


def test_missing_header_column_is_reported_on_line_one(classroom):
    preview = parse_roster(b"username;nama;password\nsiswa10;Citra;rahasia-2026\n")
    assert error_codes(preview) == {(1, "missing_column")}
    assert preview.rows == []


def test_file_that_is_not_utf8_is_refused(classroom, english):
    text = "username,full_name,class,password\nsiswa10,Désirée,XI IPS 1,rahasia-2026\n"
    preview = parse_roster(text.encode("cp1252"))
    assert error_codes(preview) == {(None, "not_utf8")}
    assert "UTF-8" in str(preview.errors[0])


def test_empty_file_and_header_only_file_are_refused(db):
    assert error_codes(parse_roster(b"")) == {(None, "empty")}
    assert error_codes(parse_roster(b"username,full_name,class,password\n")) == {(None, "empty")}


def test_existing_account_is_recognised_by_exact_spelling_only(classroom, student, english):
    text = (
        "username,full_name,class,password\n"
        "siswa1,Budi,XI IPS 1,\n"
        "SISWA1,Budi,XI IPS 1,rahasia-2026\n"
    )
    preview = parse_roster(text.encode())
    assert error_codes(preview) == {(3, "username_case")}
    assert preview.rows[0].action == "already in class"


def test_parsing_reads_the_database_in_a_fixed_number_of_queries(
    classroom, student, django_assert_num_queries
):
    lines = [f"siswa{i},Siswa {i},XI IPS 1,rahasia-2026" for i in range(100, 160)]
    lines.append("siswa1,Budi Santoso,XI IPS 1,")
    data = ("username,full_name,class,password\n" + "\n".join(lines)).encode()
    with django_assert_num_queries(3):  # classes, accounts, their memberships
        parse_roster(data)


def test_import_creates_accounts_with_passwords_and_memberships(classroom, other_classroom):
    result = import_roster(rows=parse_roster(GOOD_CSV.encode()).rows)
    assert (result.created, result.added, result.already) == (3, 3, 0)
    citra = User.objects.get(username="siswa10")
    assert citra.full_name == "Citra Dewi"
    assert citra.check_password("rahasia-2026")
    assert User.objects.get(username="guru3").check_password("papan-tulis-77")
    assert set(Membership.objects.values_list("user__username", "classroom__name", "role")) == {
        ("siswa10", "XI IPS 1", "student"),
        ("siswa11", "XI IPS 2", "student"),
        ("guru3", "XI IPS 1", "teacher"),
    }


def test_import_puts_one_new_person_in_two_classes_once_each(classroom, other_classroom):
    text = (
        "username,full_name,class,password,role\n"
        "guru3,Pak Eko,XI IPS 1,papan-tulis-77,guru\n"
        "guru3,Pak Eko,XI IPS 2,papan-tulis-77,guru\n"
        "guru3,Pak Eko,XI IPS 2,papan-tulis-77,guru\n"
    )
    preview = parse_roster(text.encode())
    assert preview.errors == []
    assert preview.rows[2].repeat_of == 3
    result = import_roster(rows=preview.rows)
    assert (result.created, result.added, result.already) == (1, 2, 0)
    assert Membership.objects.filter(user__username="guru3").count() == 2


@pytest.mark.parametrize("n", [5, 50])
def test_import_queries_stay_flat(n, classroom, student, django_assert_num_queries):
    lines = [f"siswa{i},Siswa {i},XI IPS 1,rahasia-{i % 3}-2026" for i in range(100, 100 + n)]
    lines.append("siswa1,Budi Santoso,XI IPS 1,")  # already in the class
    preview = parse_roster(("username,full_name,class,password\n" + "\n".join(lines)).encode())
    assert preview.errors == []
    with django_assert_num_queries(7):  # savepoint, 5 statements, release
        result = import_roster(rows=preview.rows)
    assert (result.created, result.added, result.already) == (n, n, 1)


def test_import_page_previews_and_saves_nothing(admin_client, classroom, other_classroom):
    response = upload(admin_client, GOOD_CSV)
    assert response.status_code == 200
    content = response.text
    assert "siswa10" in content and "Citra Dewi" in content
    assert "new account" in content
    assert 'name="confirm"' in content
    assert '<th scope="col">Action</th>' in content
    assert "New accounts: 3" in content
    assert not User.objects.filter(username__in=["siswa10", "siswa11", "guru3"]).exists()
    assert not Membership.objects.exists()


def test_confirm_imports_the_posted_file(admin_client, classroom, other_classroom):
    preview = upload(admin_client, GOOD_CSV)
    response = admin_client.post(
        IMPORT_URL,
        {"csv_text": preview.context["confirm_form"]["csv_text"].value(), "confirm": "1"},
    )
    assert response.status_code == 302
    assert response.url == CHANGELIST_URL
    assert User.objects.get(username="siswa11").check_password("rahasia-2026")
    assert Membership.objects.get(user__username="guru3").role == Membership.Role.TEACHER
    page = admin_client.get(CHANGELIST_URL)
    assert "Accounts created: 3." in page.text


def test_existing_account_keeps_its_password_and_is_added_to_the_class(
    admin_client, classroom, other_classroom, student
):
    text = "username,full_name,class,password\nsiswa1,Nama Lain,XI IPS 2,password-baru-99\n"
    preview = upload(admin_client, text)
    assert "existing account: added to class (name and password not changed)" in preview.text
    admin_client.post(IMPORT_URL, {"csv_text": text, "confirm": "1"})
    student.refresh_from_db()
    assert student.check_password("secret-pass-123")
    assert not student.check_password("password-baru-99")
    assert student.full_name == "Budi Santoso"
    assert set(student.memberships.values_list("classroom", flat=True)) == {
        classroom.pk,
        other_classroom.pk,
    }


def test_file_with_errors_shows_them_and_offers_no_confirm(admin_client, classroom):
    text = GOOD_CSV.replace("XI IPS 2", "XI IPS 7")
    response = upload(admin_client, text)
    assert response.status_code == 200
    assert "There is no class “XI IPS 7”." in response.text
    assert 'name="confirm"' not in response.text
    assert response.context["preview"].errors[0].line == 3
    assert not User.objects.filter(username="siswa10").exists()


def test_confirm_checks_the_posted_text_again(admin_client, classroom, other_classroom):
    tampered = GOOD_CSV + "siswa12,Eka,XI IPS 1,abc,\n"
    response = admin_client.post(IMPORT_URL, {"csv_text": tampered, "confirm": "1"})
    assert response.status_code == 200
    assert response.context["preview"].errors[0].code == "invalid_password"
    assert not User.objects.filter(username__in=["siswa10", "siswa12"]).exists()
    assert not Membership.objects.exists()


def test_import_page_refuses_a_file_that_is_not_utf8(admin_client, classroom):
    text = "username,full_name,class,password\nsiswa10,Désirée,XI IPS 1,rahasia-2026\n"
    response = upload(admin_client, text, encoding="cp1252")
    assert "The file is not UTF-8 text." in response.text
    assert 'name="confirm"' not in response.text


def test_classroom_list_links_to_the_import_page(admin_client):
    response = admin_client.get(CHANGELIST_URL)
    assert f'href="{IMPORT_URL}"' in response.text


def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, student):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))  # LoginRequiredMiddleware, as for all admin
    client.force_login(student)
    response = client.post(IMPORT_URL, {"csv_text": GOOD_CSV, "confirm": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not User.objects.filter(username="siswa10").exists()


@pytest.mark.parametrize(
    "codenames",
    [[], ["view_classroom"], ["add_classroom"], ["add_classroom", "add_membership"]],
)
def test_staff_without_add_permissions_cannot_import(client, classroom, codenames):
    clerk = UserFactory(username="tu", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"csv_text": GOOD_CSV, "confirm": "1"})
    assert response.status_code == 403
    assert not User.objects.filter(username="siswa10").exists()
    if "view_classroom" in codenames:
        assert IMPORT_URL not in client.get(CHANGELIST_URL).text


def test_staff_with_add_permissions_can_import(client, classroom, other_classroom):
    clerk = UserFactory(username="tu", is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(codename__in=["add_classroom", "add_membership", "add_user"])
    )
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 200
    response = client.post(IMPORT_URL, {"csv_text": GOOD_CSV, "confirm": "1"})
    assert response.status_code == 302
    assert User.objects.filter(username="siswa10").exists()


def write(tmp_path, text):
    path = tmp_path / "kelas.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_command_imports_and_prints_a_summary(
    tmp_path, classroom, other_classroom, capsys, english
):
    call_command("import_roster", write(tmp_path, GOOD_CSV))
    assert (
        "Accounts created: 3. Added to a class: 3. Already in the class: 0."
        in capsys.readouterr().out
    )
    assert User.objects.get(username="siswa10").check_password("rahasia-2026")


def test_command_dry_run_saves_nothing(tmp_path, classroom, other_classroom, capsys, english):
    call_command("import_roster", write(tmp_path, GOOD_CSV), "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run, nothing was saved." in out
    assert "Accounts created: 3." in out
    assert not User.objects.filter(username="siswa10").exists()


def test_command_reports_errors_by_line_and_imports_nothing(
    tmp_path, classroom, other_classroom, capsys, english
):
    path = write(tmp_path, GOOD_CSV + "siswa12,Eka,XI IPS 9,rahasia-2026,\n,Fajar,XI IPS 1,x,\n")
    with pytest.raises(CommandError, match=r"2 problems in the file: nothing was imported\."):
        call_command("import_roster", path)
    err = capsys.readouterr().err
    assert "Line 5: There is no class “XI IPS 9”." in err
    assert "Line 6: The username is missing." in err
    assert not User.objects.filter(username="siswa10").exists()
    assert not Membership.objects.exists()


def test_command_refuses_a_missing_file(tmp_path, db, english):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_roster", tmp_path / "tidak-ada.csv")


def test_existing_member_with_another_role_is_left_alone(classroom, student, english):
    text = "username,full_name,class,password,role\nsiswa1,Budi,XI IPS 1,,guru\n"
    preview = parse_roster(text.encode())
    assert preview.rows[0].action == "already in class as student (role not changed)"
    result = import_roster(rows=preview.rows)
    assert (result.created, result.added, result.already) == (0, 0, 1)
    assert Membership.objects.get(user=student).role == Membership.Role.STUDENT
