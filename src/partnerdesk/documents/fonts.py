"""The bundled fonts (Noto Sans, SIL OFL; licence in ``resources/fonts/OFL.txt``).

Every piece of text in our PDFs uses these fonts, so nothing falls back to an
unembedded standard font. Noto Sans covers German, French and Romanian
(including ș ț). Arabic letters come from Noto Sans Arabic, registered only when
a document actually contains Arabic (see ``text.arabic_runs``).
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

_FILES = {
    REGULAR: "NotoSans-Regular.ttf",
    BOLD: "NotoSans-Bold.ttf",
    ITALIC: "NotoSans-Italic.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
}


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
def register_arabic() -> str:
    _register(ARABIC)
    addMapping(ARABIC, 0, 0, ARABIC)
    addMapping(ARABIC, 1, 0, ARABIC)
    addMapping(ARABIC, 0, 1, ARABIC)
    addMapping(ARABIC, 1, 1, ARABIC)
    return ARABIC
