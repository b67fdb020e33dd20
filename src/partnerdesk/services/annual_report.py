"""The annual report's data for one year, read in one read transaction (issue 24).

What the year covers (which records: ``services.scope``, the same meaning as the Übersicht's):

* partnerships that had begun by the end of the year (official start, else the first dated
  stage, none recorded counts as begun) and had not ended, or that had activities in the year
  although ended; each with the stage its timeline had reached on 31 December
  (``partnership_stages``, rev. 0011), the number of its activities in the year and the newest
  few of them by name;
* projects running in the year (start on or before 31 December, end on or after 1 January, a
  project without a start counts as begun, cancelled ones are left out), with status, budget and
  the funding sources recorded;
* the SDG coverage of those projects (projects, partnerships and euro budget per goal);
* the council's and committees' decisions dated in the year (rev. 0016);
* the organisations that took part (in the year's activities, as participants of the year's
  projects, as partners), by kind, and the partners' countries.

Counts and sums are made in SQL (100,000 activities are counted, not loaded); only a few
activities per partnership are read by name. A filter (partnership type, responsible unit)
narrows partnerships, projects and the activities of either, as the Übersicht's does. Nothing recorded is never an error: the
report then lists what is missing (``AnnualReportData.missing``).

Action programmes (issue 24): ``INDICATOR_SOURCES`` is a list of functions ``(session, year,
partnership_ids) -> list[IndicatorLine]``, the programmes' own first
(``services.programme_indicators``); the report prints a table "Indikatoren".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from partnerdesk.domain import countries
from partnerdesk.domain.enums import (
    ActivityKind,
    DecisionBody,
    DecisionResult,
    OrganisationKind,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    StageKind,
)
from partnerdesk.domain.errors import UserError
from partnerdesk.geography.boundaries import valid_place
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import (
    ActivityAttendeeRow,
    ActivityOrganisationRow,
    ActivityRow,
    DecisionRow,
    FundingSourceRow,
    OrganisationRow,
    PartnershipGoalRow,
    PartnershipRow,
    PartnershipStageRow,
    ProjectGoalRow,
    ProjectParticipantRow,
    ProjectRow,
)
from partnerdesk.services import programme_indicators
from partnerdesk.services.annual_report_data import (
    LISTED_ACTIVITIES,
    ActivityLine,
    AnnualReportData,
    DecisionLine,
    GoalLine,
    IndicatorLine,
    MapPoint,
    Money,
    PartnershipLine,
    ProjectLine,
    ReportFilter,
    sums,
)
from partnerdesk.services.annual_report_grants import collect_grants
from partnerdesk.services.progress import ProgressCallback, no_progress
from partnerdesk.services.scope import OverviewFilter, activity_where, partnership_where, project_where

#: The years a report may be asked for.
FIRST_YEAR, LAST_YEAR = 1900, 2200

IndicatorSource = Callable[[Session, int, list[str]], list[IndicatorLine]]
#: Functions that give the action programmes' indicators (see the module docstring).
INDICATOR_SOURCES: list[IndicatorSource] = [programme_indicators.indicator_lines]


class ReportYearError(UserError):
    def __init__(self, text: object) -> None:
        super().__init__(
            _("“{text}” is not a year for the annual report (a year from {first} to {last}).").format(
                text=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        )


def checked_year(value: object) -> int:
    """The year as a number, or ``ReportYearError`` naming what was given."""
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ReportYearError(value) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ReportYearError(value)
    return year


def _label(enum: Any, value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value


def collect(
    db: Database, year: object, report_filter: ReportFilter | None = None, progress: ProgressCallback = no_progress
) -> AnnualReportData:
    """The report's data for ``year`` (checked first: ``ReportYearError``)."""
    number = checked_year(year)
    chosen = report_filter or ReportFilter()
    if chosen.partnership_type and chosen.partnership_type not in PartnershipType.values():
        raise UserError(_("“{text}” is not a partnership type.").format(text=chosen.partnership_type))
    with db.read() as session:
        return _collect(session, number, chosen, progress)


