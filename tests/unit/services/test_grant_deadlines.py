"""The register's grants as ``domain.grants.Grant`` (services.grants), their deadlines in "Anstehend"
and in the calendar export, and the rule warnings the grant's form shows."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from icalendar import Calendar

from grant_helpers import add_grant
from partnerdesk.domain import grants as rules
from partnerdesk.domain.due import DueSource
from partnerdesk.domain.enums import FinancingKind, GrantStatus
from partnerdesk.domain.grant_records import Transfer
from partnerdesk.exchange.ics import export_ics
from partnerdesk.services import service_for
from partnerdesk.services.due import due_list
from partnerdesk.services.grant_rules import warning_lines
from partnerdesk.services.grants import load_grant, load_grants

pytestmark = pytest.mark.postgresql


def _deadlines(db, today: date, days: int = 400) -> list[tuple[date, str]]:
    return [(i.due_on, i.text) for i in due_list(db, today, within_days=days) if i.source == DueSource.GRANT_DEADLINE]


def test_a_grant_is_read_as_the_rules_read_it(db):
    programme, grant = add_grant(db, financing_kind=FinancingKind.FIXED, passed_on_limit=Decimal("12.5"),
                                 final_proof_due=date(2028, 3, 31))
    loaded = load_grant(db, grant.id)
    assert (loaded.programme, loaded.funder) == (programme.name, "SKEW")
    assert (loaded.funding_rate, loaded.minimum_own_share, loaded.plan_tolerance, loaded.passed_on_limit) == (
        Decimal("0.9"), Decimal("0.1"), Decimal("0.2"), Decimal("0.125"))
    assert loaded.financing_kind is FinancingKind.FIXED  # the register's member: one definition of each enum
    assert (loaded.period_start, loaded.period_end, loaded.approved_amount) == (
        date(2026, 1, 1), date(2027, 12, 31), Decimal("180000.00"))
    assert loaded.spent_total == Decimal("10000.00")
    travel = loaded.plan_lines[1]
    assert (travel.title, loaded.spent_on_line(travel.id)) == ("Reisekosten", Decimal("4830.41"))
    final = next(o for o in rules.obligations(loaded) if o.kind is rules.ObligationKind.FINAL_PROOF)
    assert (final.due_on, final.from_decision) == (date(2028, 3, 31), True)
    assert [g.id for g in load_grants(db)] == [grant.id]


def test_deadlines_are_due_in_anstehend_until_handed_in(db):
    _programme, grant = add_grant(db)
    # 2026-2027: interim proof for 2026 by 30.04.2027, final proof six months after 31.12.2027,
    # the partner's proof of the transfer on 31.03.2027. Keeping receipts is no task.
    assert _deadlines(db, date(2027, 1, 10), days=600) == [
        (date(2027, 3, 31), "Nachweis der Partnerkommune (Weiterleitungsvertrag 2026) (Az. NAK-2026-4711)"),
        (date(2027, 4, 30), "Zwischennachweis für 2026 (Az. NAK-2026-4711)"),
        (date(2028, 6, 30), "Verwendungsnachweis (Az. NAK-2026-4711)"),
    ]
    assert _deadlines(db, date(2027, 1, 10), days=30) == []
    item = next(i for i in due_list(db, date(2027, 4, 1)) if i.source == DueSource.GRANT_DEADLINE)
    assert (item.record_kind, item.record_id, item.record_title) == ("grants", grant.id, grant.title)
    # The partner's proof received and the decision's own date for the interim proof.
    grants = service_for(db, "grants")
    current = grants.get(grant.id)
    received = dataclasses.replace(current.transfers[0], proof_received_on=date(2027, 3, 20))
    grants.update(dataclasses.replace(current, transfers=[received], interim_proof_due=date(2027, 5, 31)))
    assert _deadlines(db, date(2027, 1, 10), days=200) == [(date(2027, 5, 31), "Zwischennachweis für 2026 (Az. NAK-2026-4711)")]
    # Submitted: no proof is due any more.
    grants.update(dataclasses.replace(grants.get(grant.id), status=GrantStatus.PROOF_SUBMITTED))
    assert _deadlines(db, date(2027, 1, 10), days=600) == []


def test_an_application_has_no_deadlines(db):
    add_grant(db, status=GrantStatus.APPLICATION)
    assert _deadlines(db, date(2027, 1, 10), days=2000) == []


def test_deadlines_in_the_calendar_export(db, tmp_path):
    _programme, grant = add_grant(db, transfers=[Transfer(contract="V", amount=Decimal(1), proof_due=date(2027, 2, 1),
                                                          proof_received_on=date(2027, 1, 15))])
    out = tmp_path / "termine.ics"
    assert export_ics(db, out) == 3  # interim, final proof, receipts (the partner's proof is in)
    events = {str(e["uid"]): e for e in Calendar.from_ical(out.read_text("utf-8")).walk("VEVENT")}
    interim = events[f"grant-{grant.id}-interim_proof-2026@partnerdesk"]
    assert interim.decoded("dtstart") == date(2027, 4, 30)
    assert str(interim["summary"]) == "Förderfrist: Zwischennachweis für 2026 – Klimaanpassung Kumasi"
    assert events[f"grant-{grant.id}-keep_receipts@partnerdesk"].decoded("dtstart") == date(2033, 6, 30)
    export_ics(db, tmp_path / "again.ics")  # the same UIDs again: a calendar updates, not doubles
    again = {str(e["uid"]) for e in Calendar.from_ical((tmp_path / "again.ics").read_text("utf-8")).walk("VEVENT")}
    assert again == set(events)


def test_the_form_s_warnings_name_the_rule_and_the_figures(db):
    _programme, grant = add_grant(db)
    lines = warning_lines(service_for(db, "grants").get(grant.id), date(2026, 5, 10))
    # 30.000 received on 20.03.2026, nothing spent: six weeks ended on 01.05.2026.
    assert any("Mittel nicht binnen sechs Wochen verwendet" in line and "30.000,00 EUR" in line and "01.05.2026" in line
               for line in lines), lines
    assert warning_lines(dataclasses.replace(grant, version=0), date(2026, 5, 10)) == []  # a new grant: nothing yet
