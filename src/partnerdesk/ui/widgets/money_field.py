"""Amounts of money in German notation ("1.234,56 €"), as ``Decimal`` only, never float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from partnerdesk.domain import countries
from partnerdesk.i18n import _, current_language

_AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$")
#: Currencies offered first, in this order (the office's everyday ones).
FIRST_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "RON", "GHS", "GNF", "KES", "ILS")


class AmountInputError(ValueError):
    pass


def parse_amount(text: str) -> Decimal | None:
    """``"1.234,56"``, ``"1234,5"``, ``"1.234,56 €"`` -> Decimal; empty gives ``None``.

    German notation only: the dot separates thousands, the comma decimals, so "1.234"
    is one thousand two hundred thirty-four (as the office would read it).
    """
    cleaned = text.replace("\u00a0", " ").replace("€", "").strip()
    cleaned = re.sub(r"\s*[A-Z]{3}$", "", cleaned).replace(" ", "")
    if not cleaned:
        return None
    if not _AMOUNT.match(cleaned):
        raise AmountInputError(_("“{text}” is not an amount (for example 1.234,56)").format(text=text.strip()))
    try:
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already rules this out
        raise AmountInputError(_("“{text}” is not an amount (for example 1.234,56)").format(text=text.strip())) from None


def format_amount(value: Decimal | None) -> str:
    """``Decimal("1234.5")`` -> ``"1.234,50"`` (at least two decimals, more only if present)."""
    if value is None:
        return ""
    places = max(2, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 2  # type: ignore[operator]
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(value: Decimal | None, currency: str = "EUR") -> str:
    """``"1.234,56 €"``; other currencies by their symbol or code."""
    if value is None:
        return ""
    return f"{format_amount(value)}\u00a0{currency_symbol(currency)}"


def currency_symbol(code: str) -> str:
    from babel.numbers import get_currency_symbol  # babel's German data: ~5 MB, only for this

    try:
        return str(get_currency_symbol(code, locale="de"))
    except Exception:  # noqa: BLE001 - babel raises various errors for unknown codes
        return code


@cache
def currencies(lang: str = "de") -> list[tuple[str, str]]:
    """(code, "EUR – Euro") pairs: the office's usual ones first, then all ISO 4217 by code."""
    import pycountry

    codes = sorted(c.alpha_3 for c in pycountry.currencies if countries.is_currency(c.alpha_3))
    ordered = [c for c in FIRST_CURRENCIES if c in codes] + [c for c in codes if c not in FIRST_CURRENCIES]
    # ISO 4217 names as pycountry translates them, like the countries and languages (babel's
    # names would load its whole German locale data, ~5 MB, when the first form opens).
    return [(code, f"{code} – {countries.currency_name(code, lang)}") for code in ordered]


class MoneyField(QWidget):
    """Amount line edit plus currency combo; ``value()`` is ``(Decimal | None, currency)``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(_("e.g. 1.234,56"))
        self.amount.setClearButtonEnabled(True)
        self.currency = QComboBox(self)
        self.currency.setAccessibleName(_("Currency"))
        for code, label in currencies(current_language()):
            self.currency.addItem(label, code)
        self.currency.setMaxVisibleItems(15)
        self.currency.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.currency.setMinimumContentsLength(10)
        self.amount.textEdited.connect(lambda _t: self.changed.emit())
        self.amount.editingFinished.connect(self._tidy)
        self.currency.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.amount, 2)
        layout.addWidget(self.currency, 1)
        self.setFocusProxy(self.amount)

    def tab_widgets(self) -> list[QWidget]:
        return [self.amount, self.currency]

    def _tidy(self) -> None:
        try:
            value = parse_amount(self.amount.text())
        except AmountInputError:
            return
        tidy = format_amount(value)
        if tidy != self.amount.text():
            self.amount.setText(tidy)

    def value(self) -> tuple[Decimal | None, str]:
        try:
            amount = parse_amount(self.amount.text())
        except AmountInputError:
            amount = None
        return amount, str(self.currency.currentData() or "EUR")

    def setValue(self, value: tuple[Decimal | None, str]) -> None:  # noqa: N802 (Qt naming)
        amount, code = value
        self.amount.setText(format_amount(amount))
        index = self.currency.findData(code or "EUR")
        self.currency.setCurrentIndex(max(index, 0))

    def problem(self) -> str | None:
        try:
            parse_amount(self.amount.text())
        except AmountInputError as exc:
            return str(exc)
        return None
