"""Expenses of one grant from the city's finance system export (CSV or .xlsx), through the table
import's reading, column mapping and preview (issue 23): nobody types receipts twice.

Each row becomes an expense of the grant: date, payee, purpose, amount, the plan line (found by
its name in the grant's funding plan, case and spaces aside) and the receipt reference. The
preview names every bad row in German: an amount that is no number or is negative, a date
outside the approved period, a plan line the plan does not have. A row whose receipt reference
the grant holds already is "unchanged" (the same export read twice adds nothing). Applying
writes every new expense in one save of the grant, or nothing while any row is bad; the import
is undone like any other (``ImportResult``: the grant as it was).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from pathlib import Path

from partnerdesk.domain import validation
from partnerdesk.domain.errors import StaleRecordError, UserError
from partnerdesk.domain.grant_records import Expense, Grant
from partnerdesk.exchange import table_mapping
from partnerdesk.exchange import table_values as tv
from partnerdesk.exchange.table_import import ImportPreview, ImportResult, PreviewRow, Problem, _column_groups
from partnerdesk.exchange.table_read import Formula, Table, read_table
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services.records_grants import GrantService

KIND = "expenses"


@dataclasses.dataclass
class ExpensePreview(ImportPreview):
    """The table import's preview, for the expenses of ``grant``; ``expenses``: row number -> the
    expense the row adds (rows with errors and those already there add none)."""

    grant: Grant | None = None
    expenses: dict[int, Expense] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class ExpenseImportResult(ImportResult):
    """An expense import: the grant as it was (undo puts it back) and how many expenses it added."""

    added: int = 0

    def summary(self) -> str:
        return ngettext("{count} expense added to the grant.", "{count} expenses added to the grant.",
                        self.added).format(count=self.added)


def preview_expenses_file(
    db: Database, path: Path, grant_id: str, *, mapping_file: Path | None = None, sheet: str | None = None,
    ignore_columns: Collection[str] = (), encoding: str | None = None,
) -> ExpensePreview:
    table = read_table(path, sheet, encoding=encoding)
    if not table.headers:
        raise UserError(_("{name} holds no table (the first sheet is empty).").format(name=path.name))
    if mapping_file is not None:
        mapping, ignored = table_mapping.load_mapping_file(mapping_file, KIND, table.headers)
    else:
        mapping, ignored = table_mapping.choose_mapping_explicit(KIND, table.headers)
    ignored |= table_mapping.columns_named(table.headers, ignore_columns)
    for index in ignored:
        mapping[index] = None
    preview = build_expense_preview(db, grant_id, table, mapping, ignored=ignored)
    preview.source = str(path)
    return preview


def build_expense_preview(
    db: Database, grant_id: str, table: Table, mapping: table_mapping.Mapping, *, ignored: Collection[int] | None = None,
) -> ExpensePreview:
    grant = GrantService(db).get(grant_id)
    groups, column_errors = _column_groups(KIND, table, mapping)
    for needed, title in (("date", _("Date")), ("amount", _("Amount"))):
        if needed not in groups:
            raise UserError(_("No column is assigned to “{field}”: an expense needs it.").format(field=title))
    unused = [i for i, key in enumerate(mapping) if not key]
    explicit = set(unused if ignored is None else ignored)
    column = {key: columns[0] for key, columns in groups.items()}
    known = {e.receipt.strip().casefold() for e in grant.expenses if e.receipt.strip()}
    seen: dict[str, int] = {}
    rows: list[PreviewRow] = []
    added: dict[int, Expense] = {}
    for number, values in table.rows:
        problems: list[Problem] = []
        cells = {key: values[index] if index < len(values) else None for key, index in column.items()}
        expense = Expense()
        for key, value in cells.items():
            if value is None or tv.is_empty(value):
                continue
            if isinstance(value, Formula):
                problems.append(Problem(column[key], _(
                    "the cell holds the formula “{formula}”; PartnerDesk does not calculate formulas. "
                    "Replace it by its value (copy, paste values) or write it as text.").format(formula=value.text)))
                continue
            try:
                _set_cell(grant, expense, key, value, table.decimal_comma)
            except tv.CellProblem as problem:
                problems.append(Problem(column[key], problem.message))
        if expense.date is None and not any(p.column == column["date"] for p in problems):
            problems.append(Problem(column["date"], _("the date is missing")))
        if expense.amount is None and not any(p.column == column["amount"] for p in problems):
            problems.append(Problem(column["amount"], _("the amount is missing")))
        if not problems:
            problems += _rules(grant, expense, column)
        receipt = expense.receipt.strip().casefold()
        action = "error" if problems else "create"
        if receipt and action == "create":
            if receipt in known:
                action = "unchanged"
                problems.append(Problem(column.get("receipt"), _(
                    "the grant holds receipt “{receipt}” already; the row adds nothing").format(receipt=expense.receipt),
                    "note"))
            elif receipt in seen:
                action = "error"
                problems.append(Problem(column.get("receipt"), _("the same receipt as row {row}").format(row=seen[receipt])))
            seen.setdefault(receipt, number)
        if action == "create":
            added[number] = expense
        rows.append(PreviewRow(number, values, None, action, None, problems))
    return ExpensePreview(
        kind=KIND, headers=table.headers, mapping=list(mapping), rows=rows,
        unmapped=[i for i in unused if i not in explicit], ignored=sorted(i for i in explicit if i < len(table.headers)),
        column_errors=column_errors, grant=grant, expenses=added,
    )


def _set_cell(grant: Grant, expense: Expense, key: str, value: object, decimal_comma: bool) -> None:
    if key == "date":
        expense.date = tv.parse_date(value)
    elif key == "amount":
        amount = tv.parse_amount(value, decimal_comma=decimal_comma)
        if amount < 0:
            raise tv.CellProblem(_("“{value}” is negative; an expense is entered with a positive amount").format(
                value=tv.text_of(value)))
        expense.amount = amount
    elif key == "plan_line":
        name = tv.text_of(value).strip()
        line = grant.plan_line_named(name)
        if line is None:
            plan = ", ".join(f"„{p.name}“" for p in grant.plan_lines) or _("none")
            raise tv.CellProblem(_("the funding plan has no line “{name}” (its lines: {lines})").format(
                name=name, lines=plan))
        expense.plan_line_id = line.id
    else:
        setattr(expense, key, tv.text_of(value).strip())


def _rules(grant: Grant, expense: Expense, column: dict[str, int]) -> list[Problem]:
    """What saving the grant would refuse, said for this row (the approved period, the limits)."""
    problems = []
    day: date | None = expense.date
    start, end = grant.period_from, grant.period_until
    if day is not None and start is not None and day < start:
        problems.append(Problem(column["date"], _("{day} lies before the approved period begins ({start})").format(
            day=validation.day_text(day), start=validation.day_text(start))))
    if day is not None and end is not None and day > end:
        problems.append(Problem(column["date"], _("{day} lies after the approved period ends ({end})").format(
            day=validation.day_text(day), end=validation.day_text(end))))
    if problems:
        return problems
    alone = dataclasses.replace(grant, expenses=[expense])
    for error in validation.problems(alone):
        if error.field == "expenses":
            problems.append(Problem(None, error.message.replace(_("Expense {number}").format(number=1) + ": ", "")))
    if isinstance(expense.amount, Decimal) and expense.amount > validation.MAX_AMOUNT:
        problems.append(Problem(column["amount"], _("the amount is too large")))
    return problems


def apply_expenses(db: Database, preview: ExpensePreview) -> ExpenseImportResult:
    """Add the preview's new expenses to the grant in one save, or nothing while a row is bad."""
    if preview.blocked:
        raise UserError("\n".join(preview.column_lines()[: len(preview.column_errors) + len(preview.unmapped)]))
    if preview.has_errors:
        raise UserError(ngettext(
            "{count} row has errors; nothing was imported. Correct the table and read it again.",
            "{count} rows have errors; nothing was imported. Correct the table and read it again.",
            preview.count("error"),
        ).format(count=preview.count("error")))
    grant = preview.grant
    assert grant is not None
    service = GrantService(db)
    if not preview.expenses:
        return ExpenseImportResult("grants", [], [], {})
    current = service.get(grant.id)
    if current.version != grant.version:
        raise StaleRecordError(_(
            "{label} was changed by somebody else since the preview; nothing was imported. Start the import again."
        ).format(label=validation.record_label(grant)))
    saved = service.update(dataclasses.replace(current, expenses=[*current.expenses, *preview.expenses.values()]))
    table_mapping.remember_mapping(KIND, preview.headers, preview.mapping)
    return ExpenseImportResult("grants", [], [current], {saved.id: saved.version}, added=len(preview.expenses))
