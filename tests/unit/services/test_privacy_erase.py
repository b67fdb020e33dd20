"""Erasing a person with proof (issue 22): preview, unlink everywhere, mentions one by one, the
history, the deletion log, the only contact of a partnership, bad input, nothing half done."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import AmbiguousNameError, NotFoundError, UserError
from partnerdesk.domain.records import Activity, Attendee, Contact, FollowUp, Organisation, Partnership, Project
from partnerdesk.persistence.tables_erasure import DeletionLogRow
from partnerdesk.services import (
    ActivityService,
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)
from partnerdesk.services import privacy_erase as pe

NAME, EMAIL = "Ama Kwarteng", "ama.kwarteng@kumasi.example"


def _everything(db) -> str:
    """Every text of every ordinary table, as one string (what a raw SELECT would show)."""
    with db.read() as session:
        tables = [r[0] for r in session.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%_search_%'")).all()]
        parts = []
        for table in tables:
            for row in session.execute(text(f'SELECT * FROM "{table}"')).all():
                parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


@pytest.fixture
def world(db):
    # Ama works in the city's own office (so she can be responsible); Kumasi has no contact of its own.
    org = OrganisationService(db).create(Organisation(name="Büro für Partnerschaften", kind=OrganisationKind.CITY_UNIT))
    kumasi = OrganisationService(db).create(Organisation(name="Stadt Kumasi"))
    other_org = OrganisationService(db).create(Organisation(name="Stadt Tema"))
    person = ContactService(db).create(Contact(first_name="Ama", last_name="Kwarteng", email=EMAIL,
                                               organisation_id=org.id, notes="mag Kakao"))
    colleague = ContactService(db).create(Contact(first_name="Kofi", last_name="Mensah", organisation_id=other_org.id,
                                                  notes=f"Vertretung für {NAME}"))
    alone = PartnershipService(db).create(Partnership(title="Kumasi-Partnerschaft", partner_id=kumasi.id,
                                                      responsible_id=person.id))
    shared = PartnershipService(db).create(Partnership(title="Tema-Partnerschaft", partner_id=other_org.id,
                                                       responsible_id=person.id))
    p1 = ProjectService(db).create(Project(title="Wasser", contact_ids=[person.id, colleague.id],
                                           notes=f"Angeregt von {NAME} ({EMAIL})"))
    p2 = ProjectService(db).create(Project(title="Schulen", contact_ids=[person.id], responsible_id=person.id))
    visit = ActivityService(db).create(Activity(
        title="Besuch aus Kumasi", date=date(2026, 5, 4), contact_ids=[person.id],
        notes="Frau Kwarteng bringt Geschenke",
        follow_ups=[FollowUp(text="Dank an Ama Kwarteng", responsible_id=person.id)],
        attendees=[Attendee(contact_id=person.id, name=NAME, dietary="vegan"), Attendee(name="Kofi Mensah")],
    ))
    return {"person": person, "colleague": colleague, "alone": alone, "shared": shared, "p1": p1, "p2": p2,
            "visit": visit}


def test_the_preview_names_every_link_mention_and_the_partnership_left_without_contact(db, world):
    plan = pe.plan_erasure(db, world["person"].id)

    assert plan.label == NAME
    links = {(u.kind, u.name, u.what) for u in plan.unlinks}
    assert links == {
        ("projects", "Wasser", "participant"), ("projects", "Schulen", "participant"),
        ("projects", "Schulen", "responsible"), ("activities", "Besuch aus Kumasi", "participant"),
        ("activities", "Besuch aus Kumasi", "attendee"), ("activities", "Besuch aus Kumasi", "follow_up"),
        ("partnerships", "Kumasi-Partnerschaft", "responsible"), ("partnerships", "Tema-Partnerschaft", "responsible"),
    }
    assert plan.only_contact_of == ["Kumasi-Partnerschaft"]  # Tema has Kofi Mensah
    where = {(m.kind, m.record_name, m.field.split("/")[0]) for m in plan.mentions}
    assert where == {("projects", "Wasser", "notes"), ("contacts", "Kofi Mensah", "notes"),
                     ("activities", "Besuch aus Kumasi", "notes"), ("activities", "Besuch aus Kumasi", "follow_ups")}
    assert plan.history_entries == 1
    # A preview writes nothing.
    assert ContactService(db).exists(world["person"].id)


def test_erasing_unlinks_everywhere_blanks_chosen_mentions_and_logs_no_personal_data(db, world):
    person = world["person"]
    plan = pe.plan_erasure(db, person.id)
    # Every mention but the visit's note, which names only "Frau Kwarteng" (a guess): it stays.
    chosen = [m.key for m in plan.mentions if (m.kind, m.field) != ("activities", "notes")]

    result = pe.erase_person(db, person.id, reason="Art. 17 Abs. 1 lit. a DSGVO", blank=chosen,
                             proceed_if_only_contact=True, actor="mmuster")

    assert not ContactService(db).exists(person.id)
    p1, p2 = ProjectService(db).get(world["p1"].id), ProjectService(db).get(world["p2"].id)
    assert p1.contact_ids == [world["colleague"].id] and p2.contact_ids == [] and p2.responsible_id is None
    assert p1.notes == "Angeregt von [Name gelöscht] ([Name gelöscht])"
    assert ContactService(db).get(world["colleague"].id).notes == "Vertretung für [Name gelöscht]"
    visit = ActivityService(db).get(world["visit"].id)
    assert visit.contact_ids == [] and [a.name for a in visit.attendees] == ["Kofi Mensah"]
    assert visit.follow_ups[0].responsible_id is None and visit.follow_ups[0].text == "Dank an [Name gelöscht]"
    assert visit.notes == "Frau Kwarteng bringt Geschenke"  # not chosen: left as it was
    for key in ("alone", "shared"):
        assert PartnershipService(db).get(world[key].id).responsible_id is None

    with db.read() as session:
        entry = session.get(DeletionLogRow, result.log_id)
        assert (entry.kind, entry.record_id, entry.erased_by, entry.legal_reason) == (
            "contacts", person.id, "mmuster", "Art. 17 Abs. 1 lit. a DSGVO")
        logged = f"{entry.legal_reason} {entry.summary} {entry.erased_by}"
        assert json.loads(entry.summary)["records_changed"] == result.records_changed == 6  # 2 projects, visit, 2 partnerships, Kofi
    assert NAME not in logged and EMAIL not in logged and "Kwarteng" not in logged
    # No table holds her name or e-mail any more (history included): the activity's unchosen
    # note names only "Frau Kwarteng", which is why it was offered, not forced.
    everything = _everything(db)
    assert NAME not in everything and EMAIL not in everything and "mag Kakao" not in everything
    assert "gelöscht am " + date.today().strftime("%d.%m.%Y") + " von mmuster" in everything


def test_the_only_contact_of_a_partnership_is_said_and_nothing_is_erased_without_going_on(db, world):
    with pytest.raises(pe.OnlyContactError) as caught:
        pe.erase_person(db, world["person"].id, reason="Widerruf")
    assert caught.value.partnerships == ["Kumasi-Partnerschaft"]
    assert "einzige Kontakt" in str(caught.value) and "Nichts wurde gelöscht" in str(caught.value)
    assert ContactService(db).exists(world["person"].id)


def test_bad_input_unknown_ambiguous_no_reason_unknown_mention(db, world):
    with pytest.raises(NotFoundError):
        pe.find_person(db, "Niemand Unbekannt")
    ContactService(db).create(Contact(first_name="Ama", last_name="Boateng"))
    with pytest.raises(AmbiguousNameError) as caught:
        pe.find_person(db, "Ama")
    assert "Ama Kwarteng" in str(caught.value) and "Ama Boateng" in str(caught.value)
    assert pe.find_person(db, EMAIL.upper()) == world["person"].id
    with pytest.raises(UserError, match="Rechtsgrundlage"):
        pe.erase_person(db, world["person"].id, reason="  ", proceed_if_only_contact=True)
    with pytest.raises(UserError, match="Erwähnung"):
        pe.erase_person(db, world["person"].id, reason="Art. 17", blank=["projects:x:notes"],
                        proceed_if_only_contact=True)
    assert ContactService(db).exists(world["person"].id)


def test_a_failure_in_the_middle_leaves_the_database_as_it_was(db, world, monkeypatch):
    before = _everything(db)

    def broken(*args, **kwargs):
        raise RuntimeError("Festplatte voll (simuliert)")

    # Fails after the links are gone and the contact is deleted, before the log entry is written.
    monkeypatch.setattr(pe, "scrub_info", broken)
    with pytest.raises(RuntimeError):
        pe.erase_person(db, world["person"].id, reason="Art. 17", proceed_if_only_contact=True)
    assert _everything(db) == before
    assert ContactService(db).exists(world["person"].id)


@pytest.mark.postgresql
def test_on_a_server_too_the_erasure_unlinks_logs_and_erases_the_own_history(db, world):
    """On an office server (and a file): the server's erasing function empties the person's own
    history entries; the deletion log is written; every link is gone."""
    from partnerdesk.services.history import History

    person = world["person"]
    pe.erase_person(db, person.id, reason="Art. 17", proceed_if_only_contact=True)
    assert not ContactService(db).exists(person.id)
    assert ProjectService(db).get(world["p2"].id).responsible_id is None
    entries = History(db).for_record("contacts", person.id)
    assert entries and all(NAME not in str(e.changes) and EMAIL not in str(e.changes) for e in entries)
    assert [e.record_id for e in pe.deletion_log(db)] == [person.id]
    # Other records' history too (on a server through its function, revision 0023): no row names her.
    with db.read() as session:
        rows = session.execute(text("SELECT label, changes FROM record_history")).all()
        rows += session.execute(text("SELECT entry_id, changes FROM record_history_personal")).all()
    assert rows and not any(NAME in str(row) or EMAIL in str(row) for row in rows)
