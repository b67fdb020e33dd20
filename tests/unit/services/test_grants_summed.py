"""``load_grants(db, summed=True)`` (what ``grants check`` reads): each grant's expenses summed by
the database instead of read one by one. The sums, the expenses outside the approved period and
every warning must be the very ones the receipts give, to the decimal place (a ``Decimal`` sum
keeps the most places of its amounts: 0.125 + 0.125 is 0.250, which the JSON output shows)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert

from grant_helpers import add_grant
from partnerdesk.domain.grants import check, expense_totals
from partnerdesk.persistence.tables_grants import GrantExpenseRow
from partnerdesk.services.grants import load_grants

pytestmark = pytest.mark.postgresql


def _odd_expenses(grant) -> list[dict[str, object]]:
    """Rows the form would refuse but a database may hold (older versions, other programs):
    before and after the period, without a day or an amount, on no line or a line that is gone,
    a refund, and amounts with three and four places."""
    travel, staff, material = grant.plan_lines[1].id, grant.plan_lines[0].id, grant.plan_lines[2].id
    rows = [
        (date(2026, 5, 1), Decimal("0.125"), travel, "B-3"),
        (date(2026, 5, 2), Decimal("0.125"), travel, "B-4"),
        (date(2026, 5, 3), Decimal("0.0001"), None, ""),
        (date(2025, 12, 31), Decimal("12.50"), staff, "B-5"),  # the day before the period
        (date(2028, 1, 1), Decimal("3"), None, "B-6"),  # the day after it
        (date(2026, 1, 1), Decimal("7.10"), staff, "B-7"),  # its first day: inside
        (None, Decimal("99"), staff, "B-8"),  # no day: not read at all
        (date(2026, 6, 1), None, material, "B-9"),  # no amount: counts as nothing
        (date(2026, 6, 2), Decimal("-0.125"), staff, "B-10"),  # a refund
        (date(2026, 6, 3), Decimal("250.00"), "gone", "B-11"),  # a plan line no longer in the plan
    ]
    return [{"id": f"{grant.id[:20]}-x{n}", "grant_id": grant.id, "date": day, "payee": f"Firma {n}", "purpose": "",
             "amount": amount, "plan_line_id": line, "receipt": receipt, "position": 10 + n}
            for n, (day, amount, line, receipt) in enumerate(rows)]


def _exactly(value: object) -> str:
    return repr(value)  # Decimal('0.250') and Decimal('0.25') differ here, as in the JSON output


@pytest.mark.parametrize("today", [date(2026, 7, 1), date(2027, 12, 1), date(2028, 2, 1)])
def test_summed_by_the_database_as_the_receipts_add_up(db, today: date) -> None:
    _programme, grant = add_grant(db)
    add_grant(db, title="Ohne Ausgaben", file_reference="NAK-0", expenses=[])
    with db.write() as session:
        session.execute(insert(GrantExpenseRow), _odd_expenses(grant))
    full = {g.id: g for g in load_grants(db)}
    summed = load_grants(db, summed=True)
    assert [g.id for g in summed] == list(full)
    for got in summed:
        wanted = expense_totals(full[got.id])
        assert got.expenses == () and got.expense_totals is not None
        assert _exactly(got.expense_totals.total) == _exactly(wanted.total)
        assert {k: _exactly(v) for k, v in got.expense_totals.by_line.items()} == {
            k: _exactly(v) for k, v in wanted.by_line.items()}
        assert _exactly(got.expense_totals.outside_period) == _exactly(wanted.outside_period)
        assert _exactly(check(got, today)) == _exactly(check(full[got.id], today))
        assert _exactly(got.spent_total) == _exactly(full[got.id].spent_total)
    mine = next(g for g in summed if g.id == grant.id)
    assert [e.receipt_reference for e in mine.expense_totals.outside_period] == ["B-5", "B-6"]
    assert _exactly(mine.spent_on_line(grant.plan_lines[1].id)) == "Decimal('4830.660')"
