"""Devanagari and Thai print shaped: each word is drawn as HarfBuzz shapes it.

The reference is independent of the PDF library's text drawing: HarfBuzz shapes the
word, and the outlines of its glyphs are drawn as filled paths at HarfBuzz's positions.
Both pages are rendered with ``pdftoppm`` and the inked pixels compared. Drawn letter by
letter (the code before shaping), "परियोजना" has its short i after the र and the
conjuncts fall apart, and the pictures differ. The copied text is checked too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import uharfbuzz as hb
from pdf_checks import page_count
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from partnerdesk.documents import fonts
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.project_sheet import SheetOptions, build_sheets
from partnerdesk.documents.project_sheet_data import SheetData
from partnerdesk.documents.text import markup
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Organisation, Partnership, Project
from partnerdesk.resources import resource_path

SIZE = 40
X, Y = 20, 40
WORDS = [
    ("परियोजना", fonts.DEVANAGARI),  # short i before र
    ("क्षत्रिय", fonts.DEVANAGARI),  # conjuncts क्ष and त्र
    ("हिंदी", fonts.DEVANAGARI),  # short i with anusvara
    ("ผู้ใหญ่", fonts.THAI),  # stacked vowel and tone marks
    ("ปั้น", fonts.THAI),  # tone mark moved over mai han-akat
]
DEVANAGARI_TITLE = "मुंबई जल परियोजना 2026"
THAI_TITLE = "โครงการน้ำสะอาดเชียงใหม่ ผู้ใหญ่ ปั้น"


class _Pen:
    """fontTools' pen protocol, drawing into a ReportLab path (font units scaled to points)."""

    def __init__(self, path, x: float, y: float, scale: float) -> None:
        self.path, self.x, self.y, self.scale = path, x, y, scale
        self.last = (0.0, 0.0)

    def _p(self, pt):
        return self.x + pt[0] * self.scale, self.y + pt[1] * self.scale

    def moveTo(self, pt):  # noqa: N802 (the pen protocol's names)
        self.path.moveTo(*self._p(pt))
        self.last = pt

    def lineTo(self, pt):  # noqa: N802
        self.path.lineTo(*self._p(pt))
        self.last = pt

    def qCurveTo(self, *pts):  # noqa: N802
        # One quadratic segment per call from HarfBuzz: raise it to a cubic one.
        (cx, cy), end = pts[0], pts[-1]
        (x0, y0) = self.last
        c1 = (x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0))
        c2 = (end[0] + 2 / 3 * (cx - end[0]), end[1] + 2 / 3 * (cy - end[1]))
        self.path.curveTo(*self._p(c1), *self._p(c2), *self._p(end))
        self.last = end

    def curveTo(self, c1, c2, end):  # noqa: N802
        self.path.curveTo(*self._p(c1), *self._p(c2), *self._p(end))
        self.last = end

    def closePath(self):  # noqa: N802
        self.path.close()


def _reference(path: Path, word: str, font_name: str) -> None:
    """``word`` as HarfBuzz shapes it, its glyphs drawn as outlines."""
    data = resource_path("fonts", fonts._FILES[font_name]).read_bytes()
    face = hb.Face(hb.Blob(data))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    scale = SIZE / face.upem
    canvas = Canvas(str(path), pagesize=(400, 100))
    pen_x = X
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        outline = canvas.beginPath()
        font.draw_glyph_with_pen(info.codepoint, _Pen(outline, pen_x + pos.x_offset * scale,
                                                      Y + pos.y_offset * scale, scale))
        canvas.drawPath(outline, stroke=0, fill=1)
        pen_x += pos.x_advance * scale
    canvas.save()


def _printed(path: Path, word: str) -> None:
    """``word`` as the documents print it: user text through ``markup`` into our Paragraph."""
    fonts.register_fonts()
    style = ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=SIZE, leading=SIZE * 1.2)
    canvas = Canvas(str(path), pagesize=(400, 100))
    para = Paragraph(markup(word), style)
    para.wrapOn(canvas, 360, 100)
    # The first line's baseline lies one font ascent below the top.
    para.drawOn(canvas, X, Y - para.height + para.blPara.lines[0].ascent)
    canvas.save()


