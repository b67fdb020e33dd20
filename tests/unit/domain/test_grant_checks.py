"""Every warning of issue 23, table-driven, with the dates and figures around each boundary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from partnerdesk import i18n
from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.grants import (
    Drawdown,
    Expense,
    Grant,
    GrantRule,
    ObligationKind,
    ObligationOverride,
    PlanLine,
    Transfer,
    check,
)

D = Decimal
R = GrantRule


def grant(**changes: object) -> Grant:
    """A running grant, 1 Jan 2026 – 31 Dec 2027, 90,000 € granted at 90 %, 10,000 € own share."""
    base = Grant(
        id="g1",
        title="Klimapartnerschaft Kumasi",
        file_reference="KP-2026-17",
        status=GrantStatus.RUNNING,
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
        approved_amount=D("90000"),
        own_share=D("10000"),
        funding_rate=D("0.9"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def rules(g: Grant, today: date, rule: GrantRule | None = None) -> list[GrantRule]:
    return [w.rule for w in check(g, today) if rule is None or w.rule is rule]


# -- six weeks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "today", "spent", "warned"),
    [
        (date(2026, 12, 1), date(2027, 1, 12), D("0"), False),  # day 42, across the year end: still in time
        (date(2026, 12, 1), date(2027, 1, 13), D("0"), True),  # day 43: too late
        (date(2026, 12, 1), date(2027, 1, 13), D("4999.99"), True),  # a cent left
        (date(2026, 12, 1), date(2027, 1, 13), D("5000"), False),  # all spent
        (date(2027, 12, 20), date(2028, 1, 31), D("0"), False),  # 42 days, after the period end
        (date(2027, 12, 20), date(2028, 2, 1), D("0"), True),
        (date(2028, 2, 1), date(2028, 3, 14), D("0"), False),  # a leap February inside the six weeks
        (date(2028, 2, 1), date(2028, 3, 15), D("0"), True),
    ],
)
def test_funds_not_spent_within_six_weeks(received: date, today: date, spent: D, warned: bool) -> None:
    g = grant(drawdowns=(Drawdown("d1", D("5000"), requested_on=received, received_on=received, spent_amount=spent),))
    found = [w for w in check(g, today) if w.rule is R.FUNDS_UNSPENT]
    assert bool(found) is warned
    if warned:
        (w,) = found
        assert (w.figure("unspent"), w.figure("spend_by"), w.subject_id) == (
            D("5000") - spent,
            received + timedelta(days=42),
            "d1",
        )


def test_money_requested_but_not_received_is_not_warned_of():
    g = grant(drawdowns=(Drawdown("d1", D("5000"), requested_on=date(2026, 1, 1)),))
    assert rules(g, date(2026, 6, 1), R.FUNDS_UNSPENT) == []


# -- own share -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("own", "third", "counts", "minimum", "warned"),
    [
        (D("10000"), D("0"), True, D("0.10"), False),  # exactly 10 % of 100,000: allowed
        (D("9999.99"), D("0"), True, D("0.10"), True),  # a cent below
        (
            D("5000"),
            D("5000"),
            True,
            D("0.10"),
            False,
        ),  # third-party funds count (Nakopa: "Eigen- und/oder Drittmittel")
        (D("5000"), D("5000"), False, D("0.10"), True),  # ... unless the decision says they do not
        (D("10000"), D("0"), True, None, False),  # no minimum, no check
    ],
)
def test_own_share_in_the_financing_plan(own: D, third: D, counts: bool, minimum: D | None, warned: bool) -> None:
    approved = D("100000") - own - third
    g = grant(
        approved_amount=approved,
        own_share=own,
        third_party_funds=third,
        third_party_counts_as_own=counts,
        minimum_own_share=minimum,
    )
    assert rules(g, date(2026, 3, 1), R.OWN_SHARE_BELOW_MINIMUM) == ([R.OWN_SHARE_BELOW_MINIMUM] if warned else [])


@pytest.mark.parametrize(
    ("received", "today", "warned"),
    [
        (D("90000"), date(2028, 1, 1), False),  # 100,000 spent, 90,000 drawn: exactly 10 % own
        (D("90000.01"), date(2028, 1, 1), True),
        (D("95000"), date(2027, 12, 31), False),  # still running: money is drawn ahead of paying
    ],
)
def test_own_share_of_the_actual_expenses_after_the_period(received: D, today: date, warned: bool) -> None:
    g = grant(
        minimum_own_share=D("0.1"),
        expenses=(Expense("e1", date(2026, 5, 1), D("100000")),),
        drawdowns=(Drawdown("d1", received, received_on=date(2026, 4, 1), spent_amount=received),),
    )
    found = [w for w in check(g, today) if w.rule is R.OWN_SHARE_BELOW_MINIMUM]
    assert bool(found) is warned
    if warned:
        assert found[0].figure("own") == D("100000") - received


# -- passed on -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "warned"),
    [
        ((D("27000"),), False),  # 30 % of 90,000 exactly
        ((D("20000"), D("7000.01")), True),  # a cent above, over two transfers
        ((), False),
    ],
)
def test_passed_on_share(amounts: tuple[D, ...], warned: bool) -> None:
    transfers = tuple(Transfer(f"t{i}", a, contract=f"V-{i}") for i, a in enumerate(amounts))
    g = grant(passed_on_limit=D("0.3"), transfers=transfers)
    found = [w for w in check(g, date(2026, 6, 1)) if w.rule is R.PASSED_ON_ABOVE_LIMIT]
    assert bool(found) is warned
    if warned:
        assert found[0].figure("passed_on") == sum(amounts)


# -- plan lines ------------------------------------------------------------------------------------


def planned(*lines: tuple[str, str], spent: dict[str, str], tolerance: str = "0.20") -> Grant:
    plan = tuple(PlanLine(name, name.title(), D(amount)) for name, amount in lines)
    expenses = tuple(
        Expense(f"e-{name}", date(2026, 6, 1), D(amount), plan_line_id=name) for name, amount in spent.items()
    )
    return grant(plan_lines=plan, expenses=expenses, plan_tolerance=D(tolerance))


@pytest.mark.parametrize(
    ("spent", "tolerance", "flagged"),
    [
        ({"travel": "12000", "staff": "48000"}, "0.20", []),  # exactly 20 % over, covered by savings
        ({"travel": "12000.01", "staff": "47000"}, "0.20", ["travel"]),  # a cent beyond the tolerance
        ({"travel": "11000", "staff": "50000"}, "0.20", ["travel"]),  # within 20 % but nothing saved elsewhere
        ({"travel": "11000", "staff": "49000"}, "0.20", []),  # within 20 %, saved elsewhere exactly
        ({"travel": "12500", "staff": "40000"}, "0.25", []),  # the decision allows 25 %
        ({"travel": "12500", "staff": "40000"}, "0.20", ["travel"]),
        ({"travel": "10000", "staff": "50000"}, "0.20", []),  # to the cent on plan
    ],
)
def test_plan_line_tolerance(spent: dict[str, str], tolerance: str, flagged: list[str]) -> None:
    g = planned(("staff", "50000"), ("travel", "10000"), spent=spent, tolerance=tolerance)
    found = [w for w in check(g, date(2026, 7, 1)) if w.rule is R.PLAN_LINE_OVER_TOLERANCE]
    assert [w.subject_id for w in found] == flagged


def test_a_line_with_nothing_planned_is_over_at_once():
    g = planned(("staff", "50000"), ("extra", "0"), spent={"extra": "1"})
    (w,) = [w for w in check(g, date(2026, 7, 1)) if w.rule is R.PLAN_LINE_OVER_TOLERANCE]
    assert (w.subject_id, w.figure("overrun")) == ("extra", D("1"))


# -- approved period -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid_on", "warned"),
    [
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),
        (date(2027, 12, 31), False),
        (date(2028, 1, 1), True),
    ],
)
def test_expenses_outside_the_approved_period(paid_on: date, warned: bool) -> None:
    g = grant(expenses=(Expense("e1", paid_on, D("10"), payee="Hotel", receipt_reference="B-1"),))
    found = [w for w in check(g, date(2026, 6, 1)) if w.rule is R.EXPENSE_OUTSIDE_PERIOD]
    assert [w.subject_id for w in found] == (["e1"] if warned else [])


# -- proofs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "rule", "days"),
    [
        (date(2027, 3, 30), None, None),  # 31 days before 30 April: not yet
        (date(2027, 3, 31), R.PROOF_DUE, 30),  # 30 days before
        (date(2027, 4, 30), R.PROOF_DUE, 0),  # due today
        (date(2027, 5, 1), R.PROOF_OVERDUE, -1),
    ],
)
def test_interim_proof_due_or_overdue(today: date, rule: GrantRule | None, days: int | None) -> None:
    g = grant(period_start=date(2026, 1, 1), period_end=date(2028, 12, 31))
    found = [
        w
        for w in check(g, today)
        if w.rule in (R.PROOF_DUE, R.PROOF_OVERDUE) and w.figure("due_on") == date(2027, 4, 30)
    ]
    assert [(w.rule, w.figure("days")) for w in found] == ([] if rule is None else [(rule, days)])


def test_proofs_handed_in_or_waived_are_not_warned_of():
    g = grant(
        obligation_overrides=(
            ObligationOverride(ObligationKind.INTERIM_PROOF, year=2026, done_on=date(2027, 4, 2)),
            ObligationOverride(ObligationKind.FINAL_PROOF, waived=True),
        )
    )
    assert rules(g, date(2027, 5, 1), R.PROOF_OVERDUE) == []
    assert rules(g, date(2028, 7, 1), R.PROOF_OVERDUE) == []


def test_a_partners_proof_overdue_names_the_transfer():
    g = grant(transfers=(Transfer("t1", D("1000"), recipient="Kumasi", proof_due=date(2026, 9, 1)),))
    (w,) = [w for w in check(g, date(2026, 9, 2)) if w.rule is R.PROOF_OVERDUE]
    assert w.subject_id == "t1"
    assert "Kumasi" in w.message


# -- running out -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "spent", "warned"),
    [
        (date(2027, 10, 1), "0", False),  # 91 days left
        (date(2027, 10, 2), "0", True),  # 90 days left
        (date(2027, 12, 31), "99999.99", True),  # the last day, a cent unspent
        (date(2027, 12, 31), "100000", False),  # all spent
        (date(2028, 1, 1), "0", False),  # over: the proof of use tells the rest
    ],
)
def test_grant_running_out_with_budget_unspent(today: date, spent: str, warned: bool) -> None:
    g = grant(expenses=(Expense("e1", date(2026, 6, 1), D(spent)),))
    assert rules(g, today, R.BUDGET_UNSPENT) == ([R.BUDGET_UNSPENT] if warned else [])


# -- which grants, and what a warning says ---------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "checked"),
    [(s, s in (GrantStatus.APPROVED, GrantStatus.RUNNING, GrantStatus.PROOF_SUBMITTED)) for s in GrantStatus],
)
def test_only_grants_with_money_moving_are_checked(status: GrantStatus, checked: bool) -> None:
    g = grant(status=status, expenses=(Expense("e1", date(2025, 1, 1), D("1")),))
    assert bool(rules(g, date(2026, 6, 1), R.EXPENSE_OUTSIDE_PERIOD)) is checked


def test_a_warning_names_the_grant_the_rule_and_the_figures_in_german():
    i18n.set_language("de")
    g = grant(drawdowns=(Drawdown("d1", D("12345.6"), received_on=date(2026, 12, 1), spent_amount=D("345.6")),))
    (w,) = check(g, date(2027, 1, 13))
    assert (w.grant_id, w.rule) == ("g1", R.FUNDS_UNSPENT)
    assert w.message == (
        "„Klimapartnerschaft Kumasi“ (Az. KP-2026-17): 12.000,00 EUR der am 01.12.2026 erhaltenen "
        "12.345,60 EUR nicht bis 12.01.2027 verwendet (sechs Wochen)."
    )
    assert R.FUNDS_UNSPENT.label == "Mittel nicht binnen sechs Wochen verwendet"
