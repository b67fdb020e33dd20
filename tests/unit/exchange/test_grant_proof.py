"""The numeric proof and the Belegliste of a grant, read back with openpyxl and summed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.grants import Drawdown, Expense, Grant, PlanLine, Transfer
from partnerdesk.exchange.grant_proof import PackPeriodError, write_proof_workbook
from partnerdesk.exchange.table_encoding import ooxml_unescape

D = Decimal
START, END = date(2026, 1, 1), date(2026, 12, 31)
LINES = (PlanLine("staff", "Personal", D("50000"), "1", 0), PlanLine("travel", "Reisen", D("10000"), "2", 1))


def expenses() -> tuple[Expense, ...]:
    found = [
        Expense(
            f"e{i}",
            date(2026, 1 + i % 12, 1 + i % 28),
            D("123.45") + i,
            payee=f"Firma {i}",
            purpose="Flug",
            plan_line_id=("travel", "staff", None)[i % 3],
            receipt_reference=f"B-{i:03}",
        )
        for i in range(60)
    ]
    # the period's edges, and just outside them
    found += [
        Expense("first", START, D("1.01"), payee="Erster Tag", plan_line_id="staff", receipt_reference="B-first"),
        Expense("last", END, D("2.02"), payee="Letzter Tag", plan_line_id="staff", receipt_reference="B-last"),
        Expense("before", date(2025, 12, 31), D("1000"), plan_line_id="staff"),
        Expense("after", date(2027, 1, 1), D("1000"), plan_line_id="staff"),
        Expense(
            "formula", date(2026, 6, 1), D("0.01"), payee='=HYPERLINK("x")', purpose="+1\x0b2", plan_line_id="travel"
        ),
    ]
    return tuple(found)


def grant() -> Grant:
    return Grant(
        id="g1",
        title="Klimapartnerschaft Kumasi",
        file_reference="KP-17",
        status=GrantStatus.RUNNING,
        period_start=date(2025, 10, 1),
        period_end=date(2027, 12, 31),
        approved_amount=D("90000"),
        own_share=D("8000"),
        third_party_funds=D("2000"),
        plan_lines=LINES,
        expenses=expenses(),
        drawdowns=(
            Drawdown(
                "d1", D("20000"), requested_on=date(2026, 1, 2), received_on=date(2026, 1, 5), spent_amount=D("19000")
            ),
            Drawdown("d2", D("5000.50"), requested_on=date(2026, 12, 20)),  # requested, not yet received
            Drawdown("d0", D("7000"), received_on=date(2025, 11, 1), spent_amount=D("7000")),  # before the period
        ),
        transfers=(
            Transfer(
                "t1",
                D("15000"),
                contract="WV-1",
                recipient="Kumasi",
                transferred_on=date(2026, 3, 1),
                proof_due=date(2026, 9, 1),
            ),
            Transfer("t0", D("999"), contract="WV-0", transferred_on=date(2025, 12, 1)),
        ),
    )


def amount(value: object) -> Decimal:
    assert isinstance(value, int | float), value
    return D(str(value))


def rows(path: Path, sheet: int) -> list[tuple[object, ...]]:
    workbook = load_workbook(path)
    return [r for r in workbook.worksheets[sheet].iter_rows(values_only=True)]


def in_period(g: Grant) -> list[Expense]:
    return [e for e in g.expenses if START <= e.paid_on <= END]


def test_the_belegliste_lists_every_expense_of_the_period_by_line_and_date_with_its_sums(tmp_path: Path) -> None:
    g = grant()
    out = write_proof_workbook(g, START, END, tmp_path / "nachweis.xlsx")
    sheet = rows(out, 1)
    header = sheet.index(
        ("Nr.", "Datum", "Empfänger", "Grund der Zahlung", "Position des Finanzierungsplans", "Beleg-Nr.", "Betrag")
    )
    body = sheet[header + 1 :]
    items = [r for r in body if isinstance(r[0], int)]
    expected = in_period(g)
    assert [r[0] for r in items] == list(range(1, len(expected) + 1))
    assert sorted(r[5] or "" for r in items) == sorted(e.receipt_reference for e in expected)
    assert "B-first" in [r[5] for r in items] and "B-last" in [r[5] for r in items]
    # by line (the plan's order, unassigned last), by date within a line
    order = [r[4] for r in items]
    assert order == sorted(order, key=["1 Personal", "2 Reisen", "Keiner Planposition zugeordnet"].index)
    for line in ("1 Personal", "2 Reisen"):
        days = [r[1] for r in items if r[4] == line]
        assert days == sorted(days)
    # the subtotals and the total against the records
    subtotals = {r[3]: amount(r[6]) for r in body if isinstance(r[3], str) and r[3].startswith("Zwischensumme")}
    assert subtotals == {
        "Zwischensumme 1 Personal": sum(e.amount for e in expected if e.plan_line_id == "staff"),
        "Zwischensumme 2 Reisen": sum(e.amount for e in expected if e.plan_line_id == "travel"),
        "Zwischensumme Keiner Planposition zugeordnet": sum(e.amount for e in expected if e.plan_line_id is None),
    }
    (total,) = [r for r in body if r[3] == "Summe"]
    assert amount(total[6]) == sum(e.amount for e in expected) == sum(amount(r[6]) for r in items)


def test_text_stays_text_and_amounts_are_numbers_in_the_grants_currency(tmp_path: Path) -> None:
    out = write_proof_workbook(grant(), START, END, tmp_path / "nachweis.xlsx")
    sheet = load_workbook(out).worksheets[1]
    (row,) = [r for r in sheet.iter_rows() if r[2].value == '=HYPERLINK("x")']
    assert row[2].data_type == "s" and ooxml_unescape(row[3].value) == "+1\x0b2"  # written as _x000B_
    assert row[6].number_format.startswith('#,##0.00 "EUR"') and row[1].number_format == "DD.MM.YYYY"


def test_the_numeric_proof_follows_the_funding_plan(tmp_path: Path) -> None:
    g = grant()
    sheet = rows(write_proof_workbook(g, START, END, tmp_path / "n.xlsx"), 0)
    expected = in_period(g)
    by_line = {r[1]: r for r in sheet if r[0] in ("1", "2") or r[1] == "Keiner Planposition zugeordnet"}
    for key, title, planned in (
        ("staff", "Personal", D("50000")),
        ("travel", "Reisen", D("10000")),
        (None, "Keiner Planposition zugeordnet", D("0")),
    ):
        actual = sum((e.amount for e in expected if e.plan_line_id == key), D("0"))
        r = by_line[title]
        assert (amount(r[2]), amount(r[3]), amount(r[4])) == (planned, actual, actual - planned)
    expenses_total = next(r for r in sheet if r[1] == "Summe" and r[3] is not None and r[4] is not None)
    assert amount(expenses_total[3]) == sum(e.amount for e in expected)
    # financing: planned as decided; actual: the grant's money received in the period, the rest own funds
    fin = {r[1]: r for r in sheet[sheet.index(("Finanzierung", None, None, None, None, None, None)) :][:8] if r[1]}
    assert amount(fin["Zuwendung"][2]) == D("90000") and amount(fin["Zuwendung"][3]) == D("20000")
    assert amount(fin["Eigenanteil"][2]) == D("8000") and amount(fin["Drittmittel"][2]) == D("2000")
    assert amount(fin["Eigen- und Drittmittel"][3]) == sum(e.amount for e in expected) - D("20000")
    assert amount(fin["Summe"][2]) == D("100000")
    # draw-downs and transfers of the period only
    draws = [
        r
        for r in sheet
        if isinstance(r[0], int) and isinstance(r[3], int | float) and r[6] is None and r[4] is not None
    ]
    assert sorted(amount(r[3]) for r in draws) == [D("5000.5"), D("20000")]
    transfers = [r for r in sheet if isinstance(r[0], int) and r[1] in ("WV-0", "WV-1")]
    assert [(r[1], r[2], amount(r[4])) for r in transfers] == [("WV-1", "Kumasi", D("15000"))]


def test_a_reversed_period_is_refused_before_a_file_is_written(tmp_path: Path) -> None:
    with pytest.raises(PackPeriodError, match="endet .31.12.2025., bevor er beginnt"):
        write_proof_workbook(grant(), START, date(2025, 12, 31), tmp_path / "n.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_text_longer_than_an_excel_cell_is_refused_not_cut(tmp_path: Path) -> None:
    g = grant()
    long = Expense("long", date(2026, 5, 5), D("1"), purpose="x" * 40_000, receipt_reference="B-LONG")
    g = Grant(**{**{f: getattr(g, f) for f in g.__dataclass_fields__}, "expenses": (*g.expenses, long)})
    with pytest.raises(UserError, match="B-LONG"):
        write_proof_workbook(g, START, END, tmp_path / "n.xlsx")
    assert list(tmp_path.iterdir()) == []