def _collect(session: Session, year: int, chosen: ReportFilter, progress: ProgressCallback) -> AnnualReportData:
    first, last = date(year, 1, 1), date(year, 12, 31)
    data = AnnualReportData(year=year, filter=chosen, city=_home_city(session))
    progress(0, 6, _("Partnerships"))
    scope = report_scope(year, chosen)

    # Partnerships: which ones, and how many activities each had in the year.
    # One pass over the year's activities: counted per partnership and kind (the kinds of an
    # unfiltered report are summed from it; a filtered one counts its own below).
    by_partnership_kind = session.execute(
        select(ActivityRow.partnership_id, ActivityRow.kind, func.count())
        .where(ActivityRow.date.between(first, last)).group_by(ActivityRow.partnership_id, ActivityRow.kind)
    ).all()
    per_partnership: dict[str, int] = defaultdict(int)
    all_kinds: dict[str, int] = defaultdict(int)
    for pid, kind, count in by_partnership_kind:
        if pid is not None:
            per_partnership[pid] += count
        all_kinds[kind] += count
    query = select(
        PartnershipRow.id, PartnershipRow.title, PartnershipRow.type, PartnershipRow.status,
        PartnershipRow.start_year, PartnershipRow.start_date, OrganisationRow.name, OrganisationRow.country,
        OrganisationRow.latitude, OrganisationRow.longitude,
    ).join(OrganisationRow, OrganisationRow.id == PartnershipRow.partner_id).where(partnership_where(scope))
    # Which ones: services.scope decides, as for the Übersicht (begun by the year, not ended without
    # an activity in it, of the type or unit chosen).
    kept = session.execute(query.order_by(PartnershipRow.title_key, PartnershipRow.id)).all()
    ids = [row.id for row in kept]
    stages = _stages_at(session, ids, last)
    listed = _listed_activities(session, ids, first, last)
    for row in kept:
        stage = stages.get(row.id)
        began = row.start_date.year if row.start_date else row.start_year
        data.partnerships.append(PartnershipLine(
            id=row.id, title=row.title, partner=row.name, country=countries.country_name(row.country) if row.country else "",
            type=_label(PartnershipType, row.type), status=_label(PartnershipStatus, row.status),
            since=str(began) if began else "", stage=_label(StageKind, stage[0]) if stage else "",
            stage_on=stage[1] if stage else None, activities=per_partnership.get(row.id, 0),
            listed=tuple(listed.get(row.id, ())),
        ))
        if valid_place(row.latitude, row.longitude):
            data.map_points.append(MapPoint(row.latitude, row.longitude, row.name, row.type))
        else:
            data.unplaced.append(row.name)
        if row.country:
            name = countries.country_name(row.country)
            data.countries[name] = data.countries.get(name, 0) + 1

    progress(1, 6, _("Activities"))
    kinds: dict[str, int] = all_kinds
    if not chosen.empty:
        kinds = dict(session.execute(
            select(ActivityRow.kind, func.count()).where(activity_where(scope)).group_by(ActivityRow.kind)
        ).all())
    for kind, count in kinds.items():
        data.activity_kinds[_label(ActivityKind, kind)] = count
        data.activity_count += count

    progress(2, 6, _("Projects"))
    _collect_projects(session, data, scope)
    collect_grants(session, data, first, last)
    progress(3, 6, _("Council decisions"))
    _collect_decisions(session, data, first, last, ids)
    progress(4, 6, _("Participants"))
    _collect_actors(session, data, scope, ids)
    progress(5, 6, _("Indicators"))
    for source in INDICATOR_SOURCES:
        data.indicators.extend(source(session, year, ids))
    data.missing = missing(data)
    progress(6, 6, "")
    return data


