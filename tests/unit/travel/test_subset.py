"""Partial travel copies: some partnerships with their projects, activities, organisations and contacts.

On an office file and on an office database on a server (the PostgreSQL lane).
"""

from __future__ import annotations

import pytest

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact, Partnership
from partnerdesk.persistence.portable_sql import broken_references
from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile

pytestmark = pytest.mark.postgresql

KUMASI = "Klimapartnerschaft Dortmund – Kumasi"
DABOLA = "Partnerschaft Dortmund – Dabola"
MASTERPLAN = "Masterpläne Klimaanpassung Dortmund und Kumasi"


def names(db, kind):
    field = "name" if kind in ("organisations", "contacts") else "title"
    return sorted(getattr(r, field) for r in service_for(db, kind).list())


def first(db, kind, **where):
    return next(r for r in service_for(db, kind).list() if all(getattr(r, k) == v for k, v in where.items()))


def edit(db, kind, record_id, **changes):
    service = service_for(db, kind)
    record = service.get(record_id)
    for name, value in changes.items():
        setattr(record, name, value)
    return service.update(record)


@pytest.fixture
def part(example_db, trip_path):
    """A copy of the Kumasi partnership only (unencrypted), open."""
    info = travelfile.checkout(example_db, trip_path, None, partnerships=["klimapartnerschaft dortmund – kumasi"])
    assert info.subset == (KUMASI,)
    travel = travelfile.open_travel(trip_path, None)
    yield travel
    travel.close()


def test_a_partial_copy_holds_the_partnership_and_what_belongs_to_it(example_db, part):
    assert travelfile.read_info(part).subset == (KUMASI,)
    assert names(part, "partnerships") == [KUMASI]
    assert names(part, "projects") == [MASTERPLAN]
    assert names(part, "activities") == ["Besuch der Delegation aus Kumasi", "Workshop Klimaanpassung mit Kumasi"]
    assert names(part, "contacts") == ["Erika Beispiel", "Kwame Example"]
    organisations = names(part, "organisations")
    assert {"Kumasi", "Büro für Internationale Beziehungen und Nachhaltige Entwicklung"} <= set(organisations)
    assert not {"Dura", "Dabola", "Cluj-Napoca", "Bondo", "EDG Entsorgung Dortmund GmbH"} & set(organisations)
    kwame = first(part, "contacts", name="Kwame Example")
    assert kwame.email == "k.example@example.org"  # a file's user, or the server's owner: sees personal data
    project = first(part, "projects", title=MASTERPLAN)
    assert [s.name for s in project.funding_sources] == ["Eigenmittel der Stadt"] and project.sdg_targets
    with part.read() as session:
        assert broken_references(session.connection()) == []
    # The copy works as a database of its own: search included.
    from partnerdesk.services.registers import RegisterQuery, RegisterService

    assert RegisterService(part, "organisations").ids(RegisterQuery("organisations", search="kumasi"))


def test_merging_a_partial_copy_deletes_nothing_outside_it(example_db, part, content_of, where):
    outside = first(example_db, "partnerships", title=DABOLA)
    edit(example_db, "partnerships", outside.id, notes="im Büro geändert")  # outside the part: not its business
    activity = first(part, "activities", title="Workshop Klimaanpassung mit Kumasi")
    service_for(part, "activities").delete(activity.id)
    edit(part, "partnerships", first(part, "partnerships").id, notes="auf Reisen")
    before = {kind: names(example_db, kind) for kind in ("organisations", "partnerships", "contacts", "projects")}
    report = apply.merge(example_db, part)
    assert sorted((e.action, e.name) for e in report.entries) == [
        ("delete", "Workshop Klimaanpassung mit Kumasi"), ("update", KUMASI)]
    assert report.office_changes == 0 and report.conflicts == [] and report.duplicates == []
    for kind, listed in before.items():
        assert names(example_db, kind) == listed, kind
    assert len(names(example_db, "activities")) == 4  # five in the example data, one deleted on the trip
    assert first(example_db, "partnerships", title=DABOLA).notes == "im Büro geändert"


def test_a_record_that_left_the_part_in_the_office_is_still_merged(example_db, part):
    """The project moved to another partnership in the office meanwhile; its trip edit still arrives."""
    dabola = first(example_db, "partnerships", title=DABOLA)
    project = first(example_db, "projects", title=MASTERPLAN)
    edit(example_db, "projects", project.id, partnership_id=dabola.id)
    edit(part, "projects", project.id, summary="Auf der Reise ergänzt.")
    kwame = first(part, "contacts", name="Kwame Example")
    edit(part, "contacts", kwame.id, function="Head of Climate Desk")
    report = apply.merge(example_db, part)
    merged = service_for(example_db, "projects").get(project.id)
    assert (merged.partnership_id, merged.summary) == (dabola.id, "Auf der Reise ergänzt.")
    assert service_for(example_db, "contacts").get(kwame.id).function == "Head of Climate Desk"
    assert report.conflicts == [] and report.office_changes == 1


def test_records_created_on_both_sides_are_still_pointed_out(example_db, part):
    office_contact = service_for(example_db, "contacts").create(Contact(name="Amina Mwangi"))
    travel_contact = service_for(part, "contacts").create(Contact(name="Amina Mwangi"))
    new_partnership = service_for(part, "partnerships").create(
        Partnership(title="Neu auf Reisen", partner_id=first(part, "organisations", name="Kumasi").id))
    report = apply.merge(example_db, part)
    assert [(d.office_id, d.travel_id) for d in report.duplicates] == [(office_contact.id, travel_contact.id)]
    assert service_for(example_db, "partnerships").exists(new_partnership.id)


def test_an_unknown_partnership_is_refused_before_anything_is_written(example_db, trip_path, content_of, where):
    before = content_of(where(example_db))
    with pytest.raises(UserError, match="„Gibt es nicht“.*nicht; es wurde keine Reisekopie geschrieben"):
        travelfile.checkout(example_db, trip_path, None, partnerships=[KUMASI, "Gibt es nicht"])
    assert not trip_path.parent.exists()
    assert content_of(where(example_db)) == before


def test_a_participant_whose_contact_was_deleted_in_the_office_keeps_its_name(example_db, part):
    """On the trip a contact joins the visit's participant list; the office deletes that contact
    meanwhile: the merged list keeps the person's name, only the link goes (and the report says so)."""
    from partnerdesk.domain.records import Attendee

    kwame = first(part, "contacts", name="Kwame Example")
    visit = first(part, "activities", title="Workshop Klimaanpassung mit Kumasi")
    edit(part, "activities", visit.id, attendees=[Attendee(contact_id=kwame.id, name=kwame.name, role="Gast")])
    service_for(example_db, "contacts").delete(kwame.id)
    report = apply.merge(example_db, part)
    merged = service_for(example_db, "activities").get(visit.id)
    assert [(a.contact_id, a.name, a.role) for a in merged.attendees] == [(None, "Kwame Example", "Gast")]
    assert any("Teilnehmende" in note for note in report.notes), report.notes


def test_a_partial_copy_carries_the_participants_private_notes(part):
    """Dietary and accessibility notes live in a table of their own (revision 0018) that hangs on
    the participant lines, not on a record: a partial copy still carries those of its activities."""
    visit = first(part, "activities", title="Besuch der Delegation aus Kumasi")
    notes = {a.name: (a.dietary, a.accessibility) for a in visit.attendees}
    assert notes["Abena Beispiel"] == ("vegetarisch", "")
    assert notes["Kofi Muster"] == ("", "Rollstuhl: ebenerdige Zugänge")
