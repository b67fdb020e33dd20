"""The numeric part of a grant's proof of use (zahlenmäßiger Nachweis) as .xlsx, for a period.

One workbook, two sheets, read from the domain's ``Grant`` only:

* *Zahlenmäßiger Nachweis*: the grant's facts, then the expenses along the funding plan (per
  line: plan, actual in the period, difference, difference in per cent; a line for expenses
  not assigned to a line; the total), the financing (grant, own share, third-party funds as
  planned; the grant's money received in the period), the draw-downs and the transfers to
  partners in the period, each with its total;
* *Belegliste*: every expense of the period, ordered as ANBest-P 6.5 asks ("in zeitlicher
  Folge … entsprechend der Gliederung des Finanzierungsplans"): by plan line, by date within a
  line, numbered, with a subtotal per line and the grand total (date, payee, purpose, amount,
  line, receipt reference).

Amounts are numbers (never formulas, so every reader sees the same sums) with the grant's
currency in the number format; dates are dates. Text is written as text, never as a formula,
with control characters as OOXML escapes. The file is written to a temporary name beside the
target and renamed, so a failure leaves no half file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.grants import ZERO, Drawdown, Expense, Grant, PlanLine, Transfer
from partnerdesk.domain.validation import day_text
from partnerdesk.exchange.table_encoding import ooxml_escape
from partnerdesk.exchange.table_read import MAX_CELL
from partnerdesk.i18n import _


class PackPeriodError(UserError):
    """The period asked for cannot be reported on."""


@dataclass(frozen=True, slots=True)
class Period:
    """The reporting period, both days included."""

    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def text(self) -> str:
        return f"{day_text(self.start)} – {day_text(self.end)}"


def checked_period(start: date, end: date) -> Period:
    if end < start:
        raise PackPeriodError(
            _("The reporting period ends ({end}) before it begins ({start}).").format(
                start=day_text(start), end=day_text(end)
            )
        )
    return Period(start, end)


@dataclass(frozen=True, slots=True)
class LineFigures:
    """One line of the funding plan in the proof: plan, actual in the period, difference."""

    number: str
    title: str
    planned: Decimal
    actual: Decimal

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned

    @property
    def difference_rate(self) -> Decimal | None:
        return None if self.planned == ZERO else self.difference / self.planned


def expenses_in(grant: Grant, period: Period) -> list[Expense]:
    """The period's expenses in Belegliste order: by plan line (the plan's order, unassigned
    last), by date within a line, then by receipt reference."""
    order = {line.id: index for index, line in enumerate(_plan_order(grant.plan_lines))}
    unassigned = len(order)
    chosen = [e for e in grant.expenses if period.holds(e.paid_on)]
    return sorted(
        chosen,
        key=lambda e: (order.get(e.plan_line_id or "", unassigned), e.paid_on, e.receipt_reference, e.id),
    )


def line_figures(grant: Grant, period: Period) -> list[LineFigures]:
    """Plan and actual per line of the funding plan (and for expenses on no known line)."""
    actual: dict[str | None, Decimal] = {}
    known = {line.id for line in grant.plan_lines}
    for expense in grant.expenses:
        if period.holds(expense.paid_on):
            key = expense.plan_line_id if expense.plan_line_id in known else None
            actual[key] = actual.get(key, ZERO) + expense.amount
    rows = [
        LineFigures(line.number, line.title, line.planned_amount, actual.get(line.id, ZERO))
        for line in _plan_order(grant.plan_lines)
    ]
    if None in actual:
        rows.append(LineFigures("", _("Not assigned to a plan line"), ZERO, actual[None]))
    return rows


def _plan_order(lines: Sequence[PlanLine]) -> list[PlanLine]:
    return sorted(lines, key=lambda line: line.position)


def drawdowns_in(grant: Grant, period: Period) -> list[Drawdown]:
    """Draw-downs received in the period (or requested in it and not yet received)."""
    chosen = [
        d
        for d in grant.drawdowns
        if period.holds(d.received_on) or (d.received_on is None and period.holds(d.requested_on))
    ]
    return sorted(chosen, key=lambda d: (d.received_on or d.requested_on or period.end, d.id))


def transfers_in(grant: Grant, period: Period) -> list[Transfer]:
    chosen = [t for t in grant.transfers if period.holds(t.transferred_on)]
    return sorted(chosen, key=lambda t: (t.transferred_on or period.end, t.id))


def _total(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO)


class _Sheet:
    """Writes rows into an openpyxl sheet: text as text, amounts in the grant's currency."""

    def __init__(self, sheet: Any, currency: str) -> None:
        from openpyxl.styles import Font

        self.sheet = sheet
        self.row = 0
        self.money_format = f'#,##0.00 "{currency}";-#,##0.00 "{currency}"'
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=13)
        self.widths: dict[int, int] = {}

    def write(self, values: Sequence[object], *, bold: bool = False, title: bool = False) -> None:
        self.row += 1
        for column, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = self.sheet.cell(row=self.row, column=column)
            width = 10
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = self.money_format
                width = len(f"{value:,.2f}") + 6
            elif isinstance(value, _Rate):
                cell.value = value.value
                cell.number_format = "0.0%"
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, int):
                cell.value = value
            else:
                text = str(value)
                cell.value = ooxml_escape(text)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                width = len(text) if not title else 0
            if bold or title:
                cell.font = self.title_font if title else self.bold
            self.widths[column] = max(self.widths.get(column, 8), min(width, 60))

    def gap(self) -> None:
        self.row += 1

    def finish(self, widths: dict[int, int] | None = None) -> None:
        from openpyxl.utils import get_column_letter

        for column, width in (widths or self.widths).items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width + 2


