"""Every script prints, right-to-left in the right order: real partner names in sheets and MoUs.

The names come from ``tests/data/scripts/partners.csv`` (real twin-town pairs with the
partner city's own name and a project title in its script; see the README there). Each
PDF is read back three ways: the extracted text holds every letter (no "\ufffd"),
``pdffonts`` shows every font embedded, and the word boxes of ``pdftotext -bbox``
show the visual order, compared with python-bidi (an independent implementation of the
Unicode bidi algorithm) or with the expected order written out by hand.
"""

from __future__ import annotations

import csv
import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from bidi import get_display
from pdf_checks import assert_fonts_embedded, assert_qpdf_ok, fonts_of

from partnerdesk.documents import bidi
from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.data import MouData, Party
from partnerdesk.documents.project_sheet import SheetOptions, build_sheets
from partnerdesk.documents.project_sheet_data import SheetData
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Organisation, Partnership, Project

DATA = Path(__file__).resolve().parents[2] / "data" / "scripts" / "partners.csv"
ROWS = list(csv.DictReader(DATA.open(encoding="utf-8")))
DAY = date(2026, 11, 25)
_PUNCT = "()[]:,.;"
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def _norm(text: str) -> str:
    """Extracted text compared as letters: presentation forms back to letters, no bidi marks."""
    return unicodedata.normalize("NFKC", text).translate(_BIDI_MARKS)


def _words(text: str) -> list[str]:
    """The words of ``text`` as extraction must find them: without brackets (the text layer holds
    them mirrored, as drawn, in right-to-left runs) and split at hyphens (poppler reorders the
    parts of a hyphenated right-to-left word, "תל אביב-יפו" comes out as "יפו-תל אביב")."""
    parts = [part for word in _norm(text).split() for part in re.split("[-–]", word)]
    return [part.strip(_PUNCT) for part in parts if part.strip(_PUNCT)]


