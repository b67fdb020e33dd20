"""The Sachbericht draft as an editable Word document, from the same content as the PDF.

Headings as Word headings (so the navigation pane shows the sections), the grant's facts as a
two-column table, activities as a bulleted list, the gaps to fill in in italics and grey.
Text goes in as text (python-docx escapes it). The footer says it is a draft; the document
language is German (Word's spelling check).
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from docx.shared import Pt, RGBColor

from partnerdesk.documents import layout
from partnerdesk.documents.grant_report import ReportContent, ReportInput, report_content
from partnerdesk.documents.text import plain
from partnerdesk.documents.word import new_document
from partnerdesk.exchange.grant_proof import checked_period

MUTED = RGBColor(0x59, 0x5F, 0x66)


def _text(value: str) -> str:
    """Text Word can hold: no control characters (XML refuses them)."""
    return plain(value)


def render_report_docx(data: ReportInput, stream: BinaryIO) -> ReportContent:
    content = report_content(data)
    document: Any = new_document(content.info, 20)
    section = document.sections[0]
    document.add_heading(_text(content.title), level=0)
    subtitle = document.add_paragraph()
    run = subtitle.add_run(_text(content.subtitle))
    run.font.color.rgb = MUTED
    for part in content.sections:
        document.add_heading(_text(part.heading), level=1)
        facts = [b for b in part.blocks if b.kind == "fact"]
        if facts:
            table = document.add_table(rows=0, cols=2)
            table.style = document.styles["Table Grid"]
            for fact in facts:
                cells = table.add_row().cells
                label = cells[0].paragraphs[0].add_run(_text(fact.text))
                label.bold = True
                cells[1].paragraphs[0].add_run(_text(fact.value))
        for block in part.blocks:
            if block.kind == "subheading":
                document.add_heading(_text(block.text), level=2)
            elif block.kind == "text":
                for paragraph in _text(block.text).split("\n"):
                    document.add_paragraph(paragraph)
            elif block.kind == "bullet":
                item = document.add_paragraph(_text(block.text), style="List Bullet")
                if block.value:
                    item.add_run("\n" + _text(block.value))
            elif block.kind == "gap":
                gap = document.add_paragraph().add_run(_text(block.text))
                gap.italic = True
                gap.font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer_run = footer.add_run(_text(content.footer))
    footer_run.font.size = Pt(8)
    footer_run.font.color.rgb = MUTED
    document.save(stream)
    return content


def build_report_docx(data: ReportInput, path: str | os.PathLike[str]) -> str:
    """Write the Sachbericht draft as Word to ``path`` (atomically)."""
    checked_period(data.start, data.end)
    return str(layout.write_file(path, lambda stream: render_report_docx(data, stream)))
