"""Reading dates as people type them: the one rule for two-digit years.

"05.03.29" is 2029 and "05.03.30" is 1930, as Excel (and Windows' default "two-digit year"
setting, cut-off 2029) reads them, so a date typed into PartnerDesk and the same date typed into
a spreadsheet that is imported later mean the same day.
"""

from __future__ import annotations

#: Two-digit years up to this one are 20xx, later ones 19xx (Excel: 00-29 -> 2000-2029).
TWO_DIGIT_CUTOFF = 29


def full_year(year: int) -> int:
    """The year meant by ``year`` written with two digits (0-99)."""
    return year + (2000 if year <= TWO_DIGIT_CUTOFF else 1900)
