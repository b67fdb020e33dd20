"""What a filter keeps, in one place for the *Übersicht* tab (``services.overview``), its CEMR
export and the annual report (``services.annual_report``): the same year, partnership, type and
responsible unit mean the same records in all of them (issue 24).

* **year** (the report's always; the tab's when chosen):
  - a partnership counts once it has begun: its official start (date, else year), else its first
    dated stage (the first contact); with none of these recorded it counts as begun. An ended
    partnership counts only if it had an activity in the year (its status says it ended, not when).
  - a project counts if it ran in the year: its start (date, else year) not after it, its end not
    before it; **a project without a start counts as begun** (as a partnership without one does),
    so it is in every year until its end, and the report names it under "Was noch fehlt" rather
    than leaving it out unseen; a cancelled project did not run.
  - an activity counts on a day of the year.
* **partnership**: that partnership, its projects, and the activities of either.
* **type**: partnerships of that type, the projects of such partnerships, and the activities of
  either.
* **responsible unit** (a city unit): partnerships whose responsible person is a contact of it;
  projects whose own responsible person is, or, without one, whose partnership's is; and the
  activities of either.

The year applies to each record by its own dates: the activities of 2026 of the chosen
partnerships and projects count, whatever those began. Without any filter everything counts.
Each is a SQL condition (no record objects), on SQLite and PostgreSQL alike; dates are compared
as ranges, so their indexes answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true

from partnerdesk.domain.enums import PartnershipStatus, PartnershipType, ProjectStatus
from partnerdesk.persistence.tables import ActivityRow, ContactRow, PartnershipRow, PartnershipStageRow, ProjectRow


@dataclass(frozen=True)
class OverviewFilter:
    year: int | None = None
    partnership_id: str | None = None
    type: PartnershipType | None = None
    #: A city unit (organisation of kind ``city_unit``): its contacts are responsible.
    unit_id: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.year is None and not self.partnership_id and self.type is None and not self.unit_id

    @property
    def picks_records(self) -> bool:
        """True when a partnership, type or unit is chosen (not only a year)."""
        return bool(self.partnership_id or self.type is not None or self.unit_id)


def in_year(column: Any, year: int) -> ColumnElement[bool]:
    """``column`` (a date) in ``year``, as a range the column's index answers (not its year computed per row)."""
    return and_(column >= date(year, 1, 1), column < date(year + 1, 1, 1))


def _unit_contacts(unit_id: str) -> Any:
    return select(ContactRow.id).where(ContactRow.organisation_id == unit_id)


def partnership_begun(year: int) -> ColumnElement[bool]:
    """Begun by the end of ``year``: the official start, else the first dated stage; none counts as begun."""
    last = date(year, 12, 31)
    first_stage = (
        select(func.min(PartnershipStageRow.date))
        .where(PartnershipStageRow.partnership_id == PartnershipRow.id).correlate(PartnershipRow).scalar_subquery()
    )
    return or_(
        PartnershipRow.start_date <= last,
        and_(PartnershipRow.start_date.is_(None), PartnershipRow.start_year <= year),
        and_(PartnershipRow.start_date.is_(None), PartnershipRow.start_year.is_(None),
             or_(first_stage.is_(None), first_stage <= last)),
    )


def partnership_where(f: OverviewFilter, *, with_year: bool = True) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if f.partnership_id:
        conditions.append(PartnershipRow.id == f.partnership_id)
    if f.type is not None:
        conditions.append(PartnershipRow.type == f.type.value)
    if f.unit_id:
        conditions.append(PartnershipRow.responsible_id.in_(_unit_contacts(f.unit_id)))
    if with_year and f.year is not None:
        conditions.append(partnership_begun(f.year))
        met = (
            select(ActivityRow.id)
            .where(ActivityRow.partnership_id == PartnershipRow.id, in_year(ActivityRow.date, f.year))
            .correlate(PartnershipRow).exists()
        )
        conditions.append(or_(PartnershipRow.status != PartnershipStatus.ENDED.value, met))
    return and_(true(), *conditions)


def project_running(year: int) -> ColumnElement[bool]:
    """Ran in ``year``: start (date, else year; none counts as begun) not after it, end not before
    it, not cancelled."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return and_(
        or_(ProjectRow.start_date.is_(None), ProjectRow.start_date <= last),
        or_(ProjectRow.start_date.is_not(None), ProjectRow.start_year.is_(None), ProjectRow.start_year <= year),
        or_(ProjectRow.end_date.is_(None), ProjectRow.end_date >= first),
        ProjectRow.status != ProjectStatus.CANCELLED.value,
    )


def project_where(f: OverviewFilter, *, with_year: bool = True) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if f.partnership_id:
        conditions.append(ProjectRow.partnership_id == f.partnership_id)
    if f.type is not None:
        conditions.append(ProjectRow.partnership_id.in_(select(PartnershipRow.id).where(PartnershipRow.type == f.type.value)))
    if f.unit_id:
        contacts = _unit_contacts(f.unit_id)
        # The project's own responsible person decides; without one, its partnership's.
        conditions.append(or_(
            ProjectRow.responsible_id.in_(contacts),
            and_(ProjectRow.responsible_id.is_(None),
                 ProjectRow.partnership_id.in_(select(PartnershipRow.id).where(PartnershipRow.responsible_id.in_(contacts)))),
        ))
    if with_year and f.year is not None:
        conditions.append(project_running(f.year))
    return and_(true(), *conditions)


def activity_where(f: OverviewFilter) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if f.year is not None:
        conditions.append(in_year(ActivityRow.date, f.year))
    if f.picks_records:
        partnerships = select(PartnershipRow.id).where(partnership_where(f, with_year=False))
        projects = select(ProjectRow.id).where(project_where(f, with_year=False))
        conditions.append(or_(ActivityRow.partnership_id.in_(partnerships), ActivityRow.project_id.in_(projects)))
    return and_(true(), *conditions)
