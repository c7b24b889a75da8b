"""Gradebook and quiz results as CSV (UTF-8 with BOM, for spreadsheet programs) and XLSX.

Both files are built from the same rows as the page, so their numbers are the page's numbers.
XLSX holds real numbers. CSV follows the reader's language, as spreadsheet programs do: in
Indonesian, "78,5" with a decimal comma and fields separated by semicolons (what Excel expects on
a computer set to Indonesian; a comma-separated file would open as one column there); in
English, "78.5" and commas.
"""

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .gradebook import Gradebook
from .quiz_report import QuizReport

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value(value):
    return "" if value is None else value


def _cell(value):
    """Text that a spreadsheet would run as a formula (a name like "=HYPERLINK(...)") is kept
    as text by a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# What XML 1.0 cannot hold, so neither can XLSX: control characters, lone surrogates, U+FFFE and
# U+FFFF. openpyxl refuses the first and writes the others into a file Excel must repair.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xlsx_cell(value):
    """A title pasted from Word may carry its line break (\\x0b): it becomes a line break, and
    what XML cannot hold is left out."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        value = NOT_XML.sub("", value.replace("\x0b", "\n"))
    return _cell(value)


def gradebook_table(gradebook: Gradebook) -> list[list]:
    """A header row, then one row per student: totals, then each assignment in due order."""
    header = [
        _("Name"),
        _("Username"),
        _("Readings finished"),
        _("Readings expected"),
        _("Quiz average (%)"),
    ]
    for column in gradebook.columns:
        kind = _("Reading") if column.kind == "reading" else _("Quiz, %")
        header.append(f"{column.title} ({kind})")
    rows = [header]
    for row in gradebook.rows:
        line = [
            row.student.display_name,
            row.student.username,
            row.read,
            row.readings_expected,
            _value(row.quiz_average),
        ]
        for cell in row.cells:
            line.append(cell.percent if cell.percent is not None else cell.label)
        rows.append(line)
    return rows


def quiz_table(report: QuizReport) -> list[list]:
    rows = [
        [
            _("Name"),
            _("Username"),
            _("State"),
            _("Attempts"),
            _("Grade"),
            _("Out of"),
            _("Percent"),
        ]
    ]
    for row in report.rows:
        cell = row.cells[0]
        rows.append(
            [
                row.student.display_name,
                row.student.username,
                cell.label,
                len(cell.attempts),
                _value(cell.grade),
                _value(cell.max_score),
                _value(cell.percent),
            ]
        )
    return rows


def _filename(*parts: str) -> str:
    return "-".join(slugify(part) for part in parts if part) or "export"


def _sheet_title(*parts: str) -> str:
    """The worksheet's name as a teacher reads it ("XI IPS 1 - buku nilai"); Excel allows 31
    characters and none of []:*?/\\."""
    title = " - ".join(part for part in parts if part)
    title = "".join(" " if char in "[]:*?/\\" else char for char in title)
    return " ".join(title.split())[:31].strip() or "export"


def _column_widths(table: list[list]) -> list[int]:
    """Wide enough for each column's longest value (in characters), within reason."""
    widths = [0] * max((len(line) for line in table), default=0)
    for line in table:
        for index, value in enumerate(line):
            widths[index] = max(widths[index], len(str(value)))
    return [min(max(width + 2, 8), 50) for width in widths]


def respond(table: list[list], fmt: str, *name_parts: str) -> HttpResponse:
    name = _filename(*name_parts)
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)  # streams rows: several times faster for big classes
        sheet = workbook.create_sheet(_sheet_title(*name_parts))
        sheet.freeze_panes = "B2"
        for index, width in enumerate(_column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for line in table:
            sheet.append([_xlsx_cell(v) for v in line])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    decimal = get_format("DECIMAL_SEPARATOR")
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";" if decimal == "," else ",")
    writer.writerows(
        [str(v).replace(".", decimal) if isinstance(v, Decimal) else _cell(v) for v in line]
        for line in table
    )
    response = HttpResponse(("\ufeff" + text.getvalue()).encode(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
