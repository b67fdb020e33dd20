"""The checks of issue 23: what ``domain.grants.check`` warns of, one function per rule.

Each warning names the grant, the rule and the figures (exact, and in the sentence). Only
grants whose money is moving or still to be accounted for are checked (approved, running,
proof submitted); ideas, applications, refusals, withdrawals and closed grants give none.

The boundaries, as the tests pin them down:

* funds received on day D are warned of from D + 43 days on (six weeks is still in time);
* the own share exactly at the minimum, a passed-on share exactly at its limit and a line
  exactly 20 % over its plan are allowed;
* a line over its plan but within the tolerance is warned of only when the other lines' savings
  do not cover it (ANBest-P 1.2: the plan's total may not be exceeded);
* an expense on the first or the last day of the approved period lies inside it;
* a proof due in exactly 30 days is warned of, one due in 31 days not yet; overdue from the day after;
* a grant is "running out" from 90 days before the end of its period to that end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from partnerdesk.domain.grants import (
    CHECKED,
    PROOF_WARNING_DAYS,
    RUNNING_OUT_DAYS,
    SPEND_WITHIN,
    ZERO,
    ExpenseTotals,
    Figure,
    Grant,
    GrantRule,
    GrantWarning,
    day_formatter,
    day_text,
    expense_totals,
    money_formatter,
    obligations,
    rate_text,
)
from partnerdesk.i18n import _, ngettext, quoted


def check_grant(grant: Grant, today: date) -> list[GrantWarning]:
    if grant.status not in CHECKED:
        return []
    totals = expense_totals(grant)  # once: four rules read the expenses' sums
    found = [finding for rule in RULES for finding in rule(grant, today, totals)]
    if not found:
        return []
    label = grant.label  # once per grant: it is in every warning
    # "{grant}: {finding}" made once per grant; each finding goes between its two parts.
    before, after = _("{grant}: {finding}").format(grant=label, finding="\0").split("\0", 1)
    grant_id = grant.id
    return [
        GrantWarning(grant_id, label, rule, before + message + after, figures, subject_id)
        for rule, message, figures, subject_id in found
    ]


class _Finding(NamedTuple):
    rule: GrantRule
    message: str
    #: As ``GrantWarning.figures``: (name, value) pairs, made as such by the rules that warn thousands of times.
    figures: tuple[tuple[str, Figure], ...]
    subject_id: str | None = None


def _warning(
    grant: Grant, rule: GrantRule, message: str, figures: dict[str, Figure], subject_id: str | None = None
) -> _Finding:
    return _Finding(rule, message, tuple(figures.items()), subject_id)


def funds_unspent(grant: Grant, today: date, spent: ExpenseTotals) -> Iterator[_Finding]:
    """Money received but not spent within six weeks (ANBest-P 1.4)."""
    money, text = None, ""
    day = day_formatter()
    for drawdown in grant.drawdowns:
        received = drawdown.received_on
        if received is None:
            continue
        spend_by = received + SPEND_WITHIN
        unspent = drawdown.amount - drawdown.spent_amount
        if today <= spend_by or unspent <= ZERO:
            continue
        if money is None:
            money = _money(grant)
            text = _("{unspent} of the {amount} received on {received} not spent by {spend_by} (six weeks).")
        yield _Finding(
            GrantRule.FUNDS_UNSPENT,
            text.format(
                unspent=money(unspent),
                amount=money(drawdown.amount),
                received=day(received),
                spend_by=day(spend_by),
            ),
            (
                ("amount", drawdown.amount),
                ("spent", drawdown.spent_amount),
                ("unspent", unspent),
                ("received_on", received),
                ("spend_by", spend_by),
            ),
            drawdown.id,
        )


def own_share_below_minimum(grant: Grant, today: date, expenses: ExpenseTotals) -> Iterator[_Finding]:
    """The financing plan's own (and third-party) share below the decision's minimum; once the
    approved period is over, also the share the actual expenses leave after the grant's money."""
    minimum = grant.minimum_own_share
    if minimum is None:
        return
    money = _money(grant)
    total = grant.total_funding
    if total > ZERO:
        rate = grant.own_contribution / total
        if rate < minimum:
            yield _warning(
                grant,
                GrantRule.OWN_SHARE_BELOW_MINIMUM,
                _(
                    "the financing plan's own share is {rate} ({own} of {total}), below the minimum of {minimum}."
                ).format(
                    rate=rate_text(rate),
                    own=money(grant.own_contribution),
                    total=money(total),
                    minimum=rate_text(minimum),
                ),
                {"rate": rate, "own": grant.own_contribution, "total": total, "minimum": minimum},
            )
    spent, received = expenses.total, grant.received_total
    if grant.period_end is not None and today > grant.period_end and spent > ZERO:
        own = spent - received
        rate = own / spent
        if rate < minimum:
            yield _warning(
                grant,
                GrantRule.OWN_SHARE_BELOW_MINIMUM,
                _(
                    "of the {spent} spent, {received} came from the grant: the own share is {rate}, below the minimum of {minimum}."
                ).format(
                    spent=money(spent), received=money(received), rate=rate_text(rate), minimum=rate_text(minimum)
                ),
                {"rate": rate, "own": own, "spent": spent, "received": received, "minimum": minimum},
            )


