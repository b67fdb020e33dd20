"""What the annual report says, once, for the PDF (``pdf``) and the Word document (``docx``).

Built from the collected data (``services.annual_report``) and the office's wording
(``texts``). Tables carry their cells as plain text, so both writers print the same numbers
and the tests read them back from either file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from partnerdesk.documents.annual_report.texts import Texts
from partnerdesk.documents.layout import DocumentInfo
from partnerdesk.domain import sdg
from partnerdesk.domain.enums import PartnershipType
from partnerdesk.domain.grants import money_text
from partnerdesk.domain.validation import day_text
from partnerdesk.i18n import _, ngettext
from partnerdesk.services.annual_report_data import AnnualReportData, GoalLine, MapPoint, Money, PartnershipLine


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Relative column widths (the writers scale them to the page).
    widths: tuple[float, ...]
    #: Rows printed in bold (totals).
    bold_rows: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Block:
    """``text``, ``subheading``, ``bullet``, ``question`` (text = question, value = answer), ``table``,
    ``chart`` (the SDG bars) and ``map`` (the partners in the world); a chart's or map's text is its
    caption (Word prints it below the picture and as its alt text)."""

    kind: str
    text: str = ""
    value: str = ""
    table: Table | None = None
    goals: tuple[GoalLine, ...] = ()
    points: tuple[MapPoint, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ReportContent:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footer: str
    info: DocumentInfo = field(compare=False, hash=False, repr=False)


def money_list(amounts: Iterable[Money]) -> str:
    return " + ".join(money_text(m.amount, m.currency) for m in amounts) or money_text(Decimal(0), "EUR")


def _counted(data: AnnualReportData) -> dict[str, str]:
    return {
        "partnerships": ngettext("{count} partnership", "{count} partnerships", len(data.partnerships)).format(
            count=len(data.partnerships)),
        "activities": ngettext("{count} activity", "{count} activities", data.activity_count).format(
            count=data.activity_count),
        "projects": ngettext("{count} project", "{count} projects", len(data.projects)).format(count=len(data.projects)),
        "decisions": ngettext("{count} decision", "{count} decisions", len(data.decisions)).format(
            count=len(data.decisions)),
    }


def _listing(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _none(data: AnnualReportData, t: Texts, key: str) -> str:
    """The sentence for "nothing recorded"; under a filter its ``_filter`` form, which names the selection
    (nothing in the selection is not nothing in the year)."""
    chosen = data.filter.label
    return t.text(f"{key}_filter", year=data.year, filter=chosen) if chosen else t.text(key, year=data.year)


def _stage(p: PartnershipLine) -> str:
    return f"{p.stage} ({day_text(p.stage_on)})" if p.stage and p.stage_on else p.stage or "–"


def _partnerships(data: AnnualReportData, t: Texts) -> Section:
    y = data.year
    counted = _counted(data)
    if not data.partnerships:
        blocks: list[Block] = [Block("text", _none(data, t, "text_partnerships_none"))]
    else:
        blocks = [Block("text", t.text("text_partnerships", year=y, **counted))]
        rows = tuple(
            (p.title, " – ".join(x for x in (p.partner, p.country) if x), p.type, _stage(p), str(p.activities))
            for p in data.partnerships
        )
        total = ("", "", "", _("Total"), str(sum(p.activities for p in data.partnerships)))
        blocks.append(Block("table", table=Table(
            (_("Partnership"), _("Partner"), _("Type"), _("Stage on 31 December"), _("Activities")),
            (*rows, total), (3.0, 2.4, 2.1, 2.5, 1.3), frozenset({len(rows)}),
        )))
        if data.activity_kinds:
            kinds = tuple((kind, str(count)) for kind, count in sorted(data.activity_kinds.items(), key=lambda kv: (-kv[1], kv[0])))
            blocks.append(Block("table", table=Table((_("Kind of activity"), _("Number")), kinds, (4.0, 1.2))))
        for p in data.partnerships:
            if not p.listed:
                continue
            blocks.append(Block("subheading", p.title))
            for a in p.listed:
                head = " · ".join(x for x in (day_text(a.day), a.kind, a.title) if x)
                blocks.append(Block("bullet", head + (f" ({a.place})" if a.place.strip() else "")))
            if p.activities > len(p.listed):
                blocks.append(Block("bullet", t.text("more_activities", count=p.activities - len(p.listed))))
    return Section("partnerships", t.text("heading_partnerships", year=y), tuple(blocks))


def _projects(data: AnnualReportData, t: Texts) -> Section:
    y = data.year
    if not data.projects:
        return Section("projects", t.text("heading_projects", year=y), (Block("text", _none(data, t, "text_projects_none")),))
    blocks = [Block("text", t.text("text_projects", year=y, budget=money_list(data.budgets), funding=money_list(data.funding),
                                   **_counted(data)))]
    rows = []
    for p in data.projects:
        sources = "; ".join(
            f"{name}: {money_text(m.amount, m.currency)}" if m else name for name, m in p.sources
        )
        rows.append((
            p.title, p.partnership or "–", p.status,
            money_text(p.budget.amount, p.budget.currency) if p.budget else "–",
            money_list(p.funding) if p.funding else "–", sources or "–",
        ))
    total = ("", "", _("Total"), money_list(data.budgets), money_list(data.funding), "")
    blocks.append(Block("table", table=Table(
        (_("Project"), _("Partnership"), _("Status"), _("Budget"), _("Funding received"), _("Sources of funding")),
        (*rows, total), (3.0, 2.4, 1.4, 1.8, 1.8, 2.6), frozenset({len(rows)}),
    )))
    return Section("projects", t.text("heading_projects", year=y), tuple(blocks))


def _grants(data: AnnualReportData, t: Texts) -> Section:
    y = data.year
    if not data.grants:
        return Section("grants", t.text("heading_grants", year=y), (Block("text", _none(data, t, "text_grants_none")),))
    rows = tuple(
        (" · ".join(x for x in (g.title, g.reference) if x), g.funder or "–",
         money_text(g.approved.amount, g.approved.currency) if g.approved else "–",
         money_text(g.received.amount, g.received.currency) if g.received else "–",
         "; ".join(g.projects) or "–")
        for g in data.grants
    )
    total = ("", _("Total"), money_list(data.grants_approved), money_list(data.grants_received), "")
    return Section("grants", t.text("heading_grants", year=y), (
        Block("text", t.text("text_grants", year=y, approved=money_list(data.grants_approved),
                             received=money_list(data.grants_received))),
        Block("table", table=Table((_("Grant"), _("Funder and programme"), _("Approved amount"), _("Received in the year"),
                                    _("Projects")), (*rows, total), (3.0, 2.6, 1.8, 1.8, 2.6), frozenset({len(rows)}))),
    ))


def _sdg(data: AnnualReportData, t: Texts, figure: int) -> Section:
    y = data.year
    if not any(g.projects for g in data.goals):
        return Section("sdg", t.text("heading_sdg", year=y), (Block("text", t.text("text_sdg_none", year=y)),))
    blocks = [Block("text", t.text("text_sdg", year=y)),
              Block("chart", t.text("caption_sdg", year=y, number=figure), goals=tuple(data.goals))]
    rows = tuple(
        (f"{g.goal} {sdg.goal(g.goal).short('de')}", str(g.projects), money_text(g.budget, "EUR"), str(g.partnerships))
        for g in data.goals
    )
    blocks.append(Block("table", table=Table(
        (_("SDG"), _("Projects"), _("Budget (EUR)"), _("Partnerships")), rows, (4.0, 1.2, 2.0, 1.4))))
    if data.other_budgets:
        blocks.append(Block("text", t.text("text_sdg_other_currencies", budget=money_list(data.other_budgets))))
    return Section("sdg", t.text("heading_sdg", year=y), tuple(blocks))


def _map(data: AnnualReportData, t: Texts, figure: int) -> Section:
    y = data.year
    if not data.map_points:
        return Section("map", t.text("heading_map", year=y), (Block("text", t.text("text_map_none", year=y)),))
    return Section("map", t.text("heading_map", year=y), (
        Block("text", t.text("text_map", year=y)),
        Block("map", t.text("caption_map", year=y, number=figure), points=tuple(data.map_points)),
    ))


def _indicators(data: AnnualReportData, t: Texts) -> Section:
    y = data.year
    if not data.indicators:
        return Section("indicators", t.text("heading_indicators", year=y),
                       (Block("text", t.text("text_indicators_none", year=y)),))
    rows = tuple((i.programme, i.indicator, i.unit, i.baseline, i.target, i.latest, i.progress or "–")
                 for i in data.indicators)
    return Section("indicators", t.text("heading_indicators", year=y), (
        Block("text", t.text("text_indicators", year=y)),
        Block("table", table=Table((_("Partnership"), _("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Latest value"),
                                    _("Reached")), rows, (2.2, 2.8, 1.0, 1.4, 1.4, 1.4, 1.0))),
    ))


def _decisions(data: AnnualReportData, t: Texts) -> Section:
    y = data.year
    if not data.decisions:
        return Section("decisions", t.text("heading_decisions", year=y), (Block("text", _none(data, t, "text_decisions_none")),))
    rows = tuple(
        (day_text(d.day) if d.day else "–", d.body, d.number or "–", d.title, d.result, d.linked or "–") for d in data.decisions
    )
    return Section("decisions", t.text("heading_decisions", year=y), (
        Block("text", t.text("text_decisions", year=y, **_counted(data))),
        Block("table", table=Table((_("Date"), _("Body"), _("Drucksache"), _("Subject"), _("Result"), _("Concerns")),
                                   rows, (1.5, 1.6, 1.3, 3.2, 1.3, 2.4))),
    ))


def _sdg17(data: AnnualReportData, t: Texts) -> Section:
    y = data.year
    none = _none(data, t, "a_none")
    types: dict[str, int] = {}
    for p in data.partnerships:
        types[p.type] = types.get(p.type, 0) + 1
    goals = ", ".join(
        ngettext("SDG {goal} {title} ({count} project)", "SDG {goal} {title} ({count} projects)", g.projects).format(
            goal=g.goal, title=sdg.goal(g.goal).short("de"), count=g.projects)
        for g in sorted(data.goals, key=lambda g: (-g.projects, g.goal)) if g.projects
    )
    answers = [
        ("q_partnerships", t.text("a_partnerships", year=y, partnerships=_counted(data)["partnerships"], types=_listing(types))
         if data.partnerships else none),
        ("q_partners", t.text("a_partners", year=y, countries=_listing(data.countries)) if data.countries else none),
        ("q_goals", t.text("a_goals", year=y, goals=goals) if goals else none),
        ("q_actors", t.text("a_actors", year=y, actors=_listing(data.actors)) if data.actors else none),
        ("q_money", t.text("a_money", year=y, budget=money_list(data.budgets), funding=money_list(data.funding),
                           grants=money_list(data.grants_received))
         if data.budgets or data.funding or data.grants_received else none),
    ]
    blocks = [Block("text", t.text("text_sdg17", year=y))]
    blocks += [Block("question", t.text(key, year=y), answer) for key, answer in answers]
    return Section("sdg17", t.text("heading_sdg17", year=y), tuple(blocks))


def _missing(data: AnnualReportData, t: Texts) -> Section:
    y = data.year
    if not data.missing:
        return Section("missing", t.text("heading_missing", year=y), (Block("text", t.text("text_missing_none", year=y)),))
    return Section("missing", t.text("heading_missing", year=y), (
        Block("text", t.text("text_missing", year=y)), *(Block("bullet", gap) for gap in data.missing),
    ))


def report_content(data: AnnualReportData, texts: Texts, *, on: date, author: str = "", invariant: bool = False) -> ReportContent:
    y, city = data.year, data.city
    subtitle = t_subtitle = texts.text("subtitle", year=y, city=city) if city else texts.text("subtitle_no_city", year=y)
    if data.filter.label:
        subtitle = f"{t_subtitle} · {texts.text('filter', year=y, filter=data.filter.label)}"
    intro = Section("intro", "", (Block("text", texts.text("intro", year=y, city=city, date=day_text(on), **_counted(data))),))
    sdg_section = _sdg(data, texts, figure=1)
    figures = sum(1 for b in sdg_section.blocks if b.kind == "chart")
    sections = (
        intro, _partnerships(data, texts), _projects(data, texts), _grants(data, texts), sdg_section,
        _map(data, texts, figure=figures + 1),
        _indicators(data, texts), _decisions(data, texts), _sdg17(data, texts), _missing(data, texts),
    )
    title = texts.text("title", year=y, city=city)
    info = DocumentInfo(title=title, author=author, subject=_("Annual report"),
                        keywords=[_("Annual report"), str(y), "SDG 17"], invariant=invariant)
    return ReportContent(title, subtitle, sections, texts.text("footer", year=y, city=city), info)


def type_label(value: str) -> str:
    try:
        return PartnershipType(value).label
    except ValueError:
        return value
