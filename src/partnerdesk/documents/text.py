"""User and database text turned into safe ReportLab paragraph markup.

ReportLab paragraphs are markup: unescaped text can raise, lose words or inject
links and formatting (FACTS). ``markup(text)`` is the ONE way any user-entered or
stored text reaches a Paragraph: it escapes ``& < >``, keeps line breaks as
``<br/>``, drops control characters, puts Arabic runs in the Arabic font (shaped,
right to left; see ``arabic``), and replaces characters none of our fonts has
(emoji, rare scripts) with a visible substitute instead of an invisible box.
Very long words are broken by ReportLab itself (``splitLongWords``, on in our styles).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from partnerdesk.documents import arabic, fonts

#: Shown for a character that no bundled font can draw (emoji, rare scripts).
SUBSTITUTE = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


@cache
def _covered(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def _substitute_uncovered(text: str) -> str:
    if text.isascii():
        return text  # the font covers printable ASCII; control characters are gone already
    covered = _covered(fonts.register_fonts())
    if covered.issuperset(map(ord, text)):
        return text
    out = []
    for ch in text:
        if ord(ch) in covered or ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue  # variation selectors, joiners: nothing to draw
        else:
            out.append(SUBSTITUTE if ord(SUBSTITUTE) in covered else "?")
    return "".join(out)


def plain(text: object) -> str:
    """Normalised text without markup: NFC, no control characters, ``\\n`` line ends."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value).replace("\t", " ")


def markup(text: object) -> str:
    """Paragraph markup that shows ``text`` literally (see module docstring)."""
    value = plain(text)
    if not value:
        return ""
    pieces = []
    for is_arabic, part in arabic.runs(value):
        if is_arabic:
            face = fonts.register_arabic()
            covered = _covered(face)
            shaped = "".join(ch if ord(ch) in covered or ch == " " else "?" for ch in arabic.visual(part))
            pieces.append(f'<font face="{face}">{escape(shaped)}</font>')
        else:
            pieces.append(escape(_substitute_uncovered(part)).replace("\n", "<br/>"))
    return "".join(pieces)


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters at a word boundary; (text, was_cut)."""
    value = plain(text)
    if len(value) <= limit:
        return value, False
    cut = value[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\n") + " …", True
