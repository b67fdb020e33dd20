"""Grants the city receives (issue 23): the grant, its funding plan and money, and its deadlines.

Plain frozen records, free of Qt and SQL: ``services.grants`` maps the register's rows to them,
the rules (``obligations``, ``check``), the proof-of-use pack and the command line read only
these. Money is ``Decimal`` in the grant's currency; rates are fractions (``Decimal("0.9")`` for
90 %). Every limit and deadline is a default that the grant decision (Zuwendungsbescheid) may
change: the grant carries the decision's figures and its overrides of computed deadlines.

The rules, with their sources in ``research/grants.md`` (ANBest-P, "unless the decision says
otherwise"):

* an interim proof (Zwischennachweis) by 30 April for each budget year the approved period runs
  beyond; the final proof (Verwendungsnachweis) six months after the period ends (the end of a
  month gives the end of a month: 31 December → 30 June); receipts kept five years after the
  final proof (after it was handed in, or after it is due while it has not been);
* a partner's proof for money passed on (Weiterleitung) when its transfer says it is due.

The checks (every warning of the issue) live in ``domain.grant_checks``; ``check`` is here so
that one module names the whole interface. A grant's status and financing kind are the
register's enums (``domain.enums.GrantStatus``, ``FinancingKind``): one definition, one set of
stored values and labels for the rules, the register, the documents and the command line.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from partnerdesk.domain.enums import FinancingKind, GrantStatus, LabelledEnum
from partnerdesk.i18n import N_, _, current_language, quoted

ZERO = Decimal("0")
#: Draw-downs only for payments due within six weeks of receiving the money (ANBest-P 1.4).
SPEND_WITHIN = timedelta(weeks=6)
#: A line of the funding plan may exceed its plan by this much when other lines save it (ANBest-P 1.2).
DEFAULT_PLAN_TOLERANCE = Decimal("0.20")
#: The final proof of use, months after the approved period ends (ANBest-P 6.1).
FINAL_PROOF_MONTHS = 6
#: Receipts are kept this many years after the final proof (ANBest-P 6.5).
KEEP_RECEIPTS_YEARS = 5
#: The interim proof for a budget year is due on this day of the next year (month, day).
INTERIM_PROOF_DAY = (4, 30)
#: A proof due within this many days is warned of; an overdue one always.
PROOF_WARNING_DAYS = 30
#: A grant whose approved period ends within this many days, with budget unspent, is warned of.
RUNNING_OUT_DAYS = 90


#: The statuses in which a decision exists and the grant's deadlines apply.
GRANTED = frozenset(status for status in GrantStatus if status.is_granted)
#: The statuses that ``check`` looks at: the money is moving or still to be accounted for.
CHECKED = frozenset({GrantStatus.APPROVED, GrantStatus.RUNNING, GrantStatus.PROOF_SUBMITTED})


class ObligationKind(LabelledEnum):
    INTERIM_PROOF = "interim_proof"  # Zwischennachweis
    FINAL_PROOF = "final_proof"  # Verwendungsnachweis
    KEEP_RECEIPTS = "keep_receipts"  # Aufbewahrung der Belege
    PARTNER_PROOF = "partner_proof"  # the partner's proof for money passed on
    OTHER = "other"  # a duty of the decision's special conditions

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "interim_proof": N_("Interim proof"),
            "final_proof": N_("Final proof of use"),
            "keep_receipts": N_("Keep receipts until"),
            "partner_proof": N_("Partner's proof for money passed on"),
            "other": N_("Other obligation"),
        }

    @property
    def is_proof(self) -> bool:
        """Something to hand in (warned of when due); keeping receipts is not."""
        return self is not ObligationKind.KEEP_RECEIPTS


class PlanLine(NamedTuple):
    """A line of the funding plan (Finanzierungsplan) with its planned amount."""

    id: str
    title: str
    planned_amount: Decimal = ZERO
    #: The line's number in the funder's plan ("1.1", "2"), printed before its title.
    number: str = ""
    position: int = 0

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


class Drawdown(NamedTuple):
    """A Mittelabruf: money requested from the funder, received, and how much of it is spent."""

    id: str
    amount: Decimal
    requested_on: date | None = None
    received_on: date | None = None
    spent_amount: Decimal = ZERO

    @property
    def spend_by(self) -> date | None:
        """Received plus six weeks: the money must be spent by then."""
        return None if self.received_on is None else self.received_on + SPEND_WITHIN

    @property
    def unspent(self) -> Decimal:
        return max(self.amount - self.spent_amount, ZERO)


class Expense(NamedTuple):
    """One payment of the project, with its receipt (a line of the Belegliste).

    The parts of a grant (plan lines, draw-downs, expenses, transfers) are named tuples, not
    frozen dataclasses like the grant: a grant may hold thousands, and ``grants check`` reads
    every grant's (``bench/grants_bench.py``); made from a row's values a named tuple costs a
    fifth of a frozen dataclass, and is as immutable."""

    id: str
    paid_on: date
    amount: Decimal
    payee: str = ""
    purpose: str = ""
    #: The funding plan line it is booked on; ``None``: not yet assigned.
    plan_line_id: str | None = None
    receipt_reference: str = ""


class Transfer(NamedTuple):
    """Money passed on to the partner (Weiterleitung) under a contract, and the partner's proof."""

    id: str
    amount: Decimal
    contract: str = ""
    #: Who received it (the partner municipality), as the contract names it.
    recipient: str = ""
    transferred_on: date | None = None
    proof_due: date | None = None
    proof_received: date | None = None


