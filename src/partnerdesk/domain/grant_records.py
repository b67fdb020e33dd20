"""Funding programmes and the grants the city receives, as plain records (issue 23).

A ``Grant`` is the grant decision (Zuwendungsbescheid) with its funding plan lines, draw-downs
(Mittelabrufe), expenses and transfers to the partner (Weiterleitungen) as parts of the record,
like an activity's follow-ups: they travel, merge, archive and are versioned with the grant.
The rules on them (obligations and warnings) are ``domain.grants``; ``services.grants`` turns
these records into its dataclasses. Amounts are exact ``Decimal`` in the grant's currency;
rates and limits are percentages (``Decimal("90")`` for 90 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from partnerdesk.domain.enums import FinancingKind, GrantConditions, GrantStatus
from partnerdesk.domain.record_base import Record, new_id

#: A plan line may exceed its planned amount by this share when others cover it (ANBest-P 1.2).
DEFAULT_TOLERANCE = Decimal("20")


@dataclass(kw_only=True)
class FundingProgramme(Record):
    """A programme the city can apply to (Nakopa, FKKP, ...), with its typical figures."""

    name: str = ""
    funder: str = ""
    #: The usual funding rate in percent (90 for "bis zu 90 %").
    typical_rate: Decimal | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    currency: str = "EUR"
    link: str = ""
    notes: str = ""
    KIND: ClassVar[str] = "programmes"

    @property
    def display_name(self) -> str:
        return self.name


@dataclass(kw_only=True)
class PlanLine:
    """One line of the funding plan (Finanzierungsplan) with its planned amount."""

    id: str = field(default_factory=new_id)
    name: str = ""
    planned: Decimal | None = None


@dataclass(kw_only=True)
class Drawdown:
    """One draw-down (Mittelabruf): asked for on ``requested_on``, paid on ``received_on``."""

    id: str = field(default_factory=new_id)
    requested_on: date | None = None
    amount: Decimal | None = None
    received_on: date | None = None
    #: How much of it was spent, and by when (the six-week rule counts from ``received_on``).
    spent: Decimal | None = None
    spent_on: date | None = None


@dataclass(kw_only=True)
class Expense:
    """One expense (a receipt of the Belegliste), booked on a plan line of the same grant."""

    id: str = field(default_factory=new_id)
    date: date | None = None
    payee: str = ""
    purpose: str = ""
    amount: Decimal | None = None
    #: The id of one of the grant's ``plan_lines`` (None: not yet booked on a line).
    plan_line_id: str | None = None
    receipt: str = ""


@dataclass(kw_only=True)
class Transfer:
    """Money passed on to the partner (Weiterleitung) under a contract; their proof is due."""

    id: str = field(default_factory=new_id)
    contract: str = ""
    amount: Decimal | None = None
    transferred_on: date | None = None
    proof_due: date | None = None
    proof_received_on: date | None = None


@dataclass(kw_only=True)
class Grant(Record):
    """A grant received (or applied for) by the city, with its conditions and its money."""

    title: str = ""
    programme_id: str | None = None
    project_ids: list[str] = field(default_factory=list)
    #: The funder's file reference (Aktenzeichen) of the grant decision.
    file_reference: str = ""
    decision_date: date | None = None
    period_from: date | None = None
    period_until: date | None = None
    approved_amount: Decimal | None = None
    currency: str = "EUR"
    #: Funding rate in percent of the eligible costs.
    funding_rate: Decimal | None = None
    financing_kind: FinancingKind = FinancingKind.SHARE
    own_share: Decimal | None = None
    third_party_funds: Decimal | None = None
    #: The least own share the decision demands, in percent of the total costs (Nakopa: 10).
    min_own_share_rate: Decimal | None = None
    conditions: GrantConditions = GrantConditions.ANBEST_GK
    special_conditions: str = ""
    status: GrantStatus = GrantStatus.IDEA
    #: How far one plan line may exceed its plan when others cover it, in percent.
    tolerance: Decimal = DEFAULT_TOLERANCE
    #: The most that may be passed on to the partner, in percent of the approved amount.
    passed_on_limit: Decimal | None = None
    #: Overrides of the computed due dates, where the decision sets its own.
    interim_proof_due: date | None = None
    final_proof_due: date | None = None
    receipts_kept_until: date | None = None
    notes: str = ""
    plan_lines: list[PlanLine] = field(default_factory=list)
    drawdowns: list[Drawdown] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    KIND: ClassVar[str] = "grants"

    @property
    def display_name(self) -> str:
        return self.title

    def plan_line_named(self, name: str) -> PlanLine | None:
        """The plan line called ``name`` (case and surrounding spaces ignored), or None."""
        wanted = " ".join(name.split()).casefold()
        return next((line for line in self.plan_lines if " ".join(line.name.split()).casefold() == wanted), None)
