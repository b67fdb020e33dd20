"""A row of paragraphs side by side (one per language) that splits across pages.

Both cells start at the same height; when the row does not fit, each cell is split
at the same height and the rest continues on the next page, still side by side.
Much lighter than a ReportLab ``Table`` for this one job (no cell geometry, no
styles, no standard font anywhere).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph

from partnerdesk.documents import layout

LEFT, RIGHT = 5.0, 7.0  # cell padding


class SideBySide(Flowable):
    def __init__(self, cells: list[Paragraph | None], width: float, top: float = 2.0, bottom: float = 2.0) -> None:
        super().__init__()
        self.cells = cells
        self.total_width = width
        self.top, self.bottom = top, bottom
        self._heights: list[float] = []

    @property
    def column(self) -> float:
        return self.total_width / len(self.cells)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self.column - LEFT - RIGHT
        self._heights = [cell.wrap(inner, avail_height)[1] if cell is not None else 0.0 for cell in self.cells]
        self.width = self.total_width
        self.height = self.top + max(self._heights, default=0.0) + self.bottom
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self.top - self.bottom
        if room <= 0:
            return []
        inner = self.column - LEFT - RIGHT
        firsts: list[Paragraph | None] = []
        rests: list[Paragraph | None] = []
        for cell in self.cells:
            if cell is None:
                firsts.append(None)
                rests.append(None)
                continue
            _w, h = cell.wrap(inner, avail_height)
            if h <= room:
                firsts.append(cell)
                rests.append(None)
                continue
            parts = cell.split(inner, room)
            if len(parts) < 2:
                return []  # this cell cannot start here: the whole row moves to the next page
            firsts.append(parts[0])
            rests.append(parts[1])
        if not any(firsts):
            return []
        return [
            SideBySide(firsts, self.total_width, self.top, 0.0),
            SideBySide(rests, self.total_width, 0.0, self.bottom),
        ]

    def draw(self) -> None:
        canvas = self.canv
        col = self.column
        for i, cell in enumerate(self.cells):
            if cell is not None and self._heights[i] > 0:
                cell.drawOn(canvas, i * col + LEFT, self.height - self.top - self._heights[i])
        if len(self.cells) > 1:
            canvas.saveState()
            canvas.setStrokeColor(layout.RULE)
            canvas.setLineWidth(0.4)
            for i in range(1, len(self.cells)):
                canvas.line(i * col, 0, i * col, self.height)
            canvas.restoreState()


def side_by_side(cells: list[Any], width: float, top: float = 2.0) -> SideBySide:
    return SideBySide([c if isinstance(c, Paragraph) else None for c in cells], width, top)