class ExpenseTotals(NamedTuple):
    """What the checks read of a grant's expenses: their sum, their sums per plan line, and the
    ones outside the approved period one by one (in the grant's order).

    ``expense_totals(grant)`` makes it from the grant's expenses; ``services.grants`` may have the
    database sum them instead (``Grant.expense_totals``, for ``grants check``: 20,000 receipts need
    not become objects to be added up). Either way the same figures, to the decimal place: each sum
    has the places ``Decimal``'s addition gives (the most any of its amounts has)."""

    total: Decimal
    #: The sum per plan line id (``None``: not booked on a line); a line without expenses is missing.
    by_line: Mapping[str | None, Decimal]
    outside_period: tuple[Expense, ...]


@dataclass(frozen=True, slots=True)
class ObligationOverride:
    """What the decision says about a deadline, winning over the computed one.

    It matches the computed obligation of the same ``kind`` (and ``year`` for interim proofs);
    ``due_on`` moves it, ``waived`` drops it, ``done_on`` records it handed in. An override of
    kind OTHER (with ``due_on``) adds a duty of the decision's special conditions.
    """

    kind: ObligationKind
    year: int | None = None
    due_on: date | None = None
    done_on: date | None = None
    waived: bool = False
    label: str = ""


@dataclass(frozen=True, slots=True)
class Obligation:
    """A deadline of the grant: what, by when, and whether it is done."""

    kind: ObligationKind
    due_on: date
    label: str
    #: The budget year an interim proof covers.
    year: int | None = None
    done_on: date | None = None
    #: The transfer whose proof this is (kind PARTNER_PROOF).
    transfer_id: str | None = None
    #: Set by an override from the decision (not computed).
    from_decision: bool = False
    #: Handed in on a day not recorded (the grant's status says the proof of use is submitted).
    done: bool = False

    @property
    def is_done(self) -> bool:
        return self.done or self.done_on is not None


