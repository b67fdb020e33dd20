"""The annual report as PDF (ReportLab, in the house layout of the project sheet and the
Sachbericht): tables with repeated headers, the SDG chart and the world map of partners."""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.annual_report.content import ReportContent, type_label
from partnerdesk.documents.annual_report.content import Table as ContentTable
from partnerdesk.documents.annual_report.sdg_chart import sdg_chart
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.text import markup
from partnerdesk.documents.world_map import Place, WorldMap
from partnerdesk.i18n import _

HEADER_FILL = colors.HexColor("#e8eef3")


def _table(table: ContentTable, width: float) -> Table:
    st = layout.styles()
    unit = width / sum(table.widths)
    cells = [[Paragraph(markup(h), st["label"]) for h in table.header]]
    for i, row in enumerate(table.rows):
        style = st["small"]
        cells.append([Paragraph(f"<b>{markup(c)}</b>" if i in table.bold_rows else markup(c), style) for c in row])
    result = Table(cells, colWidths=[w * unit for w in table.widths], repeatRows=1, splitInRow=1)
    result.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, layout.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return result


def story(content: ReportContent, width: float) -> list[Flowable]:
    st = layout.styles()
    flow: list[Flowable] = [
        Paragraph(markup(content.title), st["title"]), Paragraph(markup(content.subtitle), st["subtitle"]), Spacer(1, 4 * mm),
    ]
    for section in content.sections:
        if section.heading:
            flow += [CondPageBreak(30 * mm), Spacer(1, 3 * mm), Paragraph(markup(section.heading), st["heading"]),
                     Spacer(1, 1.5 * mm)]
        for block in section.blocks:
            if block.kind == "text":
                flow += [Paragraph(markup(block.text), st["body"]), Spacer(1, 2 * mm)]
            elif block.kind == "subheading":
                flow += [Spacer(1, 1.5 * mm), Paragraph(f"<b>{markup(block.text)}</b>", st["body"])]
            elif block.kind == "bullet":
                flow.append(Paragraph(markup(block.text), st["bullet"], bulletText="•"))
            elif block.kind == "question":
                flow.append(KeepTogether([
                    Paragraph(f"<b>{markup(block.text)}</b>", st["body"]),
                    Paragraph(markup(block.value), st["body"]), Spacer(1, 2 * mm),
                ]))
            elif block.kind == "table" and block.table is not None:
                flow += [_table(block.table, width), Spacer(1, 3 * mm)]
            elif block.kind == "chart":
                flow += [sdg_chart(block.goals, width), Spacer(1, 3 * mm)]
            elif block.kind == "map":
                places = [Place(p.latitude, p.longitude, p.type, type_label(p.type)) for p in block.points]
                flow += [WorldMap(places, width), Spacer(1, 3 * mm)]
    return flow


def render_pdf(content: ReportContent, stream: BinaryIO) -> ReportContent:
    fonts.register_italic()
    doc = layout.make_document(stream, content.info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="report")

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        layout.draw_footer(canvas, doc, content.footer, _("Page {page} of {pages}").format(page=page, pages=pages))

    doc.addPageTemplates([PageTemplate(id="report", frames=[frame])])
    doc.build(story(content, doc.width), canvasmaker=layout.numbered_canvas(footer))
    return content


def write_pdf(content: ReportContent, path: str | os.PathLike[str]) -> str:
    """Write the report to ``path`` (atomically: a failed build leaves nothing half-written)."""
    return str(layout.write_pdf(path, lambda stream: render_pdf(content, stream)))
