"""The MoU as PDF when one of its languages is written right to left (Arabic), with fpdf2.

ReportLab joins Arabic letters but lays words out left to right, and has neither bidi
for paragraphs with several fonts nor glyph fallback (FACTS). fpdf2 with text shaping
(HarfBuzz through ``uharfbuzz``) and fallback fonts gets joining, vowel marks,
right-to-left order, line wrapping, numbers and Latin names inside Arabic, mirrored
brackets and a text layer that copies and searches as real Arabic letters right.

The content is the same as ReportLab's (the builder's clause rows as plain text); this
module only lays it out in the same family of layout: A4, the same margins and type
sizes, one row per paragraph with both languages level, column names on every page,
the "ENTWURF / مسودة" watermark on drafts, "Seite X von Y" in the footer, the
signature block. The Arabic column is on the right, set right to left in Noto Naskh
Arabic; its digits are Latin (0123) or Arabic-Indic (٠١٢٣) as chosen.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

from partnerdesk.documents import fonts
from partnerdesk.documents.mou import RTL_LANGUAGES
from partnerdesk.documents.mou.content import BLANK, MouContent, Row, SignatureSide, Value, label
from partnerdesk.documents.mou.templates import TemplateSet
from partnerdesk.documents.text import SUBSTITUTE, plain
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _
from partnerdesk.resources import resource_path

if TYPE_CHECKING:
    from fpdf import FPDF

    from partnerdesk.documents.mou.builder import MouOptions
    from partnerdesk.documents.mou.data import MouData

#: How the Arabic column writes numbers: "latin" (0123) or "arabic" (Arabic-Indic ٠١٢٣).
DIGITS = ("latin", "arabic")

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN = 18 * MM
HEADER = 18.0  # room for the column names above the clauses
PAD_NEAR, PAD_FAR = 5.0, 7.0  # cell padding at the column's reading start and end
TEXT = (0x1D, 0x1D, 0x1B)
MUTED = (0x5F, 0x63, 0x68)
RULE = (0xB7, 0xBC, 0xC2)
ACCENT = (0x19, 0x48, 0x6A)
WATERMARK = (199, 26, 26)

SANS, NASKH = "pdsans", "pdnaskh"
#: (size, line height) per row kind, Latin and Arabic; Naskh looks smaller than Noto Sans
#: at the same size and needs room for its vowel marks.
SIZES = {
    "para": ((9.5, 13.0), (11.0, 16.0)),
    "bullet": ((9.5, 13.0), (11.0, 16.0)),
    "heading": ((10.5, 14.0), (12.0, 17.0)),
    "title": ((14.0, 18.0), (16.0, 22.0)),
    "subtitle": ((9.5, 13.0), (11.0, 16.0)),
}
BOLD_KINDS = {"heading", "title"}
BULLET_INDENT = 10.0

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_WORD = re.compile(r"\S+")
#: A word whose digits are a number of the Arabic text: digits, Arabic letters and the punctuation
#: around numbers ("2026.", "(1)", "25/11", "+49", "2030،"); anything else (e-mail addresses,
#: "B2B", "&#169;", "{0}") is kept as written.
_NUMBER_WORD = re.compile("[0-9.,:;/+%()\\-\u2013\u0600-\u06ff]+")


def arabic_digits(value: str) -> str:
    """``value`` with Arabic-Indic digits in the words that are numbers of the Arabic text."""
    return _WORD.sub(lambda m: m.group().translate(_ARABIC_INDIC) if _NUMBER_WORD.fullmatch(m.group()) else m.group(),
                     value)


@dataclass
class Column:
    """One language's column: its templates and values, and the rows of its clauses in plain
    text (the builder's, signatures excluded), so both renderers print the same clauses."""

    code: str
    templates: TemplateSet
    values: dict[str, Value]
    clauses: list[list[Row]]
    #: Paragraphs of ``signatures.txt`` below its heading, printed above the signature blocks.
    signature_text: list[Row] = field(default_factory=list)

    @property
    def rtl(self) -> bool:
        return self.code in RTL_LANGUAGES


@cache
def _font_files() -> dict[tuple[str, str], str]:
    return {
        (SANS, ""): str(resource_path("fonts", "NotoSans-Regular.ttf")),
        (SANS, "B"): str(resource_path("fonts", "NotoSans-Bold.ttf")),
        (NASKH, ""): str(resource_path("fonts", "NotoNaskhArabic-Regular.ttf")),
        (NASKH, "B"): str(resource_path("fonts", "NotoNaskhArabic-Bold.ttf")),
    }


class _Pdf:
    """An fpdf2 document with our fonts, and the text clean-up that goes with them."""

    def __init__(self, texts: Iterable[str]) -> None:
        from fpdf import FPDF

        self.pdf: FPDF = FPDF(orientation="P", unit="pt", format="A4")
        pdf = self.pdf
        pdf.set_margins(MARGIN, MARGIN + HEADER, MARGIN)
        pdf.set_auto_page_break(False)
        for (family, style), path in _font_files().items():
            pdf.add_font(family, style, path)
        covered: set[int] = set()
        for key in (SANS, NASKH):
            covered |= set(getattr(pdf.fonts[key], "cmap", {}))
        self._covered = frozenset(covered)
        self.extra: list[str] = []
        # Scripts neither font has (Hebrew, Chinese ... in a name): the bundled script font, if any.
        for name in dict.fromkeys(f for f in map(self._script_font, set("".join(texts))) if f):
            family = name.lower()
            pdf.add_font(family, "", str(resource_path("fonts", fonts._FILES[name])))
            self.extra.append(family)
        pdf.set_text_shaping(True)

    def _script_font(self, ch: str) -> str | None:
        if ord(ch) in self._covered or ch == "\n" or unicodedata.category(ch) in ("Cf", "Mn", "Zs"):
            return None
        return fonts.font_for(ch)

    def clean(self, value: str) -> str:
        """Text every character of which a font can draw: a visible "\ufffd" for the others,
        invisible format characters dropped (the joiners stay: they steer Arabic joining)."""
        out: list[str] = []
        for ch in plain(value):
            code = ord(ch)
            if code in self._covered or ch == "\n":
                out.append(ch)
            elif unicodedata.category(ch) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
                if ch in "\u200c\u200d" and out and not out[-1].isascii() or ch == "\u200e":
                    out.append(ch)  # the joiners steer Arabic joining, the LRM a reference number's order
            elif fonts.font_for(ch) is not None:
                out.append(ch)
            elif not unicodedata.combining(ch) and (not out or out[-1] != SUBSTITUTE):
                out.append(SUBSTITUTE)
        return "".join(out)

    def use(self, rtl: bool, kind: str = "para", *, bold: bool | None = None, size: float | None = None,
            text: str | None = None, direction: str | None = None) -> float:
        """Set font and direction for a cell; returns the line height. Text shaping is off for a
        left-to-right ``text`` that Noto Sans draws alone (no joining, no bidi needed): line
        breaking with HarfBuzz shapes the line again for every character, which doubled the time."""
        (latin_size, latin_lh), (arabic_size, arabic_lh) = SIZES[kind]
        style = "B" if (kind in BOLD_KINDS if bold is None else bold) else ""
        family, others = SANS, [NASKH]  # Latin, digits and punctuation from Noto Sans, Arabic from Naskh
        font_size = size or (arabic_size if rtl else latin_size)
        self.pdf.set_font(family, style, font_size)
        self.pdf.set_fallback_fonts([*others, *self.extra], exact_match=False)
        if not rtl and text is not None and _simple(text):
            self.pdf.set_text_shaping(False)
        else:
            self.pdf.set_text_shaping(True, direction=direction or ("rtl" if rtl else "ltr"))
        return (arabic_lh if rtl else latin_lh) * font_size / (arabic_size if rtl else latin_size)


def _first_strong(text: str) -> str | None:
    """"rtl" or "ltr" from the first letter with a strong direction (UAX #9, P2-P3); None without one."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _direction(rtl: bool, kind: str, text: str) -> str:
    """A list item (names, units, contact lines: data, not template text) reads in the direction
    of its first letter, so "Erika Beispiel, Büro …, +49 231 …" stays in its own order in the
    Arabic column (flush right), and an Arabic name in the German column likewise."""
    if kind == "bullet":
        return _first_strong(text) or ("rtl" if rtl else "ltr")
    return "rtl" if rtl else "ltr"


def _simple(text: str) -> bool:
    """Latin, Greek and Cyrillic only (nothing to join or reorder)."""
    return all(ord(ch) < 0x0530 or 0x1E00 <= ord(ch) < 0x2E80 for ch in text)


@dataclass
class _Cell:
    column: Column
    row: Row | None
    text: str


class _Layout:
    def __init__(self, doc: _Pdf, columns: list[Column], digits: str) -> None:
        self.doc = doc
        self.pdf = doc.pdf
        self.columns = columns
        self.digits = digits
        self.width = PAGE_W - 2 * MARGIN
        self.col = self.width / len(columns)
        self._heights: dict[tuple[int, str, str], float] = {}

    def text_of(self, column: Column, value: str) -> str:
        value = self.doc.clean(value)
        return arabic_digits(value) if column.rtl and self.digits == "arabic" else value

    def _box(self, index: int, kind: str, rtl: bool) -> tuple[float, float]:
        """(x, width) of the text in column ``index``."""
        x = MARGIN + index * self.col
        near, far = PAD_NEAR, PAD_FAR
        left, right = (far, near) if rtl else (near, far)
        if kind == "bullet":
            left, right = (left, right + BULLET_INDENT) if rtl else (left + BULLET_INDENT, right)
        return x + left, self.col - left - right

    def _align(self, kind: str, rtl: bool) -> str:
        if kind in ("title", "subtitle"):
            return "C"
        return "R" if rtl else "L"

    def cell_height(self, index: int, cell: _Cell) -> float:
        if cell.row is None or not cell.text:
            return 0.0
        rtl = cell.column.rtl
        key = (index, cell.row.kind, cell.text)
        if key not in self._heights:
            lh = self.doc.use(rtl, cell.row.kind, text=cell.text, direction=_direction(rtl, cell.row.kind, cell.text))
            _x, w = self._box(index, cell.row.kind, rtl)
            height = self.pdf.multi_cell(w, lh, cell.text, align=self._align(cell.row.kind, rtl), dry_run=True,
                                         output="HEIGHT")
            self._heights[key] = float(height)  # type: ignore[arg-type]
        return self._heights[key]

    def draw_cell(self, index: int, cell: _Cell, top: float) -> float:
        """Draw the cell; returns its height."""
        if cell.row is None or not cell.text:
            return 0.0
        pdf = self.pdf
        rtl, kind = cell.column.rtl, cell.row.kind
        direction = _direction(rtl, kind, cell.text)
        lh = self.doc.use(rtl, kind, text=cell.text, direction=direction)
        x, w = self._box(index, kind, rtl)
        pdf.set_text_color(*(MUTED if kind == "subtitle" else TEXT))
        if kind == "bullet":
            self.doc.use(False, "para", text="•")
            pdf.set_xy(x + w + 2 if rtl else x - BULLET_INDENT + 1, top)
            pdf.cell(BULLET_INDENT - 2, lh, "•")
            self.doc.use(rtl, kind, text=cell.text, direction=direction)
        pdf.set_xy(x, top)
        return float(pdf.multi_cell(w, lh, cell.text, align=self._align(kind, rtl), output="HEIGHT"))  # type: ignore[arg-type]

    def room(self) -> float:
        return PAGE_H - MARGIN - 14 - self.pdf.get_y()

    def _contents(self) -> bytearray | None:
        contents = getattr(self.pdf.pages.get(self.pdf.page), "contents", None)
        return contents if isinstance(contents, bytearray) else None

    def draw_row(self, cells: list[_Cell], top_gap: float) -> None:
        pdf = self.pdf
        y = pdf.get_y()
        height = top_gap + max((self.draw_cell(i, c, y + top_gap) for i, c in enumerate(cells)), default=0.0) + 2
        if len(cells) > 1:
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.4)
            for i in range(1, len(cells)):
                x = MARGIN + i * self.col
                pdf.line(x, y, x, y + height)
        pdf.set_y(y + height)

    def rows(self, group: list[tuple[list[_Cell], float]]) -> None:
        """Rows that stay together (a clause heading and its first paragraph), on this page or
        all on the next. They are laid out once: when they run past the foot of the page, the
        page's content is cut back to where they began and they are drawn on a new page (measuring
        every paragraph first would lay out the Arabic twice, the costly part)."""
        pdf = self.pdf
        fresh = pdf.get_y() <= MARGIN + HEADER + 1
        contents = self._contents()
        if contents is None:  # not the fpdf2 this was written for: measure first
            needed = sum(gap + max(self.cell_height(i, c) for i, c in enumerate(cells)) + 2 for cells, gap in group)
            if needed > self.room() and not fresh:
                pdf.add_page()
                group = [(group[0][0], 0.0), *group[1:]]
            for cells, gap in group:
                self.draw_row(cells, gap)
            return
        mark, start = len(contents), pdf.get_y()
        for cells, gap in group:
            self.draw_row(cells, gap)
        if self.room() >= 0:
            return
        del contents[mark:]
        if not fresh:
            pdf.add_page()
            self.rows([(group[0][0], 0.0), *group[1:]])
        elif len(group) > 1:  # together they are taller than a page: each on its own
            pdf.set_y(start)
            for row in group:
                self.rows([row])
        else:
            raise UserError(_("The document cannot be laid out: a text is too long for one page. Please shorten it."))


def _page_decoration(layout: _Layout, names: list[str], watermark: str | None) -> None:
    pdf = layout.pdf
    doc = layout.doc
    if len(names) > 1:
        top = MARGIN + HEADER - 6
        for i, (column, name) in enumerate(zip(layout.columns, names, strict=True)):
            doc.use(column.rtl, "para", bold=True, size=8.0 if not column.rtl else 9.0)
            pdf.set_text_color(*MUTED)
            x = MARGIN + i * layout.col
            pdf.set_xy(x + (PAD_FAR if column.rtl else PAD_NEAR), top - 12)
            pdf.cell(layout.col - PAD_NEAR - PAD_FAR, 12, name, align="R" if column.rtl else "L")
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.6)
        pdf.line(MARGIN, top, MARGIN + layout.width, top)
    if watermark:
        size = 64.0 if len(watermark) < 18 else 48.0
        doc.use(False, "para", bold=True, size=size)
        pdf.set_text_color(*WATERMARK)
        width = pdf.get_string_width(watermark)
        with pdf.local_context(fill_opacity=0.13), pdf.rotation(52, PAGE_W / 2, PAGE_H / 2):
            pdf.set_xy(PAGE_W / 2 - width / 2, PAGE_H / 2 - size / 2)
            pdf.cell(width, size, watermark, align="C")
    pdf.set_xy(MARGIN, MARGIN + HEADER)


def _footer(layout: _Layout, left: list[str]) -> None:
    """"Entwurf Nr. 1 vom … · Seite 1 von 3" under each column, in its language, on every page."""
    pdf = layout.pdf
    total = pdf.pages_count
    y = PAGE_H - MARGIN
    for page in range(1, total + 1):
        pdf.page = page
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.4)
        pdf.line(MARGIN, y - 9, MARGIN + layout.width, y - 9)
        for i, column in enumerate(layout.columns):
            numbers = label(column.templates, "page", {"page": str(page), "pages": str(total)})
            text = layout.text_of(column, f"{left[i]} · {numbers}")
            layout.doc.use(column.rtl, "para", size=7.5 if not column.rtl else 8.5)
            pdf.set_text_color(*MUTED)
            x = MARGIN + i * layout.col
            pdf.set_xy(x, y - 7)
            pdf.cell(layout.col, 10, text, align="R" if column.rtl else "L")


def _signatures(layout: _Layout, headings: list[str], sides: tuple[SignatureSide, SignatureSide]) -> None:
    """Both sides' blocks (§ 64 GO NRW) from the content model, as the PDF and Word ones: the
    legal name, place and date, signature, "In Vertretung" for a deputy, name and function, every
    label and value in each column's language (each distinct text once, in its direction)."""
    columns = layout.columns
    pdf = layout.pdf
    heading = [_Cell(c, Row("heading", ""), layout.text_of(c, h)) for c, h in zip(columns, headings, strict=True)]

    def both(key: str, values: dict[str, Value] | None = None) -> list[tuple[Column, str]]:
        seen: dict[str, Column] = {}
        for column in columns:
            seen.setdefault(label(column.templates, key, values or {}), column)
        return [(column, layout.text_of(column, text)) for text, column in seen.items()]

    def each(values: list[str]) -> list[tuple[Column | None, str, bool]]:
        """One value per column language (a deputy's name and function: one for all)."""
        if len(values) != len(columns):
            return [(None, layout.doc.clean(v), False) for v in dict.fromkeys(values) if v]
        seen: dict[str, Column] = {}
        for column, value in zip(columns, values, strict=True):
            if value:
                seen.setdefault(value, column)
        return [(column, layout.text_of(column, value), False) for value, column in seen.items()]

    line = BLANK + "_" * 12
    # (gap before, kind, lines) of one side's block: every label in both languages, each on its line.
    def block(side: SignatureSide) -> list[tuple[float, list[tuple[Column | None, str, bool]]]]:
        seen: dict[str, Column] = {}
        for column, legal in zip(columns, side.legal_names, strict=True):
            seen.setdefault(label(column.templates, "sign_for", {"city": legal}), column)
        place = f"{layout.doc.clean(side.city)}, {'_' * 22}" if side.city.strip() else line
        deputy: list[tuple[float, list[tuple[Column | None, str, bool]]]] = (
            [(8.0, [(c, t, False) for c, t in both("sign_deputy")])] if side.deputy else []
        )
        return [
            (0.0, [(c, layout.text_of(c, t), True) for t, c in seen.items()]),
            (16.0, [(None, place, False)]),
            (0.0, [(c, t, False) for c, t in both("sign_place_date")]),
            (24.0, [(None, line, False)]),
            (0.0, [(c, t, False) for c, t in both("sign_signature")]),
            *deputy,
            (0.0 if deputy else 8.0, each(side.names) or [(None, line, False)]),
            (0.0, [(c, t, False) for c, t in both("sign_name")]),
            (8.0, each(side.functions) or [(None, line, False)]),
            (0.0, [(c, t, False) for c, t in both("sign_function")]),
        ]

    blocks = [block(side) for side in sides]
    half = layout.width / 2

    def draw(dry: bool) -> float:
        height = 0.0
        start = 0.0 if dry else pdf.get_y()
        for side, parts in enumerate(blocks):
            y = start
            for gap, lines in parts:
                y += gap
                for column, text, bold in lines:
                    rtl = bool(column and column.rtl)
                    lh = layout.doc.use(rtl, "para", bold=bold, size=(9.5 if rtl else 8.5) if bold or column is None
                                        else (8.5 if rtl else 7.5), text=text)
                    lh *= 0.85
                    w = half - PAD_NEAR - 12
                    if not dry:
                        pdf.set_text_color(*(TEXT if bold or column is None else MUTED))
                        pdf.set_xy(MARGIN + side * half + PAD_NEAR, y)
                    h = pdf.multi_cell(w, lh, text, align="R" if rtl else "L", dry_run=dry, output="HEIGHT")
                    y += float(h)  # type: ignore[arg-type]
            height = max(height, y - start)
        if not dry:
            pdf.set_y(start + height)
        return height

    count = max(len(c.signature_text) for c in columns)
    text_lines = [
        [_Cell(c, c.signature_text[i] if i < len(c.signature_text) else None,
               layout.text_of(c, c.signature_text[i].markup) if i < len(c.signature_text) else "") for c in columns]
        for i in range(count)
    ]
    heights = [layout.cell_height(i, c) for i, c in enumerate(heading)]
    text_height = sum(2 + max(layout.cell_height(i, c) for i, c in enumerate(cells)) + 2 for cells in text_lines)
    needed = 14 + max(heights) + 6 + text_height + draw(True)
    if needed > layout.room():
        pdf.add_page()
    else:
        pdf.set_y(pdf.get_y() + 14)
    top = pdf.get_y()
    for i, cell in enumerate(heading):
        layout.draw_cell(i, cell, top)
    pdf.set_y(top + max(heights) + 6)
    for cells in text_lines:
        layout.draw_row(cells, 2.0)
    draw(False)


