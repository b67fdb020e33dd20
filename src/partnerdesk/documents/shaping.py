"""Devanagari and Thai shaped by HarfBuzz, only in the paragraphs that hold them.

ReportLab draws one glyph per character. Devanagari needs more: the short i (ि) is
drawn before its consonant, conjuncts (क्ष, द्ध) are glyphs of their own, marks sit
where the font's anchors put them; Thai stacks tone marks over vowel signs. HarfBuzz
(``uharfbuzz``) does this from the font's OpenType tables.

ReportLab 5.1 can shape a whole paragraph through HarfBuzz, but it imports
``uharfbuzz`` with its TrueType module (tens of milliseconds on every document
command), shapes every word with the font of its first letter (our font fallback
mixes fonts inside a word: "(मुंबई)"), and copies private-use characters for glyphs
without a character of their own. So here:

* ``documents/__init__`` imports ReportLab's TrueType module with ``uharfbuzz``
  hidden; ``enable()`` imports it when the first paragraph with Devanagari or Thai
  is made (``bidi.Paragraph``), and such a paragraph alone gets ``shaping=1``;
* ``shape_frag_word`` (ReportLab's hook for a shaping paragraph) shapes each piece
  of a word in a Devanagari or Thai font with that font and leaves the other pieces
  as they are; glyphs carry HarfBuzz's advances and offsets, which ReportLab draws;
* every glyph is written with a code whose text (the PDF's ToUnicode map) is what it
  stands for: a glyph of its own character keeps that character; the glyphs of a
  cluster share its letters in typed order (ि र of "रि" copy as र and ि, a conjunct's
  one glyph as all its letters), and a mark copies with the letter it sits on, since
  text extraction orders glyphs by position. So copying "परियोजना" gives "परियोजना";
  private-use codes are used for glyphs that need them, never copied;
* ``split_frag_word`` (ReportLab's split of a word longer than its line) moves each
  break to a cluster boundary and keeps the glyph positions of the parts.

ReportLab's module globals (``paragraph.shapeFragWord``, ``paragraph._splitFragWord``,
``ttfonts.makeToUnicodeCMap``, ``ttfonts.uharfbuzz``) are replaced by ``enable()``;
paragraphs without ``shaping=1`` never reach the first two, and the ToUnicode map
changes only for our private-use codes. Without ``uharfbuzz`` (``available()``),
Devanagari and Thai print letter by letter as before.

Arabic and Hebrew stay on their own path (``arabic``, ``bidi``): their paragraphs
are ordered per line when drawn, which ReportLab's shaping path would skip.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts

from partnerdesk.documents import fonts

log = logging.getLogger(__name__)

#: Scripts drawn through HarfBuzz: Devanagari (with Devanagari Extended) and Thai.
SHAPED_CHARS = re.compile("[\u0900-\u097f\ua8e0-\ua8ff\u0e00-\u0e7f]")
SHAPED_FONTS = frozenset({fonts.DEVANAGARI, fonts.THAI})
_FEATURES = {"kern": True, "liga": True}
_FIRST_PRIVATE = 0xE000
_RECENT = 256

#: Per font face: the private-use code of a (glyph, text) pair, and the text of each such code.
_codes: dict[bytes, dict[tuple[int, str], int]] = {}
_texts: dict[bytes, dict[int, str]] = {}
#: Per font: the words shaped last, to find the positions of a word's parts again.
_recent: dict[str, list[Any]] = {}


def needed(text: str) -> bool:
    """Whether ``text`` (markup or plain) holds letters that are drawn shaped."""
    return SHAPED_CHARS.search(text) is not None


@cache
def available() -> bool:
    """Whether HarfBuzz can be loaded (then it is, see ``enable``). Without it (an installation
    that lacks the dependency) Devanagari and Thai print letter by letter, as before, and the
    log says why."""
    try:
        enable()
    except ImportError:
        log.warning("uharfbuzz cannot be imported: Devanagari and Thai print unshaped", exc_info=True)
        return False
    return True


@cache
def enable() -> Any:
    """Import HarfBuzz and let ReportLab draw shaped words (once per process); returns the module."""
    import uharfbuzz  # only for documents with Devanagari or Thai
    from reportlab.platypus import paragraph

    ttfonts.uharfbuzz = uharfbuzz
    paragraph.shapeFragWord = shape_frag_word
    global _split_by_reportlab
    _split_by_reportlab = paragraph._splitFragWord
    paragraph._splitFragWord = split_frag_word
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        if isinstance(font, ttfonts.TTFont):
            # Fonts registered while HarfBuzz was hidden were marked as not shapable.
            font._shapable = True
    return uharfbuzz


@cache
def _hb_font(font_name: str) -> Any:
    hb = enable()
    font = pdfmetrics.getFont(font_name)
    return hb.Font(hb.Face(hb.Blob(font.face._ttf_data)))


def _code(font: Any, gid: int, text: str, advance: int) -> int:
    """A code for glyph ``gid`` that copies as ``text`` (a private-use one if needed)."""
    face = font.face
    if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
        return ord(text)
    codes = _codes.setdefault(face.name, {})
    code = codes.get((gid, text))
    if code is None:
        code = max([_FIRST_PRIVATE - 1, *codes.values()]) + 1
        while code in face.charToGlyph:
            code += 1
        codes[(gid, text)] = code
        _texts.setdefault(face.name, {})[code] = text
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = advance
    return code


def shape(text: str, font_name: str, font_size: float) -> tuple[Any, float]:
    """``text`` in one font as a ReportLab shaped string, and its width in points."""
    hb = enable()
    hb_font = _hb_font(font_name)
    font = pdfmetrics.getFont(font_name)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb_font, buf, _FEATURES)
    infos, positions = buf.glyph_infos, buf.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    # Advances are in HarfBuzz's units; ``pdfScale`` turns them into thousandths of the size.
    scale = font.pdfScale
    glyphs: dict[int, int] = {}
    for info in infos:
        glyphs[info.cluster] = glyphs.get(info.cluster, 0) + 1
    taken: dict[int, int] = {}
    letters = [_letters(text, info.cluster, ends[info.cluster], glyphs[info.cluster], taken) for info in infos]
    # A mark (no advance) copies with the letter it sits on: text extraction orders glyphs by
    # position, and a mark moved onto its base would land before or after it.
    spacing = -1
    for i, pos in enumerate(positions):
        if pos.x_advance:
            if not letters[i] and spacing >= 0 and len(letters[spacing]) > 1:
                # A letter drawn as two glyphs (Thai ำ: ํ and า): the spacing part copies as it.
                letters[i], letters[spacing] = letters[spacing][-1], letters[spacing][:-1]
            spacing = i
        elif spacing >= 0 and letters[i]:
            letters[spacing] += letters[i]
            letters[i] = ""
    chars: list[str] = []
    data: list[Any] = []
    # ``cluster`` in the shape data numbers the pieces a line may not break inside: a
    # HarfBuzz cluster with its marks (also spacing ones such as ा) is one piece.
    piece = -1
    previous = -1
    for info, pos, copied in zip(infos, positions, letters, strict=True):
        gid = info.codepoint
        if piece < 0 or not (info.cluster == previous or not pos.x_advance
                             or unicodedata.category(text[info.cluster]).startswith("M")):
            piece = info.cluster
        previous = info.cluster
        cluster = piece
        natural = scale(hb_font.get_glyph_h_advance(gid))
        code = _code(font, gid, copied, natural)
        chars.append(chr(code))
        width = font.face.charWidths.get(code, natural)
        data.append(ttfonts.ShapeData(cluster, scale(pos.x_advance), scale(pos.y_advance),
                                      scale(pos.x_offset), scale(pos.y_offset), width))
    advance = sum(d.x_advance for d in data) * font_size / 1000
    shaped = ttfonts.ShapedStr("".join(chars), shapeData=data)
    recent = _recent.setdefault(font_name, [])
    recent.insert(0, shaped)
    del recent[_RECENT:]
    return shaped, advance


def _shaped_part(text: str, font_name: str) -> Any:
    """``text`` with its positions if it is (part of) a word shaped lately; None if it is not
    made of glyph codes (any text of letters is shaped anew, which gives the same glyphs)."""
    if isinstance(text, ttfonts.ShapedStr):
        return text
    private = _texts.get(pdfmetrics.getFont(font_name).face.name, {})
    if not any(ord(ch) in private for ch in text):
        return None
    for shaped in _recent.get(font_name, []):
        at = shaped.find(text)
        if at >= 0:
            return shaped[at : at + len(text)]
    # Not among the recent words: the glyphs at their natural places.
    return ttfonts.ShapedStr(text, shapeData=[ttfonts.ShapeData(0, w, 0, 0, 0, w) for w in (
        pdfmetrics.getFont(font_name).face.charWidths.get(ord(ch), 0) for ch in text)])


def _letters(text: str, start: int, end: int, count: int, taken: dict[int, int]) -> str:
    """The letters of cluster ``text[start:end]`` that its next glyph (of ``count``) copies as:
    one letter per glyph in typed order, the last glyph the rest ("रि" drawn ि र copies as र, ि:
    the letters in typed order); a conjunct's one glyph copies as all its letters."""
    k = taken.get(start, 0)
    taken[start] = k + 1
    first = start + k
    if k == count - 1:
        return text[first:end] if first < end else ""
    return text[first : first + 1] if first < end else ""


