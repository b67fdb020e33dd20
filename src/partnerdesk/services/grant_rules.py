"""The rule warnings of a grant as lines of text (the form shows them; Qt-free).

Until the rules of ``domain.grants`` are merged this says nothing; see ``services.grants``.
"""

from __future__ import annotations

from datetime import date

from partnerdesk.domain.grant_records import Grant


def warning_lines(grant: Grant, today: date | None = None) -> list[str]:
    return []
