"""User and database text turned into safe ReportLab paragraph markup.

ReportLab paragraphs are markup: unescaped text can raise, lose words or inject
links and formatting (FACTS). ``markup(text)`` is the ONE way any user-entered or
stored text reaches a Paragraph: it escapes ``& < >``, keeps line breaks as
``<br/>``, drops control characters, and puts every run of characters that Noto
Sans lacks into the bundled font that has them (``fonts.font_for``: Arabic, Hebrew,
Georgian, Armenian, Devanagari, Thai, Ethiopic, Chinese/Japanese/Korean). Arabic
letters are joined (``arabic.shape``); right-to-left lines are ordered when drawn
(``bidi.Paragraph``); Devanagari and Thai are shaped by HarfBuzz in the paragraphs
that hold them (``shaping``). A character that no bundled font has (emoji, rare scripts) is
printed as a visible substitute "\ufffd", never as an invisible box, and
``uncovered(text)`` names such characters so the caller can warn about them.
Very long words are broken by ReportLab itself (``splitLongWords``, on in our styles).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from partnerdesk.documents import arabic, fonts

#: Shown for a character that no bundled font can draw (emoji, rare scripts).
SUBSTITUTE = "\ufffd"
# Control characters, and the explicit bidi embeddings and isolates (the order of
# right-to-left text comes from ``bidi``, which does not follow them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _ignorable(ch: str) -> bool:
    """Nothing to draw: joiners, variation selectors, other format characters."""
    return unicodedata.category(ch) == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


def _font_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` as (font, part) runs; font None for characters no bundled font has."""
    runs: list[tuple[str | None, str]] = []
    current: str | None = fonts.REGULAR
    part: list[str] = []
    for ch in text:
        if ch == "\n" or (
            (ch == " " or unicodedata.combining(ch)) and current and ord(ch) in fonts.covered(current)
        ):
            font = current  # line breaks, spaces and marks stay with the run they are in
        elif _ignorable(ch):
            continue
        else:
            font = fonts.font_for(ch)
        if font != current and part:
            runs.append((current, "".join(part)))
            part = []
        current = font
        part.append(ch)
    if part:
        runs.append((current, "".join(part)))
    return runs


def _all_regular(value: str) -> bool:
    return value.isascii() or fonts.covered(fonts.REGULAR).issuperset(map(ord, value))


def one_line_in_regular(text: object) -> bool:
    """``text`` is one line the regular font draws alone (no other script, no right-to-left): a
    table may print it as a plain string instead of a Paragraph (much cheaper in long tables)."""
    value = plain(text)
    return "\n" not in value and _all_regular(value)


def uncovered(text: object) -> str:
    """The distinct characters of ``text`` that no bundled font can draw, in order of appearance."""
    value = plain(text)
    if _all_regular(value):
        return ""
    missing = [part for font, part in _font_runs(value) if font is None]
    return "".join(dict.fromkeys("".join(missing)))


def plain(text: object) -> str:
    """Normalised text without markup: NFC, no control characters, ``\\n`` line ends."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value).replace("\t", " ")


def _run_markup(font: str | None, part: str) -> str:
    if font is None:
        return escape(SUBSTITUTE * max(1, sum(1 for ch in part if not unicodedata.combining(ch))))
    if font == fonts.ARABIC:
        part = arabic.shape(part)
    body = escape(part).replace("\n", "<br/>")
    if font == fonts.REGULAR:
        return body
    return f'<font face="{font}">{body}</font>'


def markup(text: object) -> str:
    """Paragraph markup that shows ``text`` literally (see module docstring)."""
    value = plain(text)
    if not value:
        return ""
    if _all_regular(value):
        return escape(value).replace("\n", "<br/>")
    return "".join(_run_markup(font, part) for font, part in _font_runs(value))


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
