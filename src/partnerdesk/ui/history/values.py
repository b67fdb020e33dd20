"""The history's values as the form shows them: German dates, enum labels, money, SDG goals,
country and language names, names instead of ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from PySide6.QtCore import QLocale

from partnerdesk.domain import countries, sdg
from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.history import HistoryEntry
from partnerdesk.i18n import _, current_language
from partnerdesk.services import history_text
from partnerdesk.travel.labels import describe
from partnerdesk.ui.formatting import format_date, format_money, ui_locale

EMPTY = "—"


@cache
def _locale(language: str) -> QLocale:
    """``ui_locale()`` made once per language (a thousand values would make it a thousand times)."""
    return ui_locale()

_DATE_FIELDS = {"start_date", "end_date", "mou_signed_on", "date", "due_date", "council_decision_on", "partner_decision_on",
                "consent_given_on", "consent_withdrawn_on"}
_YEAR_FIELDS = {"start_year", "population_year"}


def value_text(kind: str, field: str, value: Any, names: Callable[[str], str] | None = None, currency: str = "") -> str:
    """``value`` of ``field`` (as the history stores it) as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    lang = current_language()
    locale = _locale(lang)
    try:
        if field in _DATE_FIELDS and isinstance(value, str):
            return format_date(date.fromisoformat(value), locale)
        if field == "budget_amount":
            amount = Decimal(str(value))
            return format_money(amount, currency, locale) if currency else locale.toString(float(amount), "f", 2)
        if field == "sdg_goals" and isinstance(value, list):
            return ", ".join(f"{g} – {sdg.goal(g).short(lang)}" if sdg.is_goal(g) else str(g) for g in value)
        if field == "country" and isinstance(value, str):
            return countries.country_name(value, lang)
        if field in ("languages", "preferred_language"):
            codes = value if isinstance(value, list) else [value]
            return ", ".join(countries.language_name(str(c), lang) or str(c) for c in codes)
        if field == "funding_sources" and isinstance(value, list):
            return "; ".join(_funding(f) for f in value if isinstance(f, dict))
        if field in _YEAR_FIELDS:
            return str(value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, int):
            return locale.toString(value)
        if isinstance(value, float):
            return locale.toString(value, "g", 10)
    except (ValueError, TypeError, KeyError, InvalidOperation):
        pass
    return describe(kind, field, value, names)


def _funding(source: dict[str, Any]) -> str:
    parts = [str(source.get("name") or "")]
    amount = source.get("amount")
    if amount not in (None, ""):
        try:
            parts.append(format_money(Decimal(str(amount)), str(source.get("currency") or "EUR"), _locale(current_language())))
        except (InvalidOperation, ValueError):
            parts.append(str(amount))
    return " ".join(p for p in parts if p)


def currency_of(entry: HistoryEntry) -> str:
    """The currency the entry names (for its budget), "" if it does not."""
    for change in entry.changes:
        if change.field == "budget_currency":
            value = change.new if change.new is not None else change.old
            return str(value or "")
    return ""


#: Changes that name one value, not an old and a new one (attachments added or removed).
_ONE_SIDED = frozenset({"attachment_added", "attachment_removed"})


def summary(entry: HistoryEntry, names: Callable[[str], str] | None = None) -> str:
    """Every field of the entry on one line each ("Ort: Bondo → Bondo Town"), for tooltips."""
    currency = currency_of(entry)
    lines = []
    for change in entry.changes:
        old = value_text(entry.kind, change.field, change.old, names, currency)
        new = value_text(entry.kind, change.field, change.new, names, currency)
        if entry.operation == "changed" and change.field in _ONE_SIDED:  # "Anhang hinzugefügt: foto.jpg"
            lines.append(f"{field_label(change.field)}: {new if change.old is None else old}")
        elif entry.operation == "changed":
            lines.append(f"{field_label(change.field)}: {old} → {new}")
        elif new != EMPTY or old != EMPTY:
            lines.append(f"{field_label(change.field)}: {new if change.old is None else old}")
    return "\n".join(lines)


def operation_text(entry: HistoryEntry) -> str:
    return history_text.operation_label(entry.operation)
