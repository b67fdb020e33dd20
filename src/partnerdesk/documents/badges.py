"""SDG goals as coloured badges, drawn (not the UN icons): number and short title
in white on the goal's official colour from ``domain/sdg.py``."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.text import markup
from partnerdesk.domain import sdg

BADGE_HEIGHT = 14 * mm


class SdgBadge(Flowable):
    """A rounded rectangle in the goal's colour with its number and short title."""

    def __init__(self, goal: int, width: float, lang: str = "de") -> None:
        super().__init__()
        self.goal = sdg.goal(goal)
        self.width = width
        self.height = BADGE_HEIGHT
        self.lang = lang
        style = ParagraphStyle(
            "sdg_badge", parent=layout.styles()["badge"], fontSize=8, leading=9.4, textColor=colors.white
        )
        self._title = Paragraph(markup(self.goal.short(lang)), style)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(self.goal.colour))
        canvas.roundRect(0, 0, self.width, self.height, 2.2 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(fonts.BOLD, 19)
        number = str(self.goal.number)
        canvas.drawCentredString(6.8 * mm, self.height / 2 - 6.5, number)
        text_x = 13.5 * mm
        text_width = self.width - text_x - 2 * mm
        _w, h = self._title.wrap(text_width, self.height)
        if h > self.height - 2:
            # Never spill outside the badge: very long titles are clipped to it.
            path = canvas.beginPath()
            path.rect(0, 1, self.width, self.height - 2)
            canvas.clipPath(path, stroke=0, fill=0)
        self._title.drawOn(canvas, text_x, max((self.height - h) / 2, 1))
        canvas.restoreState()


def badge_grid(goals: list[int], width: float, lang: str = "de", per_row: int = 4) -> Table | None:
    """The goals' badges in rows of ``per_row``; None for no (valid) goals."""
    valid = [g for g in sorted(set(goals)) if sdg.is_goal(g)]
    if not valid:
        return None
    gap = 2.5 * mm
    badge_width = (width - gap * (per_row - 1)) / per_row
    cells: list[Any] = [SdgBadge(g, badge_width, lang) for g in valid]
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    table = Table(rows, colWidths=[badge_width + gap] * (per_row - 1) + [badge_width], hAlign="LEFT")
    table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ])
    )
    return table