@dataclass(frozen=True, slots=True)
class Grant:
    """A grant decision (Zuwendungsbescheid) and everything booked on it."""

    id: str
    title: str
    #: The funder's file reference (Aktenzeichen / Förderkennzeichen).
    file_reference: str = ""
    currency: str = "EUR"
    funder: str = ""
    programme: str = ""
    project_ids: tuple[str, ...] = ()
    status: GrantStatus = GrantStatus.IDEA
    decision_date: date | None = None
    #: The approved period (Bewilligungszeitraum).
    period_start: date | None = None
    period_end: date | None = None
    #: The grant itself (Zuwendung).
    approved_amount: Decimal = ZERO
    #: The share of the eligible costs the funder pays (0.9 for 90 %).
    funding_rate: Decimal | None = None
    financing_kind: FinancingKind = FinancingKind.SHARE
    own_share: Decimal = ZERO
    third_party_funds: Decimal = ZERO
    #: The least share of own (and, if ``third_party_counts_as_own``, third-party) funds in the total.
    minimum_own_share: Decimal | None = None
    third_party_counts_as_own: bool = True
    #: The largest share of the grant that may be passed on to partners (Weiterleitung).
    passed_on_limit: Decimal | None = None
    #: How far a plan line may exceed its plan when others save it (0.20: 20 %).
    plan_tolerance: Decimal = DEFAULT_PLAN_TOLERANCE
    #: ANBest-P / ANBest-Gk and special conditions, as the decision words them.
    conditions: str = ""
    obligation_overrides: tuple[ObligationOverride, ...] = ()
    plan_lines: tuple[PlanLine, ...] = ()
    drawdowns: tuple[Drawdown, ...] = ()
    expenses: tuple[Expense, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    #: The expenses summed by the database, when the grant was read without them (``expenses`` is
    #: then empty): what ``spent_total``, ``spent_on_line`` and the checks read instead.
    expense_totals: ExpenseTotals | None = None

    @property
    def label(self) -> str:
        """„Klimapartnerschaft Kumasi“ (Az. 123-45): how warnings and documents name it."""
        name = quoted(self.title.strip() or self.id)
        if self.file_reference.strip():
            return _("{grant} (ref. {reference})").format(grant=name, reference=self.file_reference.strip())
        return name

    @property
    def total_funding(self) -> Decimal:
        """The financing plan's total: grant, own share and third-party funds."""
        return self.approved_amount + self.own_share + self.third_party_funds

    @property
    def own_contribution(self) -> Decimal:
        """What counts towards the minimum own share."""
        return self.own_share + (self.third_party_funds if self.third_party_counts_as_own else ZERO)

    @property
    def planned_total(self) -> Decimal:
        """The funding plan's lines summed; the financing total when there are no lines."""
        if self.plan_lines:
            return sum((line.planned_amount for line in self.plan_lines), ZERO)
        return self.total_funding

    @property
    def spent_total(self) -> Decimal:
        if self.expense_totals is not None:
            return self.expense_totals.total
        return sum((e.amount for e in self.expenses), ZERO)

    @property
    def received_total(self) -> Decimal:
        return sum((d.amount for d in self.drawdowns if d.received_on is not None), ZERO)

    @property
    def passed_on_total(self) -> Decimal:
        return sum((t.amount for t in self.transfers), ZERO)

    def spent_on_line(self, line_id: str | None) -> Decimal:
        if self.expense_totals is not None:
            return self.expense_totals.by_line.get(line_id, ZERO)
        return sum((e.amount for e in self.expenses if e.plan_line_id == line_id), ZERO)

    def line(self, line_id: str | None) -> PlanLine | None:
        return next((line for line in self.plan_lines if line.id == line_id), None)


def expense_totals(grant: Grant) -> ExpenseTotals:
    """The grant's expenses summed (in total and per plan line) and those outside its approved
    period (none while the period is not known), in one pass; as the database summed them if it did."""
    if grant.expense_totals is not None:
        return grant.expense_totals
    total = ZERO
    by_line: dict[str | None, Decimal] = {}
    for expense in grant.expenses:
        amount = expense.amount
        total += amount
        line = expense.plan_line_id
        by_line[line] = by_line.get(line, ZERO) + amount
    start, end = grant.period_start, grant.period_end
    outside = () if start is None or end is None else tuple(
        e for e in grant.expenses if not start <= e.paid_on <= end)
    return ExpenseTotals(total, by_line, outside)


Figure = Decimal | date | int | str


class GrantRule(LabelledEnum):
    """The checks of issue 23; each warning names one."""

    FUNDS_UNSPENT = "funds_unspent"
    OWN_SHARE_BELOW_MINIMUM = "own_share_below_minimum"
    PASSED_ON_ABOVE_LIMIT = "passed_on_above_limit"
    PLAN_LINE_OVER_TOLERANCE = "plan_line_over_tolerance"
    EXPENSE_OUTSIDE_PERIOD = "expense_outside_period"
    PROOF_DUE = "proof_due"
    PROOF_OVERDUE = "proof_overdue"
    BUDGET_UNSPENT = "budget_unspent"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "funds_unspent": N_("Funds not spent within six weeks"),
            "own_share_below_minimum": N_("Own share below the minimum"),
            "passed_on_above_limit": N_("Passed-on share above its limit"),
            "plan_line_over_tolerance": N_("Plan line over its tolerance"),
            "expense_outside_period": N_("Expense outside the approved period"),
            "proof_due": N_("Proof due soon"),
            "proof_overdue": N_("Proof overdue"),
            "budget_unspent": N_("Grant running out with budget unspent"),
        }


