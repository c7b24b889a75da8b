import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from lessons.article import ArticleError, decode_article, import_article, parse_article
from lessons.models import Course, Lesson, ReadingProgress

from ..factories import ReadingProgressFactory, UserFactory

ARTICLE = settings.BASE_DIR / "content" / "kerjasama-internasional.txt"
TEXT = ARTICLE.read_text(encoding="utf-8")
SLUG = "kerjasama-internasional-pengertian-tujuan-manfaat-contohnya"
SECTIONS = [
    "Pengertian Kerjasama Internasional",
    "Sejarah Kerjasama Internasional",
    "Tujuan Kerjasama Internasional",
    "Bentuk-bentuk Kerjasama Internasional",
    "Manfaat Kerjasama Internasional",
    "Tantangan dalam Kerjasama Internasional",
    "Kerjasama Internasional di Era Globalisasi",
    "Contoh Kerjasama Internasional",
]
# The term of every numbered item, read straight from the text.
TERMS = re.findall(r"^\s+\d+\. ([^:\n]+):", TEXT, flags=re.M)
FURNITURE = ["Baca Juga", "Semoga artikel ini", "Sampai jumpa", "ulasan singkat tentang"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(*args):
    out = StringIO()
    call_command("import_article", *map(str, args), stdout=out)
    return out.getvalue()


def write(tmp_path, data, name="artikel.txt"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def database_rows():
    return list(Course.objects.values_list("pk", "slug", "title", "overview")) + list(
        Lesson.objects.values_list("pk", "slug", "title", "body", "position", "is_published")
    )


def test_the_article_becomes_a_course_with_one_lesson_per_section(db):
    output = run(ARTICLE)
    course = Course.objects.get()
    assert course.slug == SLUG
    assert course.title == "Kerjasama Internasional: Pengertian, Tujuan, Manfaat & Contohnya"
    assert [(lesson.title, lesson.position) for lesson in course.lessons.all()] == [
        (title, position) for position, title in enumerate(SECTIONS, start=1)
    ]
    assert all(lesson.is_published for lesson in course.lessons.all())
    assert "8 created, 0 updated, 0 unchanged" in output


def test_every_numbered_item_is_a_list_item_with_its_term_in_bold(db):
    run(ARTICLE)
    html = "".join(lesson.body_html for lesson in Lesson.objects.all())
    assert len(TERMS) == 7 + 5 + 7 + 7 + 6 + 7
    assert html.count("<li>") == len(TERMS)
    assert html.count("<ol>") == 6
    for term in TERMS:
        assert f"<li><strong>{term}</strong>: " in html
    manfaat = Lesson.objects.get(slug="manfaat-kerjasama-internasional")
    # The intro sentence sits right above the list in the text; a blank line separates them.
    assert "utama dari kerjasama internasional:\n\n1. **Manfaat Ekonomi**: " in manfaat.body
    assert "<strong>Manfaat Ekonomi</strong>" in manfaat.body_html


def test_page_furniture_does_not_become_content(db):
    output = run(ARTICLE)
    course = Course.objects.get()
    content = [course.overview, *(lesson.body for lesson in course.lessons.all())]
    for text in content:
        for furniture in FURNITURE:
            assert furniture.lower() not in text.lower()
    for lesson in course.lessons.all():
        assert lesson.title not in lesson.body.split("\n")
    assert course.overview.startswith("Kerjasama internasional merupakan pilar penting")
    assert course.overview.count("\n\n") == 1  # two intro paragraphs
    assert "Skipped as page furniture:" in output
    for line in (3, 9, 89, 91):
        assert f"line {line}, " in output


def test_paragraphs_are_kept(db):
    run(ARTICLE)
    sejarah = Lesson.objects.get(slug="sejarah-kerjasama-internasional")
    paragraphs = sejarah.body.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[1].startswith("Salah satu contoh awal kerjasama internasional adalah Jalur")
    assert sejarah.body_html.count("<p>") == 5


def test_reimport_updates_in_place_and_keeps_reading_progress(db, tmp_path):
    run(ARTICLE)
    ids = dict(Lesson.objects.values_list("slug", "pk"))
    lesson = Lesson.objects.get(slug="sejarah-kerjasama-internasional")
    progress = ReadingProgressFactory(user=UserFactory(), lesson=lesson)

    output = run(ARTICLE)
    assert "0 created, 0 updated, 8 unchanged, 0 unpublished" in output
    assert dict(Lesson.objects.values_list("slug", "pk")) == ids
    assert Course.objects.count() == 1

    edited = TEXT.replace("Jalur Sutra, yang merupakan", "Jalur Sutra, yakni")
    output = run(write(tmp_path, edited))
    assert "0 created, 1 updated, 7 unchanged, 0 unpublished" in output
    lesson.refresh_from_db()
    assert "Jalur Sutra, yakni" in lesson.body
    assert dict(Lesson.objects.values_list("slug", "pk")) == ids
    assert ReadingProgress.objects.get().pk == progress.pk


def test_section_gone_from_the_text_is_unpublished_not_deleted(db, tmp_path):
    run(ARTICLE)
    contoh = Lesson.objects.get(slug="contoh-kerjasama-internasional")
    ReadingProgressFactory(lesson=contoh)
    start = TEXT.index("Contoh Kerjasama Internasional\n")
    without = TEXT[:start] + TEXT[TEXT.index("Oleh karena itu") :]

    output = run(write(tmp_path, without))
    assert "0 created, 0 updated, 7 unchanged, 1 unpublished" in output
    assert 'Unpublished "Contoh Kerjasama Internasional"' in output
    contoh.refresh_from_db()
    assert not contoh.is_published
    assert contoh.progress.exists()
    assert Lesson.objects.published().count() == 7


def test_reimport_leaves_an_administrators_unpublishing_alone(db):
    run(ARTICLE)
    Lesson.objects.filter(slug="tujuan-kerjasama-internasional").update(is_published=False)
    run(ARTICLE)
    assert not Lesson.objects.get(slug="tujuan-kerjasama-internasional").is_published
    assert Lesson.objects.published().count() == 7


def test_slug_option_names_the_course(db):
    run(ARTICLE, "--slug", "kerjasama-internasional")
    assert Course.objects.get().slug == "kerjasama-internasional"


def test_dry_run_writes_nothing(db):
    output = run(ARTICLE, "--dry-run")
    assert database_rows() == []
    assert "Dry run" in output
    for position, title in enumerate(SECTIONS, start=1):
        assert f"  {position}. {title} (" in output
    assert "line 91, " in output


def test_bom_and_crlf_are_accepted(db, tmp_path):
    data = b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode()
    run(write(tmp_path, data))
    course = Course.objects.get()
    plain = parse_article(TEXT)
    assert course.title == plain.title
    assert course.overview == plain.overview
    assert [lesson.body for lesson in course.lessons.all()] == [s.body for s in plain.sections]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The article is empty"),
        (b"  \n\t\r\n  ", "The article is empty"),
        (
            b"Judul\n\nSatu paragraf saja.\nDan satu lagi, tanpa judul bagian.\n",
            "No section headings found",
        ),
        (
            b"Judul\n\nBagian\n\nIsi yang \xe9salah.\n",
            "not UTF-8 text: the first bad byte (0xE9) is at byte offset 24, on line 5",
        ),
    ],
    ids=["empty", "whitespace", "no-headings", "not-utf8"],
)
def test_bad_input_is_refused_and_changes_nothing(db, tmp_path, data, message):
    run(ARTICLE)
    before = database_rows()
    path = write(tmp_path, data)
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        run(path)
    assert str(path) in str(error.value)
    assert database_rows() == before


