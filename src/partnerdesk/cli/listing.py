"""Columns that ``partnerdesk list`` prints for each register."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from partnerdesk.domain.records import Record


def _opt(value: object) -> str:
    return "" if value is None else str(value)


Column = tuple[str, Callable[[Any, dict[str, str]], object]]

COLUMNS: dict[str, list[Column]] = {
    "organisations": [
        ("id", lambda r, n: r.id),
        ("name", lambda r, n: r.name),
        ("kind", lambda r, n: r.kind.label),
        ("country", lambda r, n: r.country),
        ("city", lambda r, n: r.city),
        ("population", lambda r, n: _opt(r.population)),
    ],
    "partnerships": [
        ("id", lambda r, n: r.id),
        ("title", lambda r, n: r.title),
        ("partner", lambda r, n: n.get(r.partner_id, "")),
        ("type", lambda r, n: r.type.label),
        ("status", lambda r, n: r.status.label),
        ("start", lambda r, n: _opt(r.start_date or r.start_year)),
        ("mou", lambda r, n: r.mou_status.label),
        ("sdg", lambda r, n: ",".join(str(g) for g in r.sdg_goals)),
    ],
    "projects": [
        ("id", lambda r, n: r.id),
        ("title", lambda r, n: r.title),
        ("partnership", lambda r, n: n.get(r.partnership_id or "", "")),
        ("status", lambda r, n: r.status.label),
        ("start", lambda r, n: _opt(r.start_date)),
        ("end", lambda r, n: _opt(r.end_date)),
        ("sdg", lambda r, n: ",".join(str(g) for g in r.sdg_goals)),
        ("budget", lambda r, n: f"{r.budget_amount} {r.budget_currency}" if r.budget_amount is not None else ""),
    ],
    "contacts": [
        ("id", lambda r, n: r.id),
        ("name", lambda r, n: r.name),
        ("organisation", lambda r, n: n.get(r.organisation_id or "", "")),
        ("function", lambda r, n: r.function),
        ("email", lambda r, n: r.email),
        ("phone", lambda r, n: r.phone),
    ],
    "activities": [
        ("id", lambda r, n: r.id),
        ("date", lambda r, n: _opt(r.date)),
        ("kind", lambda r, n: r.kind.label),
        ("title", lambda r, n: r.title),
        ("place", lambda r, n: r.place),
        ("partnership", lambda r, n: n.get(r.partnership_id or "", "")),
        ("open_follow_ups", lambda r, n: sum(1 for f in r.follow_ups if not f.done)),
    ],
}


def rows(kind: str, records: list[Record], names: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    columns = COLUMNS[kind]
    return [c[0] for c in columns], [[str(fn(r, names)) for _, fn in columns] for r in records]

