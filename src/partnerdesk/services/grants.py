"""The grants register's records as ``domain.grants.Grant``: what the rules (``obligations``,
``check``), the proof-of-use pack, ``partnerdesk grants`` and the window's warnings read.

The register keeps rates and limits in percent (90 for 90 %, as the form shows them); the domain
counts in fractions (0.9): divided by 100 here, exactly. The decision's own due dates (the form's
"Zwischennachweis/Verwendungsnachweis fällig am", "Belege aufbewahren bis") become overrides of the
computed deadlines: the interim proof's date overrides the proof for the year before it.

``grant_deadlines_due`` is the "Anstehend" source of the grants' proofs (``services.due.SOURCES``);
it reads the grants without their receipts (a grant may hold thousands), as obligations need none.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from sqlalchemy import BigInteger, case, func, or_, select, type_coerce

from partnerdesk.domain import grants as rules
from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.enums import FinancingKind, GrantStatus
from partnerdesk.domain.errors import NotFoundError
from partnerdesk.domain.grant_records import FundingProgramme
from partnerdesk.domain.grant_records import Grant as GrantRecord
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables_grants import (
    GrantDrawdownRow,
    GrantExpenseRow,
    GrantPlanLineRow,
    GrantProjectRow,
    GrantRow,
    GrantTransferRow,
    ProgrammeRow,
)
from partnerdesk.services.mapping_grants import grant_from_row, programme_from_row
from partnerdesk.services.records_grants import GrantService, ProgrammeService
from partnerdesk.startup import collection_paused

HUNDRED = Decimal(100)
ZERO = Decimal(0)
#: The part tables of a grant and the columns ``load_grants`` reads, in the order of the domain
#: record's fields (``rules.PlanLine``, ``Drawdown``, ``Expense``, ``Transfer``).
_PART_COLUMNS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "projects": (GrantProjectRow, ("project_id",)),
    "plan_lines": (GrantPlanLineRow, ("id", "name", "planned")),
    "drawdowns": (GrantDrawdownRow, ("id", "requested_on", "amount", "received_on", "spent")),
    "expenses": (GrantExpenseRow, ("id", "date", "amount", "payee", "purpose", "plan_line_id", "receipt")),
    "transfers": (GrantTransferRow, ("id", "contract", "amount", "transferred_on", "proof_due", "proof_received_on")),
}


def _fraction(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else percent / HUNDRED


def overrides(record: GrantRecord) -> tuple[rules.ObligationOverride, ...]:
    """The decision's own due dates as overrides of the computed deadlines."""
    found = []
    if record.interim_proof_due is not None:
        found.append(rules.ObligationOverride(rules.ObligationKind.INTERIM_PROOF, year=record.interim_proof_due.year - 1,
                                              due_on=record.interim_proof_due))
    if record.final_proof_due is not None:
        found.append(rules.ObligationOverride(rules.ObligationKind.FINAL_PROOF, due_on=record.final_proof_due))
    if record.receipts_kept_until is not None:
        found.append(rules.ObligationOverride(rules.ObligationKind.KEEP_RECEIPTS, due_on=record.receipts_kept_until))
    return tuple(found)


def _fields(record: GrantRecord, programme: FundingProgramme | None) -> dict[str, Any]:
    """The grant's own fields as the rules read them (its parts aside)."""
    conditions = record.conditions.label + (f"; {record.special_conditions.strip()}" if record.special_conditions.strip() else "")
    return dict(
        id=record.id, title=record.title, file_reference=record.file_reference, currency=record.currency,
        funder=programme.funder if programme is not None else "",
        programme=programme.name if programme is not None else "",
        project_ids=tuple(record.project_ids), status=GrantStatus(record.status),
        decision_date=record.decision_date, period_start=record.period_from, period_end=record.period_until,
        approved_amount=record.approved_amount or ZERO, funding_rate=_fraction(record.funding_rate),
        financing_kind=FinancingKind(record.financing_kind), own_share=record.own_share or ZERO,
        third_party_funds=record.third_party_funds or ZERO, minimum_own_share=_fraction(record.min_own_share_rate),
        passed_on_limit=_fraction(record.passed_on_limit),
        plan_tolerance=_fraction(record.tolerance) or (ZERO if record.tolerance is not None else rules.DEFAULT_PLAN_TOLERANCE),
        conditions=conditions, obligation_overrides=overrides(record),
    )


