"""The Sachbericht draft (narrative report) of a grant's proof of use, for the office to edit.

Compiled from plain inputs (``ReportInput``: the grant, the reporting period, the funded
projects' aims and results, the activities), so the service that reads the database feeds it
and nothing here knows of one. One content model (``report_content``) is written as PDF here
(ReportLab, like the project sheet) and as Word (``grant_report_docx``, like the MoU), in the
order ANBest-P 6.2 asks of a Sachbericht: what was done with the grant, the results against
the aims, the main figures of the numeric proof explained, why the work was needed and
appropriate. What only the office can say is left as a marked gap ("[Bitte ergänzen: …]").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.text import markup
from partnerdesk.domain.grants import ZERO, Grant, money_text, rate_text
from partnerdesk.domain.validation import day_text
from partnerdesk.exchange.grant_proof import Period, checked_period, line_figures, transfers_in
from partnerdesk.i18n import _


@dataclass(frozen=True, slots=True)
class ReportProject:
    """A project the grant funds: its aims (summary) and results, as the register holds them."""

    title: str
    summary: str = ""
    results: str = ""


@dataclass(frozen=True, slots=True)
class ReportActivity:
    """Something done for the project: a meeting, a visit, a workshop."""

    title: str
    day: date | None = None
    last_day: date | None = None
    place: str = ""
    kind: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ReportInput:
    grant: Grant
    start: date
    end: date
    projects: tuple[ReportProject, ...] = ()
    activities: tuple[ReportActivity, ...] = ()
    #: The recipient of the grant (the city's office), as the letterhead names it.
    recipient: str = ""
    author: str = ""
    #: Byte-identical output for the same input (tests).
    invariant: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a section: a paragraph, a bullet, a gap to fill in, or a label/value fact."""

    kind: str  # "text", "bullet", "gap", "fact", "subheading"
    text: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ReportContent:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footer: str
    info: layout.DocumentInfo = field(compare=False, hash=False, repr=False)


def _gap(what: str) -> Block:
    return Block("gap", _("[Please add: {what}]").format(what=what))


def activities_in(activities: tuple[ReportActivity, ...], period: Period) -> list[ReportActivity]:
    """The activities of the period (a visit counts if any of its days is in it), by date."""
    chosen = [
        a for a in activities if a.day is not None and a.day <= period.end and (a.last_day or a.day) >= period.start
    ]
    return sorted(chosen, key=lambda a: (a.day or period.start, a.title))


def _activity_text(activity: ReportActivity) -> str:
    day = day_text(activity.day) if activity.day else ""
    if activity.last_day and activity.day and activity.last_day != activity.day:
        day = f"{day} – {day_text(activity.last_day)}"
    head = " · ".join(p for p in (day, activity.kind.strip(), activity.title.strip()) if p)
    if activity.place.strip():
        head += f" ({activity.place.strip()})"
    return head