def responsible_units(db: Database) -> list[tuple[str, str]]:
    """The city's units (id, name) by name: what the report may be narrowed to."""
    with db.read() as session:
        return list(session.execute(
            select(OrganisationRow.id, OrganisationRow.name)
            .where(OrganisationRow.kind == OrganisationKind.CITY_UNIT.value).order_by(OrganisationRow.name_key)
        ).all())


def _home_city(session: Session) -> str:
    """The city of the city's own body (a city unit with a legal name, as the MoU finds it), or of any unit."""
    rows = session.execute(
        select(OrganisationRow.legal_name, OrganisationRow.city)
        .where(OrganisationRow.kind == OrganisationKind.CITY_UNIT.value, OrganisationRow.city != "")
        .order_by(OrganisationRow.name_key)
    ).all()
    return next((city for legal, city in rows if legal.strip()), rows[0][1] if rows else "")


def _stages_at(session: Session, ids: list[str], last: date) -> dict[str, tuple[str, date]]:
    """Per partnership the latest stage dated on or before ``last`` (kind, date)."""
    order = {kind.value: i for i, kind in enumerate(StageKind)}
    found: dict[str, tuple[str, date]] = {}
    rows = session.execute(
        select(PartnershipStageRow.partnership_id, PartnershipStageRow.kind, PartnershipStageRow.date)
        .where(PartnershipStageRow.date <= last, PartnershipStageRow.partnership_id.in_(ids))
    )
    for pid, kind, day in rows:
        have = found.get(pid)
        if have is None or (day, order.get(kind, 99)) >= (have[1], order.get(have[0], 99)):
            found[pid] = (kind, day)
    return found


def _listed_activities(session: Session, ids: list[str], first: date, last: date) -> dict[str, list[ActivityLine]]:
    """The newest ``LISTED_ACTIVITIES`` activities of the year per partnership: per partnership a
    subquery with LIMIT on the index (partnership, date), so only those few rows are read (a window
    function over the year ranked all 100,000 of them: 0.8 s against 20 ms)."""
    newer = aliased(ActivityRow)
    newest = (
        select(newer.id)
        .where(newer.partnership_id == PartnershipRow.id, newer.date.between(first, last))
        .order_by(newer.date.desc(), newer.id).limit(LISTED_ACTIVITIES)
        .correlate(PartnershipRow)
    )
    lines: dict[str, list[ActivityLine]] = defaultdict(list)
    for pid, day, title, kind, place in session.execute(
        select(ActivityRow.partnership_id, ActivityRow.date, ActivityRow.title, ActivityRow.kind, ActivityRow.place)
        .select_from(PartnershipRow).join(ActivityRow, ActivityRow.id.in_(newest))
        .where(PartnershipRow.id.in_(ids))
        .order_by(ActivityRow.partnership_id, ActivityRow.date.desc(), ActivityRow.id)
    ).all():
        lines[pid or ""].append(ActivityLine(day, title, _label(ActivityKind, kind), place))
    return lines


def report_scope(year: int, chosen: ReportFilter) -> OverviewFilter:
    """The report's year and filter in the Übersicht's terms (``services.scope``: one meaning for both)."""
    return OverviewFilter(
        year=year,
        type=PartnershipType(chosen.partnership_type) if chosen.partnership_type else None,
        unit_id=chosen.responsible_unit_id or None,
    )


