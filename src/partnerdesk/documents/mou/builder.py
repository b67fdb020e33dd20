"""The MoU draft as PDF: German and the partner's language side by side, clause by clause.

Every paragraph is one row of a two-column table, so each clause and paragraph
starts at the same height in both languages, on every page; a row taller than a
page splits across pages (``splitInRow``). Drafts carry an "ENTWURF / DRAFT"
watermark and "Entwurf Nr. n vom ..." in the footer; the final version has neither.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.coverage import Written, mou_gaps
from partnerdesk.documents.mou import FIRST_LANGUAGES, LANGUAGES, RTL_LANGUAGES
from partnerdesk.documents.mou.clauses import ClauseEntry, chosen_clauses
from partnerdesk.documents.mou.content import BLANK, Row, Value, clause_rows, label, placeholder_values
from partnerdesk.documents.mou.data import MouData
from partnerdesk.documents.mou.rtl_pdf import DIGITS
from partnerdesk.documents.mou.side_by_side import SideBySide, side_by_side
from partnerdesk.documents.mou.templates import TemplateSet, load_templates
from partnerdesk.documents.text import markup
from partnerdesk.domain import validation
from partnerdesk.domain.errors import UserError
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

    @property
    def languages(self) -> list[str]:
        first = self.first_language
        return [first] if self.language == first else [first, self.language]


def _check(options: MouOptions) -> None:
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


@dataclass
class _Language:
    code: str
    templates: TemplateSet
    values: dict[str, Value]
    chosen: list[ClauseEntry]
    draft: bool = True


def _rows(lang: _Language, *, as_markup: bool = True) -> list[list[Row]]:
    """Rows per chosen clause in document order, the signatures left for their own block; plain
    text instead of paragraph markup for ``rtl_pdf`` (``as_markup=False``)."""
    clauses: list[list[Row]] = []
    number = 0
    for entry in lang.chosen:
        if entry.name == "signatures":
            continue
        number += entry.numbered
        clause = lang.templates.clauses[entry.name]
        clauses.append(clause_rows(clause, lang.values, lang.templates, number if entry.numbered else None,
                                   draft=lang.draft, as_markup=as_markup))
    return clauses


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


def _clause_rows(langs: list[_Language], width: float, st: dict[str, Any]) -> list[SideBySide]:
    """One row per paragraph: both languages' cells start level, and only the row at a
    page break is split (both cells at the same height)."""
    per_lang = [_rows(lang) for lang in langs]
    flowables: list[SideBySide] = []
    # Signatures get their own block after the clauses.
    for clause_index in range(len(per_lang[0])):
        clauses = [rows[clause_index] for rows in per_lang]
        for i in range(max(len(c) for c in clauses)):
            cells = [c[i] if i < len(c) else None for c in clauses]
            row = side_by_side([_cell(cell, st) for cell in cells], width, top=2 if i else (11 if flowables else 0))
            # A clause heading, or a sentence introducing a list ("…:"), never stays alone at the foot of a page.
            row.keepWithNext = i == 0 or any(c is not None and c.markup.rstrip().endswith(":") for c in cells)
            flowables.append(row)
    return flowables


def _signature_paragraphs(lang: _Language, *, as_markup: bool = True) -> list[Row]:
    """The rows of ``signatures.txt`` below its heading."""
    signatures = lang.templates.clauses["signatures"]
    return clause_rows(signatures, lang.values, lang.templates, None, draft=lang.draft, as_markup=as_markup)[1:]


def _signature_text(langs: list[_Language], width: float, st: dict[str, Any]) -> list[Any]:
    """The paragraphs below the heading of ``signatures.txt`` ("In Vertretung", a closing
    formula), side by side above the signature blocks."""
    per_lang = [_signature_paragraphs(lang) for lang in langs]
    return [
        side_by_side([_cell(rows[i] if i < len(rows) else None, st) for rows in per_lang], width, top=4)
        for i in range(max(len(rows) for rows in per_lang))
    ]


def _signature_block(langs: list[_Language], data: MouData, width: float, st: dict[str, Any]) -> list[Any]:
    heading_cells = [_cell(_rows_signature_heading(lang), st) for lang in langs]
    heading = Table([heading_cells], colWidths=[width / len(langs)] * len(langs))
    heading.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 5)]))
    text_rows = _signature_text(langs, width, st)

    def both(key: str, values: dict[str, Value] | None = None) -> str:
        return " / ".join(dict.fromkeys(label(lang.templates, key, values or {}, as_markup=True) for lang in langs))

    def side(city: str, mayor_name: str, mayor_function: str) -> list[Any]:
        line = Paragraph(BLANK + "_" * 12, st["sign"])
        return [
            Paragraph(f"<b>{both('sign_for', {'city': city or BLANK})}</b>", st["sign"]),
            Spacer(1, 16),
            line,
            Paragraph(both("sign_place_date"), st["sign_label"]),
            Spacer(1, 24),
            line,
            Paragraph(both("sign_signature"), st["sign_label"]),
            Spacer(1, 8),
            Paragraph(markup(mayor_name) if mayor_name else BLANK + "_" * 12, st["sign"]),
            Paragraph(both("sign_name"), st["sign_label"]),
            Spacer(1, 8),
            Paragraph(markup(mayor_function) if mayor_function else BLANK + "_" * 12, st["sign"]),
            Paragraph(both("sign_function"), st["sign_label"]),
        ]

    home, partner = data.home, data.partner
    blocks = Table(
        [[
            side(home.city, home.mayor.name if home.mayor else "", home.mayor.function if home.mayor else ""),
            side(partner.city, partner.mayor.name if partner.mayor else "", partner.mayor.function if partner.mayor else ""),
        ]],
        colWidths=[width / 2, width / 2],
    )
    blocks.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 12)])
    )
    return [Spacer(1, 14), KeepTogether([heading, *text_rows, Spacer(1, 6), blocks])]


def _rows_signature_heading(lang: _Language) -> Row:
    from partnerdesk.documents.mou.content import fill

    return Row("heading", fill(lang.templates.clauses["signatures"].heading, lang.values) or "")


def render_mou(data: MouData, stream: BinaryIO, options: MouOptions) -> None:
    """Lay out the MoU for ``data`` into ``stream``."""
    _check(options)
    langs = []
    for code in options.languages:
        templates = load_templates(code, options.template_dirs)
        values = placeholder_values(data, code, templates, options.languages, on=options.on, draft=options.draft,
                                    equal_versions=options.equal_versions)
        chosen = chosen_clauses(templates.order, data.partnership.type, options.clauses)
        langs.append(_Language(code, templates, values, chosen, options.draft is not None))
    partner_city = data.partner.city or data.partnership.title
    info = layout.DocumentInfo(
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
    if RTL_LANGUAGES.intersection(options.languages):
        # Right-to-left text: fpdf2 lays it out (ReportLab cannot), from the same content.
        from partnerdesk.documents.mou.rtl_pdf import Column, render_rtl_mou

        rtl_columns = [
            Column(lang.code, lang.templates, lang.values, _rows(lang, as_markup=False),
                   _signature_paragraphs(lang, as_markup=False))
            for lang in langs
        ]
        render_rtl_mou(data, stream, options, rtl_columns, vars(info))
        return
    st = _styles()
    doc = layout.make_document(stream, info, topMargin=layout.MARGIN + (18 if len(langs) > 1 else 0))
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
        canvas.setFont(fonts.BOLD, size)
        canvas.translate(layout.PAGE[0] / 2, layout.PAGE[1] / 2)
        canvas.rotate(52)
        canvas.drawCentredString(0, -size / 3, watermark)
        canvas.restoreState()

    def footer(canvas: Canvas, page: int, total: int) -> None:
        key = "draft" if options.draft is not None else "final"
        left = " · ".join(label(lang.templates, key, lang.values) for lang in langs)
        right = " · ".join(
            label(lang.templates, "page", {"page": str(page), "pages": str(total)}) for lang in langs
        )
        layout.draw_footer(canvas, doc, left, right)

    doc.addPageTemplates([PageTemplate(id="mou", frames=[frame], onPage=on_page)])
    story: list[Any] = [*_clause_rows(langs, doc.width, st), *_signature_block(langs, data, doc.width, st)]
    doc.build(story, canvasmaker=layout.numbered_canvas(footer))


def build_mou(data: MouData, path: str | os.PathLike[str], options: MouOptions) -> Written:
    """Write the MoU PDF to ``path`` (atomically); the result names the fields with
    characters no bundled font has (printed as "\ufffd")."""
    validation.check_limits([  # old data beyond the field limits: named, not laid out for minutes
        data.partnership, data.partner.organisation, data.home.mayor, data.partner.mayor, *data.coordinators,
        *data.home_contacts, *data.partner_contacts, *data.projects,
    ])
    written = layout.write_pdf(path, lambda stream: render_mou(data, stream, options))
    return Written(written, mou_gaps(data))

