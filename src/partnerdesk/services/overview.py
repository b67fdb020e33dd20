"""What the *Übersicht* tab shows, counted by the database: the partner map's places, the
partners without coordinates, SDG coverage (projects and budget per goal), partnerships per
type and status, activities per year, all under one filter (year, partnership, type,
responsible unit).

No Qt: the window reads it in one ``ui.background.call`` (on a server one read transaction off
the GUI thread), the tests compare it with their own SQL, the benchmark times it. Every number
is a grouped SQL statement; no record objects are made (100,000 projects count in a few
statements).

What the filter means is decided in ``services.scope``, for the tab and the annual report alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import case, extract, func, literal, select, type_coerce

from partnerdesk.domain.enums import OrganisationKind, PartnershipStatus, PartnershipType
from partnerdesk.domain.text import sort_key
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import (
    ActivityRow,
    OrganisationRow,
    PartnershipRow,
    ProjectGoalRow,
    ProjectParticipantRow,
    ProjectRow,
)
from partnerdesk.persistence.types import Amount
from partnerdesk.services.scope import OverviewFilter as OverviewFilter  # the tab's filter (re-exported)
from partnerdesk.services.scope import activity_where, in_year, partnership_where, project_where

#: The currency budgets are summed in; budgets in others are counted apart (``Overview.other_currency``).
CURRENCY = "EUR"


class MapPoint(NamedTuple):
    """One place on the map: a partnership at its partner's place, or a project place (a
    municipality abroad taking part in projects without partnership). A named tuple: 7,000 of
    them are made in a few milliseconds."""

    #: What a click opens: ("partnerships", id), ("projects", id) for a place of one project,
    #: ("organisations", id) for a place of several.
    record_kind: str
    record_id: str
    organisation_id: str
    place: str
    title: str
    #: The partnership's type; None for a project place.
    type: PartnershipType | None
    latitude: float
    longitude: float
    projects: int


@dataclass(frozen=True)
class MissingPlace:
    """A partner municipality without coordinates, with the partnerships it is partner of."""

    organisation_id: str
    name: str
    partnerships: tuple[str, ...]


@dataclass(frozen=True)
class GoalCoverage:
    goal: int
    projects: int
    #: Sum of the budgets in ``CURRENCY`` of those projects.
    budget: Decimal


@dataclass
class Overview:
    points: list[MapPoint] = field(default_factory=list)
    missing: list[MissingPlace] = field(default_factory=list)
    goals: list[GoalCoverage] = field(default_factory=list)
    #: Partnerships per (type, status).
    types: dict[tuple[PartnershipType, PartnershipStatus], int] = field(default_factory=dict)
    activities_per_year: list[tuple[int, int]] = field(default_factory=list)
    partnerships: int = 0
    projects: int = 0
    activities: int = 0
    #: Projects under the filter whose budget is in another currency (not in the budget sums).
    other_currency: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.partnerships or self.projects or self.activities or self.points)


@dataclass(frozen=True)
class OverviewChoices:
    """What the filters offer: partnerships and city units by name, the years with data."""

    partnerships: list[tuple[str, str]]
    units: list[tuple[str, str]]
    years: list[int]


# Reading ------------------------------------------------------------------------------------


def read_overview(db: Database, f: OverviewFilter) -> Overview:
    """Everything the tab shows under ``f`` (one read transaction)."""
    with db.read() as session:
        result = Overview()
        _places(session, f, result)
        _project_places(session, f, result)
        _goals(session, f, result)
        for type_, status, count in session.execute(
            select(PartnershipRow.type, PartnershipRow.status, func.count())
            .where(partnership_where(f)).group_by(PartnershipRow.type, PartnershipRow.status)
        ):
            result.types[(PartnershipType(type_), PartnershipStatus(status))] = int(count)
        result.partnerships = sum(result.types.values())
        projects = session.execute(
            select(func.count(), func.coalesce(func.sum(case((ProjectRow.budget_currency != CURRENCY, 1), else_=0)), 0))
            .select_from(ProjectRow).where(project_where(f))
        ).one()
        result.projects, result.other_currency = int(projects[0]), int(projects[1])
        result.activities_per_year = _activities_per_year(session, f)
        result.activities = sum(n for _y, n in result.activities_per_year)
    return result


def _activities_per_year(session: Any, f: OverviewFilter) -> list[tuple[int, int]]:
    """Activities per year (years with none left out). Without a partnership, type or unit filter
    each year is counted as a range of the date index (first and last day from the index too):
    grouped by the year computed per row, 100,000 activities took four times as long."""
    if f.picks_records:
        year = extract("year", ActivityRow.date)
        return [
            (int(y), int(n)) for y, n in session.execute(
                select(year, func.count()).where(activity_where(f)).group_by(year).order_by(year)
            ) if y is not None
        ]
    # Apart, without "WHERE 1 = 1": so SQLite takes each from one end of the index.
    ends = [select(end(ActivityRow.date)) for end in (func.min, func.max)]
    if f.year is not None:
        ends = [end.where(activity_where(f)) for end in ends]
    first, last = session.execute(select(*(end.scalar_subquery() for end in ends))).one()
    if first is None or last is None:
        return []
    years = list(range(first.year, last.year + 1))
    counts = session.execute(select(*(
        select(func.count()).select_from(ActivityRow).where(in_year(ActivityRow.date, y)).scalar_subquery() for y in years
    ))).one()
    return [(y, int(n)) for y, n in zip(years, counts, strict=True) if n]


def _places(session: Any, f: OverviewFilter, result: Overview) -> None:
    counts = (
        select(ProjectRow.partnership_id.label("pid"), func.count().label("n"))
        .where(ProjectRow.partnership_id.is_not(None), project_where(f)).group_by(ProjectRow.partnership_id).subquery()
    )
    rows = session.execute(
        select(PartnershipRow.id, PartnershipRow.title, PartnershipRow.type, OrganisationRow.id, OrganisationRow.name,
               OrganisationRow.latitude, OrganisationRow.longitude, func.coalesce(counts.c.n, 0))
        .join(OrganisationRow, OrganisationRow.id == PartnershipRow.partner_id)
        .outerjoin(counts, counts.c.pid == PartnershipRow.id)
        .where(partnership_where(f))
    ).all()
    missing: dict[str, tuple[str, list[str]]] = {}
    types = {t.value: t for t in PartnershipType}
    points = result.points
    for pid, title, type_, org_id, name, lat, lon, projects in rows:
        if lat is None or lon is None:
            missing.setdefault(org_id, (name, []))[1].append(title)
            continue
        points.append(MapPoint("partnerships", pid, org_id, name, title, types[type_], lat, lon, projects))
    result.missing = sorted((MissingPlace(org_id, name, tuple(sorted(titles, key=sort_key)))
                             for org_id, (name, titles) in missing.items()), key=lambda m: sort_key(m.name))


def _project_places(session: Any, f: OverviewFilter, result: Overview) -> None:
    """Municipalities abroad that take part in projects without partnership (the sheet's "Projektort")."""
    if f.partnership_id or f.type is not None:
        return  # such projects belong to no partnership, so to no partnership or type
    # Counted per organisation first (the link rows only), then the few thousand places looked up:
    # grouped after the join, every one of the link rows carried the organisation's name and place
    # through the sort (a third slower on 25,000 projects).
    counts = (
        select(ProjectParticipantRow.organisation_id.label("oid"), func.count().label("n"),  # one row per project and partner
               func.min(ProjectRow.id).label("first_id"), func.min(ProjectRow.title).label("first_title"))
        .join(ProjectRow, ProjectRow.id == ProjectParticipantRow.project_id)
        .where(ProjectRow.partnership_id.is_(None), project_where(f))
        .group_by(ProjectParticipantRow.organisation_id).subquery()
    )
    rows = session.execute(
        select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.latitude, OrganisationRow.longitude,
               counts.c.n, counts.c.first_id, counts.c.first_title)
        .join(counts, counts.c.oid == OrganisationRow.id)
        .where(OrganisationRow.kind == OrganisationKind.MUNICIPALITY.value,
               OrganisationRow.country.not_in(["", "DE"]),
               OrganisationRow.latitude.is_not(None), OrganisationRow.longitude.is_not(None))
    ).all()
    for org_id, name, lat, lon, count, first_id, first_title in rows:
        one = int(count) == 1
        result.points.append(MapPoint(
            "projects" if one else "organisations", first_id if one else org_id, org_id, name,
            first_title if one else "", None, float(lat), float(lon), int(count),
        ))