def shape_frag_word(word: Any) -> Any:
    """ReportLab's hook: a word ``[width, (frag, text), ...]`` with its Devanagari and Thai
    pieces shaped (each with its own font); other pieces and other words stay as they are."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    pieces = word[1:]
    if not any(getattr(f, "fontName", None) in SHAPED_FONTS and not hasattr(f, "cbDefn")
               and not isinstance(t, ttfonts.ShapedStr) for f, t in pieces):
        return word
    new = ttfonts.makeShapedFragWord(word)([])
    width = 0.0
    for frag, text in pieces:
        if hasattr(frag, "cbDefn") or frag.fontName not in SHAPED_FONTS or not text:
            if not hasattr(frag, "cbDefn"):
                width += pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
            new.append((frag, text))
            continue
        part = _shaped_part(text, frag.fontName)
        if part is not None:
            # A part of a long word split over lines (ReportLab splits glyph by glyph and
            # loses the positions): the glyphs are shaped already, the positions come back.
            advance = sum(d.x_advance for d in part.__shapeData__) * frag.fontSize / 1000
            width += advance
            new.append((frag, part))
            continue
        shaped, advance = shape(text, frag.fontName, frag.fontSize)
        width += advance
        new.append((frag, shaped))
    new.insert(0, width)
    return new


_split_by_reportlab: Any = None


def split_frag_word(word: Any, max_width: float, max_widths: list[float], line_number: int) -> Any:
    """ReportLab's split of a word too long for its line, moved to the nearest cluster boundary.

    ReportLab splits glyph by glyph: a mark, the consonant after a short i or the second
    glyph of a Thai ำ could start the next line. Each break moves back to the start of
    its cluster, and the parts keep their glyphs' positions."""
    parts = _split_by_reportlab(word, max_width, max_widths, line_number)
    pieces = word[1:]
    if len(parts) < 2 or any(hasattr(f, "cbDefn") for f, _ in pieces) or not any(
        isinstance(t, ttfonts.ShapedStr) for _, t in pieces
    ):
        return parts
    glyphs: list[tuple[Any, Any, int]] = []  # (frag, text, index) of every glyph in order
    joins: list[bool] = []  # whether the glyph belongs to the cluster before it
    for frag, text in pieces:
        data: list[Any] = getattr(text, "__shapeData__", None) or []
        for j in range(len(text)):
            glyphs.append((frag, text, j))
            joins.append(bool(data) and j > 0 and data[j].cluster == data[j - 1].cluster)
    if sum(len(t) for part in parts for _, t in part[1:]) != len(glyphs):
        return parts
    bounds, start = [], 0
    for part in parts[:-1]:
        end = start + sum(len(t) for _, t in part[1:])
        cut = end
        while cut > start + 1 and joins[cut]:
            cut -= 1
        if joins[cut]:
            cut = end  # one cluster wider than the line: it is split after all
        bounds.append(cut)
        start = cut
    edges = [0, *bounds, len(glyphs)]
    out = []
    for part, low, high in zip(parts, edges[:-1], edges[1:], strict=True):
        out.append(part.__class__(_part(glyphs[low:high])))
    return out


