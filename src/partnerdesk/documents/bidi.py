"""Right-to-left text in the right order: the Unicode bidi algorithm, per line, after wrapping.

ReportLab wraps paragraphs in logical order and draws every line left to right; its
own bidi needs ``rlbidi`` (not published) and is skipped for paragraphs with several
font runs, which our font fallback always makes (FACTS). So ``Paragraph`` here wraps
as ReportLab does and reorders each wrapped line when it is drawn (rule L2 of the
Unicode Bidirectional Algorithm, UAX #9, after line breaking as the standard says):
a wrapped Arabic name keeps its first words on the first line, read from the right,
and "مشروع 2026 للمياه" reads right with its number left to right inside it.

``levels`` implements the implicit part of UAX #9 (rules P2-P3, W1-W7, N1-N2, I1-I2,
L1), enough for names, titles and notes: explicit embeddings and isolates (U+202A-
U+202E, U+2066-U+2069) are dropped by ``text.plain``, and bracket pairs (N0) resolve
through N1, which gives the same result for brackets around text of one direction.
Mirrored characters ("(" ")" "[" "]" "«" "»" ...) at right-to-left levels are drawn
mirrored (L4). Letters are joined before (``arabic.shape``), in logical order.
"""

from __future__ import annotations

import re
import unicodedata
from copy import copy
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Paragraph as _RLParagraph

from partnerdesk.documents import shaping

_STRONG_R = {"R", "AL"}
_NEUTRAL = {"B", "S", "WS", "ON", "BN"}
_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
#: Hebrew, Arabic (and Syriac, Thaana, NKo...) and their presentation forms: a quick test.
RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def _type(ch: str) -> str:
    kind = unicodedata.bidirectional(ch)
    return kind or "L"


def base_level(text: str) -> int:
    """0 (left to right) or 1: the paragraph's direction from its first strong letter (P2, P3)."""
    for ch in text:
        kind = _type(ch)
        if kind == "L":
            return 0
        if kind in _STRONG_R:
            return 1
    return 0


def levels(text: str, base: int) -> list[int]:
    """The embedding level of every character of one line (implicit rules of UAX #9)."""
    n = len(text)
    types = [_type(ch) for ch in text]
    sos = "R" if base else "L"
    # W1: a non-spacing mark takes the type of the character before it.
    prev = sos
    for i, t in enumerate(types):
        if t == "NSM":
            types[i] = prev
        else:
            prev = t
    # W2, W3: European digits after Arabic letters are Arabic digits; AL becomes R.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R", "AL"):
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        t, before, after = types[i], types[i - 1], types[i + 1]
        if t == "ES" and before == after == "EN":
            types[i] = "EN"
        elif t == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    # W5: terminators (%, currency signs) next to European digits are digits.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                for k in range(i, j):
                    types[k] = "EN"
            i = j
        else:
            i += 1
    # W6: other separators and terminators are neutral.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    # W7: European digits after a Latin letter (or at the start of a left-to-right line) are L.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"
    _bracket_pairs(text, types, base, sos)
    # N1, N2: neutrals between two strong types of one direction take it, others the base.
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = _direction(types[i - 1]) if i > 0 else sos
            after = _direction(types[j]) if j < n else sos
            resolved = before if before == after else ("R" if base else "L")
            for k in range(i, j):
                types[k] = resolved
            i = j
        else:
            i += 1
    # I1, I2: implicit levels.
    out = []
    for t in types:
        if base % 2 == 0:
            out.append(base + (1 if t == "R" else 2 if t in ("AN", "EN") else 0))
        else:
            out.append(base + (1 if t in ("L", "EN", "AN") else 0))
    # L1: trailing white space goes back to the paragraph level.
    k = n - 1
    while k >= 0 and unicodedata.bidirectional(text[k]) in ("WS", "S", "B", "BN"):
        out[k] = base
        k -= 1
    return out


_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {v: k for k, v in _OPENING.items()}


