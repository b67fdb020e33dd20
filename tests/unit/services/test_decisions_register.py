"""The register of council decisions ("Ratsbeschlüsse"): searched, filtered and sorted in SQL,
listed on its partnerships and projects, unlinked (and put back) when one of those is deleted,
and its scheduled decisions due in "Anstehend"."""

from __future__ import annotations

from datetime import date

import pytest

from decision_helpers import council_approval
from partnerdesk.domain.due import DueSource
from partnerdesk.domain.enums import DecisionBody, DecisionResult
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.records import Decision
from partnerdesk.services import service_for
from partnerdesk.services.due_council import council_decisions_awaited
from partnerdesk.services.registers import RegisterQuery, RegisterService
from partnerdesk.services.relations import related

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


@pytest.fixture
def office(example_db):
    partnerships = service_for(example_db, "partnerships")
    kumasi, dabola = partnerships.find("Kumasi"), partnerships.find("Dabola")
    project = service_for(example_db, "projects").for_partnership(kumasi.id)[0]
    approval = council_approval(example_db, kumasi.id, on=date(2026, 3, 12), number="12345-26",
                                title="Klimapartnerschaft mit Kumasi", project_ids=[project.id])
    committee = council_approval(example_db, dabola.id, on=date(2026, 2, 1), number="0815-26",
                                 title="Bericht Abfallprojekt Dabola", body=DecisionBody.COMMITTEE,
                                 committee="Ausschuss für Bürgerdienste und Internationales",
                                 result=DecisionResult.NOTED)
    scheduled = council_approval(example_db, kumasi.id, on=date(2027, 1, 20), number="22222-27",
                                 title="Verlängerung der Klimapartnerschaft", result=DecisionResult.SCHEDULED)
    example = next(d for d in service_for(example_db, "decisions").list() if d.is_example)  # Cluj, 18.09.2025
    return {"db": example_db, "example": example, "kumasi": kumasi, "dabola": dabola, "project": project, "approval": approval,
            "committee": committee, "scheduled": scheduled}


def _ids(db, **query) -> list[str]:
    service = RegisterService(db, "decisions")
    default = service.default_query()
    return service.ids(RegisterQuery("decisions", sort_column=default.sort_column, descending=default.descending,
                                     **query))


def test_newest_first_and_found_by_number_committee_and_notes(office):
    db = office["db"]
    assert _ids(db) == [office[k].id for k in ("scheduled", "approval", "committee", "example")]
    assert _ids(db, search="12345") == [office["approval"].id]
    assert _ids(db, search="burgerdienste") == [office["committee"].id]  # folded: ü as u
    assert _ids(db, search="Verlängerung") == [office["scheduled"].id]


def test_filters_by_result_and_body(office):
    db = office["db"]
    assert _ids(db, filters={"status": "scheduled"}) == [office["scheduled"].id]
    assert _ids(db, filters={"type": "committee"}) == [office["committee"].id, office["example"].id]
    options = RegisterService(db, "decisions").filter_options()
    assert [o.label for o in options["status"]] == ["Vorgesehen", "Angenommen", "Abgelehnt", "Vertagt",
                                                    "Zur Kenntnis genommen"]
    row = RegisterService(db, "decisions").row(office["committee"].id)
    assert row is not None and (row.values["body"], row.values["result"], row.values["number"]) == (
        "Ausschuss", "Zur Kenntnis genommen", "0815-26")


def test_listed_on_the_partnership_and_the_project_and_back(office):
    db = office["db"]
    groups = {g.title: g for g in related(db, "partnerships", office["kumasi"].id)}
    decisions = groups["Ratsbeschlüsse"]
    assert [(i.name, i.detail) for i in decisions.items] == [
        ("Verlängerung der Klimapartnerschaft", "20.01.2027 · 22222-27 · Vorgesehen"),
        ("Klimapartnerschaft mit Kumasi", "12.03.2026 · 12345-26 · Angenommen"),
    ]
    on_project = {g.title: g for g in related(db, "projects", office["project"].id)}["Ratsbeschlüsse"]
    assert [i.id for i in on_project.items] == [office["approval"].id]
    back = {g.title: [i.id for i in g.items] for g in related(db, "decisions", office["approval"].id)}
    assert back == {"Partnerschaften": [office["kumasi"].id], "Projekte": [office["project"].id]}


def test_deleting_a_partnership_unlinks_its_decisions_and_undo_links_them_again(office):
    db = office["db"]
    partnerships, decisions = service_for(db, "partnerships"), service_for(db, "decisions")
    dabola = office["dabola"]
    assert [(d.kind, d.name) for d in partnerships.dependents(dabola.id) if d.kind == "decisions"] == [
        ("decisions", "Bericht Abfallprojekt Dabola")]
    deletion = partnerships.delete(dabola.id)
    kept = decisions.get(office["committee"].id)
    assert kept.partnership_ids == [] and kept.version == office["committee"].version + 1
    partnerships.restore(deletion)
    assert decisions.get(office["committee"].id).partnership_ids == [dabola.id]


def test_scheduled_decisions_are_due_on_their_date(office):
    db = office["db"]
    (item,) = council_decisions_awaited(db, date(2026, 12, 7))
    assert (item.due_on, item.source, item.record_kind, item.record_id, item.record_title) == (
        date(2027, 1, 20), DueSource.COUNCIL_DECISION_AWAITED, "decisions", office["scheduled"].id,
        "Verlängerung der Klimapartnerschaft")
    assert item.text == "Rat entscheidet über Drucksache 22222-27"
    assert council_decisions_awaited(db, date(2026, 12, 7), within_days=30) == []  # 44 days ahead
    assert council_decisions_awaited(db, date(2026, 12, 30), within_days=30) == [item]
    # Once taken, it is no longer awaited.
    decision = service_for(db, "decisions").get(office["scheduled"].id)
    decision.result = DecisionResult.APPROVED
    service_for(db, "decisions").update(decision)
    assert council_decisions_awaited(db, date(2026, 12, 7)) == []


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"date": None}, "date", "Ein Ratsbeschluss braucht ein Datum"),
    ({"number": "  "}, "number", "Ein Ratsbeschluss braucht seine Drucksachennummer"),
    ({"result": "beschlossen"}, "result", "Ergebnis: unbekannter Wert „beschlossen“"),
    ({"body": DecisionBody.COMMITTEE}, "committee", "Ausschuss darf nicht leer sein"),
])
def test_bad_input_is_refused_in_german_and_nothing_is_saved(office, change, field, message):
    db = office["db"]
    before = RegisterService(db, "decisions").count()
    values = {"title": "Neuer Beschluss", "date": date(2026, 5, 5), "number": "1-26", **change}
    with pytest.raises(ValidationError) as caught:
        service_for(db, "decisions").create(Decision(**values))
    assert [e.field for e in caught.value.errors] == [field]
    assert message in caught.value.message
    assert caught.value.message.startswith("Ratsbeschluss „Neuer Beschluss“")
    assert RegisterService(db, "decisions").count() == before
