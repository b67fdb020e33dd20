"""Copying between table rows and plain records for funding programmes and grants (issue 23)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from partnerdesk.domain.enums import FinancingKind, GrantConditions, GrantStatus
from partnerdesk.domain.grant_records import (
    DEFAULT_TOLERANCE,
    Drawdown,
    Expense,
    FundingProgramme,
    Grant,
    PlanLine,
    Transfer,
)
from partnerdesk.domain.text import sort_key
from partnerdesk.persistence.tables_grants import (
    GrantDrawdownRow,
    GrantExpenseRow,
    GrantPlanLineRow,
    GrantProjectRow,
    GrantRow,
    GrantTransferRow,
    ProgrammeRow,
)
from partnerdesk.services import search_text


def _common(row: Any) -> dict[str, Any]:
    return {"id": row.id, "version": row.version, "created_at": row.created_at, "updated_at": row.updated_at,
            "is_example": row.is_example}


def programme_from_row(row: ProgrammeRow) -> FundingProgramme:
    return FundingProgramme(
        **_common(row), name=row.name, funder=row.funder, typical_rate=row.typical_rate, min_amount=row.min_amount,
        max_amount=row.max_amount, currency=row.currency, link=row.link, notes=row.notes,
    )


def programme_to_row(r: FundingProgramme, row: ProgrammeRow) -> None:
    row.name = r.name.strip()
    row.name_key = sort_key(r.name)
    row.funder = r.funder.strip()
    row.typical_rate, row.min_amount, row.max_amount = r.typical_rate, r.min_amount, r.max_amount
    row.currency = r.currency
    row.link = r.link.strip()
    row.notes = r.notes
    row.search_text = search_text.programme_text(row.name, row.funder, r.notes)


#: The plain fields of a grant that are copied as they are (texts are stripped where noted below).
_PLAIN = ("decision_date", "period_from", "period_until", "approved_amount", "currency", "funding_rate", "own_share",
          "third_party_funds", "min_own_share_rate", "passed_on_limit", "interim_proof_due", "final_proof_due",
          "receipts_kept_until", "notes", "special_conditions")


def grant_from_row(row: GrantRow) -> Grant:
    return Grant(
        **_common(row),
        title=row.title,
        programme_id=row.programme_id,
        project_ids=[p.project_id for p in row.projects],
        file_reference=row.file_reference,
        financing_kind=FinancingKind(row.financing_kind),
        conditions=GrantConditions(row.conditions),
        status=GrantStatus(row.status),
        tolerance=row.tolerance if row.tolerance is not None else DEFAULT_TOLERANCE,
        **{name: getattr(row, name) for name in _PLAIN},
        plan_lines=[PlanLine(id=p.id, name=p.name, planned=p.planned) for p in row.plan_lines],
        drawdowns=[Drawdown(id=d.id, requested_on=d.requested_on, amount=d.amount, received_on=d.received_on,
                            spent=d.spent, spent_on=d.spent_on) for d in row.drawdowns],
        expenses=[Expense(id=e.id, date=e.date, payee=e.payee, purpose=e.purpose, amount=e.amount,
                          plan_line_id=e.plan_line_id, receipt=e.receipt) for e in row.expenses],
        transfers=[Transfer(id=t.id, contract=t.contract, amount=t.amount, transferred_on=t.transferred_on,
                            proof_due=t.proof_due, proof_received_on=t.proof_received_on) for t in row.transfers],
    )


def grant_to_row(r: Grant, row: GrantRow) -> None:
    row.title = r.title.strip()
    row.title_key = sort_key(r.title)
    row.programme_id = r.programme_id or None
    row.file_reference = r.file_reference.strip()
    row.financing_kind, row.conditions, row.status = str(r.financing_kind), str(r.conditions), str(r.status)
    row.tolerance = r.tolerance
    for name in _PLAIN:
        setattr(row, name, getattr(r, name))
    row.special_conditions = r.special_conditions.strip()
    by_project = {p.project_id: p for p in row.projects}
    row.projects = [_placed(by_project.get(pid) or GrantProjectRow(project_id=pid), i)
                    for i, pid in enumerate(dict.fromkeys(r.project_ids))]
    row.plan_lines = _parts(row.plan_lines, r.plan_lines, GrantPlanLineRow,
                            lambda p, x: _set(p, name=x.name.strip(), planned=x.planned))
    row.drawdowns = _parts(row.drawdowns, r.drawdowns, GrantDrawdownRow, lambda p, x: _set(
        p, requested_on=x.requested_on, amount=x.amount, received_on=x.received_on, spent=x.spent, spent_on=x.spent_on))
    row.expenses = _parts(row.expenses, r.expenses, GrantExpenseRow, lambda p, x: _set(
        p, date=x.date, payee=x.payee.strip(), purpose=x.purpose.strip(), amount=x.amount,
        plan_line_id=x.plan_line_id or None, receipt=x.receipt.strip()))
    row.transfers = _parts(row.transfers, r.transfers, GrantTransferRow, lambda p, x: _set(
        p, contract=x.contract.strip(), amount=x.amount, transferred_on=x.transferred_on, proof_due=x.proof_due,
        proof_received_on=x.proof_received_on))
    row.search_text = search_text.grant_text(row.title, row.file_reference, row.special_conditions, r.notes)


def _placed(row: Any, position: int) -> Any:
    row.position = position
    return row


def _set(row: Any, **values: Any) -> None:
    for name, value in values.items():
        setattr(row, name, value)


def _parts(rows: Sequence[Any], items: Sequence[Any], make: type[Any], fill: Callable[[Any, Any], None]) -> list[Any]:
    """The part rows for ``items`` in their order: a row kept where its id stays (no delete and insert)."""
    existing = {p.id: p for p in rows}
    result = []
    for i, item in enumerate(items):
        part = existing.get(item.id) or make(id=item.id)
        fill(part, item)
        result.append(_placed(part, i))
    return result