@dataclass(frozen=True, slots=True)
class _Rate:
    value: Decimal


def _facts(out: _Sheet, grant: Grant, period: Period, title: str) -> None:
    out.write([title], title=True)
    facts: list[tuple[str, object]] = [
        (_("Grant"), grant.title),
        (_("File reference"), grant.file_reference),
        (_("Funder"), " – ".join(p for p in (grant.funder, grant.programme) if p)),
        (_("Approved period"), _period_text(grant.period_start, grant.period_end)),
        (_("Reporting period"), period.text),
        (_("Currency"), grant.currency),
    ]
    for label, value in facts:
        if value:
            out.write([label, value])
    out.gap()


def _period_text(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return f"{day_text(start)} – {day_text(end)}"


def _numeric_proof(out: _Sheet, grant: Grant, period: Period) -> None:
    _facts(out, grant, period, _("Numeric proof of use"))
    out.write([_("Expenses along the funding plan")], bold=True)
    out.write([_("No."), _("Plan line"), _("Planned"), _("Actual"), _("Difference"), _("Difference in %")], bold=True)
    lines = line_figures(grant, period)
    for line in lines:
        rate = line.difference_rate
        out.write(
            [
                line.number,
                line.title,
                line.planned,
                line.actual,
                line.difference,
                _Rate(rate) if rate is not None else "",
            ]
        )
    planned, actual = _total([x.planned for x in lines]), _total([x.actual for x in lines])
    out.write(
        ["", _("Total"), planned, actual, actual - planned, _Rate((actual - planned) / planned) if planned else ""],
        bold=True,
    )
    out.gap()

    # Actual: the grant's money received in the period; the rest of what was spent came from
    # own and third-party funds (the books do not tell the two apart).
    received = _total([d.amount for d in drawdowns_in(grant, period) if d.received_on is not None])
    own_actual = actual - received
    out.write([_("Financing")], bold=True)
    out.write(["", "", _("Planned"), _("Actual")], bold=True)
    out.write(["", _("Grant"), grant.approved_amount, received])
    out.write(["", _("Own share"), grant.own_share])
    out.write(["", _("Third-party funds"), grant.third_party_funds])
    out.write(["", _("Own share and third-party funds"), grant.own_share + grant.third_party_funds, own_actual])
    out.write(["", _("Total"), grant.total_funding, actual], bold=True)
    out.gap()

    drawdowns = drawdowns_in(grant, period)
    out.write([_("Draw-downs")], bold=True)
    out.write([_("No."), _("Requested on"), _("Received on"), _("Amount"), _("Spent"), _("Spend by")], bold=True)
    for number, d in enumerate(drawdowns, start=1):
        out.write([number, d.requested_on or "", d.received_on or "", d.amount, d.spent_amount, d.spend_by or ""])
    out.write(
        ["", _("Total"), "", _total([d.amount for d in drawdowns]), _total([d.spent_amount for d in drawdowns])],
        bold=True,
    )
    out.gap()

    transfers = transfers_in(grant, period)
    out.write([_("Transfers to partners")], bold=True)
    out.write(
        [
            _("No."),
            _("Contract"),
            _("Recipient"),
            _("Transferred on"),
            _("Amount"),
            _("Proof due"),
            _("Proof received"),
        ],
        bold=True,
    )
    for number, t in enumerate(transfers, start=1):
        out.write(
            [
                number,
                t.contract,
                t.recipient,
                t.transferred_on or "",
                t.amount,
                t.proof_due or "",
                t.proof_received or "",
            ]
        )
    out.write(["", _("Total"), "", "", _total([t.amount for t in transfers])], bold=True)
    out.finish({1: 8, 2: 40, 3: 16, 4: 16, 5: 16, 6: 16, 7: 16})


def _receipts(out: _Sheet, grant: Grant, period: Period) -> int:
    _facts(out, grant, period, _("List of receipts"))
    out.write(
        [_("No."), _("Date"), _("Payee"), _("Purpose of the payment"), _("Plan line"), _("Receipt no."), _("Amount")],
        bold=True,
    )
    header_row = out.row
    lines = {line.id: line for line in grant.plan_lines}
    expenses = expenses_in(grant, period)
    current: str | None = "\x00"
    subtotal = ZERO
    subtotal_label = ""
    for number, expense in enumerate(expenses, start=1):
        key = expense.plan_line_id if expense.plan_line_id in lines else None
        if key != current:
            if current != "\x00":
                out.write(["", "", "", _("Subtotal {line}").format(line=subtotal_label), "", "", subtotal], bold=True)
            current, subtotal = key, ZERO
            line = lines.get(key or "")
            subtotal_label = line.label if line is not None else _("Not assigned to a plan line")
        subtotal += expense.amount
        out.write(
            [
                number,
                expense.paid_on,
                expense.payee,
                expense.purpose,
                subtotal_label,
                expense.receipt_reference,
                expense.amount,
            ]
        )
    if expenses:
        out.write(["", "", "", _("Subtotal {line}").format(line=subtotal_label), "", "", subtotal], bold=True)
    out.write(["", "", "", _("Total"), "", "", _total([e.amount for e in expenses])], bold=True)
    out.sheet.freeze_panes = f"A{header_row + 1}"
    out.finish({1: 6, 2: 11, 3: 28, 4: 44, 5: 24, 6: 14, 7: 16})
    return len(expenses)


def _check_cell_lengths(grant: Grant, period: Period) -> None:
    """Refuse (before a file is touched) a text longer than an Excel cell holds; openpyxl would cut it."""
    for expense in expenses_in(grant, period):
        for text in (expense.payee, expense.purpose, expense.receipt_reference):
            if len(text) > MAX_CELL // 7 and len(ooxml_escape(text)) > MAX_CELL:
                raise UserError(
                    _(
                        "The expense of {day} (receipt {receipt}) holds a text longer than an Excel cell can hold; "
                        "please shorten it. Nothing was written."
                    ).format(day=day_text(expense.paid_on), receipt=expense.receipt_reference[:40] or "–")
                )


def write_proof_workbook(grant: Grant, start: date, end: date, out: Path) -> Path:
    """Write the numeric proof and the Belegliste of ``grant`` for ``start``–``end`` to ``out``."""
    from openpyxl import Workbook

    period = checked_period(start, end)
    _check_cell_lengths(grant, period)
    workbook = Workbook()
    numeric = workbook.active
    numeric.title = _("Numeric proof")[:31]
    _numeric_proof(_Sheet(numeric, grant.currency), grant, period)
    receipts = workbook.create_sheet(_("List of receipts")[:31])
    _receipts(_Sheet(receipts, grant.currency), grant, period)
    workbook.properties.title = f"{_('Numeric proof of use')}: {grant.title}"[:250]
    temporary = out.with_name(f".{out.name}.partial")
    try:
        workbook.save(temporary)
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(
            _("{name} could not be written: {reason}").format(name=out, reason=exc.strerror or exc)
        ) from exc
    return out