def _goals(session: Any, f: OverviewFilter, result: Overview) -> None:
    budget = type_coerce(
        func.coalesce(func.sum(case((ProjectRow.budget_currency == CURRENCY, ProjectRow.budget_amount), else_=None)), literal(0)),
        Amount(),
    )
    # Grouped by "goal + 0", not the bare column: grouped by the column, SQLite walks the goal index
    # and looks each project up at random (0.5 s for 100,000 projects); by the expression it scans
    # the projects and finds their goals in the link table's own index (less than half of that).
    goal = (ProjectGoalRow.goal + 0).label("goal")
    if f.is_empty:
        # Unfiltered: the projects per goal from the goal index alone, and only the projects with a
        # budget in euros joined to their goals (a third fewer rows sorted by goal on the benchmark).
        projects = dict(session.execute(select(ProjectGoalRow.goal, func.count()).group_by(ProjectGoalRow.goal)).all())
        budgets = dict(session.execute(
            select(goal, budget).select_from(ProjectRow).join(ProjectGoalRow, ProjectGoalRow.project_id == ProjectRow.id)
            .where(ProjectRow.budget_currency == CURRENCY, ProjectRow.budget_amount.is_not(None)).group_by(goal)
        ).all())
        found = {int(number): (int(n), budgets.get(number) or Decimal(0)) for number, n in projects.items()}
    else:
        found = {
            int(number): (int(n), total or Decimal(0)) for number, n, total in session.execute(
                select(goal, func.count(), budget)
                .select_from(ProjectRow).join(ProjectGoalRow, ProjectGoalRow.project_id == ProjectRow.id)
                .where(project_where(f)).group_by(goal)
            )
        }
    result.goals = [GoalCoverage(g, *found.get(g, (0, Decimal(0)))) for g in range(1, 18)]