def _collect_projects(session: Session, data: AnnualReportData, scope: OverviewFilter) -> None:
    """The projects of the year in three plain queries (rows, funding sources, goals): no ORM objects."""
    titles = dict(session.execute(select(PartnershipRow.id, PartnershipRow.title)).all())
    query = select(ProjectRow).where(project_where(scope))
    chosen_ids = query.with_only_columns(ProjectRow.id)
    rows = session.execute(query.with_only_columns(
        ProjectRow.id, ProjectRow.title, ProjectRow.partnership_id, ProjectRow.status, ProjectRow.budget_amount,
        ProjectRow.budget_currency, ProjectRow.start_date, ProjectRow.start_year, ProjectRow.end_date,
    ).order_by(ProjectRow.title_key, ProjectRow.id)).all()
    sources: dict[str, list[tuple[str, Money | None]]] = defaultdict(list)
    for pid, name, amount, currency in session.execute(
        select(FundingSourceRow.project_id, FundingSourceRow.name, FundingSourceRow.amount, FundingSourceRow.currency)
        .where(FundingSourceRow.project_id.in_(chosen_ids)).order_by(FundingSourceRow.project_id, FundingSourceRow.position)
    ).all():
        sources[pid].append((name, Money(amount, currency or "EUR") if amount is not None else None))
    goals_of: dict[str, list[int]] = defaultdict(list)
    for pid, goal in session.execute(
        select(ProjectGoalRow.project_id, ProjectGoalRow.goal).where(ProjectGoalRow.project_id.in_(chosen_ids))
    ).all():
        goals_of[pid].append(goal)
    per_goal: dict[int, list[Money | None]] = defaultdict(list)
    for row in rows:
        budget = Money(row.budget_amount, row.budget_currency or "EUR") if row.budget_amount is not None else None
        own = tuple(sources.get(row.id, ()))
        goals = tuple(sorted(goals_of.get(row.id, ())))
        data.projects.append(ProjectLine(
            id=row.id, title=row.title, partnership=titles.get(row.partnership_id or "", ""),
            status=_label(ProjectStatus, row.status), budget=budget, sources=own,
            funding=tuple(sums((m.amount, m.currency) for _n, m in own if m is not None)), goals=goals,
            undated=row.start_date is None and row.start_year is None and row.end_date is None,
        ))
        for goal in goals:
            per_goal[goal].append(budget)
    data.budgets = sums((p.budget.amount, p.budget.currency) for p in data.projects if p.budget)
    data.funding = sums((m.amount, m.currency) for p in data.projects for m in p.funding)
    partnership_goals = _partnership_goals(session, [p.id for p in data.partnerships])
    for goal in sorted(set(per_goal) | set(partnership_goals)):
        budgets = per_goal.get(goal, [])
        euros = sum((b.amount for b in budgets if b is not None and b.currency == "EUR"), Decimal(0))
        data.goals.append(GoalLine(goal, len(budgets), euros, partnership_goals.get(goal, 0)))
    data.other_budgets = [m for m in data.budgets if m.currency != "EUR" and any(p.goals for p in data.projects
                                                                                 if p.budget and p.budget.currency == m.currency)]


def _partnership_goals(session: Session, ids: list[str]) -> dict[int, int]:
    rows = session.execute(
        select(PartnershipGoalRow.goal, func.count()).where(PartnershipGoalRow.partnership_id.in_(ids))
        .group_by(PartnershipGoalRow.goal)
    ).all()
    return dict(rows)


def _collect_decisions(session: Session, data: AnnualReportData, first: date, last: date, ids: list[str]) -> None:
    project_ids = {p.id for p in data.projects}
    decisions = session.scalars(
        select(DecisionRow).where(DecisionRow.date.between(first, last)).order_by(DecisionRow.date, DecisionRow.number)
    ).all()
    titles = dict(session.execute(select(PartnershipRow.id, PartnershipRow.title)).all())
    project_titles = dict(session.execute(select(ProjectRow.id, ProjectRow.title)).all())
    for row in decisions:
        partnership_links = [link.partnership_id for link in row.partnerships]
        project_links = [link.project_id for link in row.projects]
        if not data.filter.empty and not (set(partnership_links) & set(ids) or set(project_links) & project_ids):
            continue
        linked = [titles.get(i, "") for i in partnership_links] + [project_titles.get(i, "") for i in project_links]
        data.decisions.append(DecisionLine(
            day=row.date, body=(row.committee.strip() if row.body == DecisionBody.COMMITTEE else "") or _label(DecisionBody, row.body), number=row.number, title=row.title,
            result=_label(DecisionResult, row.result), linked="; ".join(t for t in linked if t),
        ))


