"""Arabic letters joined for ReportLab, which draws one glyph per character.

Arabic is not offered as an MoU language (ReportLab has no shaping engine we can
combine with font fallback, FACTS). Names and notes in Arabic (a partner city, a
contact) must still print legibly: each Arabic run is shaped to the contextual
presentation forms of Unicode block "Arabic Presentation Forms-B" (initial, medial,
final, isolated and the lam-alef ligatures), in logical order; ``bidi`` puts every
wrapped line into right-to-left order when it is drawn. Letters outside the basic
alphabet stay in their isolated form. The PDF's text layer holds presentation forms,
which text extraction with NFKC normalisation turns back into the letters.
"""

from __future__ import annotations

import re
import unicodedata

# Basic letters U+0621..U+064A map to consecutive slots in U+FE80..U+FEF4:
# 1 form (hamza), 2 forms (joins to the right only) or 4 forms (joins both ways).
_FORM_COUNTS = {0x0621: 1}
_FORM_COUNTS.update({c: 2 for c in (0x0622, 0x0623, 0x0624, 0x0625, 0x0627, 0x0629, 0x062F, 0x0630,
                                    0x0631, 0x0632, 0x0648, 0x0649)})
_LETTERS = [c for c in range(0x0621, 0x064B) if not 0x063B <= c <= 0x0640]
_BASE: dict[int, int] = {}
_slot = 0xFE80
for _c in _LETTERS:
    _BASE[_c] = _slot
    _slot += _FORM_COUNTS.get(_c, 4)
_TATWEEL = 0x0640
# lam + alef variants -> isolated ligature (the final form is the next code point)
_LAM_ALEF = {0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}
_LAM = 0x0644

ARABIC_CHARS = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_RUN = re.compile(f"[{ARABIC_CHARS}]+(?:[ \u00a0]+[{ARABIC_CHARS}]+)*")


def _dual(c: int) -> bool:
    return c == _TATWEEL or _FORM_COUNTS.get(c, 4) == 4 and c in _BASE


def _joins(c: int) -> bool:
    return c == _TATWEEL or c in _BASE and c != 0x0621


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"


def _shape_logical(text: str) -> list[str]:
    """Clusters (letter + its marks) in logical order, letters replaced by contextual forms."""
    clusters: list[list[str]] = []
    for ch in text:
        if clusters and _is_mark(ch):
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    out: list[str] = []
    i = 0
    while i < len(clusters):
        c = ord(clusters[i][0])
        prev = ord(clusters[i - 1][0]) if i > 0 else None
        nxt = ord(clusters[i + 1][0]) if i + 1 < len(clusters) else None
        joined_prev = prev is not None and _dual(prev)
        if c == _LAM and nxt in _LAM_ALEF:
            lig = _LAM_ALEF[nxt] + (1 if joined_prev else 0)
            out.append(chr(lig) + "".join(clusters[i][1:] + clusters[i + 1][1:]))
            i += 2
            continue
        if c in _BASE:
            count = _FORM_COUNTS.get(c, 4)
            joined_next = count == 4 and nxt is not None and _joins(nxt)
            if count == 1:
                form = 0
            elif joined_prev and joined_next:
                form = 3
            elif joined_prev:
                form = 1
            elif joined_next:
                form = 2
            else:
                form = 0
            out.append(chr(_BASE[c] + form) + "".join(clusters[i][1:]))
        else:
            out.append("".join(clusters[i]))
        i += 1
    return out


def shape(run: str) -> str:
    """An Arabic run with its letters in their joined forms, still in logical order."""
    return " ".join("".join(_shape_logical(w)) for w in run.split(" "))


def runs(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` into (is_arabic, part) pieces."""
    parts: list[tuple[bool, str]] = []
    pos = 0
    for m in _RUN.finditer(text):
        if m.start() > pos:
            parts.append((False, text[pos : m.start()]))
        parts.append((True, m.group()))
        pos = m.end()
    if pos < len(text):
        parts.append((False, text[pos:]))
    return parts


def has_arabic(text: str) -> bool:
    return _RUN.search(text) is not None
