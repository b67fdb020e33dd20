"""The registers' filters by responsible person (partnerships, projects) and by follow-ups
("Wiedervorlagen": open, overdue, done) of activities."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, exists, false, not_, select, true
from sqlalchemy.sql import ColumnElement

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ContactRow, FollowUpRow, OrganisationRow
from partnerdesk.services.follow_ups import FollowUpState
from partnerdesk.services.register_definitions import FilterOption

_FU = FollowUpRow.__table__


def options(db: Database, key: str) -> list[FilterOption]:
    if key == "follow_ups":
        return [FilterOption(s.value, s.label) for s in FollowUpState]
    with db.read_one_statement() as session:
        rows = session.execute(
            select(ContactRow.id, ContactRow.name)
            .join(OrganisationRow, OrganisationRow.id == ContactRow.organisation_id)
            .where(OrganisationRow.kind == OrganisationKind.CITY_UNIT.value)
            .order_by(ContactRow.name_key, ContactRow.id)
        ).all()
    return [FilterOption(i, n) for i, n in rows]


def condition(main: Any, key: str, value: str, today: date | None = None) -> ColumnElement[bool]:
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
