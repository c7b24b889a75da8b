"""Class lists (rosters) from CSV: read and check a file, then import it in one transaction.

The format, for administrators: one header line, then one person per line.

    username,full_name,class,password,role,school_year
    siswa1,Budi Santoso,XI IPS 1,rahasia-2026,siswa,2026/2027

Headers may be English or Indonesian, in any case and with spaces for underscores
(`nama_pengguna`, `nama_lengkap`, `kelas`, `kata_sandi`, `peran`, `tahun_ajaran`); other
columns are ignored. `role` and `school_year` are optional. The file is UTF-8 (with or
without BOM), separated by commas or by semicolons (as Excel writes it in Indonesian).
"""

import csv
import io
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .models import Classroom, Membership

User = get_user_model()

# Kept well under DATA_UPLOAD_MAX_MEMORY_SIZE: the confirm form posts the text back, URL-encoded.
MAX_ROSTER_BYTES = 512 * 1024
# An unknown class lists the existing ones when there are no more than this.
FEW_CLASSES = 12

REQUIRED_COLUMNS = ["username", "full_name", "class", "password"]
COLUMN_ALIASES = {
    "username": ["username", "user_name", "nama_pengguna"],
    "full_name": ["full_name", "name", "nama", "nama_lengkap"],
    "class": ["class", "classroom", "kelas"],
    "password": ["password", "kata_sandi", "sandi"],
    "role": ["role", "peran"],
    "school_year": ["school_year", "year", "tahun_ajaran"],
}
HEADER_TO_COLUMN = {alias: column for column, names in COLUMN_ALIASES.items() for alias in names}
ROLE_ALIASES = {
    "": Membership.Role.STUDENT,
    "student": Membership.Role.STUDENT,
    "siswa": Membership.Role.STUDENT,
    "murid": Membership.Role.STUDENT,
    "teacher": Membership.Role.TEACHER,
    "guru": Membership.Role.TEACHER,
}


@dataclass(frozen=True)
class RosterError:
    """A problem in the file; `line` is the line in the file (header = 1), None for the file."""

    line: int | None
    message: str
    code: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class RosterRow:
    """One checked line of the file: who goes into which class, and what importing will do."""

    line: int
    username: str
    full_name: str
    classroom: Classroom
    role: str
    password: str
    is_new_account: bool = True
    current_role: str | None = None  # the role held in this class already, if any
    repeat_of: int | None = None  # an earlier line with the same person and class

    @property
    def is_member(self) -> bool:
        return self.current_role is not None

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label

    @property
    def action(self) -> str:
        if self.repeat_of is not None:
            return _("same as line %(line)d") % {"line": self.repeat_of}
        if self.is_new_account:
            return _("new account")
        if self.current_role is None:
            return _("existing account: added to class (name and password not changed)")
        if self.current_role != self.role:
            return _("already in class as %(role)s (role not changed)") % {
                "role": Membership.Role(self.current_role).label
            }
        return _("already in class")


@dataclass(frozen=True)
class RosterResult:
    """How many accounts an import created, and how many people it put in a class."""

    created: int
    added: int
    already: int

    def __str__(self):
        return _(
            "Accounts created: %(created)d. Added to a class: %(added)d. "
            "Already in the class: %(already)d."
        ) % {"created": self.created, "added": self.added, "already": self.already}


@dataclass
class RosterPreview:
    """A parsed file: the rows to import, every error, and the text to post back on confirm."""

    text: str = ""
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def expected(self) -> RosterResult:
        """What importing these rows would do, as things stand now."""
        rows = [row for row in self.rows if row.repeat_of is None]
        return RosterResult(
            created=len({row.username for row in rows if row.is_new_account}),
            added=sum(not row.is_member for row in rows),
            already=sum(row.is_member for row in rows),
        )


@dataclass
class _Line:
    line: int
    username: str
    full_name: str
    class_name: str
    school_year: str
    role: str
    password: str