class GrantWarning(NamedTuple):
    """One finding of ``check``: which grant, which rule, the figures, and the sentence saying it.

    A named tuple (as ``Expense``): ``check`` on 500 grants makes thousands of them."""

    grant_id: str
    grant_label: str
    rule: GrantRule
    #: The whole finding in the program's language, naming the grant and the figures.
    message: str
    #: The figures behind it by name ("amount", "spend_by", "rate", ...), exact.
    figures: tuple[tuple[str, Figure], ...] = ()
    #: The plan line, draw-down, expense or transfer concerned (its id), if one.
    subject_id: str | None = None

    def figure(self, name: str) -> Figure:
        for key, value in self.figures:
            if key == name:
                return value
        raise KeyError(name)




def money_text(amount: Decimal, currency: str = "EUR") -> str:
    """1.234,50 EUR (German) / 1,234.50 EUR: exact to the cent, in the grant's currency."""
    return money_formatter(currency)(amount)


def money_formatter(currency: str = "EUR") -> Callable[[Decimal], str]:
    """``money_text`` for many amounts of one currency: the language looked up once
    (``check`` formats thousands of amounts)."""
    suffix = f" {currency or 'EUR'}"
    if current_language() == "de":
        # "1,234.50" → "1.234,50": separators swapped by three plain replacements (the text holds no
        # "_"), a third of the cost of str.translate with a table; rounds half to even.
        return lambda amount: f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") + suffix
    return lambda amount: f"{amount:,.2f}" + suffix


def day_text(value: date) -> str:
    """31.12.2026 (German) / 2026-12-31, as ``validation.day_text``."""
    return day_formatter()(value)


def day_formatter() -> Callable[[date], str]:
    """``day_text`` for many days: the language looked up once. ``check`` writes thousands of days
    (the same few again and again): the German texts are remembered."""
    return _german_day if current_language() == "de" else date.isoformat


@lru_cache(maxsize=4096)
def _german_day(value: date) -> str:
    return f"{value.day:02}.{value.month:02}.{value.year:04}"


def rate_text(rate: Decimal) -> str:
    """12,5 % / 12.5 %: a fraction as a percentage, without trailing zeros."""
    return _rate_text(rate, current_language())


@lru_cache(maxsize=1024)
def _rate_text(rate: Decimal, language: str) -> str:  # the limits (10 %, 20 %, 30 %) come again and again
    percent = (rate * 100).quantize(Decimal("0.01")).normalize()
    text = f"{percent:f}"
    if language == "de":
        text = text.replace(".", ",")
    return f"{text} %"


@lru_cache(maxsize=4096)  # grants end on few days (month ends): each grant asks twice
def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; the end of a month stays the end of a month (31.12. → 30.06.)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    is_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month + 1, last if is_month_end else min(day.day, last))


