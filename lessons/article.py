"""Turn a plain-text article (title, intro, headings, paragraphs, numbered items) into a course.

The shape is the one of `content/kerjasama-internasional.txt`, copied from an Indonesian blog:

    Title line

    Intro paragraph, one line each.

    Section Heading

    Paragraph. Another paragraph may introduce a list:
      1. Term: explanation of the term.
      2. Term: ...

A heading is a short line on its own between blank lines. Web-page furniture (a repeated
heading, the title repeated at the start of the intro, "Baca juga" links, blog sign-offs) is
skipped and reported, never silently dropped.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Course, Lesson

TITLE_MAX_LENGTH = Course._meta.get_field("title").max_length
SLUG_MAX_LENGTH = Lesson._meta.get_field("slug").max_length
HEADING_MAX_WORDS = 10
HEADING_MAX_LENGTH = 100
TERM_MAX_WORDS = 12

# Whole paragraphs (or lines) that are part of the web page rather than the article. Each is
# searched case-insensitively in the paragraph; the reason is shown by `import_article`.
FURNITURE = [
    # "Baca Juga Artikel Lainnya :", "Baca juga: <link>", "Simak juga ...", "Artikel terkait"
    (
        re.compile(r"^(baca|lihat|simak)\s+juga\b|^artikel\s+(terkait|lainnya)\b", re.I),
        gettext_lazy("link to other articles"),
    ),
    # "Semoga artikel ini menambah wawasan Anda.", "Semoga artikel ini bermanfaat"
    (re.compile(r"\bsemoga\s+(artikel|tulisan|ulasan)\s+ini\b", re.I), gettext_lazy("sign-off")),
    # "Sampai jumpa di artikel selanjutnya", "Sampai jumpa lagi pada artikel berikutnya"
    (
        re.compile(r"\bsampai\s+jumpa\s+(lagi\s+)?(di|pada)\s+(artikel|tulisan)\b", re.I),
        gettext_lazy("sign-off"),
    ),
    # "Terima kasih telah membaca", "Terima kasih sudah berkunjung"
    (
        re.compile(r"\bterima\s+kasih\s+(telah|sudah)\s+(membaca|berkunjung|mampir)\b", re.I),
        gettext_lazy("sign-off"),
    ),
]

ITEM = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
TERM = re.compile(r"^(?P<term>[^:]+?)\s*:\s+(?P<explanation>\S.*)$")
SENTENCE_END = (".", "!", "?", ":", ";", ",", "…")
# The title is often repeated at the start of the first paragraph: "Title – First sentence".
DASH = re.compile(r"\s+[-–—]\s+")
MARKDOWN_INLINE = re.compile(r"([\\`*_<\[\]])")
MARKDOWN_LINE_START = re.compile(r"^([#>+=-])")
MARKDOWN_NUMBER_START = re.compile(r"^(\d+)([.)])")


class ArticleError(ValueError):
    """The text is not an article in the plain shape the importer reads."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Section:
    title: str
    slug: str
    body: str  # Markdown
    line: int


@dataclass(frozen=True)
class SkippedText:
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    overview: str  # Markdown
    sections: tuple[Section, ...]
    skipped: tuple[SkippedText, ...]


@dataclass
class ImportReport:
    course: Course
    course_created: bool
    created: list[Lesson] = field(default_factory=list)
    updated: list[Lesson] = field(default_factory=list)
    unchanged: list[Lesson] = field(default_factory=list)
    unpublished: list[Lesson] = field(default_factory=list)


@dataclass
class _Paragraph:
    line: int
    text: str


@dataclass
class _Item:
    line: int
    number: int
    text: str


@dataclass
class _Heading:
    line: int
    text: str


