"""A partnership's action programme between its rows and the plain items (``domain.programme``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from partnerdesk.domain import programme
from partnerdesk.domain.programme import ItemKind, MeasuredValue, MeasureStatus, ProgrammeItem
from partnerdesk.persistence.tables_programme import ProgrammeItemRow


def _value(data: dict[str, Any]) -> MeasuredValue:
    raw, on = data.get("value"), data.get("on")
    return MeasuredValue(id=str(data.get("id") or ""), year=data.get("year"),
                         on=date.fromisoformat(on) if isinstance(on, str) and on else None,
                         value=programme.plain(Decimal(raw)) if isinstance(raw, str) and raw else None, source=str(data.get("source") or ""))


def _value_data(value: MeasuredValue) -> dict[str, Any]:
    return {"id": value.id, "year": value.year, "on": value.on.isoformat() if value.on else None,
            "value": str(value.value) if value.value is not None else None, "source": value.source.strip()}


def items_from_rows(rows: list[ProgrammeItemRow]) -> list[ProgrammeItem]:
    return [
        ProgrammeItem(
            id=r.id, parent_id=r.parent_id, kind=ItemKind(r.kind), title=r.title, title_translations=r.title_translations,
            description=r.description, description_translations=r.description_translations, unit=r.unit,
            baseline_value=programme.plain(r.baseline_value), baseline_year=r.baseline_year, target_value=programme.plain(r.target_value),
            target_year=r.target_year, measured=[_value(v) for v in r.measured or []],
            responsible_city=r.responsible_city, responsible_partner=r.responsible_partner, period_from=r.period_from,
            period_until=r.period_until, status=MeasureStatus(r.status) if r.status else None,
            project_ids=list(r.project_ids or []), grant_ids=list(r.grant_ids or []),
        )
        for r in rows
    ]


def rows_from_items(items: list[ProgrammeItem], current: list[ProgrammeItemRow]) -> list[ProgrammeItemRow]:
    """The rows for ``items`` in the programme's order; rows of items kept are updated in place."""
    existing = {r.id: r for r in current}
    rows = []
    for position, item in enumerate(programme.ordered(items)):
        row = existing.get(item.id) or ProgrammeItemRow(id=item.id)
        row.parent_id, row.kind, row.position = item.parent_id, str(item.kind), position
        row.title, row.title_translations = item.title.strip(), item.title_translations
        row.description, row.description_translations = item.description, item.description_translations
        row.unit = item.unit.strip()
        row.baseline_value, row.baseline_year = item.baseline_value, item.baseline_year
        row.target_value, row.target_year = item.target_value, item.target_year
        row.measured = [_value_data(v) for v in item.measured]
        row.responsible_city, row.responsible_partner = item.responsible_city.strip(), item.responsible_partner.strip()
        row.period_from, row.period_until = item.period_from, item.period_until
        row.status = str(item.status) if item.status is not None else None
        row.project_ids = list(dict.fromkeys(item.project_ids))
        row.grant_ids = list(dict.fromkeys(item.grant_ids))
        rows.append(row)
    return rows


def search_texts(items: list[ProgrammeItem]) -> list[str]:
    """The programme's words that search finds: titles, descriptions (both languages), units, actors."""
    return [text for item in items for text in (
        item.title, item.title_translations, item.description, item.description_translations, item.unit,
        item.responsible_city, item.responsible_partner) if text]
