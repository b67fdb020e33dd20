"""A grant's deadlines: interim proofs by 30 April, the final proof six months after the end,
receipts kept five years; the decision's overrides win (issue 23, research/grants.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.grants import (
    Grant,
    ObligationKind,
    ObligationOverride,
    Transfer,
    add_months,
    obligations,
)

K = ObligationKind


def grant(start: date, end: date, **changes: object) -> Grant:
    base = Grant(id="g1", title="Klimapartnerschaft", status=GrantStatus.RUNNING, period_start=start, period_end=end)
    return replace(base, **changes)  # type: ignore[arg-type]


def due(g: Grant) -> list[tuple[str, date, int | None]]:
    return [(o.kind.value, o.due_on, o.year) for o in obligations(g)]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # one budget year: no interim proof; final proof six months after, receipts five years after that
        (
            date(2026, 1, 1),
            date(2026, 12, 31),
            [("final_proof", date(2027, 6, 30), None), ("keep_receipts", date(2032, 6, 30), None)],
        ),
        # across a year end: the year the period runs beyond needs an interim proof by 30 April
        (
            date(2026, 10, 1),
            date(2027, 3, 31),
            [
                ("final_proof", date(2027, 9, 30), None),
                ("interim_proof", date(2027, 4, 30), 2026),
                ("keep_receipts", date(2032, 9, 30), None),
            ],
        ),
        # three budget years: two interim proofs
        (
            date(2025, 10, 1),
            date(2027, 12, 31),
            [
                ("interim_proof", date(2026, 4, 30), 2025),
                ("interim_proof", date(2027, 4, 30), 2026),
                ("final_proof", date(2028, 6, 30), None),
                ("keep_receipts", date(2033, 6, 30), None),
            ],
        ),
        # the end of a month gives the end of a month; other days keep their day
        (
            date(2026, 3, 1),
            date(2026, 8, 31),
            [("final_proof", date(2027, 2, 28), None), ("keep_receipts", date(2032, 2, 29), None)],
        ),
        (
            date(2026, 3, 1),
            date(2026, 8, 15),
            [("final_proof", date(2027, 2, 15), None), ("keep_receipts", date(2032, 2, 15), None)],
        ),
    ],
)
def test_computed_deadlines(start: date, end: date, expected: list[tuple[str, date, int | None]]) -> None:
    assert sorted(due(grant(start, end)), key=lambda t: t[1]) == sorted(expected, key=lambda t: t[1])


def test_month_arithmetic_keeps_month_ends():
    assert add_months(date(2026, 12, 31), 6) == date(2027, 6, 30)
    assert add_months(date(2027, 6, 30), 6) == date(2027, 12, 31)
    assert add_months(date(2027, 8, 30), 6) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "status",
    [GrantStatus.IDEA, GrantStatus.OUTLINE, GrantStatus.APPLICATION, GrantStatus.REJECTED, GrantStatus.WITHDRAWN],
)
def test_nothing_is_due_without_a_decision(status: GrantStatus) -> None:
    assert obligations(grant(date(2026, 1, 1), date(2027, 12, 31), status=status)) == []


def test_the_decision_wins_over_computed_deadlines():
    overrides = (
        ObligationOverride(K.FINAL_PROOF, due_on=date(2027, 3, 31)),
        ObligationOverride(K.INTERIM_PROOF, year=2025, waived=True),
        ObligationOverride(K.OTHER, due_on=date(2026, 6, 1), label="Sachbericht zur Halbzeit"),
    )
    g = grant(date(2025, 10, 1), date(2026, 12, 31), obligation_overrides=overrides)
    found = obligations(g)
    assert [(o.kind, o.due_on, o.from_decision) for o in found] == [
        (K.OTHER, date(2026, 6, 1), True),
        (K.FINAL_PROOF, date(2027, 3, 31), True),
        # receipts follow the final proof the decision set
        (K.KEEP_RECEIPTS, date(2032, 3, 31), False),
    ]
    assert found[0].label == "Sachbericht zur Halbzeit"


def test_receipts_are_kept_five_years_after_the_final_proof_was_handed_in():
    g = grant(
        date(2026, 1, 1),
        date(2026, 12, 31),
        obligation_overrides=(ObligationOverride(K.FINAL_PROOF, done_on=date(2027, 5, 2)),),
    )
    final, keep = obligations(g)
    assert (final.due_on, final.done_on, final.is_done) == (date(2027, 6, 30), date(2027, 5, 2), True)
    assert keep.due_on == date(2032, 5, 2)


def test_a_submitted_proof_of_use_marks_the_proofs_done():
    g = grant(date(2025, 1, 1), date(2026, 12, 31), status=GrantStatus.PROOF_SUBMITTED)
    assert [o.is_done for o in obligations(g) if o.kind.is_proof] == [True, True]


def test_partner_proofs_follow_their_transfers():
    transfers = (
        Transfer("t1", amount=Decimal("1000"), recipient="Kumasi", proof_due=date(2026, 9, 1)),
        Transfer("t2", amount=Decimal("500"), proof_due=date(2026, 10, 1), proof_received=date(2026, 9, 20)),
        Transfer("t3", amount=Decimal("500")),
    )
    found = [
        o
        for o in obligations(grant(date(2026, 1, 1), date(2026, 12, 31), transfers=transfers))
        if o.kind is K.PARTNER_PROOF
    ]
    assert [(o.transfer_id, o.due_on, o.is_done) for o in found] == [
        ("t1", date(2026, 9, 1), False),
        ("t2", date(2026, 10, 1), True),
    ]
