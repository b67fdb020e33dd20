"""Erasure with proof (issue 22) reaches the key facts: a mayor's name or a source naming the person
is offered as a mention, and blanked when chosen (history included); the value itself stays."""

from __future__ import annotations

import pytest

from partnerdesk.domain.enums import KeyFactKind, OrganisationKind
from partnerdesk.domain.records import Contact, KeyFact, Organisation
from partnerdesk.services import ContactService, OrganisationService
from partnerdesk.services import privacy_erase as pe
from partnerdesk.services.history import History

NAME = "Ama Kwarteng"


@pytest.fixture
def world(db):
    office = OrganisationService(db).create(Organisation(name="Büro für Partnerschaften", kind=OrganisationKind.CITY_UNIT))
    person = ContactService(db).create(Contact(first_name="Ama", last_name="Kwarteng", organisation_id=office.id))
    kumasi = OrganisationService(db).create(Organisation(name="Stadt Kumasi", key_facts=[
        KeyFact(kind=KeyFactKind.MAYOR, value="2021", name=NAME, source="Schreiben"),
        KeyFact(kind=KeyFactKind.INHABITANTS, value="3500000", source=f"laut {NAME} beim Besuch", as_of="2024")]))
    return person, kumasi


def test_a_mayors_name_and_a_source_are_offered_and_blanked(db, world):
    person, kumasi = world
    plan = pe.plan_erasure(db, person.id)
    offered = [m for m in plan.mentions if m.kind == "organisations"]
    assert {(m.record_name, m.field.split("/")[0]) for m in offered} == {("Stadt Kumasi", "key_facts")}
    assert len(offered) == 2
    pe.erase_person(db, person.id, reason="Art. 17 DSGVO", blank=[m.key for m in offered], actor="mmuster")
    facts = OrganisationService(db).get(kumasi.id).key_facts
    assert [(f.value, f.name, f.source) for f in facts] == [
        ("2021", "[Name gelöscht]", "Schreiben"), ("3500000", "", "laut [Name gelöscht] beim Besuch")]
    assert OrganisationService(db).get(kumasi.id).population == 3500000
    assert NAME not in repr([e.changes for e in History(db).for_record("organisations", kumasi.id)])
