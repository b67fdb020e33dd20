"""The action programmes' indicators for the annual report (``services.annual_report.INDICATOR_SOURCES``).

Per indicator of the report's partnerships: baseline and target with their years, the latest
value measured up to the report's year, and how far from baseline to target it has come. Read
in one query per 500 partnerships; numbers in German writing ("7,5").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.domain import programme
from partnerdesk.persistence.tables import PartnershipRow
from partnerdesk.persistence.tables_programme import ProgrammeItemRow
from partnerdesk.services.annual_report_data import IndicatorLine


def _number(value: Decimal | None) -> str:
    plain = programme.plain(value)
    return "" if plain is None else f"{plain:f}".replace(".", ",")


def _with_year(value: Decimal | None, year: int | None) -> str:
    text = _number(value)
    return f"{text} ({year})" if text and year else text


def _latest(measured: list[dict[str, Any]], year: int) -> tuple[Decimal | None, int | None]:
    """The newest value measured in ``year`` or before, with its year."""
    best: tuple[tuple[int, str], Decimal, int] | None = None
    for entry in measured or []:
        on = entry.get("on")
        when = entry.get("year") or (date.fromisoformat(on).year if isinstance(on, str) and on else None)
        raw = entry.get("value")
        if not isinstance(when, int) or when > year or not isinstance(raw, str) or not raw:
            continue
        key = (when, on or "")
        if best is None or key > best[0]:
            best = (key, Decimal(raw), when)
    return (best[1], best[2]) if best else (None, None)


def _progress(baseline: Decimal | None, target: Decimal | None, latest: Decimal | None) -> str:
    if baseline is None or target is None or latest is None or target == baseline:
        return ""
    share = (latest - baseline) / (target - baseline) * 100
    return f"{share.quantize(Decimal(1))} %"


def indicator_lines(session: Session, year: int, partnership_ids: list[str]) -> list[IndicatorLine]:
    lines: list[IndicatorLine] = []
    ids = sorted(set(partnership_ids))
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(PartnershipRow.title, ProgrammeItemRow.title, ProgrammeItemRow.unit, ProgrammeItemRow.baseline_value,
                   ProgrammeItemRow.baseline_year, ProgrammeItemRow.target_value, ProgrammeItemRow.target_year,
                   ProgrammeItemRow.measured)
            .join(PartnershipRow, PartnershipRow.id == ProgrammeItemRow.partnership_id)
            .where(ProgrammeItemRow.kind == "indicator", ProgrammeItemRow.partnership_id.in_(ids[start:start + 500]))
            .order_by(PartnershipRow.title_key, ProgrammeItemRow.partnership_id, ProgrammeItemRow.position)
        ).all()
        for partnership, title, unit, baseline, baseline_year, target, target_year, measured in rows:
            latest, latest_year = _latest(measured, year)
            lines.append(IndicatorLine(
                programme=partnership, indicator=title, unit=unit, baseline=_with_year(baseline, baseline_year),
                target=_with_year(target, target_year), latest=_with_year(latest, latest_year),
                progress=_progress(programme.plain(baseline), programme.plain(target), latest)))
    return lines
