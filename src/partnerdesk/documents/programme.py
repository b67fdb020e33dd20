"""The printed action programme: a bilingual PDF (ReportLab) and Word document (python-docx)
from the same content (``programme_content``), landscape A4, a table per field of action."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.programme_content import Both, ProgrammeContent, programme_content
from partnerdesk.documents.text import markup, plain
from partnerdesk.persistence.database import Database
from partnerdesk.services import programme as service

#: Relative widths of the seven columns (goal, measure, indicator, baseline, target, status, responsible).
WIDTHS = (17, 19, 17, 10, 10, 8, 19)


def _cell(both: Both, style: Any, partner_style: Any) -> list[Any]:
    from reportlab.platypus import Paragraph

    cell = [Paragraph(markup(both.german), style)] if both.german else []
    if both.partner:
        cell.append(Paragraph(markup(both.partner), partner_style))
    return cell


def render_pdf(content: ProgrammeContent, stream: BinaryIO, *, invariant: bool = False) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

    info = layout.DocumentInfo(title=content.title.german, subject=content.subtitle, lang="de-DE", invariant=invariant,
                               keywords=["Handlungsprogramm", content.language])
    doc = layout.make_document(stream, info, pagesize=landscape(A4))
    doc.addPageTemplates([PageTemplate("page", [Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height)])])
    s = layout.styles()
    small = ParagraphStyle("programme_cell", parent=s["body"], fontSize=8, leading=10)
    partner = ParagraphStyle("programme_partner", parent=small, textColor=layout.MUTED, fontName=fonts.ITALIC)
    fonts.register_italic()
    head = ParagraphStyle("programme_head", parent=small, fontName=fonts.BOLD)
    head_partner = ParagraphStyle("programme_head_partner", parent=partner, fontName=fonts.ITALIC)
    story: list[Any] = [Paragraph(markup(content.title.german), s["title"])]
    if content.title.partner:
        story.append(Paragraph(markup(content.title.partner), s["subtitle"]))
    story += [Paragraph(markup(content.subtitle), s["subtitle"]), Spacer(1, 4 * mm)]
    if content.empty_note:
        story.append(Paragraph(markup(content.empty_note), s["body"]))
    widths = [doc.width * w / sum(WIDTHS) for w in WIDTHS]
    for area in content.fields:
        story.append(Paragraph(markup(area.heading.german), s["heading"]))
        if area.heading.partner:
            story.append(Paragraph(markup(area.heading.partner), partner))
        for text in (area.description.german, area.description.partner):
            if text:
                story.append(Paragraph(markup(text), small))
        story.append(Spacer(1, 2 * mm))
        data = [[_cell(h, head, head_partner) for h in content.headers]]
        data += [[_cell(c, small, partner) for c in row] for row in area.rows]
        table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.4, layout.RULE),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        story += [table, Spacer(1, 6 * mm)]
    doc.build(story)


def render_docx(content: ProgrammeContent, stream: BinaryIO, *, invariant: bool = False) -> None:
    from datetime import datetime

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt, RGBColor

    muted = RGBColor(0x59, 0x5F, 0x66)
    document: Any = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    normal = document.styles["Normal"]
    normal.font.name = "Noto Sans"
    normal.font.size = Pt(9)
    properties = document.core_properties
    properties.title, properties.subject, properties.language = content.title.german, content.subtitle, "de-DE"
    if invariant:
        properties.created = properties.modified = datetime(2000, 1, 1)
        properties.last_modified_by, properties.revision = "", 1

    def fill(paragraph: Any, both: Both, bold: bool = False) -> None:
        run = paragraph.add_run(plain(both.german))
        run.bold = bold
        if both.partner:
            other = paragraph.add_run(("\n" if both.german else "") + plain(both.partner))
            other.italic, other.font.color.rgb = True, muted

    document.add_heading(plain(content.title.german), level=0)
    if content.title.partner:
        document.add_paragraph().add_run(plain(content.title.partner)).italic = True
    document.add_paragraph(plain(content.subtitle))
    if content.empty_note:
        document.add_paragraph(plain(content.empty_note))
    for area in content.fields:
        fill(document.add_heading(level=1), area.heading)
        if area.description.german or area.description.partner:
            fill(document.add_paragraph(), area.description)
        table = document.add_table(rows=1, cols=len(content.headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, content.headers, strict=True):
            fill(cell.paragraphs[0], header, bold=True)
        for row in area.rows:
            cells = table.add_row().cells
            for cell, both in zip(cells, row, strict=True):
                fill(cell.paragraphs[0], both)
        document.add_paragraph()
    document.save(stream)


def write_programme(db: Database, partnership: str, out: Path, fmt: str, *, invariant: bool = False) -> Path:
    """Write the programme of ``partnership`` (id or title) to ``out`` as "pdf" or "docx" (atomically)."""
    return write_view(service.load(db, partnership), out, fmt, invariant=invariant)


def write_view(view: service.ProgrammeView, out: Path, fmt: str, *, invariant: bool = False) -> Path:
    """Write ``view``'s programme (as the command or the window holds it) to ``out`` as "pdf" or "docx"."""
    content = programme_content(view)
    render = render_pdf if fmt == "pdf" else render_docx
    return layout.write_file(out, lambda stream: render(content, stream, invariant=invariant))
