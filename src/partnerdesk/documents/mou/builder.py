"""The MoU draft as PDF: German and the partner's language side by side, clause by clause.

Every paragraph is one row of a two-column table, so each clause and paragraph
starts at the same height in both languages, on every page; a row taller than a
page splits across pages (``splitInRow``). Drafts carry an "ENTWURF / DRAFT"
watermark and "Entwurf Nr. n vom ..." in the footer; the final version has neither.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
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
from partnerdesk.documents.mou import LANGUAGES
from partnerdesk.documents.mou.clauses import ClauseEntry, chosen_clauses
from partnerdesk.documents.mou.content import BLANK, Row, Value, clause_rows, label, placeholder_values
from partnerdesk.documents.mou.data import IncompleteFinal, MouData, Party, check_personal_choice, missing_for_final
from partnerdesk.documents.mou.side_by_side import SideBySide, side_by_side
from partnerdesk.documents.mou.templates import TemplateSet, load_templates
from partnerdesk.documents.text import markup
from partnerdesk.domain import validation
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact
from partnerdesk.i18n import _

WATERMARK_COLOUR = colors.Color(0.78, 0.1, 0.1, alpha=0.13)


@dataclass
class MouOptions:
    #: "de" for German only, or the partner's language shown beside German.
    language: str = "en"
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
        return ["de"] if self.language == "de" else ["de", self.language]


def check_final(data: MouData, options: MouOptions) -> None:
    """Refuse a final version that would not name who signs, the legal names or the council
    decision (``IncompleteFinal`` lists what is missing), and personal data without a legal basis."""
    check_personal_choice(data, options.personal_contacts)
    if options.draft is None and (missing := missing_for_final(data)):
        raise IncompleteFinal(data.partnership.title, missing)


def _check(options: MouOptions) -> None:
    if options.language not in LANGUAGES:
        raise UserError(
            _("An MoU can be drafted in German, English, French or Romanian, not in “{lang}”.").format(
                lang=options.language
            )
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


def _rows(lang: _Language) -> list[list[Row]]:
    """Rows per chosen clause in document order, the signatures left for their own block."""
    clauses: list[list[Row]] = []
    number = 0
    for entry in lang.chosen:
        if entry.name == "signatures":
            continue
        number += entry.numbered
        clause = lang.templates.clauses[entry.name]
        clauses.append(
            clause_rows(clause, lang.values, lang.templates, number if entry.numbered else None, draft=lang.draft)
        )
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


def _signature_text(langs: list[_Language], width: float, st: dict[str, Any]) -> list[Any]:
    """The paragraphs below the heading of ``signatures.txt`` (a closing formula the office
    writes), side by side above the signature blocks."""
    per_lang = [
        clause_rows(lang.templates.clauses["signatures"], lang.values, lang.templates, None, draft=lang.draft)[1:]
        for lang in langs
    ]
    return [
        side_by_side([_cell(rows[i] if i < len(rows) else None, st) for rows in per_lang], width, top=4)
        for i in range(max(len(rows) for rows in per_lang))
    ]


def _deputy(data: MouData, options: MouOptions) -> Contact | None:
    if options.deputy_id is None:
        return None
    found = next((c for c in data.deputy_candidates if c.id == options.deputy_id), None)
    if found is None:
        raise UserError(_("The deputy chosen for the MoU is not a contact of the city's own units."))
    return found


def _signature_block(
    langs: list[_Language], data: MouData, width: float, st: dict[str, Any], deputy: Contact | None
) -> list[Any]:
    """Both sides as § 64 GO NRW wants them: place and date, the signature, then the name and
    function of the one who signs (the mayor, or "In Vertretung" the deputy chosen)."""
    heading_cells = [_cell(_rows_signature_heading(lang), st) for lang in langs]
    heading = Table([heading_cells], colWidths=[width / len(langs)] * len(langs))
    heading.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 5)]))
    text_rows = _signature_text(langs, width, st)

    def both(key: str, values: dict[str, Value] | None = None) -> str:
        return " / ".join(dict.fromkeys(label(lang.templates, key, values or {}, as_markup=True) for lang in langs))

    def per_language(value: Callable[[_Language], str]) -> str:
        """One value per column language, each once ("Oberbürgermeister / Lord Mayor of …")."""
        return " / ".join(dict.fromkeys(markup(v) for lang in langs if (v := value(lang))))

    line = BLANK + "_" * 12

    def side(party: Party, prefix: str, deputy: Contact | None) -> list[Any]:
        heading = " / ".join(dict.fromkeys(
            label(lang.templates, "sign_for", {"city": lang.values[f"{prefix}_legal_name"]}, as_markup=True)
            for lang in langs
        ))
        place = markup(party.city) + ", " + "_" * 22 if party.city else line
        if deputy is not None:
            name, function = markup(deputy.name) or line, markup(deputy.function) or line
        else:
            name = per_language(lambda lang: str(lang.values[f"{prefix}_mayor"]))
            function = per_language(lambda lang: str(lang.values[f"{prefix}_mayor_function"]))
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
        if deputy is not None:
            rows.append(Paragraph(both('sign_deputy'), st["sign"]))
        rows += [
            Paragraph(name, st["sign"]),
            Paragraph(both("sign_name"), st["sign_label"]),
            Spacer(1, 8),
            Paragraph(function, st["sign"]),
            Paragraph(both("sign_function"), st["sign_label"]),
        ]
        return rows

    blocks = Table([[side(data.home, "home", deputy), side(data.partner, "partner", None)]], colWidths=[width / 2, width / 2])
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
    check_final(data, options)
    deputy = _deputy(data, options)
    # Contacts chosen to appear with their personal data bring their clause with them.
    switched = {"contacts": True, **options.clauses} if options.personal_contacts else options.clauses
    langs = []
    for code in options.languages:
        templates = load_templates(code, options.template_dirs)
        values = placeholder_values(data, code, templates, options.languages, on=options.on, draft=options.draft,
                                    equal_versions=options.equal_versions, personal=options.personal_contacts)
        chosen = chosen_clauses(templates.order, data.partnership.type, switched)
        langs.append(_Language(code, templates, values, chosen, options.draft is not None))
    st = _styles()
    partner_city = data.partner.city or data.partnership.title
    info = layout.DocumentInfo(
        title=(_("MoU draft {number}: {title}").format(number=options.draft, title=data.partnership.title)
               if options.draft else _("MoU: {title}").format(title=data.partnership.title)),
        author=options.author,
        subject=_("Memorandum of Understanding between {home} and {partner}").format(
            home=data.home.city or "?", partner=partner_city or "?"
        ),
        keywords=["MoU", "Agenda 2030", "SDG 17", *(f"SDG {g}" for g in sorted(data.partnership.sdg_goals))],
        lang="de-DE",
        invariant=options.invariant,
    )
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
    story: list[Any] = [*_clause_rows(langs, doc.width, st), *_signature_block(langs, data, doc.width, st, deputy)]
    doc.build(story, canvasmaker=layout.numbered_canvas(footer))


def build_mou(data: MouData, path: str | os.PathLike[str], options: MouOptions) -> Written:
    """Write the MoU PDF to ``path`` (atomically); the result names the fields with
    characters no bundled font has (printed as "\ufffd")."""
    _check(options)
    check_final(data, options)  # before a file is touched
    validation.check_limits([  # old data beyond the field limits: named, not laid out for minutes
        data.partnership, data.partner.organisation, data.home.organisation, *data.coordinators,
        *data.home_contacts, *data.partner_contacts, *data.projects,
    ])
    written = layout.write_pdf(path, lambda stream: render_mou(data, stream, options))
    return Written(written, mou_gaps(data))