def _bracket_pairs(text: str, types: list[str], base: int, sos: str) -> None:
    """N0: a pair of brackets takes the direction of what it encloses and what precedes it,
    so "Dura (دورا) – ..." keeps its brackets with "Dura" in a left-to-right line."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if types[i] != "ON":
            continue
        if ch in _OPENING:
            if len(stack) == 63:
                break
            stack.append((_OPENING[ch], i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    embedding = "R" if base else "L"
    for opening, closing in sorted(pairs):
        inside = {_direction(t) for t in types[opening + 1 : closing] if t in ("L", "R", "EN", "AN")}
        if not inside:
            continue
        if embedding in inside:
            resolved = embedding
        else:
            before = next(
                (_direction(t) for t in reversed(types[:opening]) if t in ("L", "R", "EN", "AN")), sos
            )
            resolved = before if before != embedding else embedding
        types[opening] = types[closing] = resolved


def _direction(kind: str) -> str:
    return "L" if kind == "L" else "R"


def visual_order(line_levels: list[int]) -> list[int]:
    """Indices of the characters in the order they are drawn, left to right (L2)."""
    order = list(range(len(line_levels)))
    if not line_levels:
        return order
    highest = max(line_levels)
    lowest_odd = min((lv for lv in line_levels if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] >= level:
                j = i
                while j < len(order) and line_levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def display(text: str, base: int | None = None, *, mirror: bool = True) -> str:
    """One line of text in drawing order (for a single line: a footer, a heading)."""
    if not RTL_CHARS.search(text):
        return text
    lv = levels(text, base_level(text) if base is None else base)
    order = visual_order(lv)
    return "".join(_MIRROR.get(text[i], text[i]) if mirror and lv[i] % 2 else text[i] for i in order)


def _reorder_frags(words: list[Any], base: int) -> list[Any] | None:
    """A wrapped line's fragments (logical order) as new fragments in drawing order;
    None when the line has something other than text (it is then left as it is)."""
    texts = []
    for frag in words:
        if getattr(frag, "cbDefn", None) is not None or not isinstance(getattr(frag, "text", None), str):
            return None
        texts.append(frag.text)
    line = "".join(texts)
    if not RTL_CHARS.search(line):
        return None
    owner = [k for k, piece in enumerate(texts) for _ch in piece]
    starts = [sum(len(t) for t in texts[:k]) for k in range(len(texts))]
    lv = levels(line, base)
    order = visual_order(lv)
    out: list[Any] = []
    current: list[int] = []

    def flush() -> None:
        k = owner[current[0]]
        first = current[0] - starts[k]
        if lv[current[0]] % 2 == 0 and current == list(range(current[0], current[0] + len(current))):
            # A left-to-right piece in typed order: a slice of the fragment's text, which keeps
            # the glyph positions of shaped (Devanagari, Thai) text.
            out.append(_clone(words[k], texts[k][first : first + len(current)]))
        else:
            out.append(_clone(words[k], "".join(_MIRROR.get(line[i], line[i]) if lv[i] % 2 else line[i]
                                                for i in current)))
        current.clear()

    for i in order:
        if current and (owner[i] != owner[current[-1]] or lv[i] % 2 != lv[current[-1]] % 2):
            flush()
        current.append(i)
    if current:
        flush()
    return out


def _clone(frag: Any, text: str) -> Any:
    piece = frag.clone()
    piece.text = text
    return piece


class Paragraph(_RLParagraph):
    """A ReportLab paragraph whose lines are put into visual order when drawn.

    Wrapping and splitting across pages see the logical order (so a split paragraph
    continues where it stopped); only drawing sees each line reordered. A right-to-left
    paragraph (first strong letter Arabic or Hebrew) of several lines is aligned right.
    """

    style: Any  # a ParagraphStyle (ReportLab has no type hints)

    def __init__(self, text: str, style: Any = None, *args: Any, **kwargs: Any) -> None:
        if style is not None and isinstance(text, str) and shaping.needed(text) and not style.shaping \
                and shaping.available():
            # Devanagari and Thai are shaped by HarfBuzz, in this paragraph only (``shaping``).
            style = copy(style)
            style.shaping = 1
        super().__init__(text, style, *args, **kwargs)

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (ReportLab's name)
        para = getattr(self, "blPara", None)
        plain_text = self.getPlainText()
        if para is None or not RTL_CHARS.search(plain_text):
            super().drawPara(debug)
            return
        base = base_level(plain_text)
        logical = para.lines
        if para.kind == 1:
            visual: list[Any] = []
            for line in logical:
                words = _reorder_frags(line.words, base)
                if words is None:
                    visual.append(line)
                else:
                    moved = line.clone()
                    moved.words = words
                    visual.append(moved)
        else:
            # One font in the whole paragraph: each line is (extra space, [words]).
            visual = [(line[0], [display(" ".join(line[1]), base)]) for line in logical]
        para.lines = visual
        style = self.style
        if base == 1 and len(visual) > 1 and style.alignment == TA_LEFT:
            # A right-to-left paragraph of several lines is set ragged left, as it is read.
            self.style = copy(style)
            self.style.alignment = TA_RIGHT
        try:
            super().drawPara(debug)
        finally:
            para.lines = logical
            self.style = style
