"""What is due ("Anstehend"): one list built from every source in ``SOURCES``.

A source is a function ``(db, today, within_days) -> list[DueItem]`` that yields the items
of its kind due on or before ``today + within_days`` (overdue ones included, however old).
Adding a kind of item is one line in ``SOURCES``; the list, the ``due`` command and the
window's "Anstehend" tab read only ``DueItem`` values.

The queries are SQLAlchemy Core on indexed columns (revision 0010): the open follow-ups come
from ``ix_follow_ups_open_due`` (partial: ``done = false``; by ``due_date``), each partnership's
latest activity from ``ix_activities_partnership_date (partnership_id, date)``. The follow-ups'
activity and responsible persons come from indexes alone too (revision 0026: every step of the
statement a covering index); see ``bench/due_bench.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, false, func, select
from sqlalchemy.orm import aliased

from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.enums import PartnershipStatus
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ActivityRow, FollowUpRow, PartnershipRow, ProjectRow
from partnerdesk.services import due_council, due_mou, retention
from partnerdesk.services.grants import grant_deadlines_due

#: The days ahead the list looks by default (the window and ``partnerdesk due``).
DEFAULT_DAYS = 30
#: A partnership without an activity for this long shows as quiet.
QUIET_YEARS = 1

DueSourceFunction = Callable[[Database, date, int], list[DueItem]]


def follow_ups_due(db: Database, today: date, within_days: int) -> list[DueItem]:
    """Open follow-ups due by ``today + within_days``, the overdue ones however old.

    Responsible is the follow-up's own person, else the project's, else the partnership's
    (so "mine" finds what hangs on my records)."""
    with db.read() as session:
        # Through the connection, not the ORM: plain rows, no ORM result machinery per row
        # (thousands of rows on a large database; see bench/due_bench.py).
        rows = session.connection().execute(follow_ups_statement(today + timedelta(days=within_days))).all()
    source = DueSource.FOLLOW_UP
    return [
        DueItem(due_day, source, text, "activities", activity_id, title, responsible, follow_up_id)
        for follow_up_id, text, due_day, activity_id, title, responsible in rows
    ]


def follow_ups_statement(until: date) -> Select[*tuple[Any, ...]]:
    """The open follow-ups due by ``until``: a range of ``ix_follow_ups_open_due``, then the
    activity, project and partnership by their ids, each from an index holding what is read
    (``ix_activities_id_follow_up``, ``ix_projects_id_responsible``, ``ix_partnerships_id_responsible``)."""
    project, partnership = aliased(ProjectRow), aliased(PartnershipRow)
    return (
        select(
            FollowUpRow.id, FollowUpRow.text, FollowUpRow.due_date, ActivityRow.id.label("activity_id"), ActivityRow.title,
            func.coalesce(FollowUpRow.responsible_id, project.responsible_id, partnership.responsible_id).label("responsible"),
        )
        .select_from(FollowUpRow)
        # Each ``>= ""`` changes no result (a title is never NULL, and a NULL person gives NULL
        # either way); with it SQLite takes the covering index even without ANALYZE's figures,
        # which a user's file never has (as ``retention`` does for ``ix_activities_id_date``).
        .join(ActivityRow, and_(ActivityRow.id == FollowUpRow.activity_id, ActivityRow.title >= ""))
        .outerjoin(project, and_(project.id == ActivityRow.project_id, project.responsible_id >= ""))
        .outerjoin(partnership, and_(partnership.id == ActivityRow.partnership_id, partnership.responsible_id >= ""))
        .where(and_(FollowUpRow.done == false(), FollowUpRow.due_date <= until))
    )


def quiet_partnerships(db: Database, today: date, within_days: int) -> list[DueItem]:
    """Active partnerships whose latest activity (or, without one, their start) is 12 months
    old by ``today + within_days``; due on the day they became (or become) quiet."""
    until = today + timedelta(days=within_days)
    items = []
    with db.read() as session:
        rows = session.execute(quiet_statement()).all()
    for r in rows:
        since = r.latest or r.start_date or (r.created_at.date() if r.created_at else today)
        due_on = years_after(since, QUIET_YEARS)
        if due_on > until:
            continue
        text = (_("Last activity on {date}").format(date=since.strftime("%d.%m.%Y")) if r.latest
                else _("No activity recorded yet"))
        items.append(DueItem(
            due_on=due_on, source=DueSource.PARTNERSHIP_QUIET, text=text, record_kind="partnerships",
            record_id=r.id, record_title=r.title, responsible_id=r.responsible_id,
        ))
    return items


def quiet_statement() -> Select[*tuple[Any, ...]]:
    """Active partnerships with their latest activity's date (``ix_activities_partnership_date``)."""
    latest = (
        select(func.max(ActivityRow.date)).where(ActivityRow.partnership_id == PartnershipRow.id).scalar_subquery()
    )
    return select(
        PartnershipRow.id, PartnershipRow.title, PartnershipRow.responsible_id, PartnershipRow.start_date,
        PartnershipRow.created_at, latest.label("latest"),
    ).where(PartnershipRow.status == PartnershipStatus.ACTIVE.value)


def mou_terms_ending(db: Database, today: date, within_days: int) -> list[DueItem]:
    """MoU terms ending (``services.due_mou``): six months ahead at least, whatever the list's
    own horizon, so the office sees a renewal coming in time."""
    return due_mou.mou_terms_ending(db, today, max(within_days, due_mou.DEFAULT_DAYS))


#: Every source of the list. Other kinds are added here, one line each.
SOURCES: list[DueSourceFunction] = [
    follow_ups_due,
    quiet_partnerships,
    mou_terms_ending,
    due_council.council_decisions_awaited,
    grant_deadlines_due,
    retention.contact_reviews_due,
    retention.travel_copies_out,
]


def due_list(
    db: Database, today: date, *, within_days: int = DEFAULT_DAYS, responsible_id: str | None = None,
    sources: Sequence[DueSourceFunction] | None = None,
) -> list[DueItem]:
    """Everything due by ``today + within_days``, by date (so overdue first, the oldest on top);
    ``responsible_id``: only what that person is responsible for ("mine")."""
    items: list[DueItem] = []
    for source in SOURCES if sources is None else sources:
        items.extend(source(db, today, within_days))
    if responsible_id is not None:
        items = [i for i in items if i.responsible_id == responsible_id]
    order = {source: source.value for source in DueSource}  # an enum's .value is slow in a sort key
    items.sort(key=lambda i: (i.due_on, order[i.source], i.record_title, i.text, i.item_id or ""))
    return items


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def overdue_text(item: DueItem, today: date) -> str:
    """"seit 12 Tagen überfällig", "heute fällig", "fällig in 3 Tagen"."""
    days = item.days_overdue(today)
    if days > 0:
        return ngettext("overdue by {n} day", "overdue by {n} days", days).format(n=days)
    if days == 0:
        return _("due today")
    return ngettext("due in {n} day", "due in {n} days", -days).format(n=-days)
