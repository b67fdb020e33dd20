"""Locale-aware display of numbers, dates and money in the window (German by default)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale

from partnerdesk.i18n import current_language

_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def ui_locale() -> QLocale:
    """The locale matching the interface language: German (Germany) or English (UK)."""
    if current_language() == "de":
        return QLocale(QLocale.Language.German, QLocale.Country.Germany)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def format_date(value: date, locale: QLocale | None = None) -> str:
    """"06.10.2025" in German, "06/10/2025" in English."""
    locale = locale or ui_locale()
    return locale.toString(QDate(value.year, value.month, value.day), "dd.MM.yyyy" if locale.language() == QLocale.Language.German else "dd/MM/yyyy")


def format_number(value: int | float, locale: QLocale | None = None) -> str:
    return (locale or ui_locale()).toString(value)


def format_money(amount: Decimal, currency: str, locale: QLocale | None = None) -> str:
    """"1.234,56 €" in German."""
    locale = locale or ui_locale()
    return locale.toCurrencyString(float(amount), _CURRENCY_SYMBOLS.get(currency, currency), 2)