def to_domain(record: GrantRecord, programme: FundingProgramme | None = None) -> rules.Grant:
    """The grant record (and its programme, for the funder's and programme's names) as the rules read it."""
    return rules.Grant(
        **_fields(record, programme),
        plan_lines=tuple(rules.PlanLine(line.id, line.name, line.planned or ZERO, position=i)
                         for i, line in enumerate(record.plan_lines)),
        drawdowns=tuple(rules.Drawdown(d.id, d.amount or ZERO, requested_on=d.requested_on, received_on=d.received_on,
                                       spent_amount=d.spent or ZERO) for d in record.drawdowns),
        expenses=tuple(rules.Expense(e.id, e.date, e.amount or ZERO, payee=e.payee, purpose=e.purpose,
                                     plan_line_id=e.plan_line_id, receipt_reference=e.receipt)
                       for e in record.expenses if e.date is not None),
        transfers=tuple(rules.Transfer(t.id, t.amount or ZERO, contract=t.contract, transferred_on=t.transferred_on,
                                       proof_due=t.proof_due, proof_received=t.proof_received_on)
                        for t in record.transfers),
    )


def load_grant(db: Database, grant_id: str) -> rules.Grant:
    """The grant ``grant_id`` with its programme's names; ``NotFoundError`` if there is none."""
    record = GrantService(db).get(grant_id)
    programme = None
    if record.programme_id:
        try:
            programme = ProgrammeService(db).get(record.programme_id)
        except NotFoundError:
            programme = None
    return to_domain(record, programme)


def load_grants(db: Database, *, summed: bool = False) -> list[rules.Grant]:
    """Every grant, newest approved period first (as the register lists them).

    ``summed``: each grant's expenses summed by the database (``Grant.expense_totals``: in total,
    per plan line, and those outside the approved period one by one), not read as receipts
    (``expenses`` stays empty): what the rules need, for ``grants check``; the sums are the
    very figures the receipts would give (``domain.grants.expense_totals``).

    Read as plain rows, one statement for the grants and one per part table (in the grants'
    order, each grant's parts then sorted by position here), grouped here by grant: no ORM
    objects for the thousands of expenses (making them cost 5 x reading the rows;
    ``bench/grants_bench.py``), and on a server a fixed number of round trips however many grants
    there are. The records are built with the cycle collector paused (they hold no cycles, and
    it walked them again and again: a quarter of ``grants check``)."""
    with collection_paused():
        return _load_all(db, summed)


