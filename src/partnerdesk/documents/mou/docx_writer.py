"""The MoU as an editable Word document (.docx), for the legal office to mark up.

Built from the same content model as the PDF (``content.mou_content``), never from what
a window shows: a table with one column per language and one row per chosen clause (heading,
paragraphs and bullets of the clause in each language side by side), the column names
as a header row repeated on every page, the text of ``signatures.txt`` and the
signature blocks below, and the draft
label and page numbers in the footer. Tracked changes are switched on
(``w:trackRevisions`` in ``settings.xml``), so every edit in Word is recorded as a
suggestion. Each column's runs carry their language, so Word checks the spelling of
the English column in English. Text goes in as text: python-docx escapes it, so a
name like ``<b>Fa. Müller & Söhne</b>`` stays exactly that.
"""

from __future__ import annotations

import io
import os
from typing import Any, BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from partnerdesk.documents import layout
from partnerdesk.documents.coverage import Written
from partnerdesk.documents.mou import RTL_LANGUAGES
from partnerdesk.documents.mou.builder import MouOptions, check_options, document_info, options_content
from partnerdesk.documents.mou.content import BLANK, MouContent, Row, label, plain_text
from partnerdesk.documents.mou.data import MouData

#: Word's language tags for the MoU languages (spell checking per column).
WORD_LANGUAGES = {"de": "de-DE", "en": "en-GB", "fr": "fr-FR", "ro": "ro-RO", "ar": "ar-SA"}
FONT = "Noto Sans"
MUTED = RGBColor(0x59, 0x5F, 0x66)
SIGNATURE_LINE = BLANK + "_" * 12


def _language(run: Any, code: str) -> None:
    props = run._r.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), WORD_LANGUAGES.get(code, code))
    if code in RTL_LANGUAGES:
        lang.set(qn("w:bidi"), WORD_LANGUAGES["ar"])
        props.append(OxmlElement("w:rtl"))  # a right-to-left run (w:rtl comes before w:lang in CT_RPr)
    props.append(lang)


#: What follows ``w:bidi`` in a paragraph's properties (CT_PPr's order).
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _right_to_left(paragraph: Any) -> None:
    """A right-to-left paragraph (``w:bidi``): it starts on the right, as the Arabic column in the PDF."""
    props = paragraph._p.get_or_add_pPr()
    if props.find(qn("w:bidi")) is None:
        props.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _paragraph(container: Any, row: Row, code: str, *, first: bool) -> None:
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    text = plain_text(row.markup)
    if row.kind == "bullet":
        text = "•\t" + text
        paragraph.paragraph_format.left_indent = Mm(4)
        paragraph.paragraph_format.first_line_indent = Mm(-4)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(4))
    run = paragraph.add_run(text)
    _language(run, code)
    if code in RTL_LANGUAGES:
        _right_to_left(paragraph)
    if row.kind in ("heading", "title"):
        run.bold = True
        run.font.cs_bold = code in RTL_LANGUAGES or None  # Word sets right-to-left runs with the complex-script bold
        run.font.size = Pt(14 if row.kind == "title" else 10.5)
        paragraph.paragraph_format.keep_with_next = True
    if row.kind in ("title", "subtitle"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if row.kind == "subtitle":
        run.font.color.rgb = MUTED
    paragraph.paragraph_format.space_after = Pt(4)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    props.append(header)
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "0")
    props.append(cant_split)


#: The settings that come before ``w:trackRevisions`` in the schema's order (CT_Settings); Word
#: refuses a settings part whose children are out of order.
_BEFORE_TRACK_REVISIONS = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData embedTrueTypeFonts "
    "embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
    "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState "
    "formsDesign attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
    "revisionView"
).split()


