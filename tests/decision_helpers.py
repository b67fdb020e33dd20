"""Entering a council decision for a test: the approval of the city council that an MoU's final
version needs (the example data has none)."""

from __future__ import annotations

from datetime import date

from partnerdesk.domain.enums import DecisionBody, DecisionResult
from partnerdesk.domain.records import Decision
from partnerdesk.services.records import DecisionService


def council_approval(db, partnership_id: str, on: date = date(2026, 10, 1), number: str = "12345-26",
                     **fields) -> Decision:
    """An approved decision of the council linked to the partnership (``fields`` change it)."""
    values = {"title": "Zustimmung zur Partnerschaft", "body": DecisionBody.COUNCIL, "date": on, "number": number,
              "result": DecisionResult.APPROVED, "partnership_ids": [partnership_id], **fields}
    return DecisionService(db).create(Decision(**values))