def _ink(pdf: Path) -> list[tuple[int, int]]:
    """The dark pixels of the page, relative to the top left of their bounding box."""
    out = subprocess.run(["pdftoppm", "-gray", "-r", "150", "-aa", "no", "-aaVector", "no", str(pdf)],
                         capture_output=True, check=True).stdout
    header, _, rest = out.partition(b"\n")
    dims, _, rest = rest.partition(b"\n")
    _maxval, _, pixels = rest.partition(b"\n")
    assert header == b"P5"
    width, height = map(int, dims.split())
    dark = [(i % width, i // width) for i, v in enumerate(pixels[: width * height]) if v < 128]
    left, top = min(x for x, _ in dark), min(y for _, y in dark)
    return [(x - left, y - top) for x, y in dark]


def _near(ink: set[tuple[int, int]]) -> set[tuple[int, int]]:
    return {(x + dx, y + dy) for x, y in ink for dx in (-1, 0, 1) for dy in (-1, 0, 1)}


@pytest.mark.parametrize(("word", "font_name"), WORDS, ids=[w for w, _ in WORDS])
def test_each_word_is_drawn_as_harfbuzz_shapes_it(tmp_path, word, font_name):
    _reference(tmp_path / "reference.pdf", word, font_name)
    _printed(tmp_path / "printed.pdf", word)
    reference, printed = set(_ink(tmp_path / "reference.pdf")), set(_ink(tmp_path / "printed.pdf"))
    assert len(reference) > 1000
    # Text and filled paths are rasterised a pixel thicker or thinner: a pixel counts as
    # different only when the other picture has no ink next to it. A misplaced glyph is hundreds.
    # (The ink's top left may round to a neighbouring pixel: the best of the nine placements.)
    differing = min(
        len(reference - _near(moved)) + len(moved - _near(reference))
        for moved in ({(x + dx, y + dy) for x, y in printed} for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    )
    assert differing <= 0.02 * len(reference), (differing, len(reference))


def test_copied_text_is_the_typed_text(tmp_path):
    org = Organisation(name="मुंबई महानगरपालिका", city="मुंबई", kind=OrganisationKind.MUNICIPALITY)
    projects, partnerships = [], {}
    for title in (DEVANAGARI_TITLE, THAI_TITLE):
        partnership = Partnership(title=f"Dortmund – {title}", partner_id=org.id)
        partnerships[partnership.id] = partnership
        projects.append(Project(title=title, partnership_id=partnership.id, summary=f"({title}) क्षत्रिय हिंदी 🌍"))
    path = tmp_path / "sheets.pdf"
    written = build_sheets(SheetData(projects=projects, partnerships=partnerships, organisations={org.id: org}),
                           path, SheetOptions(on=date(2026, 12, 7)))
    # The missing-glyph warning still names the field (the emoji prints as "\ufffd").
    assert [(m.field, m.characters) for m in written.missing] == [("Beschreibung", "🌍")] * 2
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "\ue000" not in text and not any(0xE000 <= ord(ch) <= 0xF8FF for ch in text)
    for expected in (DEVANAGARI_TITLE, f"Dortmund – {DEVANAGARI_TITLE}", THAI_TITLE, "क्षत्रिय हिंदी \ufffd",
                     f"({DEVANAGARI_TITLE})"):
        assert expected in text, expected
    assert page_count(path) == 2  # one page per sheet, as before


def _lines_of(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line for line in out.replace("\f", "\n").splitlines() if line.strip()]


@pytest.mark.parametrize(
    "word",
    ["โครงการพัฒนาระบบน้ำประปาและการจัดการน้ำเสียของเทศบาลนครเชียงใหม่ผู้ใหญ่ปั้นน้ำ",
     "मुंबईमहानगरपालिकापरियोजनाक्षत्रियद्धहिंदीपरियोजनामुंबईमहानगरपालिका"],
    ids=["thai", "devanagari"],
)
def test_a_word_longer_than_its_line_breaks_between_clusters(tmp_path, word):
    """A word wider than the column is split, but never between a letter and its marks, the
    short i and its consonant, or the two parts of Thai ำ; the parts are not shaped twice."""
    fonts.register_fonts()
    style = ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=10, leading=13, splitLongWords=1)
    path = tmp_path / "narrow.pdf"
    canvas = Canvas(str(path), pagesize=(200, 400))
    para = Paragraph(markup(word), style)
    para.wrapOn(canvas, 50, 400)
    para.drawOn(canvas, 10, 390 - para.height)
    canvas.save()
    lines = _lines_of(path)
    assert len(lines) >= 4
    assert "".join(lines) == word
    for line in lines[1:]:
        assert not unicodedata.category(line[0]).startswith("M"), lines
    assert "น้|ำ" not in "|".join(lines)


def test_a_line_with_hebrew_arabic_and_devanagari(tmp_path):
    """Right-to-left words keep their order (``bidi``) in a paragraph that is shaped; the
    Devanagari in it is drawn shaped and copies as typed."""
    text = "Netanya (נתניה) – मुंबई (परियोजना) – Dura (دورا) 2026"
    fonts.register_fonts()
    style = ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=10, leading=13)
    path = tmp_path / "mixed.pdf"
    canvas = Canvas(str(path), pagesize=(500, 100))
    para = Paragraph(markup(text), style)
    para.wrapOn(canvas, 480, 100)
    para.drawOn(canvas, 10, 90 - para.height)
    canvas.save()
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = [unicodedata.normalize("NFKC", w) for w in re.findall(r'<word [^>]*>([^<]*)</word>', html)]
    # (Box words list their glyphs left to right: a right-to-left word comes reversed.)
    assert [w.strip("()") for w in words] == ["Netanya", "נתניה"[::-1], "–", "मुंबई", "परियोजना", "–", "Dura",
                                             "دورا"[::-1], "2026"]


def test_without_harfbuzz_devanagari_prints_unshaped_and_the_log_says_why(tmp_path):
    """An installation that lacks ``uharfbuzz`` still writes the document (as before shaping)."""
    code = (
        "import sys, logging\n"
        "sys.modules['uharfbuzz'] = None\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "from reportlab.pdfgen.canvas import Canvas\n"
        "from reportlab.lib.styles import ParagraphStyle\n"
        "from partnerdesk.documents import fonts\n"
        "from partnerdesk.documents.bidi import Paragraph\n"
        "from partnerdesk.documents.text import markup\n"
        "fonts.register_fonts()\n"
        f"c = Canvas({str(tmp_path / 'u.pdf')!r})\n"
        "p = Paragraph(markup('मुंबई जल परियोजना'), ParagraphStyle('t', fontName=fonts.REGULAR))\n"
        "p.wrapOn(c, 300, 100); p.drawOn(c, 10, 700); c.save()\n"
    )
    src = Path(__file__).resolve().parents[3] / "src"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(src)})
    assert result.returncode == 0, result.stderr
    assert "uharfbuzz cannot be imported" in result.stderr
    out = subprocess.run(["pdftotext", str(tmp_path / "u.pdf"), "-"], capture_output=True, text=True, check=True)
    assert "मुंबई जल परियोजना" in out.stdout