def _load_all(db: Database, summed: bool) -> list[rules.Grant]:
    grants_table = GrantRow.__table__
    with db.read() as session:
        programmes = {p.id: programme_from_row(p) for p in session.scalars(select(ProgrammeRow))}
        grant_rows = session.execute(select(grants_table).order_by(*GrantService.name_order())).all()
        # Each part table's rows as bare tuples in the order its record's fields take them, grouped
        # by grant (they come sorted by grant: one group after the other).
        children = {name: _grouped(session.execute(select(*columns).order_by(columns[0])))
                    for name, columns in _part_columns().items() if not (summed and name == "expenses")}
        totals = _expense_totals(session) if summed else {}
    if summed:
        children["expenses"] = {}
    projects, plan_lines, drawdowns, expenses, transfers = (
        children[name] for name in ("projects", "plan_lines", "drawdowns", "expenses", "transfers"))
    no_rows: list[Any] = []
    found = []
    PlanLine, Drawdown, Transfer = rules.PlanLine, rules.Drawdown, rules.Transfer  # noqa: N806
    make_expense = rules.Expense._make  # from a tuple: 40 % less than the keyword-capable constructor
    for row in grant_rows:
        key = row.id
        funded = [SimpleNamespace(project_id=project_id) for _grant, project_id, _n in projects.get(key, no_rows)]
        record = grant_from_row(SimpleNamespace(**row._mapping, projects=funded,  # type: ignore[arg-type]
                                                plan_lines=(), drawdowns=(), expenses=(), transfers=()))
        found.append(rules.Grant(
            **_fields(record, programmes.get(record.programme_id or "")),
            plan_lines=tuple(PlanLine(i, name, planned or ZERO, "", n)
                             for n, (_grant, i, name, planned, _n) in enumerate(plan_lines.get(key, no_rows))),
            drawdowns=tuple(Drawdown(i, amount or ZERO, requested, received, spent or ZERO)
                            for _grant, i, requested, amount, received, spent, _n in drawdowns.get(key, no_rows)),
            expenses=tuple(make_expense((i, day, amount or ZERO, payee, purpose, line, receipt))
                           for _grant, i, day, amount, payee, purpose, line, receipt, _n in expenses.get(key, no_rows)
                           if day is not None),
            expense_totals=totals.get(key, _NO_EXPENSES) if summed else None,
            transfers=tuple(Transfer(i, amount or ZERO, contract, "", on, due, received)
                            for _grant, i, contract, amount, on, due, received, _n in transfers.get(key, no_rows)),
        ))
    return found


_NO_EXPENSES = rules.ExpenseTotals(ZERO, {}, ())


