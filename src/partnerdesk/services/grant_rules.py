"""The rule warnings of a grant as lines of text, for the grant's form (Qt-free, no database).

The form holds the grant as saved; ``domain.grants.check`` finds what the office should look at
(funds unspent after six weeks, own share below its minimum, a plan line over its tolerance,
a proof due ...). The programme's names are not needed for the warnings.
"""

from __future__ import annotations

from datetime import date

from partnerdesk.domain.grant_records import Grant
from partnerdesk.domain.grants import check
from partnerdesk.services.grants import to_domain


def warning_lines(grant: Grant, today: date | None = None) -> list[str]:
    """Each warning as the rule and its sentence (naming the grant and the figures); none for a new grant."""
    if not grant.version:
        return []
    return [f"{w.rule.label}: {w.message}" for w in check(to_domain(grant), today or date.today())]