def _track_changes(document: Any) -> None:
    """Switch on "Track changes" (``w:trackRevisions``), in its place among the settings."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    before = {qn(f"w:{name}") for name in _BEFORE_TRACK_REVISIONS}
    position = 0
    for i, child in enumerate(settings):
        if child.tag in before:
            position = i + 1
    settings.insert(position, OxmlElement("w:trackRevisions"))


def _footer(document: Any, content: MouContent) -> None:
    key = "draft" if content.draft is not None else "final"
    left = " · ".join(label(lang.templates, key, lang.values) for lang in content.languages)
    paragraph = document.sections[0].footer.paragraphs[0]
    run = paragraph.add_run(left + "\t")
    run.font.size = Pt(7.5)
    # "Seite {page} von {pages} · Page {page} of {pages}", with Word's own page fields in place.
    pages = " · ".join(content.label("page", {"page": "\ue000", "pages": "\ue001"}))
    for part in _split_keep(pages, "\ue000\ue001"):
        if part in ("\ue000", "\ue001"):
            _field(paragraph, "PAGE" if part == "\ue000" else "NUMPAGES")
        elif part:
            paragraph.add_run(part).font.size = Pt(7.5)
    if content.draft is not None:
        header = document.sections[0].header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        mark = header.add_run(content.joined("watermark").upper())
        mark.bold = True
        mark.font.color.rgb = RGBColor(0xC7, 0x1A, 0x1A)


def _split_keep(text: str, separators: str) -> list[str]:
    parts: list[str] = [""]
    for ch in text:
        if ch in separators:
            parts += [ch, ""]
        else:
            parts[-1] += ch
    return parts


def _signature_text(document: Any, content: MouContent) -> None:
    """The text of ``signatures.txt`` below its heading ("In Vertretung", a closing formula), each
    language in its column, above the signature blocks (as in the PDF)."""
    if not any(rows[1:] for rows in content.signatures):
        return
    table = document.add_table(rows=1, cols=len(content.languages))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, lang, rows in zip(table.rows[0].cells, content.languages, content.signatures, strict=True):
        for i, item in enumerate(rows[1:]):
            _paragraph(cell, item, lang.code, first=i == 0)
            cell.paragraphs[-1].paragraph_format.keep_with_next = True


def _signatures(document: Any, content: MouContent) -> None:
    sides = (content.home, content.partner)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # both blocks on one page

    def both(key: str, values: dict[str, Any] | None = None) -> str:
        return " / ".join(dict.fromkeys(content.label(key, values or {})))

    for cell, side in zip(table.rows[0].cells, sides, strict=True):
        heading = " / ".join(dict.fromkeys(
            label(lang.templates, "sign_for", {"city": legal})
            for lang, legal in zip(content.languages, side.legal_names, strict=True)
        ))
        place = f"{side.city}, {'_' * 22}" if side.city else SIGNATURE_LINE
        deputy = [(both("sign_deputy"), False)] if side.deputy else []
        lines: list[tuple[str, bool]] = [
            (heading, True),
            ("", False),
            (place, False), (both("sign_place_date"), False), ("", False), ("", False),
            (SIGNATURE_LINE, False), (both("sign_signature"), False), ("", False),
            *deputy,
            (side.joined(side.names) or SIGNATURE_LINE, False), (both("sign_name"), False), ("", False),
            (side.joined(side.functions) or SIGNATURE_LINE, False), (both("sign_function"), False),
        ]
        for i, (line, bold) in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            run = paragraph.add_run(line)  # labels and names are plain text here, never markup
            run.bold = bold
            run.font.size = Pt(8.5)


def render_docx(data: MouData, stream: BinaryIO, options: MouOptions) -> MouContent:
    """Lay out the MoU for ``data`` as a Word document into ``stream``; returns the content written."""
    check_options(options)
    content = options_content(data, options)
    info = document_info(data, options)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(9.5)
    properties = document.core_properties
    properties.title = info.title
    properties.author = info.author
    properties.subject = info.subject
    properties.keywords = ", ".join(dict.fromkeys(info.keywords))
    properties.language = info.lang
    properties.comments = ""
    if options.invariant:
        from datetime import datetime

        properties.created = properties.modified = datetime(2000, 1, 1)
        properties.last_modified_by = ""
        properties.revision = 1

    columns = len(content.languages)
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"]
    if columns > 1:
        head = table.add_row()
        _repeat_header(head)
        for cell, lang, name in zip(head.cells, content.languages, content.label("column", {}), strict=True):
            run = cell.paragraphs[0].add_run(name.upper())
            run.bold = True
            run.font.size = Pt(8)
            run.font.color.rgb = MUTED
            _language(run, lang.code)
    for clause in content.clauses:  # the chosen clauses; the signatures get their own block below
        row = table.add_row()
        for cell, lang, rows in zip(row.cells, content.languages, clause, strict=True):
            for i, item in enumerate(rows):
                _paragraph(cell, item, lang.code, first=i == 0)
    heading = document.add_paragraph()
    heading.paragraph_format.space_before = Pt(14)
    heading.paragraph_format.keep_with_next = True
    for i, rows in enumerate(content.signatures):
        run = heading.add_run((" / " if i else "") + plain_text(rows[0].markup))
        run.bold = True
    _signature_text(document, content)
    _signatures(document, content)
    _footer(document, content)
    _track_changes(document)
    document.save(stream)
    return content


def build_docx(data: MouData, path: str | os.PathLike[str], options: MouOptions) -> Written:
    """Write the MoU as a Word document to ``path`` (atomically, like the PDF; not recorded:
    ``services.generated_documents.write_recorded`` does that)."""
    from partnerdesk.documents.mou.output import mou_build

    return Written(layout.write_file(path, mou_build(data, options, "docx")), [])


def docx_bytes(data: MouData, options: MouOptions) -> bytes:
    buffer = io.BytesIO()
    render_docx(data, buffer, options)
    return buffer.getvalue()