def report_content(data: ReportInput) -> ReportContent:
    """What the Sachbericht says, in the program's language (German by default)."""
    grant = data.grant
    period = checked_period(data.start, data.end)

    def money(amount: Decimal) -> str:
        return money_text(amount, grant.currency)

    facts = [
        (_("Recipient"), data.recipient),
        (_("Funder"), " – ".join(p for p in (grant.funder, grant.programme) if p)),
        (_("Grant"), grant.title),
        (_("File reference"), grant.file_reference),
        (_("Decision of"), day_text(grant.decision_date) if grant.decision_date else ""),
        (
            _("Approved period"),
            f"{day_text(grant.period_start)} – {day_text(grant.period_end)}"
            if grant.period_start and grant.period_end
            else "",
        ),
        (_("Reporting period"), period.text),
        (_("Grant approved"), money(grant.approved_amount)),
        (_("Financing"), grant.financing_kind.label),
        (_("Funding rate"), rate_text(grant.funding_rate) if grant.funding_rate is not None else ""),
    ]
    sections = [Section(_("1. The grant"), tuple(Block("fact", label, value) for label, value in facts if value))]

    aims: list[Block] = []
    for project in data.projects:
        aims.append(Block("subheading", project.title))
        aims.append(Block("text", project.summary) if project.summary.strip() else _gap(_("the project's aims")))
    sections.append(Section(_("2. Aims of the project"), tuple(aims or [_gap(_("the project's aims"))])))

    done = [Block("bullet", _activity_text(a), a.notes.strip()) for a in activities_in(data.activities, period)]
    sections.append(
        Section(
            _("3. What was done in the reporting period"),
            tuple(done or [_gap(_("the measures carried out in the reporting period"))]),
        )
    )

    results: list[Block] = []
    for project in data.projects:
        if project.results.strip():
            results.append(Block("subheading", project.title))
            results.append(Block("text", project.results))
    results.append(_gap(_("how the results compare with the aims, and any deviations")))
    sections.append(Section(_("4. Results compared with the aims"), tuple(results)))

    lines = line_figures(grant, period)
    spent = sum((x.actual for x in lines), ZERO)
    planned = sum((x.planned for x in lines), ZERO)
    figures: list[Block] = [
        Block(
            "text",
            _("In the reporting period {spent} were spent against {planned} planned.").format(
                spent=money(spent), planned=money(planned)
            ),
        )
    ]
    for line in lines:
        rate = line.difference_rate
        if line.difference > ZERO:
            figures.append(
                Block(
                    "bullet",
                    _("{line}: {actual} spent against {planned} planned ({rate}).").format(
                        line=f"{line.number} {line.title}".strip(),
                        actual=money(line.actual),
                        planned=money(line.planned),
                        rate="+" + rate_text(rate) if rate is not None else _("nothing planned"),
                    ),
                )
            )
    transfers = transfers_in(grant, period)
    if transfers:
        passed = sum((t.amount for t in transfers), ZERO)
        figures.append(
            Block("text", _("Passed on to partners in the reporting period: {amount}.").format(amount=money(passed)))
        )
    figures.append(_gap(_("the main items of the numeric proof")))
    sections.append(Section(_("5. The numeric proof explained"), tuple(figures)))
    sections.append(
        Section(
            _("6. Need for and appropriateness of the work done"), (_gap(_("why the work was needed and appropriate")),)
        )
    )
    sections.append(Section(_("7. Outlook"), (_gap(_("the next steps and how the results will last")),)))

    title = _("Narrative report (draft)")
    subtitle = f"{grant.label} · {_('Reporting period')} {period.text}"
    info = layout.DocumentInfo(
        title=f"{title}: {grant.title}",
        author=data.author,
        subject=_("Proof of use"),
        keywords=[_("Narrative report"), grant.file_reference] if grant.file_reference else [_("Narrative report")],
        invariant=data.invariant,
    )
    return ReportContent(
        title, subtitle, tuple(sections), _("Draft · narrative report · {grant}").format(grant=grant.title), info
    )


def _story(content: ReportContent, width: float) -> list[Flowable]:
    st = layout.styles()
    story: list[Flowable] = [
        Paragraph(markup(content.title), st["title"]),
        Paragraph(markup(content.subtitle), st["subtitle"]),
        Spacer(1, 5 * mm),
    ]
    for section in content.sections:
        story += [Spacer(1, 3 * mm), Paragraph(markup(section.heading), st["heading"]), Spacer(1, 1.5 * mm)]
        facts = [b for b in section.blocks if b.kind == "fact"]
        if facts:
            table = Table(
                [[Paragraph(markup(b.text), st["label"]), Paragraph(markup(b.value), st["body"])] for b in facts],
                colWidths=[42 * mm, width - 42 * mm],
                splitInRow=1,
            )
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            story.append(table)
        for block in section.blocks:
            if block.kind == "subheading":
                story.append(Paragraph(f"<b>{markup(block.text)}</b>", st["body"]))
            elif block.kind == "text":
                story += [Paragraph(markup(block.text), st["body"]), Spacer(1, 1.5 * mm)]
            elif block.kind == "bullet":
                text = markup(block.text) + (f"<br/>{markup(block.value)}" if block.value else "")
                story.append(Paragraph(text, st["bullet"], bulletText="•"))
            elif block.kind == "gap":
                story += [Paragraph(f"<i>{markup(block.text)}</i>", st["muted"]), Spacer(1, 1.5 * mm)]
    return story


def render_report_pdf(data: ReportInput, stream: BinaryIO) -> ReportContent:
    content = report_content(data)
    layout.build_plain(stream, content.info, lambda width: _story(content, width), content.footer)
    return content


def build_report_pdf(data: ReportInput, path: str | os.PathLike[str]) -> str:
    """Write the Sachbericht draft as PDF to ``path`` (atomically)."""
    checked_period(data.start, data.end)
    return str(layout.write_pdf(path, lambda stream: render_report_pdf(data, stream)))
