"""Project sheets ("Projektsteckbriefe"): exactly one A4 page per project.

Each sheet is one flowable that lays itself out when ReportLab reaches it: it
builds the sections, and while they are taller than the page it shortens the
longest texts (summary first, then the lists) and says so on the sheet; as a
last resort the content is scaled down to fit. So a sheet never runs onto a
second page, and ``progress(done, total)`` advances as the sheets are laid out.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, PageTemplate, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.badges import badge_grid
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.coverage import Written, sheet_gaps
from partnerdesk.documents.formatting import money, short_date
from partnerdesk.documents.project_sheet_data import SheetData
from partnerdesk.documents.text import markup, shorten
from partnerdesk.domain import sdg, validation
from partnerdesk.domain.countries import country_name
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Project
from partnerdesk.i18n import _

Progress = Callable[[int, int], None]
LABEL_WIDTH = 34 * mm


@dataclass(frozen=True)
class Limits:
    """How much of the long texts fits; lowered step by step until the sheet fits."""

    summary: int = 2400
    items: int = 12  # participants, contacts, targets, funding sources
    target_titles: bool = True
    notes: int = 600


_STEPS = [
    Limits(),
    Limits(summary=1500),
    Limits(summary=1000, items=8),
    Limits(summary=700, items=6, notes=300),
    Limits(summary=500, items=5, target_titles=False, notes=0),
    Limits(summary=300, items=4, target_titles=False, notes=0),
]


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(text, layout.styles()[style])


def _section(title: str) -> list[Any]:
    return [Spacer(1, 7), _para(markup(title), "heading"), Spacer(1, 2)]


def _cut_list(items: list[str], limit: int) -> tuple[list[str], bool]:
    if len(items) <= limit:
        return items, False
    rest = len(items) - (limit - 1)
    return [*items[: limit - 1], _("… and {count} more").format(count=rest)], True


class _Sheet:
    def __init__(self, project: Project, data: SheetData, width: float) -> None:
        self.project = project
        self.data = data
        self.width = width
        self.shortened = False

    def facts(self) -> Table | None:
        p = self.project
        partnership = self.data.partnership_of(p)
        partner = self.data.partner_of(p)
        rows: list[tuple[str, str]] = []
        if partnership:
            rows.append((_("Partnership"), markup(partnership.title)))
        if partner:
            place = partner.city or partner.name
            country = country_name(partner.country, "de") if partner.country else ""
            rows.append((_("Partner city"), markup(f"{place} ({country})" if country else place)))
        rows.append((_("Status"), markup(p.status.label)))
        if p.start_date or p.end_date:
            end = short_date(p.end_date) or _("open-ended")
            span = f"{short_date(p.start_date) or '…'} – {end}"
            rows.append((_("Period"), markup(span)))
        if p.budget_amount is not None:
            rows.append((_("Budget"), markup(money(p.budget_amount, p.budget_currency))))
        if p.updated_at:
            rows.append((_("Last change"), markup(short_date(p.updated_at))))
        return self._grid(rows)

    def _grid(self, rows: list[tuple[str, str]]) -> Table | None:
        if not rows:
            return None
        st = layout.styles()
        table = Table(
            [[Paragraph(markup(label), st["label"]), Paragraph(value, st["body"])] for label, value in rows],
            colWidths=[LABEL_WIDTH, self.width - LABEL_WIDTH],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (0, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, layout.RULE),
            ])
        )
        return table

    def flowables(self, limits: Limits) -> list[Any]:
        p = self.project
        self.shortened = False
        out: list[Any] = [_para(markup(_("PROJECT SHEET")), "label"), Spacer(1, 2)]
        title, cut = shorten(p.title or _("(untitled project)"), 160)
        self.shortened |= cut
        out += [_para(markup(title), "title")]
        if (facts := self.facts()) is not None:
            out += [Spacer(1, 4), facts]
        if (badges := badge_grid(p.sdg_goals, self.width, per_row=3)) is not None:
            out += [*_section(_("Sustainable Development Goals")), badges]
        out += self._targets(limits)
        out += self._participants(limits)
        out += self._funding(limits)
        if p.summary.strip():
            summary, cut = shorten(p.summary, limits.summary)
            self.shortened |= cut
            out += [*_section(_("Summary")), _para(markup(summary), "body")]
        out += self._contacts(limits)
        if self.shortened:
            note = _("Shortened to fit on one page; the full texts are in PartnerDesk.")
            out += [Spacer(1, 6), _para(f"<i>{markup(note)}</i>", "muted")]
        return out

    def _bullets(self, title: str, items: list[str], limit: int) -> list[Any]:
        items = [i for i in items if i.strip()]
        if not items:
            return []
        items, cut = _cut_list(items, limit)
        self.shortened |= cut
        st = layout.styles()["bullet"]
        return [*_section(title), *[Paragraph(markup(i), st, bulletText="•") for i in items]]

    def _targets(self, limits: Limits) -> list[Any]:
        items = []
        for code in sorted(self.project.sdg_targets, key=_target_key):
            if not sdg.is_target(code):
                items.append(code)
            elif limits.target_titles:
                # The official target titles are long; cutting them needs no note.
                title, _cut = shorten(sdg.target(code).title("de"), 230)
                items.append(f"{code} – {title}")
            else:
                items.append(code)
        if not limits.target_titles and items:
            self.shortened = True
            return [*_section(_("Targets")), _para(markup(", ".join(items)), "body")]
        return self._bullets(_("Targets"), items, limits.items)

    def _participants(self, limits: Limits) -> list[Any]:
        orgs = self.data.organisations
        items = [
            f"{orgs[pt.organisation_id].name if pt.organisation_id in orgs else '?'} – {pt.role.label}"
            for pt in self.project.participants
        ]
        return self._bullets(_("Participants"), items, limits.items)

    def _funding(self, limits: Limits) -> list[Any]:
        items = []
        for source in self.project.funding_sources:
            amount = money(source.amount, source.currency)
            items.append(f"{source.name}: {amount}" if amount and source.name else source.name or amount)
        return self._bullets(_("Funding"), items, limits.items)

    def _contacts(self, limits: Limits) -> list[Any]:
        contacts = [self.data.contacts[c] for c in self.project.contact_ids if c in self.data.contacts]
        orgs = self.data.organisations
        items = []
        for c in contacts:
            org = orgs.get(c.organisation_id or "")
            parts = [c.name, c.function, org.name if org else "", c.email, c.phone_line]
            items.append(", ".join(x.strip() for x in parts if x and x.strip()))
        return self._bullets(_("Contact persons"), items, limits.items)


def _target_key(code: str) -> tuple[int, int, str]:
    try:
        return sdg.target_sort_key(code)
    except ValueError:
        return (999, 0, code)


def _measure(flowables: list[Any], width: float, height: float) -> list[float]:
    """Each flowable's height (wrapped at ``width``) plus its space before and after."""
    heights = []
    for f in flowables:
        _w, h = f.wrap(width, height)
        heights.append(h + f.getSpaceBefore() + f.getSpaceAfter())
    return heights


