"""How a grant reads in one line beside its name (relations panel, Anstehend, calendar)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partnerdesk.domain.enums import GrantStatus


def money_text(amount: Decimal | None, currency: str = "EUR") -> str:
    """``Decimal("180000")`` -> "180.000,00 EUR" (German notation, exact; at least two decimals)."""
    if amount is None:
        return ""
    exponent = amount.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    text = f"{amount:,.{places}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text} {currency}"


def period_text(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start.strftime('%d.%m.%Y') if start else '…'}–{end.strftime('%d.%m.%Y') if end else '…'}"


def grant_detail(start: date | None, end: date | None, amount: Decimal | None, currency: str | None,
                 status: str | None) -> str:
    """"01.01.2025–30.06.2027 · 180.000,00 EUR · Laufend"."""
    try:
        label = GrantStatus(status).label if status else ""
    except ValueError:
        label = ""
    return " · ".join(part for part in (period_text(start, end), money_text(amount, currency or "EUR"), label) if part)