def _expense_totals(session: Any) -> dict[str, rules.ExpenseTotals]:
    """Each grant's expenses (those with a day, as ``load_grants`` reads them) summed per plan
    line by the database, and those outside the grant's approved period read one by one.

    Amounts are stored as integers of ten-thousandths (``persistence.types.Amount``): their sums
    are exact. A ``Decimal`` sum has the most decimal places of its amounts (12.50 + 0.125 =
    12.625, 0.125 + 0.125 = 0.250), and a stored amount reads with 2, 3 or 4 places
    (``amount_from_stored``): the most of them comes along with each sum, so the figures are the
    same, to the place, as adding the receipts up."""
    e, g = GrantExpenseRow.__table__, GrantRow.__table__
    stored = type_coerce(e.c.amount, BigInteger)  # the integer itself: no Amount conversion
    places = case((stored.is_(None), 0), (stored % 100 == 0, 2), (stored % 10 == 0, 3), else_=4)
    sums = session.execute(
        select(e.c.grant_id, e.c.plan_line_id, func.sum(stored), func.max(places))
        .where(e.c.date.is_not(None)).group_by(e.c.grant_id, e.c.plan_line_id)).all()
    outside = session.execute(
        select(e.c.grant_id, e.c.id, e.c.date, e.c.amount, e.c.payee, e.c.purpose, e.c.plan_line_id, e.c.receipt)
        .join(g, g.c.id == e.c.grant_id)
        .where(e.c.date.is_not(None), g.c.period_from.is_not(None), g.c.period_until.is_not(None),
               or_(e.c.date < g.c.period_from, e.c.date > g.c.period_until))
        .order_by(e.c.grant_id, e.c.position)).all()
    by_grant: dict[str, dict[str | None, Decimal]] = {}
    for grant_id, line, total, most in sums:
        by_grant.setdefault(grant_id, {})[line] = (
            ZERO if total is None else Decimal(int(total) // 10 ** (4 - most)).scaleb(-most))
    make_expense = rules.Expense._make
    outside_by_grant: dict[str, tuple[rules.Expense, ...]] = {
        key: tuple(make_expense((i, day, amount or ZERO, payee, purpose, line, receipt))
                   for _grant, i, day, amount, payee, purpose, line, receipt in rows)
        for key, rows in groupby(outside, itemgetter(0))}
    return {key: rules.ExpenseTotals(sum(lines.values(), ZERO), lines, outside_by_grant.get(key, ()))
            for key, lines in by_grant.items()}


def _part_columns() -> dict[str, list[Any]]:
    """Each part table's columns ``load_grants`` reads: the grant's id, its record's fields, the position."""
    return {name: [row.__table__.c.grant_id, *(row.__table__.c[c] for c in columns), row.__table__.c.position]
            for name, (row, columns) in _PART_COLUMNS.items()}


def _grouped(result: Any) -> dict[str, list[Any]]:
    """Rows sorted by their first value (the grant's id) as lists by that value, each in the order
    of its last (the position). Sorted here: SQLite's sort of 20,000 expenses by grant and position
    cost more than reading them in the grant index's order and sorting each grant's few rows."""
    position = itemgetter(-1)
    return {key: sorted(rows, key=position) for key, rows in groupby(result.all(), itemgetter(0))}


# The deadlines without the receipts ---------------------------------------------------------------


def deadlines(db: Database) -> list[tuple[GrantRecord, rules.Obligation]]:
    """Every deadline of every granted grant, with the grant (read without its plan, draw-downs and
    receipts, which no deadline needs): for "Anstehend" and the calendar export. One statement
    (the grants with their transfers joined): on a server one round trip."""
    granted = [s.value for s in rules.GRANTED]
    t = GrantTransferRow.__table__
    with db.read() as session:
        rows = session.execute(
            select(GrantRow.id, GrantRow.title, GrantRow.file_reference, GrantRow.status, GrantRow.period_from,
                   GrantRow.period_until, GrantRow.interim_proof_due, GrantRow.final_proof_due,
                   GrantRow.receipts_kept_until, t.c.id.label("transfer_id"), t.c.amount, t.c.contract,
                   t.c.transferred_on, t.c.proof_due, t.c.proof_received_on)
            .outerjoin(t, t.c.grant_id == GrantRow.id)
            .where(GrantRow.status.in_(granted)).order_by(GrantRow.period_until, GrantRow.id, t.c.position)).all()
    grants: dict[str, GrantRecord] = {}
    transfers: dict[str, list[rules.Transfer]] = {}
    for r in rows:
        if r.id not in grants:
            grants[r.id] = GrantRecord(
                id=r.id, title=r.title, file_reference=r.file_reference, status=GrantStatus(r.status),
                period_from=r.period_from, period_until=r.period_until, interim_proof_due=r.interim_proof_due,
                final_proof_due=r.final_proof_due, receipts_kept_until=r.receipts_kept_until)
            transfers[r.id] = []
        if r.transfer_id is not None:
            transfers[r.id].append(rules.Transfer(
                r.transfer_id, r.amount or ZERO, contract=r.contract, transferred_on=r.transferred_on,
                proof_due=r.proof_due, proof_received=r.proof_received_on))
    found: list[tuple[GrantRecord, rules.Obligation]] = []
    for record in grants.values():
        domain = rules.Grant(
            id=record.id, title=record.title, file_reference=record.file_reference,
            status=GrantStatus(record.status), period_start=record.period_from,
            period_end=record.period_until, obligation_overrides=overrides(record),
            transfers=tuple(transfers[record.id]))
        found.extend((record, o) for o in rules.obligations(domain))
    return found


def grant_deadlines_due(db: Database, today: date, within_days: int | None = None) -> list[DueItem]:
    """The grants' proofs not yet handed in, due by ``today + within_days`` (overdue ones however
    old; all of them when ``within_days`` is None): interim and final proofs, the partners' proofs
    for money passed on, and duties the decision adds. Keeping receipts is no task: it is left out."""
    last = None if within_days is None else today + timedelta(days=within_days)
    items = []
    for record, obligation in deadlines(db):
        if obligation.is_done or not obligation.kind.is_proof or (last is not None and obligation.due_on > last):
            continue
        reference = _(" (ref. {reference})").format(reference=record.file_reference) if record.file_reference else ""
        items.append(DueItem(
            due_on=obligation.due_on, source=DueSource.GRANT_DEADLINE,
            text=f"{obligation.label}{reference}", record_kind="grants", record_id=record.id,
            record_title=record.title,
        ))
    return items
