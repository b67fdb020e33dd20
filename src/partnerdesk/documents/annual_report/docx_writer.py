"""The annual report as an editable Word document, from the same content as the PDF.

Headings as Word headings, tables with a header row, the SDG coverage as a table whose goal
cells carry the goals' colours. The SDG chart and the world map are pictures: the very drawings
the PDF prints (``pdf.figure``), rasterized by ``documents.picture``, as wide as the text, each
with its caption below it (style "Caption") and as its alt text. Text goes in as text
(python-docx escapes it).
"""

from __future__ import annotations

import io
import os
from typing import Any, BinaryIO

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from partnerdesk.documents import layout
from partnerdesk.documents.annual_report.content import Block, ReportContent
from partnerdesk.documents.annual_report.content import Table as ContentTable
from partnerdesk.documents.annual_report.pdf import figure
from partnerdesk.documents.picture import png_of
from partnerdesk.documents.text import plain
from partnerdesk.documents.word import new_document
from partnerdesk.domain import sdg

MUTED = RGBColor(0x59, 0x5F, 0x66)
EMU_PER_POINT = 12700


def _shade(cell: Any, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


class _Styles:
    """The style ids used, looked up once and set in the XML directly: python-docx searches
    every style for the default on each ``style=`` (2,400 bullet points took six seconds)."""

    def __init__(self, document: Any) -> None:
        styles = document.styles
        self.grid = styles["Table Grid"]
        self.bullet = styles["List Bullet"].style_id
        self.caption = styles["Caption"].style_id
        self.heading = {level: styles["Title" if level == 0 else f"Heading {level}"].style_id for level in (0, 1, 2)}
        cell = styles.add_style("Jahresbericht Tabelle", WD_STYLE_TYPE.CHARACTER)
        cell.font.size = Pt(8.5)
        self.cell = cell.style_id

    @staticmethod
    def paragraph(document: Any, text: str, style_id: str) -> Any:
        paragraph = document.add_paragraph(plain(text))
        paragraph._p.style = style_id
        return paragraph


def _table(document: Any, styles: _Styles, table: ContentTable, goal_colours: bool = False) -> None:
    word = document.add_table(rows=1, cols=len(table.header))
    word.style = styles.grid
    for cell, text in zip(word.rows[0].cells, table.header, strict=True):
        cell.paragraphs[0].add_run(plain(text)).bold = True
    for i, row in enumerate(table.rows):
        # ``_Row.cells`` lays out the whole table's grid for every row (quadratic: 2,000 rows took
        # seconds); a new row's cells are its own <w:tc> elements, each with one empty paragraph.
        cells = [_Cell(tc, word) for tc in word.add_row()._tr.tc_lst]
        runs = []
        for cell, text in zip(cells, row, strict=True):
            run = WordParagraph(cell._tc.p_lst[0], cell).add_run(plain(text))
            run._r.style = styles.cell
            if i in table.bold_rows:
                run.bold = True
            runs.append(run)
        number = row[0].split(" ", 1)[0]
        if goal_colours and number.isdigit() and sdg.is_goal(int(number)):
            _shade(cells[0], sdg.goal(int(number)).colour)
            runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _picture(document: Any, styles: _Styles, block: Block, width_emu: int) -> None:
    """The block's drawing as a picture the width of the text, its caption below it and as alt text."""
    png = png_of(figure(block, width_emu / EMU_PER_POINT))
    document.add_picture(io.BytesIO(png), width=width_emu)
    holder = document.paragraphs[-1]
    holder.paragraph_format.keep_with_next = True  # never a page break between picture and caption
    caption = plain(block.text)
    for properties in holder._p.xpath(".//wp:docPr"):
        properties.set("descr", caption)
    styles.paragraph(document, block.text, styles.caption)


def _heading(document: Any, styles: _Styles, text: str, level: int) -> None:
    styles.paragraph(document, text, styles.heading[level])


def render_docx(content: ReportContent, stream: BinaryIO) -> ReportContent:
    document: Any = new_document(content.info, 18)
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    styles = _Styles(document)
    _heading(document, styles, content.title, 0)
    document.add_paragraph().add_run(plain(content.subtitle)).font.color.rgb = MUTED
    for part in content.sections:
        if part.heading:
            _heading(document, styles, part.heading, 1)
        for block in part.blocks:
            if block.kind == "text":
                document.add_paragraph(plain(block.text))
            elif block.kind in ("chart", "map"):
                _picture(document, styles, block, text_width)
            elif block.kind == "subheading":
                _heading(document, styles, block.text, 2)
            elif block.kind == "bullet":
                styles.paragraph(document, block.text, styles.bullet)
            elif block.kind == "question":
                document.add_paragraph().add_run(plain(block.text)).bold = True
                document.add_paragraph(plain(block.value))
            elif block.kind == "table" and block.table is not None:
                _table(document, styles, block.table, goal_colours=part.key == "sdg")
                document.add_paragraph()
    footer = section.footer.paragraphs[0].add_run(plain(content.footer))
    footer.font.size = Pt(8)
    footer.font.color.rgb = MUTED
    document.save(stream)
    return content


def write_docx(content: ReportContent, path: str | os.PathLike[str]) -> str:
    return str(layout.write_file(path, lambda stream: render_docx(content, stream)))
