"""What is due: one line of the "Anstehend" list, whatever its source.

Follow-ups, MoU terms ending, council decisions awaited, quiet partnerships (and later grant
deadlines) each yield ``DueItem`` values from a source function of their own in ``services``;
the list, the ``due`` command and the calendar export read only this shape. Nothing here
knows where an item came from beyond its ``source`` code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerdesk.domain.enums import LabelledEnum
from partnerdesk.i18n import N_


class DueSource(LabelledEnum):
    FOLLOW_UP = "follow_up"
    MOU_TERM_ENDING = "mou_term_ending"
    COUNCIL_DECISION_AWAITED = "council_decision_awaited"
    PARTNERSHIP_QUIET = "partnership_quiet"
    GRANT_DEADLINE = "grant_deadline"
    CONTACT_REVIEW = "contact_review"
    TRAVEL_COPY_OUT = "travel_copy_out"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "follow_up": N_("Follow-up due"),
            "mou_term_ending": N_("MoU term ending"),
            "council_decision_awaited": N_("Council decision awaited"),
            "partnership_quiet": N_("No activity for 12 months"),
            "grant_deadline": N_("Grant deadline"),
            "contact_review": N_("Contact due for review (data protection)"),
            "travel_copy_out": N_("Travel copy out too long"),
        }


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing due on ``due_on``, with the record it belongs to one click away."""

    due_on: date
    source: DueSource
    #: What is due, as the list shows it ("Bericht an das Umweltamt schicken").
    text: str
    #: The register ("partnerships", "activities", ...) and id of the record to open.
    record_kind: str
    record_id: str
    #: The title of that record, shown beside the text.
    record_title: str = ""
    #: The contact responsible, if one is named.
    responsible_id: str | None = None
    #: Set for items that can be ticked done from the list (a follow-up's own id).
    item_id: str | None = None

    def days_overdue(self, today: date) -> int:
        """Days past ``due_on`` on ``today`` (0 or less: not overdue)."""
        return (today - self.due_on).days

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today