def _part(glyphs: list[tuple[Any, Any, int]]) -> list[Any]:
    """``[width, (frag, text), ...]`` of consecutive glyphs, each text a slice of its word's."""
    result: list[Any] = [0.0]
    width = 0.0
    k = 0
    while k < len(glyphs):
        frag, text, first = glyphs[k]
        last = first
        while k + 1 < len(glyphs) and glyphs[k + 1][1] is text and glyphs[k + 1][2] == last + 1:
            k += 1
            last += 1
        piece = text[first : last + 1]
        if isinstance(piece, ttfonts.ShapedStr):
            width += sum(d.x_advance for d in piece.__shapeData__) * frag.fontSize / 1000
        else:
            width += pdfmetrics.stringWidth(piece, frag.fontName, frag.fontSize)
        clone = frag.clone()
        clone.text = piece
        result.append((clone, piece))
        k += 1
    result[0] = width
    return result


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with each private-use code mapped to the letters it stands for."""
    face = font_name.split("+", 1)[-1].encode("latin-1")
    texts = _texts.get(face)
    cmap: str = _reportlab_cmap(font_name, subset)
    if not texts:
        return cmap
    replaced = {}
    for i, code in enumerate(subset):
        if code in texts:
            target = "".join(f"{ord(ch):04X}" if ord(ch) < 0x10000 else _surrogates(ord(ch)) for ch in texts[code])
            replaced[f"<{i:02X}> <{code:04X}>"] = f"<{i:02X}> <{target}>"
    return "\n".join(replaced.get(line, line) for line in cmap.split("\n"))


def _surrogates(code: int) -> str:
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


_reportlab_cmap = ttfonts.makeToUnicodeCMap

