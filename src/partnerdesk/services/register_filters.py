"""The registers' filters by responsible person (partnerships, projects), by follow-ups
("Wiedervorlagen": open, overdue, done) of activities, and the grants' filters by programme,
funded project and year (a grant runs in a year when its approved period touches it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, exists, false, func, not_, or_, select, true
from sqlalchemy.sql import ColumnElement

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ContactRow, FollowUpRow, OrganisationRow, ProjectRow
from partnerdesk.persistence.tables_grants import GrantProjectRow, GrantRow, ProgrammeRow
from partnerdesk.services.follow_ups import FollowUpState
from partnerdesk.services.register_definitions import FilterOption

_FU = FollowUpRow.__table__


def options(db: Database, key: str) -> list[FilterOption]:
    if key == "follow_ups":
        return [FilterOption(s.value, s.label) for s in FollowUpState]
    if key in ("programme", "project", "year"):
        return grant_options(db, key)
    with db.read_one_statement() as session:
        rows = session.execute(
            select(ContactRow.id, ContactRow.name)
            .join(OrganisationRow, OrganisationRow.id == ContactRow.organisation_id)
            .where(OrganisationRow.kind == OrganisationKind.CITY_UNIT.value)
            .order_by(ContactRow.name_key, ContactRow.id)
        ).all()
    return [FilterOption(i, n) for i, n in rows]


def grant_options(db: Database, key: str) -> list[FilterOption]:
    """The programmes, the projects some grant funds, or the years some grant runs in."""
    with db.read_one_statement() as session:
        if key == "programme":
            rows = session.execute(select(ProgrammeRow.id, ProgrammeRow.name)
                                   .order_by(ProgrammeRow.name_key, ProgrammeRow.id)).all()
            return [FilterOption(i, n) for i, n in rows]
        if key == "project":
            funded = select(GrantProjectRow.project_id).distinct().scalar_subquery()
            rows = session.execute(select(ProjectRow.id, ProjectRow.title).where(ProjectRow.id.in_(funded))
                                   .order_by(ProjectRow.title_key, ProjectRow.id)).all()
            return [FilterOption(i, n) for i, n in rows]
        first, last, last_start = session.execute(
            select(func.min(GrantRow.period_from), func.max(GrantRow.period_until), func.max(GrantRow.period_from))).one()
    if first is None:
        return []
    end = max(d for d in (last, last_start, first) if d is not None)
    return [FilterOption(str(y), str(y)) for y in range(end.year, first.year - 1, -1)]


def condition(main: Any, key: str, value: str, today: date | None = None) -> ColumnElement[bool]:
    if key == "programme":
        programme: ColumnElement[bool] = main.c.programme_id == value
        return programme
    if key == "project":
        link = GrantProjectRow.__table__
        return exists().where(and_(link.c.grant_id == main.c.id, link.c.project_id == value))
    if key == "year":
        year = int(value) if value.isdigit() else 0
        return and_(main.c.period_from <= date(max(year, 1), 12, 31),
                    or_(main.c.period_until.is_(None), main.c.period_until >= date(max(year, 1), 1, 1)))
    if key == "responsible":
        chosen: ColumnElement[bool] = main.c.responsible_id == value
        return chosen
    mine = _FU.c.activity_id == main.c.id
    open_ = and_(mine, _FU.c.done == false())
    if value == FollowUpState.OVERDUE.value:
        return exists().where(and_(open_, _FU.c.due_date < (today or date.today())))
    if value == FollowUpState.DONE.value:  # has follow-ups, all of them done
        return and_(exists().where(and_(mine, _FU.c.done == true())), not_(exists().where(open_)))
    return exists().where(open_)