def decode_article(data: bytes) -> str:
    """Decode the bytes of an article as UTF-8 (a BOM is allowed), naming the first bad byte."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = data[:offset].count(b"\n") + 1
        raise ArticleError(
            _(
                "The file is not UTF-8 text: the first bad byte (0x%(byte)02X) is at byte "
                "offset %(offset)d, on line %(line)d. Save the file as UTF-8 and try again."
            )
            % {"byte": data[offset], "offset": offset, "line": line},
            line=line,
        ) from error


def parse_article(text: str) -> ParsedArticle:
    """Read the title, overview, sections and page furniture of a plain-text article."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        raise ArticleError(_("The article is empty."))
    title_line, title = numbered[0][0], _tidy_title(numbered[0][1])
    if len(title) > TITLE_MAX_LENGTH:
        raise ArticleError(
            _(
                "Line %(line)d should be the title, but it is %(length)d characters long "
                "(at most %(max)d)."
            )
            % {"line": title_line, "length": len(title), "max": TITLE_MAX_LENGTH},
            line=title_line,
        )
    blocks = _read_blocks(lines, first=title_line)
    skipped: list[SkippedText] = []
    blocks = _drop_furniture(blocks, title=title, skipped=skipped)

    overview: list[_Paragraph | _Item] = []
    sections: list[tuple[_Heading, list[_Paragraph | _Item]]] = []
    for block in blocks:
        if isinstance(block, _Heading):
            if sections and not sections[-1][1] and _same(block.text, sections[-1][0].text):
                skipped.append(SkippedText(block.line, block.text, _("repeated heading")))
            else:
                sections.append((block, []))
        elif sections:
            sections[-1][1].append(block)
        else:
            overview.append(block)
    if not sections:
        raise ArticleError(
            _(
                "No section headings found. A heading is a short line on its own between "
                "blank lines, with no full stop or colon at the end."
            )
        )
    return ParsedArticle(
        title=title,
        overview=_markdown(overview),
        sections=_sections(sections),
        skipped=tuple(sorted(skipped, key=lambda s: s.line)),
    )


@transaction.atomic
def import_article(*, article: ParsedArticle, slug: str | None = None) -> ImportReport:
    """Create or update the article's course and its lessons in place, keeping progress."""
    slug = slug or slugify(article.title)[:SLUG_MAX_LENGTH].strip("-")
    if not slug:
        raise ValidationError(
            _('The title "%(title)s" gives no slug; choose one.') % {"title": article.title},
            code="no_slug",
        )
    course, course_created = Course.objects.select_for_update().get_or_create(
        slug=slug, defaults={"title": article.title, "overview": article.overview}
    )
    changed = (course.title, course.overview) != (article.title, article.overview)
    if not course_created and changed:
        course.title, course.overview = article.title, article.overview
        course.save(update_fields=["title", "overview", "updated_at"])
    report = ImportReport(course=course, course_created=course_created)
    existing = {lesson.slug: lesson for lesson in course.lessons.select_for_update()}
    for position, section in enumerate(article.sections, start=1):
        lesson = existing.pop(section.slug, None)
        wanted = (section.title, section.body, position)
        if lesson is None:
            report.created.append(
                Lesson.objects.create(
                    course=course,
                    title=section.title,
                    slug=section.slug,
                    position=position,
                    body=section.body,
                    is_published=True,
                )
            )
        elif (lesson.title, lesson.body, lesson.position) != wanted:
            lesson.title, lesson.body, lesson.position = wanted
            lesson.save(update_fields=["title", "body", "position", "updated_at"])
            report.updated.append(lesson)
        else:
            report.unchanged.append(lesson)
    # Lessons gone from the text keep their students' progress: hidden and moved last, not deleted.
    gone = sorted(existing.values(), key=lambda lesson: (lesson.position, lesson.pk))
    for position, lesson in enumerate(gone, start=len(article.sections) + 1):
        if lesson.is_published:
            report.unpublished.append(lesson)
        elif lesson.position == position:
            continue
        lesson.is_published, lesson.position = False, position
        lesson.save(update_fields=["is_published", "position", "updated_at"])
    return report


def _clean(line: str) -> str:
    return " ".join(line.split())


def _tidy_title(line: str) -> str:
    """The title as it is printed: no space before a colon or a comma ("Kerjasama Internasional
    : Pengertian" is "Kerjasama Internasional: Pengertian")."""
    return re.sub(r" ([:;,.!?])", r"\1", _clean(line))


def _same(a: str, b: str) -> bool:
    """Equal but for case, spacing and punctuation ("Tujuan ,Manfaat" is "Tujuan, Manfaat")."""
    return _letters(a) == _letters(b)


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _is_heading(text: str) -> bool:
    return (
        len(text) <= HEADING_MAX_LENGTH
        and len(text.split()) <= HEADING_MAX_WORDS
        and not text.endswith(SENTENCE_END)
        and not ITEM.match(text)
        and any(char.isalpha() for char in text)
    )


