"""The registers "Förderprogramme" and "Zuwendungen": a grant with its funding plan, draw-downs,
expenses and transfers saved exactly, refused whole when its input is bad, filtered by status,
programme, project and year, found by its Aktenzeichen, listed on the projects it funds, and
unlinked (and put back) when a project goes."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from grant_helpers import a_grant, add_grant
from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.grant_records import Drawdown, Expense
from partnerdesk.services import service_for
from partnerdesk.services.grants import load_grant, load_grants
from partnerdesk.services.registers import RegisterQuery, RegisterService
from partnerdesk.services.relations import related

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


@pytest.fixture
def office(example_db):
    project = service_for(example_db, "projects").find("Jeder Tropfen")
    # Approved from February: the register sorts by the period's start, equal starts in no set order.
    programme, grant = add_grant(example_db, project_ids=[project.id], period_from=date(2026, 2, 1))
    example = next(g for g in service_for(example_db, "grants").list() if g.is_example)  # Kumasi, 2026-2027
    return {"db": example_db, "project": project, "programme": programme, "grant": grant, "example": example}


def _ids(db, **query) -> list[str]:
    service = RegisterService(db, "grants")
    default = service.default_query()
    return service.ids(RegisterQuery("grants", sort_column=default.sort_column, descending=default.descending, **query))


def test_a_grant_and_its_parts_come_back_exactly(office):
    db, grant = office["db"], office["grant"]
    again = service_for(db, "grants").get(grant.id)
    assert again.approved_amount == Decimal("180000.00") and again.funding_rate == Decimal(90)
    assert [e.amount for e in again.expenses] == [Decimal("4830.41"), Decimal("5169.59")]
    assert sum(e.amount for e in again.expenses) == Decimal("10000.00")
    assert [line.name for line in again.plan_lines] == ["Personalausgaben", "Reisekosten", "Sachausgaben"]
    assert again.expenses[0].plan_line_id == again.plan_lines[1].id
    assert again.tolerance == Decimal(20)  # the default of ANBest-P 1.2
    assert (again.drawdowns[0].amount, again.transfers[0].contract) == (Decimal("30000.00"), "Weiterleitungsvertrag 2026")
    # A part removed, another changed: the rest keeps its id.
    changed = dataclasses.replace(again, expenses=[dataclasses.replace(again.expenses[1], amount=Decimal("0.01"))])
    saved = service_for(db, "grants").update(changed)
    assert [(e.id, e.amount) for e in saved.expenses] == [(again.expenses[1].id, Decimal("0.01"))]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"decision_date": date(2028, 1, 5)}, "decision_date", "nach dem Ende des Bewilligungszeitraums"),
    ({"period_until": date(2025, 12, 31)}, "period_until", "endet (31.12.2025), bevor er beginnt"),
    ({"expenses": [Expense(date=date(2025, 12, 31), amount=Decimal(1))]}, "expenses", "vor dem Beginn"),
    ({"expenses": [Expense(date=date(2028, 1, 1), amount=Decimal(1))]}, "expenses", "nach dem Ende"),
    ({"expenses": [Expense(date=date(2026, 5, 1), amount=Decimal(1), plan_line_id="no-such-line")]}, "expenses",
     "nicht im Finanzierungsplan"),
    ({"expenses": [Expense(date=date(2026, 5, 1), amount=Decimal("-1.00"))]}, "expenses", "darf nicht negativ"),
    ({"drawdowns": [Drawdown(requested_on=date(2026, 5, 1), amount=Decimal("-500"))]}, "drawdowns",
     "darf nicht negativ"),
    ({"funding_rate": Decimal("120")}, "funding_rate", "zwischen 0 und 100 %"),
])
def test_bad_input_is_refused_in_german_at_its_field_and_nothing_is_saved(example_db, change, field, words):
    grants = service_for(example_db, "grants")
    before = grants.count()
    with pytest.raises(ValidationError) as refused:
        grants.create(a_grant(**change))
    assert field in {e.field for e in refused.value.errors}
    assert words in str(refused.value), str(refused.value)
    assert grants.count() == before


def test_an_expense_on_the_first_and_the_last_day_of_the_period_is_fine(example_db):
    grant = a_grant()
    grant.expenses = [Expense(date=date(2026, 1, 1), amount=Decimal(1)), Expense(date=date(2027, 12, 31), amount=Decimal(1))]
    assert len(service_for(example_db, "grants").create(grant).expenses) == 2


def test_register_newest_first_found_by_aktenzeichen_and_filtered(office):
    db, grant, example = office["db"], office["grant"], office["example"]
    later = service_for(db, "grants").create(a_grant(title="Folgeprojekt", file_reference="NAK-2028-1", period_from=date(2028, 1, 1),
                                                     period_until=date(2028, 6, 30), decision_date=date(2027, 11, 1),
                                                     expenses=[], status=GrantStatus.APPLICATION))
    assert _ids(db) == [later.id, grant.id, example.id]  # from 2028, February 2026, January 2026
    assert _ids(db, search="4711") == [grant.id]
    assert _ids(db, filters={"status": "running"}) == [grant.id, example.id]
    assert _ids(db, filters={"status": "application"}) == [later.id]
    assert _ids(db, filters={"status": "closed"}) == []
    assert _ids(db, filters={"programme": office["programme"].id}) == [grant.id]
    assert _ids(db, filters={"project": office["project"].id}) == [grant.id]
    assert _ids(db, filters={"year": "2025"}) == []
    assert _ids(db, filters={"year": "2027"}) == [grant.id, example.id]
    assert _ids(db, filters={"year": "2028"}) == [later.id]
    options = RegisterService(db, "grants").filter_options()
    assert [o.value for o in options["year"]] == ["2028", "2027", "2026"]
    assert [o.label for o in options["status"]][:5] == ["Idee", "Projektskizze eingereicht", "Antrag gestellt",
                                                        "Bewilligt", "Laufend"]
    row = RegisterService(db, "grants").row(grant.id)
    assert row is not None and (row.values["programme"], row.values["status"], row.text("approved_amount")) == (
        "Nakopa Test", "Laufend", "180000.00 EUR")


def test_what_funds_a_project_and_unlinked_when_the_project_goes(office):
    db, project, grant = office["db"], office["project"], office["grant"]
    groups = {g.title: g for g in related(db, "projects", project.id)}
    funded = groups["Gefördert durch Zuwendungen"]
    assert [(i.id, i.detail) for i in funded.items] == [(grant.id, "01.02.2026–31.12.2027 · 180.000,00 EUR · Laufend")]
    assert [i.name for i in {g.title: g for g in related(db, "grants", grant.id)}["Geförderte Projekte"].items] == [project.title]
    projects = service_for(db, "projects")
    assert [(d.kind, d.id, d.effect) for d in projects.dependents(project.id) if d.kind == "grants"] == [
        ("grants", grant.id, "unlinked")]
    deletion = projects.delete_many([project.id])
    assert service_for(db, "grants").get(grant.id).project_ids == []
    projects.restore(deletion)
    assert service_for(db, "grants").get(grant.id).project_ids == [project.id]


def test_a_programme_deleted_leaves_its_grants_without_it(office):
    db, programme, grant = office["db"], office["programme"], office["grant"]
    programmes = service_for(db, "programmes")
    assert [(d.kind, d.effect) for d in programmes.dependents(programme.id)] == [("grants", "unlinked")]
    programmes.delete_many([programme.id])
    assert service_for(db, "grants").get(grant.id).programme_id is None


def test_a_grant_s_version_in_the_history_holds_its_parts(office):
    from partnerdesk.services.history import History

    db, grant = office["db"], office["grant"]
    grants = service_for(db, "grants")
    current = grants.get(grant.id)
    grants.update(dataclasses.replace(current, expenses=[*current.expenses, Expense(
        date=date(2026, 6, 1), payee="Druckerei", amount=Decimal("99.99"), receipt="B-3")]))
    changed, created = History(db).for_record("grants", grant.id)
    (change,) = changed.changes  # the expenses, before and after, whole
    assert change.field == "expenses"
    assert [e["receipt"] for e in change.old] == ["B-1", "B-2"]
    assert [(e["receipt"], e["amount"]) for e in change.new] == [("B-1", "4830.41"), ("B-2", "5169.59"), ("B-3", "99.99")]
    assert [e.receipt for e in History(db).snapshot(created).expenses] == ["B-1", "B-2"]  # what a restore puts back


def test_all_grants_read_at_once_are_each_grant_read_alone(office):
    """``load_grants`` (``grants check``) reads plain rows table by table; it must give what the
    register's record gives each grant: parts in their order, projects, programme, periods."""
    db, grant = office["db"], office["grant"]
    grants = service_for(db, "grants")
    changed = grants.get(grant.id)
    # Parts reordered against their creation, so the order is the position's, not the rows'.
    grants.update(dataclasses.replace(changed, expenses=changed.expenses[::-1], plan_lines=changed.plan_lines[::-1]))
    _programme, other = add_grant(db, title="Ohne Programm", period_from=date(2025, 6, 1), transfers=[],
                                  passed_on_limit=Decimal("12.5"), tolerance=Decimal(0))
    grants.update(dataclasses.replace(grants.get(other.id), programme_id=None))
    register = [g.id for g in grants.list()]
    loaded = load_grants(db)
    assert [g.id for g in loaded] == register and len(register) == 3
    assert loaded == [load_grant(db, i) for i in register]
    assert [e.receipt_reference for e in loaded[register.index(grant.id)].expenses] == ["B-2", "B-1"]
    assert loaded[register.index(grant.id)].project_ids == (office["project"].id,)