@dataclass
class FittedSheet:
    content: list[Any]
    #: None when even the shortest version is too tall and must be scaled down.
    heights: list[float] | None


def fit_sheet(project: Project, data: SheetData, width: float, height: float) -> FittedSheet:
    """The sheet's content, shortened step by step until it fits ``width`` × ``height``."""
    sheet = _Sheet(project, data, width)
    content: list[Any] = []
    for limits in _STEPS:
        content = sheet.flowables(limits)
        heights = _measure(content, width, height)
        if sum(heights) <= height:
            return FittedSheet(content, heights)
    return FittedSheet(content, None)


class SheetFlowable(Flowable):
    """One project's page; lays out (and reports progress) when ReportLab reaches it."""

    def __init__(
        self, project: Project, data: SheetData, index: int, total: int, progress: Progress | None, page_height: float
    ) -> None:
        super().__init__()
        self.page_height = page_height
        self.project, self.data = project, data
        self.index, self.total, self.progress = index, total, progress
        self._fitted: FittedSheet | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Always a whole page: on a page that is not empty this does not fit, so it goes to the next.
        height = self.page_height
        if avail_height >= height and self._fitted is None:
            self._fitted = fit_sheet(self.project, self.data, avail_width, height)
        self.width, self.height = avail_width, height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        assert self._fitted is not None
        fitted = self._fitted
        if fitted.heights is None:
            # Last resort: scale the shortest version down to the page.
            box = KeepInFrame(self.width, self.height, fitted.content, mode="shrink")
            _w, used = box.wrapOn(self.canv, self.width, self.height)
            box.drawOn(self.canv, 0, self.height - used)
        else:
            # Already measured at this width: stack the pieces from the top without wrapping again.
            y = self.height
            for flowable, total in zip(fitted.content, fitted.heights, strict=True):
                y -= total
                flowable.drawOn(self.canv, 0, y + flowable.getSpaceAfter())
        if self.progress:
            self.progress(self.index + 1, self.total)


@dataclass
class SheetOptions:
    author: str = ""
    invariant: bool = False
    #: Printed in the footer as the day the sheets were made.
    on: date | None = None


def render_sheets(data: SheetData, stream: BinaryIO, options: SheetOptions, progress: Progress | None = None) -> None:
    if not data.projects:
        raise UserError(_("There are no projects to print."))
    total = len(data.projects)
    single = data.projects[0].title if total == 1 else ""
    info = layout.DocumentInfo(
        title=_("Project sheet: {title}").format(title=single) if single else _("Project sheets ({count})").format(count=total),
        author=options.author,
        subject=_("Project sheets of the office for international relations"),
        keywords=[_("Project sheet"), "SDG"],
        invariant=options.invariant,
    )
    fonts.register_italic()  # the "shortened" note is italic
    doc = layout.make_document(stream, info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="sheet", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    made = options.on or date.today()
    projects = data.projects

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        project = projects[page - 1] if page <= len(projects) else None
        changed = short_date(project.updated_at) if project and project.updated_at else ""
        left = _("Project sheet · printed {date}").format(date=short_date(made))
        if changed:
            left += " · " + _("last changed {date}").format(date=changed)
        layout.draw_footer(canvas, doc, left, _("Page {page} of {pages}").format(page=page, pages=pages))

    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])
    story = [SheetFlowable(p, data, i, total, progress, doc.height - 1) for i, p in enumerate(projects)]
    doc.build(story, canvasmaker=layout.numbered_canvas(footer))


def build_sheets(
    data: SheetData, path: str | os.PathLike[str], options: SheetOptions | None = None, progress: Progress | None = None
) -> Written:
    """Write one PDF with one page per project to ``path`` (atomically); the result names
    the fields with characters no bundled font has (printed as "\ufffd")."""
    opts = options or SheetOptions()
    validation.check_limits(data.projects)  # old data beyond the field limits: named, not laid out for minutes
    written = layout.write_pdf(path, lambda stream: render_sheets(data, stream, opts, progress))
    return Written(written, sheet_gaps(data))


__all__ = ["Limits", "SheetOptions", "build_sheets", "fit_sheet", "render_sheets"]