def _read_blocks(lines: list[str], *, first: int) -> list[_Paragraph | _Item | _Heading]:
    """Paragraphs, numbered items and headings after the title line (numbered from 1)."""
    blocks: list[_Paragraph | _Item | _Heading] = []
    previous_blank = True
    for index in range(first, len(lines)):
        number, raw = index + 1, lines[index]
        text = _clean(raw)
        next_blank = index + 1 >= len(lines) or not lines[index + 1].strip()
        last = blocks[-1] if blocks and not previous_blank else None
        if not text:
            pass
        elif item := ITEM.match(raw):
            blocks.append(_Item(number, int(item["number"]), _clean(item["text"])))
        elif isinstance(last, _Item) and raw[:1].isspace():
            last.text = f"{last.text} {text}"  # an indented line goes on with the item
        elif isinstance(last, _Paragraph):
            last.text = f"{last.text} {text}"
        elif previous_blank and next_blank and _is_heading(text):
            blocks.append(_Heading(number, text))
        else:
            blocks.append(_Paragraph(number, text))
        previous_blank = not text
    return blocks


def _drop_furniture(
    blocks: list[_Paragraph | _Item | _Heading], *, title: str, skipped: list[SkippedText]
) -> list[_Paragraph | _Item | _Heading]:
    kept: list[_Paragraph | _Item | _Heading] = []
    for block in blocks:
        if isinstance(block, _Item):
            kept.append(block)
            continue
        reason = next((str(r) for pattern, r in FURNITURE if pattern.search(block.text)), None)
        if reason is None and _same(block.text, title):
            reason = _("repeated title")
        if reason is not None:
            skipped.append(SkippedText(block.line, block.text, reason))
            continue
        if not kept and isinstance(block, _Paragraph):
            for dash in DASH.finditer(block.text):
                if _same(block.text[: dash.start()], title):
                    prefix = block.text[: dash.end()].strip()
                    skipped.append(SkippedText(block.line, prefix, _("repeated title")))
                    block.text = block.text[dash.end() :]
                    break
        kept.append(block)
    return kept


def _sections(
    sections: list[tuple[_Heading, list[_Paragraph | _Item]]],
) -> tuple[Section, ...]:
    result: list[Section] = []
    slugs: set[str] = set()
    for position, (heading, blocks) in enumerate(sections, start=1):
        base = slugify(heading.text)[: SLUG_MAX_LENGTH - 4].strip("-") or f"bagian-{position}"
        slug, n = base, 1
        while slug in slugs:  # the same heading later in the article, with text in between
            n += 1
            slug = f"{base}-{n}"
        slugs.add(slug)
        result.append(Section(heading.text, slug, _markdown(blocks), heading.line))
    return tuple(result)


def _markdown(blocks: list[_Paragraph | _Item]) -> str:
    """Paragraphs apart, consecutive items as one ordered list, each block a blank line apart."""
    parts: list[str] = []
    previous: _Paragraph | _Item | None = None
    for block in blocks:
        if isinstance(block, _Paragraph):
            parts.append(_escape(block.text))
        else:
            item = f"{block.number}. {_item_text(block.text)}"
            if isinstance(previous, _Item):
                parts[-1] = f"{parts[-1]}\n{item}"
            else:
                parts.append(item)
        previous = block
    return "\n\n".join(parts)


def _item_text(text: str) -> str:
    """ "Term: explanation" with the term in bold; other items as they are."""
    term = TERM.match(text)
    if term and len(term["term"].split()) <= TERM_MAX_WORDS:
        return f"**{_escape(term['term'])}**: {_escape(term['explanation'])}"
    return _escape(text)


def _escape(text: str) -> str:
    """Plain text read literally by Markdown: no accidental emphasis, links, HTML or lists."""
    text = MARKDOWN_INLINE.sub(r"\\\1", text)
    text = MARKDOWN_LINE_START.sub(r"\\\1", text)
    return MARKDOWN_NUMBER_START.sub(r"\1\\\2", text)
