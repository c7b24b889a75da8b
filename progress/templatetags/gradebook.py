"""The gradebook's cells and rows as HTML, for the gradebook, a student's page and a quiz's
report. Built in Python rather than in a template loop: a class of 40 with 20 assignments has
800 cells, and looping over them in the template engine took most of the page's time."""

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..gradebook import Cell, CellState, Row

register = template.Library()

ICONS = {
    CellState.DONE: "✓",
    CellState.LATE: "✓",
    CellState.MISSING: "✗",
    CellState.IN_PROGRESS: "…",
    CellState.WAITING: "✎",
}


@register.filter
def cell_html(cell: Cell) -> SafeString:
    """A cell as the pages show it: a symbol (hidden from screen readers) and words, or the quiz
    percentage."""
    return render_cell(cell, {})


def render_cell(cell: Cell, labels: dict[str, str]) -> SafeString:
    """`labels` caches the translated state names over a whole table."""
    key = (cell.state, cell.is_quiz)
    if key not in labels:
        labels[key] = conditional_escape(cell.label)
    label = labels[key]
    if cell.is_quiz and cell.percent is not None:
        if "." not in labels:  # the locale's decimal separator, looked up once per table
            labels["."] = get_format("DECIMAL_SEPARATOR")
        number = str(cell.percent).replace(".", labels["."])
        if cell.state == CellState.MISSING:
            return mark_safe(
                f'<span class="state state-missing"><span aria-hidden="true">✗</span> '
                f'{number}% <span class="small">({label})</span></span>'
            )
        return mark_safe(f'<span class="state state-{cell.state}">{number}%</span>')
    icon = ICONS.get(cell.state, "○")
    return mark_safe(
        f'<span class="state state-{cell.state}"><span aria-hidden="true">{icon}</span> '
        f"{label}</span>"
    )


@register.simple_tag
def gradebook_rows(rows: list[Row], classroom_pk: int) -> SafeString:
    """The gradebook's body: one table row per student, with the name, the totals and a cell
    per assignment. Built here rather than in a template loop: a class of 40 with 20
    assignments has 800 cells, and the template engine spent most of the page's time on them."""
    labels = {}
    separator = get_format("DECIMAL_SEPARATOR")
    read_of = gettext("%(read)s of %(total)s")
    # One reversed URL, with the student's id put in per row, instead of 40 reverse() calls.
    student_url = reverse("progress:student", args=[classroom_pk, 0]).removesuffix("0/")
    html = []
    for row in rows:
        student = row.student
        average = row.quiz_average
        average = "–" if average is None else f"{str(average).replace('.', separator)}%"
        read = conditional_escape(read_of % {"read": row.read, "total": row.readings_expected})
        cells = "".join([f"<td>{render_cell(cell, labels)}</td>" for cell in row.cells])
        html.append(
            f'<tr><th scope="row" class="fw-normal text-nowrap">'
            f'<a href="{student_url}{student.pk}/">{conditional_escape(student.display_name)}</a>'
            f'</th><td class="text-nowrap">{read}</td><td class="text-nowrap">{average}</td>'
            f"{cells}</tr>"
        )
    return mark_safe("\n".join(html))
