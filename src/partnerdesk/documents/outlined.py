"""Text drawn as glyph outlines (vector paths), not as text: the draft watermark.

A watermark drawn with ``drawString`` is part of the text layer: copying a paragraph
from a draft, or ``pdftotext``, brought its letters into the middle of the sentences
("Strengthen\\n\\nFT"). Drawn as outlines it looks the same, scales without loss, and
is no text at all.

The outlines come from the TrueType ``glyf`` table of the font ReportLab has already
loaded (its ``TTFontFace`` keeps the file, the glyph locations and the character map):
simple glyphs (quadratic contours) and composite glyphs (Ä = A + ¨) are decoded here,
which keeps HarfBuzz and fontTools out of every draft (loading either costs 70-90 ms,
``tests/unit/cli/test_startup_cost.py``). No kerning or shaping: a watermark is a
word or two of capitals in a Latin script.
"""

from __future__ import annotations

from struct import unpack_from
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

Point = tuple[float, float, bool]  # x, y, on the curve

_ON_CURVE, _X_SHORT, _Y_SHORT, _REPEAT, _X_SAME, _Y_SAME = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
_ARG_WORDS, _ARGS_XY, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0002, 0x0008, 0x0020, 0x0040, 0x0080


def _coordinates(data: bytes, pos: int, flags: list[int], short: int, same: int) -> tuple[list[int], int]:
    values, value = [], 0
    for flag in flags:
        if flag & short:
            delta = data[pos]
            pos += 1
            value += delta if flag & same else -delta
        elif not flag & same:
            value += unpack_from(">h", data, pos)[0]
            pos += 2
        values.append(value)
    return values, pos


def glyph_contours(face: Any, glyph: int, depth: int = 0) -> list[list[Point]]:
    """The contours of ``glyph`` in font units (composite glyphs resolved)."""
    start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    if end <= start or depth > 8:
        return []  # an empty glyph (space), or a composite that refers to itself
    data: bytes = face._ttf_data
    pos = face.get_table_pos("glyf")[0] + start
    count = unpack_from(">h", data, pos)[0]
    pos += 10
    if count >= 0:
        ends = list(unpack_from(f">{count}H", data, pos))
        pos += 2 * count
        pos += 2 + unpack_from(">H", data, pos)[0]  # skip the hinting instructions
        total = ends[-1] + 1 if ends else 0
        flags: list[int] = []
        while len(flags) < total:
            flag = data[pos]
            pos += 1
            flags.append(flag)
            if flag & _REPEAT:
                flags.extend([flag] * data[pos])
                pos += 1
        xs, pos = _coordinates(data, pos, flags, _X_SHORT, _X_SAME)
        ys, pos = _coordinates(data, pos, flags, _Y_SHORT, _Y_SAME)
        points = [(float(x), float(y), bool(f & _ON_CURVE)) for x, y, f in zip(xs, ys, flags, strict=True)]
        contours, first = [], 0
        for last in ends:
            contours.append(points[first:last + 1])
            first = last + 1
        return contours
    contours = []
    while True:
        flags_, component = unpack_from(">HH", data, pos)
        pos += 4
        if flags_ & _ARG_WORDS:
            dx, dy = unpack_from(">hh" if flags_ & _ARGS_XY else ">HH", data, pos)
            pos += 4
        else:
            dx, dy = unpack_from(">bb" if flags_ & _ARGS_XY else ">BB", data, pos)
            pos += 2
        a, b, c, d = 1.0, 0.0, 0.0, 1.0
        if flags_ & _SCALE:
            a = d = unpack_from(">h", data, pos)[0] / 16384
            pos += 2
        elif flags_ & _XY_SCALE:
            a, d = (v / 16384 for v in unpack_from(">hh", data, pos))
            pos += 4
        elif flags_ & _TWO_BY_TWO:
            a, b, c, d = (v / 16384 for v in unpack_from(">hhhh", data, pos))
            pos += 8
        if not flags_ & _ARGS_XY:  # anchored by point numbers: rare in Latin fonts, placed unshifted
            dx = dy = 0
        for contour in glyph_contours(face, component, depth + 1):
            contours.append([(a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour])
        if not flags_ & _MORE:
            return contours


def _add_contour(path: Any, contour: list[Point], scale: float, dx: float) -> None:
    """One closed quadratic contour (TrueType's implied on-curve points between two off-curve ones)."""
    if not contour:
        return
    points = contour
    if not points[0][2]:  # start on the curve
        on = next((i for i, p in enumerate(points) if p[2]), None)
        if on is None:
            first, last = points[0], points[-1]
            points = [((first[0] + last[0]) / 2, (first[1] + last[1]) / 2, True), *points]
        else:
            points = points[on:] + points[:on]

    def at(p: tuple[float, float]) -> tuple[float, float]:
        return dx + p[0] * scale, p[1] * scale

    start = (points[0][0], points[0][1])
    path.moveTo(*at(start))
    current = start
    control: tuple[float, float] | None = None
    for x, y, on in [*points[1:], (start[0], start[1], True)]:
        if on:
            if control is None:
                path.lineTo(*at((x, y)))
            else:
                _quad(path, at, current, control, (x, y))
                control = None
            current = (x, y)
        else:
            if control is not None:
                middle = ((control[0] + x) / 2, (control[1] + y) / 2)
                _quad(path, at, current, control, middle)
                current = middle
            control = (x, y)
    path.close()


def _quad(path: Any, at: Any, p0: tuple[float, float], c: tuple[float, float], p1: tuple[float, float]) -> None:
    """A quadratic Bézier as the cubic with the same shape."""
    c1 = (p0[0] + 2 / 3 * (c[0] - p0[0]), p0[1] + 2 / 3 * (c[1] - p0[1]))
    c2 = (p1[0] + 2 / 3 * (c[0] - p1[0]), p1[1] + 2 / 3 * (c[1] - p1[1]))
    path.curveTo(*at(c1), *at(c2), *at(p1))


def draw_centred_outlines(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Fill ``text``'s outlines centred on ``x`` with the baseline at ``y`` (current fill colour)."""
    face = pdfmetrics.getFont(font).face
    scale = size / face.unitsPerEm
    path = canvas.beginPath()
    pen = x - pdfmetrics.stringWidth(text, font, size) / 2
    for ch in text:
        glyph = face.charToGlyph.get(ord(ch), 0)
        for contour in glyph_contours(face, glyph):
            _add_contour(path, contour, scale, pen)
        pen += pdfmetrics.stringWidth(ch, font, size)
    canvas.saveState()
    canvas.translate(0, y)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # non-zero winding, as TrueType fills
    canvas.restoreState()
