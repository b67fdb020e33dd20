"""Project sheets ("Projektsteckbriefe"): exactly one A4 page per project, in German, English
or French.

Each sheet is one flowable that lays itself out when ReportLab reaches it: it builds the
sections, and while they are taller than the page it shortens step by step (the summary and
results first, then the SDG target texts set smaller, then the lists; only when the page is
truly full are target texts ended at a phrase boundary with "…") and says so on the sheet; as
a last resort the content is scaled down to fit. So a sheet never runs onto a second page,
and ``progress(done, total)`` advances as the sheets are laid out.

At the top: the office's letterhead (settings) and the project's file reference; beside the
facts a small locator map drawn from the place's coordinates (``locator_map``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, PageTemplate, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.badges import badge_grid
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.coverage import Written, sheet_gaps
from partnerdesk.documents.formatting import money, short_date
from partnerdesk.documents.letterhead import Letterhead, letterhead_block
from partnerdesk.documents.locator_map import locator_map
from partnerdesk.documents.project_sheet_data import SheetData
from partnerdesk.documents.sheet_facts import Facts, summary_in, title_in, translator
from partnerdesk.documents.text import markup, plain, shorten
from partnerdesk.domain import sdg, validation
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Project
from partnerdesk.i18n import DOCUMENT_LANGUAGES, N_, _

Progress = Callable[[int, int], None]
LABEL_WIDTH = 34 * mm
MAP_WIDTH, MAP_HEIGHT = 52 * mm, 40 * mm
MAP_GAP = 5 * mm


@dataclass(frozen=True)
class Limits:
    """How much of the long texts fits; lowered step by step until the sheet fits."""

    summary: int = 2400  # also the results
    items: int = 12  # participants, contacts, targets, funding sources
    #: "full": target texts whole; "small": whole in smaller type; "phrase": ended at a phrase
    #: boundary with "…" after ``target_length`` characters; "codes": the codes only.
    targets: str = "full"
    target_length: int = 400


#: From the full sheet to the shortest, each step a little shorter than the one before. Record
#: texts are shortened before anything else (they are whole in PartnerDesk); SDG target texts are
#: set smaller before they are cut, and cut (at a phrase boundary) only when the page is truly full.
_STEPS = [
    Limits(),
    Limits(summary=1500),
    Limits(summary=1500, targets="small"),
    Limits(summary=1000, targets="small"),
    Limits(summary=700, targets="small"),
    Limits(summary=500, items=8, targets="small"),
    Limits(summary=300, items=10, targets="small"),
    Limits(summary=300, items=8, targets="small"),
    Limits(summary=300, items=8, targets="phrase", target_length=300),
    Limits(summary=300, items=6, targets="phrase", target_length=200),
    Limits(summary=300, items=5, targets="phrase", target_length=160),
    Limits(summary=300, items=5, targets="codes"),
]


def cut_at_phrase(text: str, limit: int) -> tuple[str, bool]:
    """``text`` ended at the last phrase boundary (";", ",", ":", " – ") before ``limit``
    characters, with " …"; at a word boundary when no phrase ends late enough."""
    value = plain(text)
    if len(value) <= limit:
        return value, False
    head = value[:limit]
    cut = max(head.rfind(mark) for mark in ("; ", ", ", ": ", " – ", " - "))
    if cut < limit * 0.4:
        return shorten(value, limit)
    return head[:cut].rstrip(" ,;:–-") + " …", True


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(text, layout.styles()[style])


def _right(style: str) -> ParagraphStyle:
    base = layout.styles()[style]
    return ParagraphStyle(f"{style}_right", parent=base, alignment=TA_RIGHT)


def _cut_list(items: list[str], limit: int, more: str) -> tuple[list[str], bool]:
    if len(items) <= limit:
        return items, False
    rest = len(items) - (limit - 1)
    return [*items[: limit - 1], more.format(count=rest)], True


class _Sheet:
    def __init__(self, project: Project, data: SheetData, width: float, options: SheetOptions) -> None:
        self.project = project
        self.data = data
        self.width = width
        self.options = options
        self.language = options.language
        self.t = translator(self.language)
        self.facts = Facts(project, data, self.language)
        self.shortened = False

    def _section(self, title: str) -> list[Any]:
        return [Spacer(1, 7), _para(markup(title), "heading"), Spacer(1, 2)]

    def _grid(self, rows: list[tuple[str, str]], width: float) -> Table:
        st = layout.styles()
        table = Table(
            [[Paragraph(markup(label), st["label"]), Paragraph(value, st["body"])] for label, value in rows],
            colWidths=[LABEL_WIDTH, width - LABEL_WIDTH],
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

    def _facts_and_map(self) -> Table | Any:
        lat, lon, country = self.facts.coordinates()
        place_map = locator_map(lat, lon, country, MAP_WIDTH, MAP_HEIGHT)
        if place_map is None:
            return self._grid(self.facts.rows(has_map=False), self.width)
        facts_width = self.width - MAP_WIDTH - MAP_GAP
        table = Table([[self._grid(self.facts.rows(has_map=True), facts_width), place_map]],
                      colWidths=[facts_width + MAP_GAP, MAP_WIDTH], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), MAP_GAP),
        ]))
        return table

    def _heading_line(self) -> Table:
        t = self.t
        table = Table(
            [[Paragraph(markup(t(N_("PROJECT SHEET"))), layout.styles()["label"]),
              Paragraph(markup(self.facts.file_reference()), _right("label"))]],
            colWidths=[self.width / 2, self.width / 2], hAlign="LEFT",
        )
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def flowables(self, limits: Limits) -> list[Any]:
        p, t = self.project, self.t
        self.shortened = False
        out: list[Any] = []
        if (head := letterhead_block(self.options.letterhead, self.width)) is not None:
            out += [head, Spacer(1, 5)]
        out += [self._heading_line(), Spacer(1, 2)]
        title, cut = shorten(title_in(p, self.language) or t(N_("(untitled project)")), 160)
        self.shortened |= cut
        out += [_para(markup(title), "title"), Spacer(1, 4), self._facts_and_map()]
        out += self._section(t(N_("Sustainable Development Goals")))
        badges = badge_grid(p.sdg_goals, self.width, self.language, per_row=3)
        out += [badges if badges is not None else _para(self.facts.open, "body")]
        out += self._targets(limits)
        out += self._text(t(N_("Summary")), summary_in(p, self.language), limits.summary)
        out += self._text(t(N_("Results and indicators")), p.results, limits.summary)
        out += self._participants(limits)
        out += self._funding(limits)
        out += self._contacts(limits)
        if self.shortened:
            note = t(N_("Shortened to fit on one page; the full texts are in PartnerDesk."))
            out += [Spacer(1, 6), _para(f"<i>{markup(note)}</i>", "muted")]
        return out

    def _text(self, title: str, text: str, limit: int) -> list[Any]:
        if not text.strip():
            return [*self._section(title), _para(self.facts.open, "body")]
        value, cut = shorten(text, limit)
        self.shortened |= cut
        return [*self._section(title), _para(markup(value), "body")]

    def _bullets(self, title: str, items: list[str], limit: int, style: str = "bullet") -> list[Any]:
        items = [i for i in items if i.strip()]
        if not items:
            return []
        items, cut = _cut_list(items, limit, self.t(N_("… and {count} more")))
        self.shortened |= cut
        st = layout.styles()[style]
        if style != "bullet":
            st = ParagraphStyle(f"{style}_bullet", parent=st, leftIndent=9, bulletIndent=0)
        return [*self._section(title), *[Paragraph(markup(i), st, bulletText="•") for i in items]]

    def _targets(self, limits: Limits) -> list[Any]:
        title = self.t(N_("Targets"))
        codes = sorted(self.project.sdg_targets, key=_target_key)
        if not codes:
            return []
        if limits.targets == "codes":
            self.shortened = True
            return [*self._section(title), _para(markup(", ".join(codes)), "body")]
        items = []
        for code in codes:
            if not sdg.is_target(code):
                items.append(code)
                continue
            text = sdg.target(code).title(self.language)
            if limits.targets == "phrase":
                text, cut = cut_at_phrase(text, limits.target_length)
                self.shortened |= cut
            items.append(f"{code} – {text}")
        return self._bullets(title, items, limits.items, "bullet" if limits.targets == "full" else "small")

    def _participants(self, limits: Limits) -> list[Any]:
        orgs = self.data.organisations
        items = [
            f"{orgs[pt.organisation_id].name if pt.organisation_id in orgs else '?'} – {pt.role.label_in(self.t)}"
            for pt in self.project.participants
        ]
        return self._bullets(self.t(N_("Participants")), items, limits.items)

    def _funding(self, limits: Limits) -> list[Any]:
        items = []
        for source in self.project.funding_sources:
            amount = money(source.amount, source.currency, self.language)
            items.append(f"{source.name}: {amount}" if amount and source.name else source.name or amount)
        return self._bullets(self.t(N_("Funding")), items, limits.items)

    def _contacts(self, limits: Limits) -> list[Any]:
        contacts = [self.data.contacts[c] for c in self.project.contact_ids if c in self.data.contacts]
        orgs = self.data.organisations
        items = []
        for c in contacts:
            org = orgs.get(c.organisation_id or "")
            parts = [c.name, c.function, org.name if org else "", c.email, c.phone_line]
            items.append(", ".join(x.strip() for x in parts if x and x.strip()))
        return self._bullets(self.t(N_("Contact persons")), items, limits.items)


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
    #: The step of ``_STEPS`` that fitted (tests read how far a sheet had to give way).
    step: int = 0


def fit_sheet(project: Project, data: SheetData, width: float, height: float,
              options: SheetOptions | None = None) -> FittedSheet:
    """The sheet's content at the first step of ``_STEPS`` that fits ``width`` × ``height``.

    Most sheets fit whole (one measurement); otherwise the steps, each shorter than the one
    before, are searched by halving (about four measurements instead of up to eleven)."""
    sheet = _Sheet(project, data, width, options or SheetOptions())

    def attempt(step: int) -> tuple[list[Any], list[float]] | None:
        content = sheet.flowables(_STEPS[step])
        heights = _measure(content, width, height)
        return (content, heights) if sum(heights) <= height else None

    if (whole := attempt(0)) is not None:
        return FittedSheet(*whole, step=0)
    best: FittedSheet | None = None
    low, high = 1, len(_STEPS) - 1
    while low <= high:
        middle = (low + high) // 2
        if (fits := attempt(middle)) is not None:
            best, high = FittedSheet(*fits, step=middle), middle - 1
        else:
            low = middle + 1
    if best is not None:
        return best
    return FittedSheet(sheet.flowables(_STEPS[-1]), None, len(_STEPS))


class SheetFlowable(Flowable):
    """One project's page; lays out (and reports progress) when ReportLab reaches it."""

    def __init__(
        self, project: Project, data: SheetData, index: int, total: int, progress: Progress | None, page_height: float,
        options: SheetOptions | None = None,
    ) -> None:
        super().__init__()
        self.page_height = page_height
        self.project, self.data, self.options = project, data, options or SheetOptions()
        self.index, self.total, self.progress = index, total, progress
        self._fitted: FittedSheet | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Always a whole page: on a page that is not empty this does not fit, so it goes to the next.
        height = self.page_height
        if avail_height >= height and self._fitted is None:
            self._fitted = fit_sheet(self.project, self.data, avail_width, height, self.options)
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
    #: The sheet's language: "de", "en" or "fr" (``i18n.DOCUMENT_LANGUAGES``).
    language: str = "de"
    letterhead: Letterhead = field(default_factory=Letterhead)

    def check(self) -> None:
        if self.language not in DOCUMENT_LANGUAGES:
            raise UserError(_("Project sheets are written in German, English or French (de, en, fr), not “{code}”.").format(
                code=self.language))
        self.letterhead.check()


