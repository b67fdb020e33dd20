"""The record of processing activities (Art. 30 GDPR) as PDF and as Word file.

Both render the same ``services.processing_record.ProcessingRecord``: a title, a note for the
data-protection officer and numbered sections of labelled lines. Word so the officer can
complete the places marked "[zu ergänzen]"; PDF to file as it stands. Written atomically
(``layout.write_file``): a failed build leaves no half file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.shared import Pt, RGBColor
from reportlab.platypus import Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.text import markup
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _
from partnerdesk.services.processing_record import ProcessingRecord

SUFFIXES = (".pdf", ".docx")
FONT = "Noto Sans"


def write(record: ProcessingRecord, path: str | os.PathLike[str], *, author: str = "", invariant: bool = False) -> Path:
    """PDF or Word, by the file's suffix."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(_("The record of processing activities is written as .pdf or .docx, not “{name}”.").format(
            name=target.name))
    if suffix == ".pdf":
        return layout.write_file(target, lambda stream: render_pdf(record, stream, author=author, invariant=invariant))
    return layout.write_file(target, lambda stream: render_docx(record, stream, author=author))


def render_pdf(record: ProcessingRecord, stream: BinaryIO, *, author: str = "", invariant: bool = False) -> None:
    st = layout.styles()
    info = layout.DocumentInfo(title=record.title, author=author, subject=record.subtitle,
                               keywords=["DSGVO", "Art. 30", "PartnerDesk"], invariant=invariant)
    doc = layout.make_document(stream, info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)

    def footer(canvas: Any, page: int, pages: int) -> None:
        layout.draw_footer(canvas, doc, record.subtitle, _("Page {page} of {pages}").format(page=page, pages=pages))

    doc.addPageTemplates([PageTemplate(id="body", frames=[frame])])
    story: list[Any] = [
        Paragraph(markup(record.title), st["title"]),
        Paragraph(markup(record.subtitle), st["subtitle"]),
        Spacer(1, 4),
        Paragraph(markup(record.note), st["muted"]),
        Spacer(1, 8),
    ]
    label_width = doc.width * 0.28
    for section in record.sections:
        rows = [[Paragraph(markup(e.label), st["label"]),
                 [Paragraph(markup(line), st["body"]) for line in e.lines] or [Paragraph("", st["body"])]]
                for e in section.entries]
        table = Table(rows, colWidths=[label_width, doc.width - label_width], hAlign="LEFT", splitInRow=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, layout.RULE),
        ]))
        story += [KeepTogether([Paragraph(markup(section.heading), st["heading"]), Spacer(1, 2)]), table, Spacer(1, 10)]
    doc.build(story, canvasmaker=layout.numbered_canvas(footer))


def render_docx(record: ProcessingRecord, stream: BinaryIO, *, author: str = "") -> None:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    props = document.core_properties
    props.title, props.subject, props.author, props.language = record.title, record.subtitle, author, "de-DE"
    document.add_heading(record.title, level=1)
    document.add_paragraph(record.subtitle)
    note = document.add_paragraph().add_run(record.note)
    note.italic = True
    note.font.color.rgb = RGBColor(0x59, 0x5F, 0x66)
    for section in record.sections:
        document.add_heading(section.heading, level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for entry in section.entries:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(entry.label).bold = True
            first = True
            for line in entry.lines or ("",):
                paragraph = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
                paragraph.add_run(line)
                first = False
    document.save(stream)
