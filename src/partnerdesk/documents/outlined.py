"""Text drawn as glyph outlines (vector paths), not as text: the draft watermark.

A watermark drawn with ``drawString`` is part of the text layer: copying a paragraph
from a draft, or ``pdftotext``, brought its letters into the middle of the sentences
("Strengthen\\n\\nFT"). Drawn as outlines (HarfBuzz shapes the string and hands over each
glyph's contour) it looks the same, scales without loss, and is no text at all.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from partnerdesk.documents import fonts
from partnerdesk.resources import resource_path


@cache
def _font(name: str) -> Any:
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(resource_path("fonts", fonts._FILES[name])))
    return hb.Font(hb.Face(blob))


class _Pen:
    """fontTools' pen protocol, drawing into a ReportLab path (font units scaled to points)."""

    def __init__(self, path: Any, scale: float, dx: float) -> None:
        self.path, self.scale, self.dx = path, scale, dx
        self.last = (0.0, 0.0)

    def _p(self, pt: tuple[float, float]) -> tuple[float, float]:
        return self.dx + pt[0] * self.scale, pt[1] * self.scale

    def moveTo(self, pt: tuple[float, float]) -> None:  # noqa: N802 (the pen protocol's names)
        self.path.moveTo(*self._p(pt))
        self.last = pt

    def lineTo(self, pt: tuple[float, float]) -> None:  # noqa: N802
        self.path.lineTo(*self._p(pt))
        self.last = pt

    def curveTo(self, c1: tuple[float, float], c2: tuple[float, float], pt: tuple[float, float]) -> None:  # noqa: N802
        self.path.curveTo(*self._p(c1), *self._p(c2), *self._p(pt))
        self.last = pt

    def qCurveTo(self, c: tuple[float, float], pt: tuple[float, float]) -> None:  # noqa: N802
        # A quadratic Bézier as the cubic with the same shape.
        x0, y0 = self.last
        c1 = (x0 + 2 / 3 * (c[0] - x0), y0 + 2 / 3 * (c[1] - y0))
        c2 = (pt[0] + 2 / 3 * (c[0] - pt[0]), pt[1] + 2 / 3 * (c[1] - pt[1]))
        self.curveTo(c1, c2, pt)

    def closePath(self) -> None:  # noqa: N802
        self.path.close()


def text_width(text: str, font: str, size: float) -> float:
    import uharfbuzz as hb

    hb_font = _font(font)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb_font, buf)
    upem: int = hb_font.face.upem
    return float(sum(p.x_advance for p in buf.glyph_positions)) * size / upem


def draw_centred_outlines(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Fill ``text``'s outlines centred on ``x`` with the baseline at ``y`` (current fill colour)."""
    import uharfbuzz as hb

    hb_font = _font(font)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb_font, buf)
    scale = size / hb_font.face.upem
    path = canvas.beginPath()
    advance = 0.0
    start = x - text_width(text, font, size) / 2
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        pen = _Pen(path, scale, 0.0)
        pen.dx = start + (advance + pos.x_offset) * scale
        hb_font.draw_glyph_with_pen(info.codepoint, pen)
        advance += pos.x_advance
    canvas.saveState()
    canvas.translate(0, y)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # non-zero winding: the fonts' contours
    canvas.restoreState()