def passed_on_above_limit(grant: Grant, today: date, spent: ExpenseTotals) -> Iterator[_Finding]:
    """More of the grant passed on to partners than the decision allows."""
    limit = grant.passed_on_limit
    passed = grant.passed_on_total
    if limit is None or passed <= ZERO or grant.approved_amount <= ZERO:
        return
    rate = passed / grant.approved_amount
    if rate > limit:
        money = _money(grant)
        yield _warning(
            grant,
            GrantRule.PASSED_ON_ABOVE_LIMIT,
            _(
                "{passed} passed on to partners is {rate} of the grant of {approved}, above the limit of {limit}."
            ).format(
                passed=money(passed),
                rate=rate_text(rate),
                approved=money(grant.approved_amount),
                limit=rate_text(limit),
            ),
            {"passed_on": passed, "rate": rate, "approved": grant.approved_amount, "limit": limit},
        )


def plan_lines_over_tolerance(grant: Grant, today: date, expenses: ExpenseTotals) -> Iterator[_Finding]:
    """A line spent beyond its plan: more than the tolerance, or within it while the other
    lines' savings do not cover the overrun (ANBest-P 1.2)."""
    money = _money(grant)
    tolerance = grant.plan_tolerance
    if not grant.plan_lines:
        return
    by_line = expenses.by_line
    spent = {line.id: by_line.get(line.id, ZERO) for line in grant.plan_lines}
    # The whole plan's net overrun; a line's "other lines' savings" is it without the line's own.
    net_overrun = sum((spent[line.id] - line.planned_amount for line in grant.plan_lines), ZERO)
    for line in grant.plan_lines:
        actual, planned = spent[line.id], line.planned_amount
        overrun = actual - planned
        if overrun <= ZERO:
            continue
        name = quoted(line.label or line.id)
        figures: dict[str, Figure] = {"planned": planned, "spent": actual, "overrun": overrun, "tolerance": tolerance}
        if actual > planned * (1 + tolerance):
            over = overrun / planned if planned > ZERO else None
            if over is not None:
                figures["rate"] = over
            yield _warning(
                grant,
                GrantRule.PLAN_LINE_OVER_TOLERANCE,
                _(
                    "plan line {line}: {spent} spent against {planned} planned ({over}), more than the {tolerance} allowed."
                ).format(
                    line=name,
                    spent=money(actual),
                    planned=money(planned),
                    over=("+" + rate_text(over)) if over is not None else _("nothing planned"),
                    tolerance=rate_text(tolerance),
                ),
                figures,
                line.id,
            )
            continue
        savings = overrun - net_overrun  # the other lines' net savings (negative: they overran too)
        if overrun > savings:
            figures["savings"] = savings
            yield _warning(
                grant,
                GrantRule.PLAN_LINE_OVER_TOLERANCE,
                _(
                    "plan line {line}: {spent} spent against {planned} planned; the overrun of {overrun} is not "
                    "covered by savings on the other lines ({savings})."
                ).format(
                    line=name,
                    spent=money(actual),
                    planned=money(planned),
                    overrun=money(overrun),
                    savings=money(max(savings, ZERO)),
                ),
                figures,
                line.id,
            )


