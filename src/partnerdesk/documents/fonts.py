"""The bundled fonts and the fallback between them, per run of text.

Every piece of text in our PDFs uses these fonts, so nothing falls back to an
unembedded standard font; ReportLab embeds a subset of each font a document uses.
Noto Sans (regular, bold, italic) covers Latin (German, French, Romanian with
ș ț), Greek and Cyrillic. ReportLab has no glyph fallback between fonts (FACTS),
so ``text.markup`` picks a font per run of characters: ``font_for(ch)`` names the
first bundled font that has the character. The script fonts are parsed only when a
document contains their script (a font file takes a noticeable part of a short
command's time):

* Noto Sans Arabic, Hebrew, Georgian, Armenian, Devanagari, Thai, Ethiopic
  (SIL OFL 1.1, ``resources/fonts/OFL.txt``; from Debian's fonts-noto-core);
* Droid Sans Fallback for Chinese, Japanese and Korean (Apache 2.0,
  ``resources/fonts/LICENSE-Apache-2.0.txt``; Debian's fonts-droid-fallback):
  3.4 MB in TrueType outlines, which ReportLab needs (Noto Sans CJK is CFF-based).

The script fonts have a regular face only: bold and italic text in those scripts
prints in the regular face.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from partnerdesk.resources import resource_path

REGULAR = "PDSans"
BOLD = "PDSans-Bold"
ITALIC = "PDSans-Italic"
ARABIC = "PDSansArabic"
HEBREW = "PDSansHebrew"
GEORGIAN = "PDSansGeorgian"
ARMENIAN = "PDSansArmenian"
DEVANAGARI = "PDSansDevanagari"
THAI = "PDSansThai"
ETHIOPIC = "PDSansEthiopic"
CJK = "PDSansCJK"

_FILES = {
    REGULAR: "NotoSans-Regular.ttf",
    BOLD: "NotoSans-Bold.ttf",
    ITALIC: "NotoSans-Italic.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf",
    GEORGIAN: "NotoSansGeorgian-Regular.ttf",
    ARMENIAN: "NotoSansArmenian-Regular.ttf",
    DEVANAGARI: "NotoSansDevanagari-Regular.ttf",
    THAI: "NotoSansThai-Regular.ttf",
    ETHIOPIC: "NotoSansEthiopic-Regular.ttf",
    CJK: "DroidSansFallback.ttf",
}

#: Which script font to try for a code point outside Noto Sans (first match wins).
_SCRIPT_RANGES: list[tuple[int, int, str]] = [
    (0x0590, 0x05FF, HEBREW),
    (0xFB1D, 0xFB4F, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0xA8E0, 0xA8FF, DEVANAGARI),
    (0x0E00, 0x0E7F, THAI),
    (0x10A0, 0x10FF, GEORGIAN),
    (0x1C90, 0x1CBF, GEORGIAN),
    (0x2D00, 0x2D2F, GEORGIAN),
    (0x0530, 0x058F, ARMENIAN),
    (0xFB13, 0xFB17, ARMENIAN),
    (0x1200, 0x139F, ETHIOPIC),
    (0x2D80, 0x2DDF, ETHIOPIC),
    (0xAB00, 0xAB2F, ETHIOPIC),
    (0x1100, 0x11FF, CJK),
    (0x2E80, 0x2FDF, CJK),
    (0x3000, 0x9FFF, CJK),
    (0xAC00, 0xD7AF, CJK),
    (0xF900, 0xFAFF, CJK),
    (0xFE30, 0xFE4F, CJK),
    (0xFF00, 0xFFEF, CJK),
    (0x20000, 0x2FA1F, CJK),
]
#: Every script font, for characters outside the ranges above (tried in this order).
SCRIPT_FONTS = [ARABIC, HEBREW, GEORGIAN, ARMENIAN, DEVANAGARI, THAI, ETHIOPIC, CJK]


def _register(name: str) -> None:
    pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", _FILES[name]))))


@cache
def register_fonts() -> str:
    """Register regular and bold once per process; returns the regular font's name.

    Parsing a font file takes a noticeable part of a short command's time, so the
    italic face is registered only by documents that use ``<i>`` (``register_italic``).
    """
    for name in (REGULAR, BOLD):
        _register(name)
    # <b>, <i> and <b><i> inside paragraphs map to our faces (bold italic -> bold).
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR


@cache
def register_italic() -> str:
    register_fonts()
    _register(ITALIC)
    return ITALIC


@cache
def register_script(name: str) -> str:
    """Register one script font (regular face for every style) on first use."""
    _register(name)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


def register_arabic() -> str:
    return register_script(ARABIC)


@cache
def covered(font_name: str) -> frozenset[int]:
    """The code points ``font_name`` has a glyph for (the font is registered first)."""
    if font_name in (REGULAR, BOLD):
        register_fonts()
    elif font_name == ITALIC:
        register_italic()
    else:
        register_script(font_name)
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def _script_font(code: int) -> str | None:
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    return None


@cache
def font_for(ch: str) -> str | None:
    """The font that draws ``ch``: Noto Sans if it can, else the first script font that
    has it; None when no bundled font has the character."""
    code = ord(ch)
    if code in covered(REGULAR):
        return REGULAR
    first = _script_font(code)
    if first is not None and code in covered(first):
        return first
    if first is None and code < 0x0530:
        return None  # Latin, Greek and Cyrillic live in Noto Sans alone
    for name in SCRIPT_FONTS:
        if name != first and code in covered(name):
            return name
    return None