def render_rtl_mou(data: MouData, stream: BinaryIO, options: MouOptions, content: MouContent,
                   info: dict[str, Any]) -> None:
    """Lay out the MoU for ``data`` into ``stream`` from ``content`` (the content model in plain
    text, ``mou_content(..., as_markup=False)``: one column per language, left first)."""
    columns = [
        Column(lang.code, lang.templates, lang.values, [clause[j] for clause in content.clauses],
               content.signatures[j][1:])
        for j, lang in enumerate(content.languages)
    ]
    per_column = [c.clauses for c in columns]
    labels = [
        label(c.templates, "column", {}).upper() if not c.rtl else label(c.templates, "column", {}) for c in columns
    ]
    watermark = (" / ".join(dict.fromkeys(label(c.templates, "watermark", {}) for c in columns))
                 if options.draft is not None else None)
    key = "draft" if options.draft is not None else "final"
    footers = [label(c.templates, key, c.values) for c in columns]
    texts = [row.markup for rows in per_column for clause in rows for row in clause]
    texts += [str(v) for c in columns for v in c.values.values()]
    texts += [v for side in (content.home, content.partner) for v in [side.city, *side.names, *side.functions]]
    doc = _Pdf([*texts, *labels, *footers, watermark or ""])
    layout = _Layout(doc, list(columns), options.digits)
    pdf = doc.pdf

    def header() -> None:
        _page_decoration(layout, [layout.text_of(c, n) for c, n in zip(columns, labels, strict=True)],
                         watermark and layout.doc.clean(watermark))

    pdf.header = header  # type: ignore[method-assign]
    _metadata(pdf, info, options.invariant)
    pdf.add_page()
    for clause_index in range(len(per_column[0])):
        clauses = [rows[clause_index] for rows in per_column]
        lines: list[tuple[list[_Cell], float]] = []
        for i in range(max(len(c) for c in clauses)):
            cells = [
                _Cell(c, rows[i] if i < len(rows) else None, layout.text_of(c, rows[i].markup) if i < len(rows) else "")
                for c, rows in zip(columns, clauses, strict=True)
            ]
            lines.append((cells, 2.0 if i else (11.0 if clause_index else 0.0)))
        # A heading never stays alone at the foot of a page: it goes with the paragraph after it.
        layout.rows(lines[:2])
        for line in lines[2:]:
            layout.rows([line])
    _signatures(layout, [rows[0].markup for rows in content.signatures], (content.home, content.partner))
    _footer(layout, [layout.text_of(c, f) for c, f in zip(columns, footers, strict=True)])
    buffer = io.BytesIO()
    pdf.output(buffer)
    stream.write(buffer.getvalue())


def _metadata(pdf: FPDF, info: dict[str, Any], invariant: bool) -> None:
    from partnerdesk import __version__

    pdf.set_title(info["title"])
    if info.get("author"):
        pdf.set_author(info["author"])
    pdf.set_subject(info["subject"])
    pdf.set_keywords(", ".join(info["keywords"]))
    pdf.set_creator(f"PartnerDesk {__version__}")
    pdf.set_producer(f"PartnerDesk {__version__}")
    pdf.set_lang(info.get("lang", "de-DE"))
    if invariant:
        pdf.set_creation_date(datetime(2000, 1, 1, tzinfo=UTC))