@pytest.mark.parametrize(
    ("name", "message"), [("missing.txt", "does not exist"), ("", "is a folder")]
)
def test_missing_file_or_folder_is_refused(db, tmp_path, name, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path / name)
    assert database_rows() == []


def test_headings_are_found_by_shape_in_any_article():
    article = parse_article(
        "Gotong Royong\n\n"
        "Gotong Royong – Gotong royong adalah kerja bersama.\n\n"
        "Arti Gotong Royong\n\n"
        "Gotong royong berarti bekerja bersama-sama.\n"
        "Contohnya ada tiga:\n"
        "1. Kerja bakti: membersihkan lingkungan.\n"
        "2. Ronda: menjaga keamanan kampung.\n"
        "   Biasanya bergiliran.\n"
        "Paragraf sesudah daftar.\n\n"
        "Nilai-nilainya\n\n"
        "Kebersamaan dan *kepedulian* <b>sosial</b>.\n\n"
        "Simak juga: Sejarah Desa\n\n"
        "Terima kasih telah membaca, sampai jumpa lagi pada artikel berikutnya.\n"
    )
    assert article.title == "Gotong Royong"
    assert article.overview == "Gotong royong adalah kerja bersama."
    assert [(s.title, s.slug, s.line) for s in article.sections] == [
        ("Arti Gotong Royong", "arti-gotong-royong", 5),
        ("Nilai-nilainya", "nilai-nilainya", 14),
    ]
    assert article.sections[0].body == (
        "Gotong royong berarti bekerja bersama-sama. Contohnya ada tiga:\n\n"
        "1. **Kerja bakti**: membersihkan lingkungan.\n"
        "2. **Ronda**: menjaga keamanan kampung. Biasanya bergiliran.\n\n"
        "Paragraf sesudah daftar."
    )
    # Plain text stays plain: Markdown and HTML in it are shown, not interpreted.
    assert article.sections[1].body == r"Kebersamaan dan \*kepedulian\* \<b>sosial\</b>."
    assert [s.line for s in article.skipped] == [3, 18, 20]


def test_not_utf8_names_the_first_bad_byte():
    with pytest.raises(ArticleError) as error:
        decode_article(b"\xef\xbb\xbfJudul\n\xff")
    assert error.value.line == 2
    assert "byte offset 9" in error.value.message


def test_import_service_reports_what_it_did(db):
    article = parse_article(TEXT)
    first = import_article(article=article, slug="ki")
    assert first.course_created
    assert [lesson.title for lesson in first.created] == SECTIONS
    again = import_article(article=article, slug="ki")
    assert not again.course_created
    assert again.course == first.course
    assert (again.created, again.updated, again.unpublished) == ([], [], [])
    assert again.unchanged == first.created


def test_title_without_a_slug_needs_one(db):
    article = parse_article("Σ Ω\n\nBagian\n\nIsi.\n")
    with pytest.raises(ValidationError):
        import_article(article=article)
    assert import_article(article=article, slug="sigma").course.title == "Σ Ω"
