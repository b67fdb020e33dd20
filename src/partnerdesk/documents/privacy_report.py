"""The Auskunft (Art. 15 GDPR) as a PDF for the person: what PartnerDesk holds about them.

German, in plain sentences and tables: the contact record, the records that name them, the
free-text mentions (marked as guesses that were checked), the history of their record and
other records' history naming them, attached files and where copies are. Every text from
the database is escaped (``documents.text.markup``); the file appears whole or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle

from partnerdesk.documents import layout
from partnerdesk.documents.text import markup
from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.history import HistoryEntry
from partnerdesk.i18n import _, ngettext
from partnerdesk.services.history_text import kind_label, moment, operation_label
from partnerdesk.services.privacy_report import PersonReport
from partnerdesk.travel.labels import describe

#: Contact fields shown in the record table (in this order); empty ones are left out.
CONTACT_FIELDS = (
    "salutation", "title", "first_name", "last_name", "function", "email", "phone", "address", "languages", "notes",
    "legal_basis", "consent_given_on", "consent_source", "consent_withdrawn_on", "do_not_contact", "processing_restricted",
)
#: Longest value shown in a history table cell.
HISTORY_VALUE = 300


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= HISTORY_VALUE else text[:HISTORY_VALUE] + "…"


def _shown(value: Any) -> str:
    """A contact's value as a reader understands it: labels of choices, German dates."""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return _value(value)


def _day(value: datetime | None) -> str:
    return moment(value) if value is not None else "–"


class _Writer:
    def __init__(self, width: float) -> None:
        self.st = layout.styles()
        self.width = width
        self.story: list[Any] = []

    def p(self, text: str, style: str = "body") -> None:
        self.story.append(Paragraph(markup(text), self.st[style]))

    def heading(self, text: str) -> None:
        self.story += [CondPageBreak(30 * mm), Spacer(1, 4 * mm), Paragraph(markup(text), self.st["heading"]), Spacer(1, 1.5 * mm)]

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        if not rows:
            return
        cells = [[Paragraph(markup(h), self.st["label"]) for h in header]]
        cells += [[Paragraph(markup(c), self.st["small"]) for c in row] for row in rows]
        table = Table(cells, colWidths=[w * self.width for w in widths], repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), "PDSans"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, layout.ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, layout.RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]))
        self.story.append(table)

    def none(self, text: str) -> None:
        self.p(text, "muted")


def _history_rows(entries: Sequence[HistoryEntry]) -> list[list[str]]:
    rows = []
    for e in entries:
        def shown(field: str, value: Any, kind: str = e.kind) -> str:  # as the window's history reads it
            text = describe(kind, field, value)
            return text if len(text) <= HISTORY_VALUE else text[:HISTORY_VALUE] + "…"
        changes = "; ".join(
            f"{field_label(c.field)}: {shown(c.field, c.old)} → {shown(c.field, c.new)}" if e.operation == "changed"
            else f"{field_label(c.field)}: {shown(c.field, c.new if c.new is not None else c.old)}"
            for c in e.changes
        )
        rows.append([moment(e.at), e.actor, f"{kind_label(e.kind)} „{e.label}“ – {operation_label(e.operation)}", changes or "–"])
    return rows


