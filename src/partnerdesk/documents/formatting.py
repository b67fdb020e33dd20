"""Dates and amounts as the readers of a document expect them (German by default)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency

_LOCALES = {"de": "de_DE", "en": "en_GB", "fr": "fr_FR", "ro": "ro_RO", "ar": "ar"}


def locale_of(lang: str) -> str:
    return _LOCALES.get(lang, "de_DE")


def short_date(value: date | datetime | None, lang: str = "de") -> str:
    """25.11.2026 (German), 25/11/2026 (en-GB), ... ; "" for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _babel_date(value, format="short" if lang != "de" else "dd.MM.yyyy", locale=locale_of(lang))


def long_date(value: date | datetime | None, lang: str = "de") -> str:
    """25. November 2026, 25 November 2026, 25 novembre 2026, 25 noiembrie 2026; the first of a
    month in French as an ordinal, "1er mars 2027" (CLDR writes "1 mars 2027")."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    text = _babel_date(value, format="long", locale=locale_of(lang))
    if lang == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er " + text[2:]
    return text


def money(amount: Decimal | None, currency: str = "EUR", lang: str = "de") -> str:
    """45.000,00 € in German; "" when no amount is known."""
    if amount is None:
        return ""
    return format_currency(amount, currency or "EUR", locale=locale_of(lang))