def _extracted(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(_norm(out).split())


def _logical(word: str) -> str:
    """A word as ``pdftotext -bbox`` gives it (glyphs left to right) in reading order, without
    the brackets and punctuation around it."""
    word = word.strip(_PUNCT)
    return _norm(word[::-1] if bidi.RTL_CHARS.search(_norm(word)) else word)


def _lines(path: Path, page: int = 1) -> list[list[tuple[float, str]]]:
    """The page's words by line (top to bottom), each line's words left to right."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                       html.split("<page ")[page])
    rows: dict[float, list[tuple[float, str]]] = {}
    for x_min, y_min, y_max, word in found:
        # Fonts differ in height (Arabic is taller than Latin): a line is known by its middle.
        x, y = float(x_min), (float(y_min) + float(y_max)) / 2
        key = next((k for k in rows if abs(k - y) < 4), y)
        rows.setdefault(key, []).append((x, word))
    return [sorted(rows[k]) for k in sorted(rows)]


def _line_with(path: Path, words: list[str], page: int = 1) -> list[str]:
    """The visual words (left to right, as typed) of the line holding all of ``words``."""
    for line in _lines(path, page):
        logical = [_logical(w) for _x, w in line]
        if all(_norm(w.strip(_PUNCT)) in logical for w in words):
            return logical
    raise AssertionError(f"no line with {words}: {[[w for _x, w in ln] for ln in _lines(path, page)]}")


def _org(row: dict[str, str]) -> Organisation:
    return Organisation(name=row["native_name"], city=row["native_name"], kind=OrganisationKind.MUNICIPALITY)


def _sheet_data(rows: list[dict[str, str]]) -> SheetData:
    projects, orgs = [], {}
    for row in rows:
        org = _org(row)
        orgs[org.id] = org
        partnership = Partnership(title=f"{row['city1']} – {row['native_name']}", partner_id=org.id)
        project = Project(title=row["project_title"], partnership_id=partnership.id,
                          summary=f"{row['city2']} ({row['native_name']}), {row['country2']}.")
        projects.append((project, partnership))
    return SheetData(
        projects=[p for p, _ in projects],
        partnerships={ps.id: ps for _, ps in projects},
        organisations=orgs,
    )


def _mou_data(row: dict[str, str]) -> MouData:
    partner = _org(row)
    partner.representative, partner.representative_function = row["native_name"], "Mayor"
    partnership = Partnership(title=row["project_title"], partner_id=partner.id, themes=[row["native_name"]])
    return MouData(
        partnership=partnership,
        home=Party(city=row["city1"], country="DE"),
        partner=Party(city=row["native_name"], country="", organisation=partner),
        organisations={partner.id: partner},
        projects=[Project(title=row["project_title"], partnership_id=partnership.id)],
    )


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("scripts") / "sheets.pdf"
    written = build_sheets(_sheet_data(ROWS), path, SheetOptions(on=DAY))
    return path, written.missing


def test_every_script_prints_in_the_sheets_with_embedded_fonts(sheets):
    path, missing = sheets
    text = _extracted(path)
    assert "\ufffd" not in text
    for row in ROWS:
        for word in _words(row["native_name"] + " " + row["project_title"]):
            assert word in text, (row["script"], word)
    assert missing == []
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)
    names = " ".join(name for name, _embedded in fonts_of(path))
    for family in ("NotoSansArabic", "NotoSansHebrew", "NotoSansGeorgian", "NotoSansArmenian",
                   "NotoSansDevanagari", "NotoSansThai", "NotoSansEthiopic", "DroidSansFallback"):
        assert family in names


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['script']}-{r['city2']}" for r in ROWS])
def test_every_script_prints_in_the_mou(tmp_path, row):
    path = tmp_path / "mou.pdf"
    written = build_mou(_mou_data(row), path, MouOptions(language="en", on=DAY))
    text = _extracted(path)
    assert "\ufffd" not in text
    for word in _words(row["native_name"] + " " + row["project_title"]):
        assert word in text, word
    assert written.missing == []
    assert_fonts_embedded(path)


def _sheet_page(sheets: tuple[Path, list], city: str) -> int:
    return [r["city2"] for r in ROWS].index(city) + 1


def test_arabic_title_with_a_number_reads_right_to_left(sheets):
    """ "مشروع 2026 للمياه": the first word at the right, the number left to right in the middle."""
    path, _ = sheets
    line = _line_with(path, ["مشروع", "2026", "للمياه"], page=_sheet_page(sheets, "Bethlehem"))
    assert line == ["للمياه", "2026", "مشروع"]
    assert len(_lines(path, _sheet_page(sheets, "Bethlehem"))[1]) == 3  # one line, not three


def test_rtl_lines_match_an_independent_bidi_implementation(sheets):
    """Every one-line right-to-left title is drawn in the order python-bidi gives (brackets aside:
    python-bidi does not mirror them, we do)."""
    path, _ = sheets
    for row in ROWS:
        if row["script"] not in ("Arabic", "Hebrew") or len(row["project_title"]) > 60:
            continue
        title = row["project_title"]
        page = _sheet_page(sheets, row["city2"])
        words = [w for w in title.split() if bidi.RTL_CHARS.search(w)][:2]
        drawn = _line_with(path, words, page)
        expected = [_logical(w) for w in get_display(title).split()]
        assert [w for w in drawn if w] == [w for w in expected if w], title


def test_a_wrapped_arabic_title_keeps_its_words_in_order(sheets):
    """The long Beit Jala title wraps: the first line holds the first words, read from the right,
    and no word is swapped across the break."""
    path, _ = sheets
    row = next(r for r in ROWS if r["city2"] == "Beit Jala")
    page = _sheet_page(sheets, "Beit Jala")
    logical = row["project_title"].split()
    lines = [[_logical(w) for _x, w in ln] for ln in _lines(path, page)]
    end = next(i for i, ln in enumerate(lines) if ln[0] == "Partnerschaft")
    title_lines = lines[1:end]  # between "PROJEKTSTECKBRIEF" and the facts
    assert len(title_lines) >= 2, lines
    read = [w for ln in title_lines for w in reversed(ln)]  # each line from the right
    assert read == [_norm(w.strip(_PUNCT)) for w in logical]


def test_hebrew_inside_german_text_keeps_brackets_and_digits(tmp_path):
    from reportlab.platypus import SimpleDocTemplate

    from partnerdesk.documents import layout
    from partnerdesk.documents.text import markup

    path = tmp_path / "he.pdf"
    doc = SimpleDocTemplate(str(path), initialFontName="PDSans")
    doc.build([bidi.Paragraph(markup("Partnerstadt Netanya (נתניה), seit 1981 – תל אביב-יפו 2025"), layout.styles()["body"])])
    line = _line_with(path, ["Partnerstadt", "Netanya"])
    assert line[:3] == ["Partnerstadt", "Netanya", "נתניה"]
    # "תל אביב-יפו 2025" is one right-to-left run with the number at its left end.
    assert line[-3:] == ["2025", "אביב-יפו", "תל"]


def test_a_character_no_font_has_is_printed_visibly_and_named(tmp_path):
    project = Project(title="Klimapartnerschaft 🌍 Kumasi", summary="Gut")
    path = tmp_path / "s.pdf"
    written = build_sheets(SheetData(projects=[project]), path, SheetOptions(on=DAY))
    assert path.exists() and "\ufffd" in _extracted(path)
    assert [(m.field, m.characters) for m in written.missing] == [("Titel", "🌍")]
    assert "Klimapartnerschaft 🌍 Kumasi" in written.missing[0].record
    assert "U+1F30D" in written.missing[0].message()
