"""A funding programme and a grant for a test: Nakopa-like figures, a funding plan of three lines,
a draw-down, expenses on two lines and a transfer to the partner."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.grant_records import Drawdown, Expense, FundingProgramme, Grant, PlanLine, Transfer
from partnerdesk.services import service_for


def a_grant(programme_id: str | None = None, project_ids: list[str] | None = None, **fields: object) -> Grant:
    staff, travel, material = (PlanLine(name="Personalausgaben", planned=Decimal("60000.00")),
                               PlanLine(name="Reisekosten", planned=Decimal("25000.00")),
                               PlanLine(name="Sachausgaben", planned=Decimal("115000.00")))
    values: dict[str, object] = {
        "title": "Klimaanpassung Kumasi", "programme_id": programme_id, "project_ids": project_ids or [],
        "file_reference": "NAK-2026-4711", "decision_date": date(2025, 12, 10), "period_from": date(2026, 1, 1),
        "period_until": date(2027, 12, 31), "approved_amount": Decimal("180000.00"), "funding_rate": Decimal(90),
        "own_share": Decimal("20000.00"), "min_own_share_rate": Decimal(10), "status": GrantStatus.RUNNING,
        "plan_lines": [staff, travel, material],
        "drawdowns": [Drawdown(requested_on=date(2026, 3, 1), amount=Decimal("30000.00"), received_on=date(2026, 3, 20))],
        "expenses": [Expense(date=date(2026, 3, 25), payee="Reisebüro", purpose="Flüge", amount=Decimal("4830.41"),
                             plan_line_id=travel.id, receipt="B-1"),
                     Expense(date=date(2026, 4, 2), payee="Personalamt", purpose="Stelle März",
                             amount=Decimal("5169.59"), plan_line_id=staff.id, receipt="B-2")],
        "transfers": [Transfer(contract="Weiterleitungsvertrag 2026", amount=Decimal("20000.00"),
                               transferred_on=date(2026, 4, 10), proof_due=date(2027, 3, 31))],
    }
    values.update(fields)
    return Grant(**values)  # type: ignore[arg-type]


def add_grant(db, **fields: object) -> tuple[FundingProgramme, Grant]:
    """A new programme and a grant of it (``fields`` change the grant)."""
    programme = service_for(db, "programmes").create(FundingProgramme(
        name="Nakopa Test", funder="SKEW", typical_rate=Decimal(90), min_amount=Decimal(50000),
        max_amount=Decimal(250000), link="https://skew.engagement-global.de/"))
    grant = service_for(db, "grants").create(a_grant(programme.id, **fields))  # type: ignore[arg-type]
    return programme, grant
