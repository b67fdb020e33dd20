"""Amounts in warnings and documents: German separators swapped exactly, every sign and size."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerdesk.domain.grants import money_formatter, money_text
from partnerdesk.i18n import current_language, set_language


@pytest.mark.parametrize(
    ("amount", "german", "english"),
    [
        ("0", "0,00 EUR", "0.00 EUR"),
        ("-1234.5", "-1.234,50 EUR", "-1,234.50 EUR"),
        ("1234567.125", "1.234.567,12 EUR", "1,234,567.12 EUR"),  # half to even
        ("0.005", "0,00 EUR", "0.00 EUR"),
        ("0.015", "0,02 EUR", "0.02 EUR"),
        ("999.999", "1.000,00 EUR", "1,000.00 EUR"),
        ("12345678901234567890.99", "12.345.678.901.234.567.890,99 EUR", "12,345,678,901,234,567,890.99 EUR"),
    ],
)
def test_money_text(amount: str, german: str, english: str) -> None:
    before = current_language()
    try:
        set_language("de")
        assert money_text(Decimal(amount)) == german == money_formatter("EUR")(Decimal(amount))
        set_language("en")
        assert money_text(Decimal(amount)) == english
    finally:
        set_language(before)
