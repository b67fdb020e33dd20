"""Due source "MoU term ending" for the "Anstehend" list (``domain.due``).

A partnership's current MoU is its latest "MoU signed" stage. When that MoU does not renew
itself and its term ends within ``within_days`` (six months by default), it is due on the
day the term ends, so the office can prepare a new MoU or the council's decision in time.
A term that has already ended stays in the list (overdue) until the office records what
happened: a newer MoU stage, the MoU status "expired", or the partnership's end.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, exists, false, or_, select

from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.enums import MouStatus, PartnershipStatus, StageKind
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import PartnershipRow, PartnershipStageRow

#: Six months, as issue 21 asks ("MoU terms ending within 6 months").
DEFAULT_DAYS = 183


def mou_terms_ending(db: Database, today: date, within_days: int = DEFAULT_DAYS) -> list[DueItem]:
    """The current MoUs whose fixed term ends by ``today + within_days``, soonest first."""
    stage, later, partnership = PartnershipStageRow.__table__, PartnershipStageRow.__table__.alias("later"), PartnershipRow.__table__
    mou = StageKind.MOU_SIGNED.value
    newer_mou = exists().where(and_(
        later.c.partnership_id == stage.c.partnership_id, later.c.kind == mou,
        or_(later.c.date > stage.c.date, and_(later.c.date == stage.c.date, later.c.id > stage.c.id)),
    ))
    horizon = today + timedelta(days=within_days)
    query = (
        select(stage.c.partnership_id, stage.c.term_until, stage.c.date, partnership.c.title,
               partnership.c.mou_status, partnership.c.status, partnership.c.responsible_id)
        .join(partnership, partnership.c.id == stage.c.partnership_id)
        .where(stage.c.kind == mou, stage.c.automatic_renewal == false(), stage.c.term_until.is_not(None),
               stage.c.term_until <= horizon, ~newer_mou)
        .order_by(stage.c.term_until, partnership.c.title_key)
    )
    items = []
    with db.read_one_statement() as session:
        rows = session.execute(query).all()
    for row in rows:
        ended = row.term_until < today
        if ended and (row.mou_status == MouStatus.EXPIRED.value or row.status == PartnershipStatus.ENDED.value):
            continue  # the office has recorded that this MoU ran out
        text = (_("MoU term ended on {date}: renew or record as expired") if ended
                else _("MoU term ends on {date}: prepare a renewal")).format(date=row.term_until.strftime("%d.%m.%Y"))
        items.append(DueItem(
            due_on=row.term_until, source=DueSource.MOU_TERM_ENDING, text=text,
            record_kind="partnerships", record_id=row.partnership_id, record_title=row.title,
            responsible_id=row.responsible_id,
        ))
    return items
