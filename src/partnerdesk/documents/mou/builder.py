"""The MoU draft as PDF: German and the partner's language side by side, clause by clause.

Every paragraph is one row of a two-column table, so each clause and paragraph
starts at the same height in both languages, on every page; a row taller than a
page splits across pages (``splitInRow``). Drafts carry an "ENTWURF / DRAFT"
watermark (drawn as outlines, so it is no part of the text) and "Entwurf Nr. n vom ..." in
the footer; the final version has neither and is written as PDF/A-2b (``documents.pdfa``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout, outlined
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.coverage import Written, mou_gaps
from partnerdesk.documents.mou import FIRST_LANGUAGES, LANGUAGES, RTL_LANGUAGES
from partnerdesk.documents.mou.content import BLANK, MouContent, Row, SignatureSide, Value, label, mou_content
from partnerdesk.documents.mou.data import IncompleteFinal, MouData, check_personal_choice, missing_for_final
from partnerdesk.documents.mou.rtl_pdf import DIGITS
from partnerdesk.documents.mou.side_by_side import SideBySide, side_by_side
from partnerdesk.documents.text import markup
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact
from partnerdesk.i18n import _

WATERMARK_COLOUR = colors.Color(0.78, 0.1, 0.1, alpha=0.13)


@dataclass
class MouOptions:
    #: The partner's language shown beside the first language; the first language alone
    #: when both are the same ("de": German only).
    language: str = "en"
    #: The left column: German, or English (for an English and Arabic MoU).
    first_language: str = "de"
    #: Numbers in the Arabic column: "latin" (0123) or "arabic" (Arabic-Indic ٠١٢٣).
    digits: str = "latin"
    #: Draft number; None means the final version (no watermark).
    draft: int | None = 1
    on: date = field(default_factory=date.today)
    author: str = ""
    #: Extra template folders searched before the office's and the shipped ones.
    template_dirs: Sequence[Path] = ()
    invariant: bool = False
    #: Clauses switched on (True) or off (False) against their default (see ``clauses``).
    clauses: Mapping[str, bool] = field(default_factory=dict)
    #: The language clause adds "Beide Fassungen sind gleichermaßen maßgeblich" (the office's choice).
    equal_versions: bool = False
    #: Contact id of the deputy who signs "In Vertretung" for our side (§ 64 GO NRW); None: the mayor.
    deputy_id: str | None = None
    #: Contacts whose name, e-mail and phone the MoU prints (chosen one by one; only with a legal
    #: basis). Everyone else appears by function only.
    personal_contacts: frozenset[str] = frozenset()

    @property
    def languages(self) -> list[str]:
        first = self.first_language
        return [first] if self.language == first else [first, self.language]


def check_final(data: MouData, options: MouOptions) -> None:
    """Refuse a final version that would not name who signs, the legal names or the council
    decision, or that would print a German theme, unit name or project title in another language's
    column (``IncompleteFinal`` lists what is missing), and personal data without a legal basis."""
    check_personal_choice(data, options.personal_contacts)
    if options.draft is None and (missing := missing_for_final(
            data, options.languages, council_clause=council_clause_on(data, options))):
        raise IncompleteFinal(data.partnership.title, missing)


def council_clause_on(data: MouData, options: MouOptions) -> bool:
    """Whether the MoU cites the council decision (its clause chosen); a final needs the decision either way."""
    from partnerdesk.documents.mou.clauses import chosen_clauses, clause_order
    from partnerdesk.domain.stages import is_climate_partnership

    chosen = chosen_clauses(clause_order(options.template_dirs), is_climate_partnership(data.partnership), options.clauses)
    return any(entry.name == "council_decision" for entry in chosen)


def check_options(options: MouOptions) -> None:
    if options.language not in LANGUAGES:
        raise UserError(
            _("An MoU can be drafted in German, English, French, Romanian or Arabic, not in “{lang}”.").format(
                lang=options.language
            )
        )
    if options.first_language not in FIRST_LANGUAGES:
        raise UserError(
            _("The first language of an MoU is German or English, not “{lang}”.").format(lang=options.first_language)
        )
    if options.digits not in DIGITS:
        raise UserError(
            _("Digits in Arabic text are “latin” or “arabic”, not “{digits}”.").format(digits=options.digits)
        )
    if options.draft is not None and options.draft < 1:
        raise UserError(_("The draft number must be 1 or more."))


def _cell(row: Row | None, st: dict[str, Any]) -> Any:
    if row is None:
        return ""
    if row.kind == "bullet":
        return Paragraph(row.markup, st["bullet"], bulletText="•")
    return Paragraph(row.markup, st[row.kind])


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    base = layout.styles()
    body = ParagraphStyle("mou_body", parent=base["body"], fontSize=9.5, leading=13)
    return {
        "para": body,
        "bullet": ParagraphStyle("mou_bullet", parent=body, leftIndent=10, bulletIndent=1, bulletFontName=fonts.REGULAR),
        "heading": ParagraphStyle("mou_heading", parent=base["heading"], spaceBefore=0),
        "title": ParagraphStyle("mou_title", parent=base["doc_title"], fontSize=14, leading=18),
        "subtitle": ParagraphStyle("mou_subtitle", parent=body, alignment=TA_CENTER, textColor=layout.MUTED),
        "column": ParagraphStyle("mou_column", parent=base["label"], fontSize=8),
        "sign": ParagraphStyle("mou_sign", parent=body, fontSize=8.5, leading=11),
        "sign_label": ParagraphStyle("mou_sign_label", parent=base["muted"], fontSize=7.5, leading=9),
    }


def _clause_rows(content: MouContent, width: float, st: dict[str, Any]) -> list[SideBySide]:
    """One row per paragraph: both languages' cells start level, and only the row at a
    page break is split (both cells at the same height)."""
    flowables: list[SideBySide] = []
    # Signatures get their own block after the clauses.
    for clauses in content.clauses:
        for i in range(max(len(c) for c in clauses)):
            cells = [c[i] if i < len(c) else None for c in clauses]
            row = side_by_side([_cell(cell, st) for cell in cells], width, top=2 if i else (11 if flowables else 0))
            # A clause heading, or a sentence introducing a list ("…:"), never stays alone at the foot of a page.
            row.keepWithNext = i == 0 or any(c is not None and c.markup.rstrip().endswith(":") for c in cells)
            flowables.append(row)
    return flowables


def _signature_text(content: MouContent, width: float, st: dict[str, Any]) -> list[Any]:
    """The paragraphs below the heading of ``signatures.txt`` ("In Vertretung", a closing
    formula), side by side above the signature blocks."""
    per_lang = [rows[1:] for rows in content.signatures]
    return [
        side_by_side([_cell(rows[i] if i < len(rows) else None, st) for rows in per_lang], width, top=4)
        for i in range(max(len(rows) for rows in per_lang))
    ]


def _signature_block(content: MouContent, width: float, st: dict[str, Any]) -> list[Any]:
    """Both sides as § 64 GO NRW wants them: place and date, the signature, then the name and
    function of the one who signs (the representative, or "In Vertretung" the deputy chosen)."""
    langs = content.languages
    heading_cells = [_cell(rows[0], st) for rows in content.signatures]
    heading = Table([heading_cells], colWidths=[width / len(langs)] * len(langs))
    heading.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 5)]))
    text_rows = _signature_text(content, width, st)

    def both(key: str, values: dict[str, Value] | None = None) -> str:
        return " / ".join(dict.fromkeys(label(lang.templates, key, values or {}, as_markup=True) for lang in langs))

    line = BLANK + "_" * 12

    def side(signer: SignatureSide) -> list[Any]:
        heading = " / ".join(dict.fromkeys(
            label(lang.templates, "sign_for", {"city": legal}, as_markup=True)
            for lang, legal in zip(langs, signer.legal_names, strict=True)
        ))
        place = markup(signer.city) + ", " + "_" * 22 if signer.city else line
        rows: list[Any] = [
            Paragraph(f"<b>{heading}</b>", st["sign"]),
            Spacer(1, 16),
            Paragraph(place, st["sign"]),
            Paragraph(both("sign_place_date"), st["sign_label"]),
            Spacer(1, 24),
            Paragraph(line, st["sign"]),
            Paragraph(both("sign_signature"), st["sign_label"]),
            Spacer(1, 8),
        ]
        if signer.deputy:
            rows.append(Paragraph(both("sign_deputy"), st["sign"]))
        rows += [
            Paragraph(markup(signer.joined(signer.names)) or line, st["sign"]),
            Paragraph(both("sign_name"), st["sign_label"]),
            Spacer(1, 8),
            Paragraph(markup(signer.joined(signer.functions)) or line, st["sign"]),
            Paragraph(both("sign_function"), st["sign_label"]),
        ]
        return rows

    blocks = Table([[side(content.home), side(content.partner)]], colWidths=[width / 2, width / 2])
    blocks.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 12)])
    )
    return [Spacer(1, 14), KeepTogether([heading, *text_rows, Spacer(1, 6), blocks])]


def document_info(data: MouData, options: MouOptions) -> layout.DocumentInfo:
    """Title, author, subject, keywords and language of the MoU (the PDF's and the Word document's)."""
    partner_city = data.partner.city or data.partnership.title
    return layout.DocumentInfo(
        title=(_("MoU draft {number}: {title}").format(number=options.draft, title=data.partnership.title)
               if options.draft else _("MoU: {title}").format(title=data.partnership.title)),
        author=options.author,
        subject=_("Memorandum of Understanding between {home} and {partner}").format(
            home=data.home.city or "?", partner=partner_city or "?"
        ),
        keywords=["MoU", "Agenda 2030", "SDG 17", *(f"SDG {g}" for g in sorted(data.partnership.sdg_goals))],
        lang="de-DE" if options.first_language == "de" else "en-GB",
        invariant=options.invariant,
    )


def deputy(data: MouData, options: MouOptions) -> Contact | None:
    """The contact chosen to sign "In Vertretung" for our side (None: the representative signs)."""
    if options.deputy_id is None:
        return None
    found = next((c for c in data.deputy_candidates if c.id == options.deputy_id), None)
    if found is None:
        raise UserError(_("The deputy chosen for the MoU is not a contact of the city's own units."))
    return found


def options_content(data: MouData, options: MouOptions, *, as_markup: bool = True) -> MouContent:
    """The content ``options`` ask for: languages, draft or final, the clauses chosen, equal
    versions, personal data of the contacts chosen, and who signs (refused first if a final
    version would lack what it must name); plain text instead of paragraph markup for
    ``rtl_pdf`` (``as_markup=False``)."""
    check_final(data, options)
    return mou_content(data, options.languages, on=options.on, draft=options.draft,
                       template_dirs=options.template_dirs, clauses=options.clauses,
                       equal_versions=options.equal_versions, personal=options.personal_contacts,
                       deputy=deputy(data, options), as_markup=as_markup)


def render_mou(data: MouData, stream: BinaryIO, options: MouOptions) -> None:
    """Lay out the MoU for ``data`` into ``stream``."""
    check_options(options)
    info = document_info(data, options)
    if RTL_LANGUAGES.intersection(options.languages):
        # Right-to-left text: fpdf2 lays it out (ReportLab cannot), from the same content model.
        from partnerdesk.documents.mou.rtl_pdf import render_rtl_mou

        rtl_content = options_content(data, options, as_markup=False)
        if options.draft is not None:
            render_rtl_mou(data, stream, options, rtl_content, vars(info))
            return
        rtl_final = io.BytesIO()  # the final version: PDF/A-2b as the ReportLab one
        render_rtl_mou(data, rtl_final, options, rtl_content, vars(info))
        from partnerdesk.documents.pdfa import write_archival

        write_archival(rtl_final.getvalue(), stream, info)
        return
    content = options_content(data, options)
    langs = content.languages
    st = _styles()
    archival = io.BytesIO() if options.draft is None else None
    doc = layout.make_document(archival or stream, info, topMargin=layout.MARGIN + (18 if len(langs) > 1 else 0))
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0,
                  topPadding=0)

    watermark = " / ".join(dict.fromkeys(label(lang.templates, "watermark", {}) for lang in langs))

    columns = [label(lang.templates, "column", {}).upper() for lang in langs]

    def on_page(canvas: Canvas, _doc: Any) -> None:
        if len(columns) > 1:
            # Column headers on every page, above the clauses.
            canvas.saveState()
            canvas.setFont(fonts.BOLD, 8)
            canvas.setFillColor(layout.MUTED)
            top = doc.bottomMargin + doc.height + 6
            col = doc.width / len(columns)
            for i, name in enumerate(columns):
                canvas.drawString(doc.leftMargin + i * col + 5, top + 4, name)
            canvas.setStrokeColor(layout.ACCENT)
            canvas.setLineWidth(0.6)
            canvas.line(doc.leftMargin, top, doc.leftMargin + doc.width, top)
            canvas.restoreState()
        if options.draft is None:
            return
        canvas.saveState()
        canvas.setFillColor(WATERMARK_COLOUR)
        size = 64 if len(watermark) < 18 else 48
        canvas.translate(layout.PAGE[0] / 2, layout.PAGE[1] / 2)
        canvas.rotate(52)
        # Outlines, not text: the watermark's letters stay out of copied text (outlined.py).
        outlined.draw_centred_outlines(canvas, 0, -size / 3, watermark, fonts.BOLD, size)
        canvas.restoreState()

    def footer(canvas: Canvas, page: int, total: int) -> None:
        key = "draft" if options.draft is not None else "final"
        left = " · ".join(label(lang.templates, key, lang.values) for lang in langs)
        right = " · ".join(
            label(lang.templates, "page", {"page": str(page), "pages": str(total)}) for lang in langs
        )
        layout.draw_footer(canvas, doc, left, right)

    doc.addPageTemplates([PageTemplate(id="mou", frames=[frame], onPage=on_page)])
    story: list[Any] = [*_clause_rows(content, doc.width, st), *_signature_block(content, doc.width, st)]
    doc.build(story, canvasmaker=layout.numbered_canvas(footer))
    if archival is not None:  # the final version: PDF/A-2b for the archive (documents/pdfa.py)
        from partnerdesk.documents.pdfa import write_archival

        write_archival(archival.getvalue(), stream, info)


def build_mou(data: MouData, path: str | os.PathLike[str], options: MouOptions) -> Written:
    """Write the MoU PDF to ``path`` (atomically); the result names the fields with
    characters no bundled font has (printed as "\ufffd")."""
    from partnerdesk.documents.mou.output import mou_build

    written = layout.write_pdf(path, mou_build(data, options, "pdf"))
    return Written(written, mou_gaps(data))