def render_sheets(data: SheetData, stream: BinaryIO, options: SheetOptions, progress: Progress | None = None) -> None:
    if not data.projects:
        raise UserError(_("There are no projects to print."))
    t = translator(options.language)
    total = len(data.projects)
    single = title_in(data.projects[0], options.language) if total == 1 else ""
    info = layout.DocumentInfo(
        title=t(N_("Project sheet: {title}")).format(title=single) if single else t(N_("Project sheets ({count})")).format(count=total),
        author=options.author,
        subject=t(N_("Project sheets of the office for international relations")),
        keywords=[t(N_("Project sheet")), "SDG"],
        lang={"de": "de-DE", "en": "en-GB", "fr": "fr-FR"}[options.language],
        invariant=options.invariant,
    )
    fonts.register_italic()  # the "shortened" note is italic
    doc = layout.make_document(stream, info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="sheet", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    made = options.on or date.today()
    projects = data.projects
    lang = options.language

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        project = projects[page - 1] if page <= len(projects) else None
        changed = short_date(project.updated_at, lang) if project and project.updated_at else ""
        left = t(N_("Project sheet · printed {date}")).format(date=short_date(made, lang))
        if changed:
            left += " · " + t(N_("last changed {date}")).format(date=changed)
        layout.draw_footer(canvas, doc, left, t(N_("Page {page} of {pages}")).format(page=page, pages=pages))

    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])
    story = [SheetFlowable(p, data, i, total, progress, doc.height - 1, options) for i, p in enumerate(projects)]
    doc.build(story, canvasmaker=layout.numbered_canvas(footer))


def build_sheets(
    data: SheetData, path: str | os.PathLike[str], options: SheetOptions | None = None, progress: Progress | None = None
) -> Written:
    """Write one PDF with one page per project to ``path`` (atomically); the result names
    the fields with characters no bundled font has (printed as "\ufffd")."""
    opts = options or SheetOptions()
    opts.check()  # a logo that is no image, a language we have no words for: refused before writing
    validation.check_limits(data.projects)  # old data beyond the field limits: named, not laid out for minutes
    written = layout.write_pdf(path, lambda stream: render_sheets(data, stream, opts, progress))
    return Written(written, sheet_gaps(data))


__all__ = ["Limits", "SheetOptions", "build_sheets", "cut_at_phrase", "fit_sheet", "render_sheets"]
