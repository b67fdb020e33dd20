"""The "Anstehend" source of council decisions: those still "scheduled" (vorgesehen), due on
their date, so the office sees a decision it waits for and, once the date has passed, that the
record still needs its result."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.enums import DecisionBody, DecisionResult
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import DecisionRow


def council_decisions_awaited(db: Database, today: date, within_days: int | None = None) -> list[DueItem]:
    """Scheduled decisions due on their date: every one up to ``today + within_days`` (the
    overdue ones however old), or all of them when ``within_days`` is None."""
    query = select(DecisionRow.id, DecisionRow.title, DecisionRow.body, DecisionRow.committee, DecisionRow.date,
                   DecisionRow.number).where(DecisionRow.result == DecisionResult.SCHEDULED.value,
                                             DecisionRow.date.is_not(None))
    if within_days is not None:
        query = query.where(DecisionRow.date <= today + timedelta(days=within_days))
    with db.read() as session:
        rows = session.execute(query.order_by(DecisionRow.date, DecisionRow.number)).all()
    items = []
    for r in rows:
        body = r.committee if r.body == DecisionBody.COMMITTEE.value and r.committee else DecisionBody(r.body).label
        items.append(DueItem(
            due_on=r.date, source=DueSource.COUNCIL_DECISION_AWAITED,
            text=_("{body} decides on Drucksache {number}").format(body=body, number=r.number or "–"),
            record_kind="decisions", record_id=r.id, record_title=r.title,
        ))
    return items
