"""Grants (issue 23): the proof-of-use pack of a grant with 5,000 expenses (target <= 2 s) and
``grants check`` on 500 grants (target <= 200 ms), each against a baseline measured in the
same run on the same data:

* pack: the whole pack (numeric proof and Belegliste .xlsx, Sachbericht PDF and Word) and the
  .xlsx alone, against openpyxl writing the same 5,000 rows of seven cells into a bare workbook;
* check, the rules: every rule of ``domain.grants.check`` over 500 hand-built grants (plan
  lines, draw-downs, expenses, transfers, obligations), against SQLite (in memory) only summing
  the same expenses per plan line, draw-downs and transfers per grant;
* check, end to end as the user runs it: a SQLite database file of the newest schema holding 500
  grants (the same shape: 8 plan lines, 8 draw-downs, 40 expenses, 3 transfers each, so 20,000
  expenses), written by fast inserts of the register's tables; then ``services.grants.load_grants``
  alone (every receipt, as the pack reads them), ``load_grants(summed=True)`` (each grant's expenses
  summed by the database, as ``grants check`` reads them) alone and + ``check`` for all, and
  ``partnerdesk grants check`` itself (the CLI's
  ``main`` in this process: opening the file, loading, checking, printing; no process start-up),
  against plain ``sqlite3`` reading the same rows of the same file (no objects made). The load's
  statements are caught as they run and printed with SQLite's ``EXPLAIN QUERY PLAN``.

Run: ``python bench/grants_bench.py [--repeat 3] [--clock wall|cpu]``
"""

from __future__ import annotations

import argparse
import gc
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from partnerdesk import i18n  # noqa: E402
from partnerdesk.documents.grant_pack import write_pack  # noqa: E402
from partnerdesk.documents.grant_report import ReportActivity, ReportInput, ReportProject  # noqa: E402
from partnerdesk.domain.enums import GrantStatus  # noqa: E402
from partnerdesk.domain.grants import (  # noqa: E402
    Drawdown,
    Expense,
    Grant,
    PlanLine,
    Transfer,
    check,
)
from partnerdesk.exchange.grant_proof import write_proof_workbook  # noqa: E402

START, END = date(2025, 1, 1), date(2027, 12, 31)


def make_grant(number: int, expenses: int, rng: random.Random) -> Grant:
    lines = tuple(
        PlanLine(f"g{number}-l{i}", f"Position {i}", Decimal(rng.randrange(5_000, 60_000)), str(i + 1), i)
        for i in range(8)
    )
    spent = tuple(
        Expense(
            f"g{number}-e{i}",
            START + timedelta(days=rng.randrange(0, (END - START).days + 30)),
            Decimal(rng.randrange(100, 500_000)) / 100,
            payee=f"Firma {rng.randrange(1000)} GmbH",
            purpose=rng.choice(("Flug Accra–Düsseldorf", "Hotel", "Dolmetschen", "Material Brunnenbau", "Workshop")),
            plan_line_id=rng.choice(lines).id,
            receipt_reference=f"B-{number}-{i:05}",
        )
        for i in range(expenses)
    )
    draws = tuple(
        Drawdown(
            f"g{number}-d{i}",
            Decimal(20_000),
            received_on=START + timedelta(days=90 * i),
            spent_amount=Decimal(rng.randrange(0, 20_000)),
        )
        for i in range(8)
    )
    transfers = tuple(
        Transfer(
            f"g{number}-t{i}",
            Decimal(10_000),
            contract=f"WV-{i}",
            transferred_on=START + timedelta(days=200 * i),
            proof_due=START + timedelta(days=200 * i + 180),
        )
        for i in range(3)
    )
    return Grant(
        id=f"g{number}",
        title=f"Klimapartnerschaft {number}",
        file_reference=f"KP-{number}",
        status=GrantStatus.RUNNING,
        period_start=START,
        period_end=END,
        approved_amount=Decimal(250_000),
        own_share=Decimal(27_000),
        minimum_own_share=Decimal("0.1"),
        passed_on_limit=Decimal("0.3"),
        plan_lines=lines,
        drawdowns=draws,
        expenses=spent,
        transfers=transfers,
    )