def _person(w: _Writer, report: PersonReport) -> None:
    c = report.contact
    w.story.append(Paragraph(markup(_("Data held about {name}").format(name=c.display_name or c.id)), w.st["title"]))
    intro = _(
        "This overview lists everything the office for international partnerships holds about you in "
        "PartnerDesk (Art. 15 GDPR), as of {when}."
    ).format(when=moment(report.made_at))
    w.p(intro)
    for note in report.notes:
        w.p(note, "muted")

    w.heading(_("Your contact record"))
    rows = [[field_label(name), _shown(getattr(c, name))] for name in CONTACT_FIELDS
            if getattr(c, name) not in (None, "", [], False) and not (name == "salutation" and not getattr(c, name).value)]
    rows.insert(0, [_("Organisation"), report.organisation or "–"])
    rows += [[_("Entered on"), _day(c.created_at)], [_("Last changed"), _day(c.updated_at)], [_("Id"), c.id]]
    w.table([_("Field"), _("Value")], rows, [0.3, 0.7])

    w.heading(_("Records that name you"))
    if report.named_in:
        w.table(
            [_("Register"), _("Record"), _("As"), _("Details")],
            [[kind_label(n.kind), n.label, n.how, "; ".join(f"{field_label(k)}: {v}" for k, v in n.details) or "–"]
             for n in report.named_in],
            [0.16, 0.34, 0.22, 0.28],
        )
    else:
        w.none(_("No other record names you."))

    w.heading(_("Mentions in notes and descriptions (found by name or e-mail)"))
    if report.mentions:
        w.p(_("These places were found because your name or e-mail address appears in their text; “last name only” may also mean somebody else."), "muted")
        w.table(
            [_("Register"), _("Record"), _("Field"), _("Text"), _("Found by")],
            [[kind_label(m.kind), m.label, m.field, m.excerpt, m.certainty_label] for m in report.mentions],
            [0.13, 0.22, 0.13, 0.37, 0.15],
        )
    else:
        w.none(_("No note or description mentions your name or e-mail address."))

    w.heading(_("Changes to your record (history)"))
    if report.history:
        w.table([_("When"), _("By"), _("What"), _("Changed")], _history_rows(report.history), [0.14, 0.14, 0.24, 0.48])
    else:
        w.none(_("There are no history entries of your record."))
    if report.history_elsewhere:
        w.heading(_("Changes to other records that name you"))
        w.table([_("When"), _("By"), _("What"), _("Changed")], _history_rows(report.history_elsewhere), [0.14, 0.14, 0.24, 0.48])

    if report.attachments:
        w.heading(_("Files attached to your record"))
        w.table([_("File"), _("Description"), _("Added")],
                [[a.name, a.description or "–", f"{_day(a.added_at)} ({a.added_by})"] for a in report.attachments],
                [0.35, 0.4, 0.25])

    w.heading(_("Where copies of these data are"))
    if report.copies:
        w.table(
            [_("Copy"), _("Made"), _("Holds your data"), _("Note")],
            [[p.where, _day(p.made_at), _("yes") if p.holds else (_("no") if p.holds is False else _("unknown")), p.note]
             for p in report.copies],
            [0.4, 0.18, 0.14, 0.28],
        )
    else:
        w.none(_("No backup or travel copy is known."))
    for note in report.copy_notes:
        w.p(note, "muted")


def render_report(reports: Sequence[PersonReport], stream: BinaryIO, *, invariant: bool = False) -> None:
    names = ", ".join(r.contact.display_name for r in reports)
    info = layout.DocumentInfo(title=_("Data held about {name}").format(name=names), subject=_("Information under Art. 15 GDPR"),
                               keywords=["DSGVO", "Art. 15"], invariant=invariant)
    doc = layout.make_document(stream, info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    made = reports[0].made_at if reports else None

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        left = _("Information under Art. 15 GDPR · {when}").format(when=_day(made))
        layout.draw_footer(canvas, doc, left, _("Page {page} of {pages}").format(page=page, pages=pages))

    doc.addPageTemplates([PageTemplate(id="body", frames=[frame])])
    w = _Writer(doc.width)
    if len(reports) > 1:
        w.p(ngettext("This request names {count} contact record.", "This request names {count} contact records.",
                     len(reports)).format(count=len(reports)), "subtitle")
    for n, report in enumerate(reports):
        if n:
            w.story.append(PageBreak())
        _person(w, report)
    doc.build(w.story, canvasmaker=layout.numbered_canvas(footer))


def write_report(reports: Sequence[PersonReport], path: str | os.PathLike[str], *, invariant: bool = False) -> Path:
    """Write the PDF to ``path`` atomically."""
    return layout.write_pdf(path, lambda stream: render_report(reports, stream, invariant=invariant))