def expenses_outside_period(grant: Grant, today: date, expenses: ExpenseTotals) -> Iterator[_Finding]:
    """Expenses before the approved period began or after it ended."""
    start, end = grant.period_start, grant.period_end
    if start is None or end is None:
        return
    money = _money(grant)
    for expense in expenses.outside_period:
        what = ", ".join(p for p in (expense.payee.strip(), expense.receipt_reference.strip()) if p)
        yield _warning(
            grant,
            GrantRule.EXPENSE_OUTSIDE_PERIOD,
            _("the expense of {amount} on {day}{what} lies outside the approved period {start} – {end}.").format(
                amount=money(expense.amount),
                day=day_text(expense.paid_on),
                what=f" ({what})" if what else "",
                start=day_text(start),
                end=day_text(end),
            ),
            {"amount": expense.amount, "paid_on": expense.paid_on, "period_start": start, "period_end": end},
            expense.id,
        )


def proofs_due(grant: Grant, today: date, spent: ExpenseTotals) -> Iterator[_Finding]:
    """A proof (interim, final, a partner's, a duty of the decision) due within 30 days or overdue."""
    day = day_formatter()  # the language looked up once
    for obligation in obligations(grant):
        if not obligation.kind.is_proof or obligation.is_done:
            continue
        due_on = obligation.due_on
        days = (due_on - today).days
        if days < 0:
            late = -days
            yield _Finding(
                GrantRule.PROOF_OVERDUE,
                ngettext(
                    "{what} was due on {day}, {count} day ago.", "{what} was due on {day}, {count} days ago.", late
                ).format(what=obligation.label, day=day(due_on), count=late),
                (("due_on", due_on), ("days", days)),
                obligation.transfer_id,
            )
        elif days <= PROOF_WARNING_DAYS:
            message = (
                _("{what} is due today ({day}).").format(what=obligation.label, day=day(due_on))
                if days == 0
                else ngettext(
                    "{what} is due on {day}, in {count} day.", "{what} is due on {day}, in {count} days.", days
                ).format(what=obligation.label, day=day(due_on), count=days)
            )
            yield _Finding(GrantRule.PROOF_DUE, message, (("due_on", due_on), ("days", days)), obligation.transfer_id)


def budget_unspent(grant: Grant, today: date, expenses: ExpenseTotals) -> Iterator[_Finding]:
    """The approved period ends within 90 days (or today) and the plan's budget is not spent."""
    end = grant.period_end
    if end is None:
        return
    left = (end - today).days
    if not 0 <= left <= RUNNING_OUT_DAYS:
        return
    planned = grant.planned_total
    spent = expenses.total
    unspent = planned - spent
    if unspent <= ZERO:
        return
    money = _money(grant)
    yield _warning(
        grant,
        GrantRule.BUDGET_UNSPENT,
        ngettext(
            "the approved period ends on {day} ({count} day left) and {unspent} of the {planned} budget is not spent.",
            "the approved period ends on {day} ({count} days left) and {unspent} of the {planned} budget is not spent.",
            left,
        ).format(day=day_text(end), count=left, unspent=money(unspent), planned=money(planned)),
        {"period_end": end, "days_left": left, "planned": planned, "spent": spent, "unspent": unspent},
    )


def _money(grant: Grant) -> Callable[[Decimal], str]:
    return money_formatter(grant.currency)


#: Each rule reads the grant, the day and the grant's expenses summed (``domain.grants.expense_totals``).
RULES: tuple[Callable[[Grant, date, ExpenseTotals], Iterator[_Finding]], ...] = (
    funds_unspent,
    own_share_below_minimum,
    passed_on_above_limit,
    plan_lines_over_tolerance,
    expenses_outside_period,
    proofs_due,
    budget_unspent,
)