#: The clock ``best`` reads: wall time (``--clock wall``, the default), or this process's CPU time
#: (``--clock cpu``), which other programs on a shared, loaded machine disturb far less.
CLOCK: Callable[[], float] = time.perf_counter


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = CLOCK()
        fn()
        times.append(CLOCK() - start)
    return min(times)


def bare_openpyxl(grant: Grant, out: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for n, e in enumerate(grant.expenses, start=1):
        sheet.append([n, e.paid_on, e.payee, e.purpose, e.plan_line_id, e.receipt_reference, e.amount])
    workbook.save(out)


def sql_sums(grants: list[Grant]) -> Callable[[], object]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE expense (grant_id TEXT, line_id TEXT, paid_on TEXT, amount_cents INTEGER)")
    conn.execute("CREATE TABLE drawdown (grant_id TEXT, amount_cents INTEGER, spent_cents INTEGER, received_on TEXT)")
    conn.execute("CREATE TABLE transfer (grant_id TEXT, amount_cents INTEGER)")
    conn.executemany(
        "INSERT INTO expense VALUES (?, ?, ?, ?)",
        ((g.id, e.plan_line_id, e.paid_on.isoformat(), int(e.amount * 100)) for g in grants for e in g.expenses),
    )
    conn.executemany(
        "INSERT INTO drawdown VALUES (?, ?, ?, ?)",
        (
            (g.id, int(d.amount * 100), int(d.spent_amount * 100), str(d.received_on))
            for g in grants
            for d in g.drawdowns
        ),
    )
    conn.executemany(
        "INSERT INTO transfer VALUES (?, ?)", ((g.id, int(t.amount * 100)) for g in grants for t in g.transfers)
    )
    conn.execute("CREATE INDEX expense_grant ON expense (grant_id, line_id)")

    def run() -> object:
        return (
            conn.execute(
                "SELECT grant_id, line_id, sum(amount_cents) FROM expense GROUP BY grant_id, line_id"
            ).fetchall(),
            conn.execute(
                "SELECT grant_id, sum(amount_cents - spent_cents) FROM drawdown WHERE received_on < '2027-06-01' GROUP BY grant_id"
            ).fetchall(),
            conn.execute("SELECT grant_id, sum(amount_cents) FROM transfer GROUP BY grant_id").fetchall(),
        )

    return run


def fill_database(path: Path, grants: list[Grant]) -> None:
    """The grants as rows of the register's tables (fast inserts: one statement per table)."""
    from sqlalchemy import insert

    from partnerdesk.domain.text import search_blob, sort_key
    from partnerdesk.persistence.database import create_database
    from partnerdesk.persistence.tables_grants import (
        GrantDrawdownRow,
        GrantExpenseRow,
        GrantPlanLineRow,
        GrantRow,
        GrantTransferRow,
        ProgrammeRow,
    )

    db = create_database(path)
    try:
        uid = "00000000-0000-4000-8000-{:012x}".format
        with db.engine.begin() as conn:
            conn.execute(insert(ProgrammeRow), [
                {"id": uid(p), "name": name, "name_key": sort_key(name), "funder": "Engagement Global",
                 "typical_rate": Decimal(90), "search_text": search_blob(name), "version": 1, "is_example": False}
                for p, name in enumerate(("Nakopa", "FKKP", "Klimapartnerschaften"))
            ])
            conn.execute(insert(GrantRow), [
                {"id": g.id, "title": g.title, "title_key": sort_key(g.title), "programme_id": uid(n % 3),
                 "file_reference": g.file_reference, "decision_date": START - timedelta(days=30),
                 "period_from": g.period_start, "period_until": g.period_end, "approved_amount": g.approved_amount,
                 "funding_rate": Decimal(90), "financing_kind": "share", "own_share": g.own_share,
                 "third_party_funds": Decimal(0), "min_own_share_rate": Decimal(10), "conditions": "anbest_gk",
                 "status": "running", "tolerance": Decimal(20), "passed_on_limit": Decimal(30),
                 "search_text": search_blob(g.title), "version": 1, "is_example": False}
                for n, g in enumerate(grants)
            ])
            conn.execute(insert(GrantPlanLineRow), [
                {"id": x.id, "grant_id": g.id, "name": x.title, "planned": x.planned_amount, "position": i}
                for g in grants for i, x in enumerate(g.plan_lines)
            ])
            conn.execute(insert(GrantDrawdownRow), [
                {"id": x.id, "grant_id": g.id, "requested_on": x.received_on, "amount": x.amount,
                 "received_on": x.received_on, "spent": x.spent_amount, "position": i}
                for g in grants for i, x in enumerate(g.drawdowns)
            ])
            conn.execute(insert(GrantExpenseRow), [
                {"id": x.id, "grant_id": g.id, "date": x.paid_on, "payee": x.payee, "purpose": x.purpose,
                 "amount": x.amount, "plan_line_id": x.plan_line_id, "receipt": x.receipt_reference, "position": i}
                for g in grants for i, x in enumerate(g.expenses)
            ])
            conn.execute(insert(GrantTransferRow), [
                {"id": x.id, "grant_id": g.id, "contract": x.contract, "amount": x.amount,
                 "transferred_on": x.transferred_on, "proof_due": x.proof_due, "position": i}
                for g in grants for i, x in enumerate(g.transfers)
            ])
            conn.exec_driver_sql("ANALYZE")
    finally:
        db.close()


CHILD_TABLES = ("grant_projects", "grant_plan_lines", "grant_drawdowns", "grant_expenses", "grant_transfers")


def plain_sql_read(path: Path) -> Callable[[], object]:
    """The least any program must pay: the same rows of the same file fetched by ``sqlite3``."""

    def run() -> object:
        conn = sqlite3.connect(path)
        try:
            rows = [conn.execute("SELECT * FROM programmes").fetchall(),
                    conn.execute("SELECT * FROM grants ORDER BY period_from DESC, title_key").fetchall()]
            rows += [conn.execute(f"SELECT * FROM {t} ORDER BY grant_id, position").fetchall() for t in CHILD_TABLES]
            return rows
        finally:
            conn.close()

    return run


def load_statements(path: Path) -> list[str]:
    """The statements ``load_grants`` runs, caught as they run, with literal parameters."""
    from sqlalchemy import event

    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.grants import load_grants

    caught: list[tuple[str, object]] = []
    db = open_database(path)
    try:
        def catch(conn: object, cursor: object, statement: str, parameters: object, *_: object) -> None:
            caught.append((statement, parameters))

        event.listen(db.read_engine, "before_cursor_execute", catch)
        load_grants(db, summed=True)  # as grants check reads them
        event.remove(db.read_engine, "before_cursor_execute", catch)
    finally:
        db.close()
    return [
        s for s, _ in caught if s.lstrip().upper().startswith("SELECT")
    ]


def print_query_plan(path: Path) -> None:
    statements = load_statements(path)
    conn = sqlite3.connect(path)
    try:
        print(f"  query plan of load_grants(summed=True) ({len(statements)} statements):")
        seen: dict[str, int] = {}
        for statement in statements:
            shape = " ".join(statement.split())
            seen[shape] = seen.get(shape, 0) + 1
        for shape, times in seen.items():
            print(f"    {times} x {shape[:150]}{' …' if len(shape) > 150 else ''}")
            params = shape.count("?")
            # The grants' ids as the parameters: the plan does not depend on their values.
            for row in conn.execute(f"EXPLAIN QUERY PLAN {shape}", ["x"] * params):
                print(f"        {row[-1]}")
    finally:
        conn.close()


def end_to_end(path: Path, today: date, repeat: int) -> dict[str, float]:
    import contextlib
    import io

    from partnerdesk.cli.main import main as cli_main
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.grants import load_grants

    db = open_database(path)
    try:
        load_grants(db)  # warm: imports, the mapper's first use
        loaded = best(lambda: load_grants(db), repeat)
        summed = best(lambda: load_grants(db, summed=True), repeat)
        checked = best(lambda: [check(g, today) for g in load_grants(db, summed=True)], repeat)
    finally:
        db.close()
    argv = ["grants", "check", "--db", str(path), "--today", today.isoformat()]

    def command() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            code = cli_main(argv)
        if code != 0:
            raise SystemExit(f"grants check ended with {code}")

    command()
    cli = best(command, repeat)
    return {"load": loaded, "summed": summed, "load+check": checked, "cli": cli}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--expenses", type=int, default=5000)
    parser.add_argument("--grants", type=int, default=500)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time, or this process's CPU time (steadier on a shared machine)")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    print(f"clock: {args.clock} time; load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
          if Path("/proc/loadavg").exists() else f"clock: {args.clock} time")
    i18n.set_language("de")
    rng = random.Random(23)

    big = make_grant(0, args.expenses, rng)
    report = ReportInput(
        big,
        START,
        END,
        projects=(ReportProject("Wasser für Kumasi", "Sauberes Trinkwasser." * 20, "Zwei Brunnen gebaut." * 20),),
        activities=tuple(
            ReportActivity(f"Besuch {i}", START + timedelta(days=30 * i), place="Kumasi", kind="Besuch")
            for i in range(30)
        ),
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = best(lambda: bare_openpyxl(big, folder / "bare.xlsx"), args.repeat)
        xlsx = best(lambda: write_proof_workbook(big, START, END, folder / "proof.xlsx"), args.repeat)
        pack = best(lambda: write_pack(report, folder / "pack"), args.repeat)
    print(f"pack, grant with {args.expenses:,} expenses (target <= 2 s):")
    print(f"  baseline: openpyxl writing the same rows alone   {baseline * 1000:8.1f} ms")
    print(
        f"  numeric proof + Belegliste (.xlsx)               {xlsx * 1000:8.1f} ms   {xlsx / baseline:5.2f} x baseline"
    )
    print(
        f"  whole pack (.xlsx + Sachbericht PDF + .docx)     {pack * 1000:8.1f} ms   {pack / baseline:5.2f} x baseline"
    )

    grants = [make_grant(n, 40, rng) for n in range(args.grants)]
    today = date(2027, 5, 20)
    sums = sql_sums(grants)
    sql = best(sums, args.repeat)
    checked = best(lambda: [check(g, today) for g in grants], args.repeat)
    warnings = sum(len(check(g, today)) for g in grants)
    print(f"grants check, {args.grants} grants of 40 expenses, 8 lines, 8 draw-downs, 3 transfers (target <= 200 ms):")
    print(f"  baseline: SQLite summing the same figures alone  {sql * 1000:8.1f} ms")
    print(
        f"  every rule of domain.grants.check                {checked * 1000:8.1f} ms   {checked / sql:5.2f} x baseline  ({warnings:,} warnings)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "grants.sqlite"
        fill_database(path, grants)
        # This process still holds the pack's and the rules' data (a grant of 5,000 expenses, 500
        # hand-built grants, ReportLab's and openpyxl's objects), which the real command's process
        # never has: frozen, as ``startup.settled`` freezes what a real start leaves, so that the
        # collector does not walk them while the command opens the file (before it pauses itself).
        expenses = sum(len(g.expenses) for g in grants)
        gc.collect()
        gc.freeze()
        baseline = best(plain_sql_read(path), args.repeat)
        figures = end_to_end(path, today, args.repeat)
        print(f"grants check end to end, database file with {args.grants} grants, {expenses:,} expenses (target <= 200 ms):")
        print(f"  baseline: sqlite3 reading the same rows alone    {baseline * 1000:8.1f} ms")
        for label, key in (("load_grants alone (every receipt)", "load"),
                           ("load_grants(summed=True) alone (as check reads)", "summed"),
                           ("load_grants(summed=True) + check for all", "load+check"),
                           ("partnerdesk grants check (in process)", "cli")):
            print(f"  {label:<48} {figures[key] * 1000:8.1f} ms   {figures[key] / baseline:5.2f} x baseline")
        print_query_plan(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