def obligations(grant: Grant) -> list[Obligation]:
    """The grant's deadlines by date: computed from the approved period, then the decision's
    overrides applied (they win), then the partners' proofs for money passed on.

    Nothing is due before a decision exists (status idea, outline, application, rejected,
    withdrawn) or while the approved period is unknown.
    """
    if grant.status not in GRANTED:
        return []
    computed: list[Obligation] = []
    start, end = grant.period_start, grant.period_end
    final_done = grant.status in (GrantStatus.PROOF_SUBMITTED, GrantStatus.CLOSED)
    texts = _obligation_texts(current_language())
    if start is not None and end is not None and start <= end:
        month, day = INTERIM_PROOF_DAY
        interim = texts.interim
        for year in range(start.year, end.year):
            computed.append(
                Obligation(ObligationKind.INTERIM_PROOF, date(year + 1, month, day), interim.format(year=year), year=year)
            )
        computed.append(
            Obligation(ObligationKind.FINAL_PROOF, add_months(end, FINAL_PROOF_MONTHS), texts.final)
        )
    result = _apply_overrides(grant, computed)
    if final_done:  # handed in (the date is not known unless an override records it)
        result = [_done_with_final(o) for o in result]
    final = next((o for o in result if o.kind is ObligationKind.FINAL_PROOF), None)
    if final is not None and not any(o.kind is ObligationKind.KEEP_RECEIPTS for o in result):
        keep = _override_for(grant, ObligationKind.KEEP_RECEIPTS, None)
        basis = final.done_on or final.due_on
        if keep is None or not keep.waived:
            result.append(
                Obligation(
                    ObligationKind.KEEP_RECEIPTS,
                    keep.due_on
                    if keep is not None and keep.due_on is not None
                    else add_months(basis, 12 * KEEP_RECEIPTS_YEARS),
                    keep.label if keep is not None and keep.label else texts.keep,
                    from_decision=keep is not None and keep.due_on is not None,
                )
            )
    for transfer in grant.transfers:
        if transfer.proof_due is not None:
            who = transfer.recipient.strip() or transfer.contract.strip()
            result.append(
                Obligation(
                    ObligationKind.PARTNER_PROOF,
                    transfer.proof_due,
                    texts.partner_of.format(who=who) if who else texts.partner,
                    done_on=transfer.proof_received,
                    transfer_id=transfer.id,
                )
            )
    return sorted(result, key=lambda o: (o.due_on, o.kind, o.year or 0))  # kinds compare as their values


class _ObligationTexts(NamedTuple):
    interim: str
    final: str
    keep: str
    partner_of: str
    partner: str


@lru_cache(maxsize=8)
def _obligation_texts(language: str) -> _ObligationTexts:
    """The obligations' names in ``language`` (the current one), looked up once per language,
    not once per grant: ``grants check`` computes every grant's obligations."""
    return _ObligationTexts(
        _("Interim proof for {year}"), _("Final proof of use"), _("Keep receipts"), _("Partner's proof ({who})"),
        _("Partner's proof"),
    )


def _override_for(grant: Grant, kind: ObligationKind, year: int | None) -> ObligationOverride | None:
    found = None
    for override in grant.obligation_overrides:
        if override.kind is kind and (kind is not ObligationKind.INTERIM_PROOF or override.year == year):
            found = override  # the last one the decision's record names wins
    return found


#: Kinds an override moves but does not add: receipts follow the final proof, partners' proofs their transfers.
_NOT_ADDED = (ObligationKind.KEEP_RECEIPTS, ObligationKind.PARTNER_PROOF)


def _apply_overrides(grant: Grant, computed: list[Obligation]) -> list[Obligation]:
    if not grant.obligation_overrides:
        return computed
    result = []
    for obligation in computed:
        override = _override_for(grant, obligation.kind, obligation.year)
        if override is None:
            result.append(obligation)
        elif not override.waived:
            result.append(
                replace(
                    obligation,
                    due_on=override.due_on or obligation.due_on,
                    label=override.label or obligation.label,
                    done_on=override.done_on,
                    from_decision=override.due_on is not None,
                )
            )
    known = {(o.kind, o.year) for o in computed}
    for override in grant.obligation_overrides:
        if override.waived or override.due_on is None or override.kind in _NOT_ADDED:
            continue
        if override.kind is ObligationKind.OTHER or (override.kind, override.year) not in known:
            label = override.label or (
                _("Interim proof for {year}").format(year=override.year)
                if override.kind is ObligationKind.INTERIM_PROOF and override.year is not None
                else override.kind.label
            )
            result.append(
                Obligation(
                    override.kind,
                    override.due_on,
                    label,
                    year=override.year,
                    done_on=override.done_on,
                    from_decision=True,
                )
            )
    return result


def _done_with_final(obligation: Obligation) -> Obligation:
    if obligation.is_done or obligation.kind not in (ObligationKind.INTERIM_PROOF, ObligationKind.FINAL_PROOF):
        return obligation
    return replace(obligation, done=True)


def check(grant: Grant, today: date) -> list[GrantWarning]:
    """Every warning of issue 23 for ``grant`` on ``today`` (``domain.grant_checks``)."""
    from partnerdesk.domain.grant_checks import check_grant

    return check_grant(grant, today)