def parse_roster(data: bytes) -> RosterPreview:
    """Read and check a roster file without saving anything (three queries, however long)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = _(
            "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)”; "
            "in LibreOffice or Google Sheets, choose the UTF-8 character set."
        )
        return RosterPreview(errors=[RosterError(None, message, "not_utf8")])
    preview = RosterPreview(text=text)
    if len(data) > MAX_ROSTER_BYTES:
        message = _("The file is larger than %(size)d KB: split it into several files.") % {
            "size": MAX_ROSTER_BYTES // 1024
        }
        preview.errors.append(RosterError(None, message, "too_large"))
        return preview
    lines = _read_lines(text, preview)
    if lines:
        _check_lines(lines, preview)
    elif not preview.errors:
        message = _("The file has no rows under its header.")
        preview.errors.append(RosterError(None, message, "empty"))
    # In the file's order, as the teacher fixes them (rows too short were found first).
    preview.errors.sort(key=lambda error: (error.line is not None, error.line or 0))
    return preview


def _read_lines(text: str, preview: RosterPreview) -> list[_Line]:
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    if header_line.startswith("sep=") and len(header_line) == 5:  # Excel's delimiter hint
        delimiter = header_line[4]
        text = text.replace(header_line, "", 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    start = 1
    try:
        for fields in reader:
            if any(value.strip() for value in fields):
                records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        message = _("This line cannot be read as CSV (%(reason)s).") % {"reason": exc}
        preview.errors.append(RosterError(start, message, "bad_csv"))
        return []
    if not records:
        message = _("The file is empty.")
        preview.errors.append(RosterError(None, message, "empty"))
        return []

    header_number, header = records[0]
    columns = {}
    for index, name in enumerate(header):
        key = "_".join(name.strip().casefold().replace("-", " ").replace("_", " ").split())
        column = HEADER_TO_COLUMN.get(key)
        if column is None:
            if key:
                preview.ignored_columns.append(name.strip())
        elif column in columns:
            message = _("The header has two “%(column)s” columns.") % {"column": column}
            preview.errors.append(RosterError(header_number, message, "duplicate_column"))
        else:
            columns[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            message = _("The header has no “%(column)s” column (accepted names: %(names)s).") % {
                "column": column,
                "names": ", ".join(COLUMN_ALIASES[column]),
            }
            preview.errors.append(RosterError(header_number, message, "missing_column"))
    if preview.errors:
        return []

    lines = []
    for number, fields in records[1:]:
        extra = fields[len(header) :]
        if len(fields) < len(header) or any(value.strip() for value in extra):
            message = _("This line has %(found)d columns; the header has %(expected)d.") % {
                "found": len(fields),
                "expected": len(header),
            }
            preview.errors.append(RosterError(number, message, "column_count"))
            continue
        values = {
            column: fields[columns[column]].strip() if column in columns else ""
            for column in COLUMN_ALIASES
        }
        lines.append(
            _Line(
                line=number,
                username=User.normalize_username(values["username"]),
                full_name=" ".join(values["full_name"].split()),
                class_name=values["class"],
                school_year=values["school_year"],
                role=values["role"],
                password=values["password"],
            )
        )
    return lines


def _class_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _year_key(year: str) -> str:
    return "".join(year.split()).replace("-", "/")


def _find_classroom(line: _Line, classrooms: list[Classroom]) -> Classroom | RosterError:
    key = _class_key(line.class_name)
    candidates = [c for c in classrooms if _class_key(c.name) == key]
    if line.school_year:
        year = _year_key(line.school_year)
        candidates = [c for c in candidates if _year_key(c.school_year) == year]
    if len(candidates) > 1:  # names that differ only in capitals: the exact one wins
        candidates = [c for c in candidates if c.name == line.class_name] or candidates
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        message = _(
            "The class “%(name)s” exists in several school years (%(years)s): "
            "add a school_year column to say which."
        ) % {"name": line.class_name, "years": ", ".join(c.school_year for c in candidates)}
        return RosterError(line.line, message, "ambiguous_class")
    name = f"{line.class_name} ({line.school_year})" if line.school_year else line.class_name
    if not classrooms:
        message = _("There is no class “%(name)s”; no classes exist yet.") % {"name": name}
    elif len(classrooms) <= FEW_CLASSES:
        message = _("There is no class “%(name)s”. The classes are: %(classes)s.") % {
            "name": name,
            "classes": ", ".join(str(c) for c in classrooms),
        }
    else:
        message = _("There is no class “%(name)s”. Check its spelling in the class list.") % {
            "name": name
        }
    return RosterError(line.line, message, "unknown_class")


def _password_problems(line: _Line) -> list[str]:
    try:
        validate_password(
            line.password, user=User(username=line.username, full_name=line.full_name)
        )
    except ValidationError as exc:
        return exc.messages
    return []


def _check_line(
    line: _Line, account, classrooms: list[Classroom]
) -> tuple[Classroom | None, list[RosterError]]:
    classroom = None
    errors = []

    def error(message: str, code: str) -> None:
        errors.append(RosterError(line.line, message, code))

    if not line.username:
        error(_("The username is missing."), "missing_username")
    else:
        try:
            User._meta.get_field("username").run_validators(line.username)
        except ValidationError as exc:
            message = _("The username “%(username)s” is not valid: %(reason)s") % {
                "username": line.username,
                "reason": " ".join(exc.messages),
            }
            error(message, "invalid_username")
        if account is not None and account.username != line.username:
            message = _(
                "The account “%(existing)s” already exists: write its username exactly like that."
            ) % {"existing": account.username}
            error(message, "username_case")
    if len(line.full_name) > User._meta.get_field("full_name").max_length:
        error(_("The name is longer than 150 characters."), "name_too_long")
    if not line.class_name:
        error(_("The class is missing."), "missing_class")
    else:
        found = _find_classroom(line, classrooms)
        if isinstance(found, RosterError):
            errors.append(found)
        else:
            classroom = found
    if line.role.casefold() not in ROLE_ALIASES:
        message = _(
            "Unknown role “%(role)s”: write student (siswa) or teacher (guru), "
            "or leave it empty for a student."
        ) % {"role": line.role}
        error(message, "unknown_role")
    if account is None and line.username:
        if not line.full_name:
            error(_("A new account needs a full name."), "missing_name")
        if not line.password:
            message = _("A new account needs a password: none is made up for it.")
            error(message, "missing_password")
        elif problems := _password_problems(line):
            message = _("The password is not accepted: %(reason)s") % {"reason": " ".join(problems)}
            error(message, "invalid_password")
    return classroom, errors


def _check_lines(lines: list[_Line], preview: RosterPreview) -> None:
    classrooms = list(Classroom.objects.order_by("name", "-school_year"))
    # Usernames are unique as typed, but people type capitals: find both in one query.
    usernames = {line.username for line in lines if line.username}
    users = list(
        User.objects.alias(lower=Lower("username")).filter(
            Q(username__in=usernames) | Q(lower__in={name.lower() for name in usernames})
        )
    )
    exact = {user.username: user for user in users}
    folded = {user.username.lower(): user for user in users}
    current_roles = {
        (membership.user_id, membership.classroom_id): membership.role
        for membership in Membership.objects.filter(user__in=users)
    }
    first_for_person = {}  # lower-cased username -> its first good row
    first_in_class = {}  # (username, class pk) -> its first good row
    for line in lines:
        account = exact.get(line.username) or folded.get(line.username.lower())
        classroom, errors = _check_line(line, account, classrooms)
        if errors:
            preview.errors.extend(errors)
            continue
        row = RosterRow(
            line=line.line,
            username=line.username,
            full_name=line.full_name,
            classroom=classroom,
            role=ROLE_ALIASES[line.role.casefold()],
            password=line.password,
            is_new_account=account is None,
            current_role=current_roles.get((account.pk, classroom.pk)) if account else None,
        )
        first = first_for_person.setdefault(line.username.lower(), row)
        earlier = first_in_class.setdefault((row.username, classroom.pk), row)
        if conflict := _conflict(row, first, earlier):
            preview.errors.append(conflict)
            continue
        if earlier is not row:
            row = replace(row, repeat_of=earlier.line)
        preview.rows.append(row)


def _conflict(row: RosterRow, first: RosterRow, earlier: RosterRow) -> RosterError | None:
    """A person on several lines must be the same each time: spelling, name, password, role."""
    if row.username != first.username:
        message = _("“%(username)s” is spelled “%(other)s” on line %(line)d.")
        code, other = "conflicting_username", first
    elif row.full_name != first.full_name and row.is_new_account:
        message = _("“%(username)s” has a different name on line %(line)d.")
        code, other = "conflicting_name", first
    elif row.password != first.password and row.is_new_account:
        message = _("“%(username)s” has a different password on line %(line)d.")
        code, other = "conflicting_password", first
    elif row.role != earlier.role:
        message = _("“%(username)s” has a different role in the same class on line %(line)d.")
        code, other = "conflicting_role", earlier
    else:
        return None
    params = {"username": row.username, "other": other.username, "line": other.line}
    return RosterError(row.line, message % params, code)


@transaction.atomic
def import_roster(*, rows: list[RosterRow]) -> RosterResult:
    """Create the new accounts and put every row's person in their class, all or nothing."""
    usernames = {row.username for row in rows}
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    hashes = {}  # hashing is slow on purpose: once per distinct password, not per row
    new_users = {}
    for row in rows:
        if row.username in existing or row.username in new_users:
            continue
        if not row.password:
            raise ValidationError(
                _("Line %(line)d: a new account needs a password."),
                code="missing_password",
                params={"line": row.line},
            )
        if row.password not in hashes:
            hashes[row.password] = make_password(row.password)
        new_users[row.username] = User(
            username=row.username, full_name=row.full_name, password=hashes[row.password]
        )
    User.objects.bulk_create(new_users.values())
    users = User.objects.in_bulk(usernames, field_name="username")
    wanted = {}  # (user, class) -> role; the first line for a pair decides
    for row in rows:
        wanted.setdefault((users[row.username].pk, row.classroom.pk), row.role)
    present = set(
        Membership.objects.filter(
            user__in=[pk for pk, _classroom in wanted],
            classroom__in={classroom for _user, classroom in wanted},
        ).values_list("user_id", "classroom_id")
    )
    memberships = [
        Membership(user_id=user, classroom_id=classroom, role=role)
        for (user, classroom), role in wanted.items()
        if (user, classroom) not in present
    ]
    Membership.objects.bulk_create(memberships, ignore_conflicts=True)
    return RosterResult(
        created=len(new_users), added=len(memberships), already=len(wanted) - len(memberships)
    )