def _collect_actors(session: Session, data: AnnualReportData, scope: OverviewFilter, ids: list[str]) -> None:
    in_year = [activity_where(scope)]  # the activities the report counts (services.scope)
    organisations: set[str] = set()
    # Driven from the links (EXISTS on the activity's key): a join let the planner read the year's
    # activities by date first, five times slower.
    for link in (ActivityOrganisationRow, ActivityAttendeeRow):
        organisations.update(session.scalars(
            select(link.organisation_id).where(
                link.organisation_id.is_not(None),
                select(ActivityRow.id).where(ActivityRow.id == link.activity_id, *in_year).exists(),
            ).distinct()
        ))
    project_ids = [p.id for p in data.projects]
    organisations.update(session.scalars(
        select(ProjectParticipantRow.organisation_id).where(ProjectParticipantRow.project_id.in_(project_ids)).distinct()
    ))
    organisations.update(session.scalars(select(PartnershipRow.partner_id).where(PartnershipRow.id.in_(ids))))
    kinds: dict[str, int] = defaultdict(int)
    chunk = sorted(o for o in organisations if o)
    for start in range(0, len(chunk), 500):
        for kind, count in session.execute(
            select(OrganisationRow.kind, func.count()).where(OrganisationRow.id.in_(chunk[start:start + 500]))
            .group_by(OrganisationRow.kind)
        ):
            kinds[kind] += count
    order = OrganisationKind.values()
    data.actors = {_label(OrganisationKind, k): kinds[k] for k in sorted(kinds, key=lambda k: order.index(k) if k in order else 99)}


def missing(data: AnnualReportData) -> list[str]:
    """What the report cannot say for want of records, each as a German sentence for the reader."""
    year, chosen = data.year, data.filter.label
    gaps: list[str] = []
    # Under a filter, nothing recorded in the selection is not nothing recorded in the year: say which.
    if not data.partnerships:
        gaps.append(_("No partnership of the selection ({filter}) is recorded for {year}.").format(year=year, filter=chosen)
                    if chosen else _("No partnership is recorded for {year}.").format(year=year))
    if not data.activity_count:
        gaps.append(_("No activity of the selection ({filter}) is recorded for {year}.").format(year=year, filter=chosen)
                    if chosen else _("No activity is recorded for {year}.").format(year=year))
    if not data.projects:
        gaps.append(_("No project of the selection ({filter}) is recorded as running in {year}.").format(
            year=year, filter=chosen) if chosen else _("No project is recorded as running in {year}.").format(year=year))
    else:
        without_budget = [p.title for p in data.projects if p.budget is None]
        if without_budget:
            gaps.append(_("Projects without a budget: {names}.").format(names=", ".join(without_budget[:20])))
        undated = [p.title for p in data.projects if p.undated]
        if undated:
            gaps.append(_("Projects without start or end (counted in every year): {names}.").format(
                names=", ".join(undated[:20])))
        without_goals = [p.title for p in data.projects if not p.goals]
        if without_goals:
            gaps.append(_("Projects without SDG goals: {names}.").format(names=", ".join(without_goals[:20])))
    staged = [p.title for p in data.partnerships if not p.stage]
    if staged:
        gaps.append(_("Partnerships without a dated stage: {names}.").format(names=", ".join(staged[:20])))
    if data.unplaced:
        gaps.append(_("Partners without coordinates (not on the map): {names}.").format(names=", ".join(data.unplaced[:20])))
    if not data.decisions:
        gaps.append(_("No council decision on the selection ({filter}) is recorded for {year}.").format(
            year=year, filter=chosen) if chosen else _("No council decision is recorded for {year}.").format(year=year))
    if not INDICATOR_SOURCES:
        gaps.append(_("The action programmes' indicators are not recorded in PartnerDesk yet."))
    elif not data.indicators:
        gaps.append(_("No indicator of an action programme is recorded for the report's partnerships."))
    return gaps
