"""The SDG coverage chart: per goal (all 17, so gaps show) a bar of projects and a bar of the
euro budget, in the goals' official colours (``resources/sdg/sdg.json``), drawn with
``reportlab.graphics``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from partnerdesk.documents import fonts
from partnerdesk.documents.layout import MUTED, RULE
from partnerdesk.domain import sdg
from partnerdesk.domain.grants import money_text
from partnerdesk.i18n import _
from partnerdesk.services.annual_report_data import GoalLine

ROW = 13.0
HEAD = 14.0
LABEL_WIDTH = 0.36  # of the width
FONT_SIZE = 7.0


def sdg_chart(goals: Sequence[GoalLine], width: float) -> Drawing:
    """A drawing ``width`` wide (the same numbers stand in the table below it)."""
    fonts.register_fonts()
    by_goal = {g.goal: g for g in goals}
    every = sdg.goals()
    height = HEAD + ROW * len(every)
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=FONT_SIZE)
    label_w = width * LABEL_WIDTH
    column = (width - label_w) / 2
    bar_room = column - 58
    most_projects = max((g.projects for g in goals), default=0) or 1
    most_budget = max((g.budget for g in goals), default=Decimal(0)) or Decimal(1)
    top = height - HEAD
    for x, text in ((label_w, _("Projects")), (label_w + column, _("Budget (EUR)"))):
        drawing.add(String(x, top + 4, text, fontName=fonts.BOLD, fontSize=FONT_SIZE, fillColor=MUTED))
    for i, goal in enumerate(every):
        y = top - (i + 1) * ROW
        line = by_goal.get(goal.number, GoalLine(goal.number, 0, Decimal(0), 0))
        colour = colors.HexColor(goal.colour)
        drawing.add(Rect(0, y + 2, 16, ROW - 4, fillColor=colour, strokeColor=None))
        drawing.add(String(8, y + 4, str(goal.number), fontName=fonts.BOLD, fontSize=FONT_SIZE, fillColor=colors.white,
                           textAnchor="middle"))
        label = goal.short("de")
        while label and drawing_width(label) > label_w - 24:
            label = label[:-2] + "…"
        drawing.add(String(20, y + 4, label, fontName=fonts.REGULAR, fontSize=FONT_SIZE))
        for x0, share, text in (
            (label_w, line.projects / most_projects, str(line.projects)),
            (label_w + column, float(line.budget / most_budget), money_text(line.budget, "EUR") if line.budget else "–"),
        ):
            length = max(share * bar_room, 0.0)
            if length:
                drawing.add(Rect(x0, y + 2, length, ROW - 4, fillColor=colour, strokeColor=None))
            drawing.add(String(x0 + length + 3, y + 4, text, fontName=fonts.REGULAR, fontSize=FONT_SIZE, fillColor=MUTED))
    for x in (label_w, label_w + column):
        drawing.add(Line(x, 0, x, top, strokeColor=RULE, strokeWidth=0.5))
    return drawing


def drawing_width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, fonts.REGULAR, FONT_SIZE))
