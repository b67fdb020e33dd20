"""Council decisions as other parts of the program ask for them: those linked to a partnership
(the relations panel, the MoU) and the council's latest approval of a partnership (the MoU's
clause "Ratsbeschluss" and its check for a final version)."""

from __future__ import annotations

from sqlalchemy import select

from partnerdesk.domain.records import Decision, latest_council_approval
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import DecisionPartnershipRow, DecisionRow
from partnerdesk.services import mapping
from partnerdesk.services.records import DecisionService


def for_partnership(db: Database, partnership_id: str) -> list[Decision]:
    """The decisions linked to a partnership, newest first."""
    with db.read() as session:
        rows = session.scalars(
            select(DecisionRow).join(DecisionPartnershipRow)
            .where(DecisionPartnershipRow.partnership_id == partnership_id).order_by(*DecisionService.name_order())
        ).all()
        return [mapping.decision_from_row(r) for r in rows]


def council_approval(db: Database, partnership_id: str) -> Decision | None:
    """The newest decision of the city council itself approving the partnership (None if none)."""
    return latest_council_approval(for_partnership(db, partnership_id))
