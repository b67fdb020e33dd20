"""The annual report as PDF (ReportLab, in the house layout of the project sheet and the
Sachbericht): tables with repeated headers, the SDG chart and the world map of partners."""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.annual_report.content import Block, ReportContent, type_label
from partnerdesk.documents.annual_report.content import Table as ContentTable
from partnerdesk.documents.annual_report.sdg_chart import sdg_chart
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.text import markup, one_line_in_regular, plain
from partnerdesk.documents.world_map import Place, WorldMap

HEADER_FILL = colors.HexColor("#e8eef3")


#: Cells of the tables: 8 pt on 10 pt leading (the "small" style).
CELL_SIZE, CELL_LEADING, PADDING = 8.0, 10.0, 3.0


def _cell(text: str, width: float, bold: bool) -> str | Paragraph:
    """A plain string where the text is one short line in the regular font (a 2,000-row table
    of Paragraphs took seconds to lay out), else a Paragraph that wraps and switches fonts."""
    font = fonts.BOLD if bold else fonts.REGULAR
    if one_line_in_regular(text) and stringWidth(plain(text), font, CELL_SIZE) <= width - 2 * PADDING:
        return plain(text)
    return Paragraph(f"<b>{markup(text)}</b>" if bold else markup(text), layout.styles()["small"])


def _table(table: ContentTable, width: float) -> Table:
    st = layout.styles()
    unit = width / sum(table.widths)
    widths = [w * unit for w in table.widths]
    cells: list[list[str | Paragraph]] = [[Paragraph(markup(h), st["label"]) for h in table.header]]
    for i, row in enumerate(table.rows):
        cells.append([_cell(c, w, i in table.bold_rows) for c, w in zip(row, widths, strict=True)])
    result = Table(cells, colWidths=widths, repeatRows=1, splitInRow=1)
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), layout.TEXT_COLOUR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, layout.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("FONTNAME", (0, i + 1), (-1, i + 1), fonts.BOLD) for i in sorted(table.bold_rows)]
    result.setStyle(TableStyle(commands))
    return result


def _bullets(texts: list[str]) -> Paragraph:
    """A run of bullet points as one Paragraph (hundreds of partnerships list eight activities each)."""
    return Paragraph("<br/>".join(f"•&#160;{markup(t)}" for t in texts), layout.styles()["bullet"])


def figure(block: Block, width: float) -> Flowable:
    """The drawing of a ``chart`` or ``map`` block, ``width`` wide: printed here, rasterized for Word."""
    if block.kind == "chart":
        return sdg_chart(block.goals, width)
    places = [Place(p.latitude, p.longitude, p.type, type_label(p.type)) for p in block.points]
    return WorldMap(places, width)


def story(content: ReportContent, width: float) -> list[Flowable]:
    st = layout.styles()
    flow: list[Flowable] = [
        Paragraph(markup(content.title), st["title"]), Paragraph(markup(content.subtitle), st["subtitle"]), Spacer(1, 4 * mm),
    ]
    bullets: list[str] = []
    for section in content.sections:
        if bullets:
            flow.append(_bullets(bullets))
            bullets = []
        if section.heading:
            # A section starts on a new page unless its start fits: the map with its heading whole.
            room = WorldMap([], width).height + 25 * mm if any(b.kind == "map" for b in section.blocks) else 30 * mm
            flow += [CondPageBreak(room), Spacer(1, 3 * mm), Paragraph(markup(section.heading), st["heading"]),
                     Spacer(1, 1.5 * mm)]
        for block in section.blocks:
            if block.kind == "bullet" and section.key == "partnerships":
                bullets.append(block.text)  # short lines, hundreds of them: one paragraph per partnership
                continue
            if bullets:
                flow.append(_bullets(bullets))
                bullets = []
            if block.kind == "text":
                flow += [Paragraph(markup(block.text), st["body"]), Spacer(1, 2 * mm)]
            elif block.kind == "bullet":
                flow.append(Paragraph(markup(block.text), st["bullet"], bulletText="•"))
            elif block.kind == "subheading":
                flow += [Spacer(1, 1.5 * mm), Paragraph(f"<b>{markup(block.text)}</b>", st["body"])]
            elif block.kind == "question":
                flow.append(KeepTogether([
                    Paragraph(f"<b>{markup(block.text)}</b>", st["body"]),
                    Paragraph(markup(block.value), st["body"]), Spacer(1, 2 * mm),
                ]))
            elif block.kind == "table" and block.table is not None:
                flow += [_table(block.table, width), Spacer(1, 3 * mm)]
            elif block.kind in ("chart", "map"):
                flow += [figure(block, width), Spacer(1, 3 * mm)]
    if bullets:
        flow.append(_bullets(bullets))
    return flow


def render_pdf(content: ReportContent, stream: BinaryIO) -> ReportContent:
    layout.build_plain(stream, content.info, lambda width: story(content, width), content.footer)
    return content


def write_pdf(content: ReportContent, path: str | os.PathLike[str]) -> str:
    """Write the report to ``path`` (atomically: a failed build leaves nothing half-written)."""
    return str(layout.write_pdf(path, lambda stream: render_pdf(content, stream)))