def read_choices(db: Database) -> OverviewChoices:
    """The filters' choices: every partnership, every city unit, and the years from the first to
    the last with an activity, a project start or a partnership start (newest first; the first
    and last days come from the indexes, a year between without data shows as such)."""
    with db.read() as session:
        partnerships = [(i, t) for i, t in session.execute(
            select(PartnershipRow.id, PartnershipRow.title).order_by(PartnershipRow.title_key))]
        units = [(i, n) for i, n in session.execute(
            select(OrganisationRow.id, OrganisationRow.name)
            .where(OrganisationRow.kind == OrganisationKind.CITY_UNIT.value).order_by(OrganisationRow.name_key))]
        ends = session.execute(select(
            select(func.min(ActivityRow.date)).scalar_subquery(), select(func.max(ActivityRow.date)).scalar_subquery(),
            select(func.min(ProjectRow.start_date)).scalar_subquery(), select(func.max(ProjectRow.start_date)).scalar_subquery(),
            select(func.min(ProjectRow.start_year)).scalar_subquery(), select(func.max(ProjectRow.start_year)).scalar_subquery(),
            select(func.min(PartnershipRow.start_year)).scalar_subquery(), select(func.max(PartnershipRow.start_year)).scalar_subquery(),
        )).one()
    years = [end if isinstance(end, int) else end.year for end in ends if end is not None]
    return OverviewChoices(partnerships, units, list(range(max(years), min(years) - 1, -1)) if years else [])


def read_all(db: Database, f: OverviewFilter, choices: OverviewChoices | None) -> tuple[OverviewChoices, Overview]:
    """The tab's one call: the choices (read once per database; ``choices`` when known) and the overview."""
    return choices if choices is not None else read_choices(db), read_overview(db, f)


def projected(points: Sequence[MapPoint], projection: Any) -> list[tuple[float, float, MapPoint]]:
    """``(x, y, point)`` for each point with ``projection.xy`` (``geography.projection``)."""
    return [(*projection.xy(p.longitude, p.latitude), p) for p in points]
