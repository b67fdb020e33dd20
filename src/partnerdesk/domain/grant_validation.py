"""Validation of funding programmes and grants before they are saved (issue 23).

What a grant may not hold whatever its decision says: a period that ends before it begins, a
decision dated after the period's end, negative money, an expense outside the approved period
or booked on a plan line the grant does not have. The rules that only warn (six weeks, the
tolerance, the own share) are ``domain.grants``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from partnerdesk.domain.enums import FinancingKind, GrantConditions, GrantStatus
from partnerdesk.domain.grant_records import FundingProgramme, Grant
from partnerdesk.domain.validation import _WEBSITE, _Checker, day_text
from partnerdesk.i18n import _

HUNDRED = Decimal(100)


def _percent(c: _Checker, field: str, value: Decimal | None, label: str) -> None:
    c.amount(field, value, label)
    if isinstance(value, Decimal) and value.is_finite() and value > HUNDRED:
        c.add(field, _("{field} must lie between 0 and 100 %").format(field=label))


def check_programme(r: FundingProgramme, c: _Checker) -> None:
    c.required("name", r.name, _("Name"))
    _percent(c, "typical_rate", r.typical_rate, _("Typical funding rate"))
    c.amount("min_amount", r.min_amount, _("Smallest grant"))
    c.amount("max_amount", r.max_amount, _("Largest grant"))
    c.currency("currency", r.currency, _("Currency"))
    if (isinstance(r.min_amount, Decimal) and isinstance(r.max_amount, Decimal) and r.min_amount.is_finite()
            and r.max_amount.is_finite() and r.max_amount < r.min_amount):
        c.add("max_amount", _("The largest grant is smaller than the smallest"))
    if r.link and not _WEBSITE.match(r.link):
        c.add("link", _("Link “{value}” is not a web address").format(value=r.link))


def check_grant(r: Grant, c: _Checker) -> None:
    c.required("title", r.title, _("Title"))
    c.enum("status", r.status, GrantStatus, _("Status"))
    c.enum("financing_kind", r.financing_kind, FinancingKind, _("Financing"))
    c.enum("conditions", r.conditions, GrantConditions, _("Conditions"))
    for name, label in (("decision_date", _("Decision date")), ("period_from", _("Approved from")),
                        ("period_until", _("Approved until")), ("interim_proof_due", _("Interim proof due")),
                        ("final_proof_due", _("Final proof due")), ("receipts_kept_until", _("Receipts kept until"))):
        c.date(name, getattr(r, name), label)
    start, end = _day(r.period_from), _day(r.period_until)
    if start and end and end < start:
        c.add("period_until", _("The approved period ends ({end}) before it begins ({start})").format(
            end=day_text(end), start=day_text(start)))
    decided = _day(r.decision_date)
    if decided and end and decided > end:
        c.add("decision_date", _("The decision date {decided} lies after the end of the approved period ({end})").format(
            decided=day_text(decided), end=day_text(end)))
    for name, label in (("approved_amount", _("Approved amount")), ("own_share", _("Own share")),
                        ("third_party_funds", _("Third-party funds"))):
        c.amount(name, getattr(r, name), label)
    c.currency("currency", r.currency, _("Currency"))
    for name, label in (("funding_rate", _("Funding rate")), ("tolerance", _("Tolerance per plan line")),
                        ("passed_on_limit", _("Limit for passing on")),
                        ("min_own_share_rate", _("Least own share"))):
        _percent(c, name, getattr(r, name), label)
    if len(set(r.project_ids)) != len(r.project_ids):
        c.add("project_ids", _("A project is linked twice"))
    _check_parts(r, c, start, end)


def _check_parts(r: Grant, c: _Checker, start: date | None, end: date | None) -> None:
    names: set[str] = set()
    for n, line in enumerate(r.plan_lines, start=1):
        label = _("Plan line {number}").format(number=n)
        if not line.name.strip():
            c.add("plan_lines", _("{line}: a name is needed").format(line=label))
        key = " ".join(line.name.split()).casefold()
        if key and key in names:
            c.add("plan_lines", _("The plan line “{name}” is listed twice").format(name=line.name.strip()))
        names.add(key)
        c.max_length("plan_lines", line.name, label, 300)
        c.amount("plan_lines", line.planned, _("{line}: planned amount").format(line=label))
    for n, d in enumerate(r.drawdowns, start=1):
        label = _("Draw-down {number}").format(number=n)
        if d.amount is None:
            c.add("drawdowns", _("{line}: an amount is needed").format(line=label))
        c.amount("drawdowns", d.amount, _("{line}: amount").format(line=label))
        c.amount("drawdowns", d.spent, _("{line}: spent").format(line=label))
        for value, what in ((d.requested_on, _("requested on")), (d.received_on, _("received on")),
                            (d.spent_on, _("spent by"))):
            c.date("drawdowns", value, f"{label}: {what}")
    lines = {line.id for line in r.plan_lines}
    for n, e in enumerate(r.expenses, start=1):
        label = _("Expense {number}").format(number=n)
        if e.date is None:
            c.add("expenses", _("{line}: a date is needed").format(line=label))
        c.date("expenses", e.date, _("{line}: date").format(line=label))
        if e.amount is None:
            c.add("expenses", _("{line}: an amount is needed").format(line=label))
        c.amount("expenses", e.amount, _("{line}: amount").format(line=label))
        c.max_length("expenses", e.payee, _("{line}: payee").format(line=label), 300)
        c.max_length("expenses", e.receipt, _("{line}: receipt").format(line=label), 100)
        day = _day(e.date)
        if day and start and day < start:
            c.add("expenses", _("{line} of {day} lies before the approved period begins ({start})").format(
                line=label, day=day_text(day), start=day_text(start)))
        if day and end and day > end:
            c.add("expenses", _("{line} of {day} lies after the approved period ends ({end})").format(
                line=label, day=day_text(day), end=day_text(end)))
        if e.plan_line_id and e.plan_line_id not in lines:
            c.add("expenses", _("{line}: its plan line is not in the funding plan").format(line=label))
    for n, t in enumerate(r.transfers, start=1):
        label = _("Transfer {number}").format(number=n)
        c.amount("transfers", t.amount, _("{line}: amount").format(line=label))
        c.max_length("transfers", t.contract, _("{line}: contract").format(line=label), 300)
        for value, what in ((t.transferred_on, _("transferred on")), (t.proof_due, _("proof due")),
                            (t.proof_received_on, _("proof received on"))):
            c.date("transfers", value, f"{label}: {what}")


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


CHECKS: dict[str, Callable[[Any, _Checker], None]] = {"programmes": check_programme, "grants": check_grant}
