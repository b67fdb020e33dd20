"""The history of every change: written by the record services in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.history import HistoryFilter
from partnerdesk.domain.records import Contact, Organisation, Partnership, Project
from partnerdesk.services import ContactService, OrganisationService, PartnershipService, ProjectService
from partnerdesk.services.history import History, batch, system_user
from partnerdesk.services.row_batches import same_content

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


def actor_of(db) -> str:
    """Who the history should name: the login role on a server, the system user on a file."""
    if db.engine.dialect.name == "postgresql":
        with db.read() as session:
            return session.execute(text("SELECT session_user")).scalar()
    return system_user()


def record_entries(db, kind="organisations"):
    return [e for e in History(db).since(0) if e.kind == kind]


def test_a_new_database_starts_its_history_with_one_entry(db):
    (started,) = History(db).since(0)
    assert started.operation == "started" and started.kind == "" and started.changes == ()
    assert History(db).latest_id() == started.id


def test_create_writes_one_created_entry_with_the_values(db):
    org = OrganisationService(db).create(Organisation(name="Stadt Ödland", country="DE", city="Köln"))
    (entry,) = History(db).for_record("organisations", org.id)
    assert entry.operation == "created"
    assert entry.label == "Stadt Ödland"
    assert entry.actor == actor_of(db)
    values = {c.field: c.new for c in entry.changes}
    assert values["name"] == "Stadt Ödland" and values["city"] == "Köln" and values["country"] == "DE"
    assert not {"id", "version", "created_at", "updated_at"} & set(values)
    assert all(c.old is None for c in entry.changes)


def test_update_records_only_the_changed_fields_old_and_new(db):
    service = OrganisationService(db)
    org = service.create(Organisation(name="Stadt A", city="Alt", languages=["de"]))
    org.city, org.languages = "Neu", ["de", "fr"]
    service.update(org)
    newest, created = History(db).for_record("organisations", org.id)
    assert created.operation == "created"
    assert newest.operation == "changed"
    assert {(c.field, repr(c.old), repr(c.new)) for c in newest.changes} == {
        ("city", "'Alt'", "'Neu'"), ("languages", "['de']", "['de', 'fr']"),
    }


def test_a_save_that_changes_nothing_writes_no_entry(db):
    service = OrganisationService(db)
    org = service.create(Organisation(name="Gleich"))
    service.update(org)  # the version counts up; the content is the same
    assert [e.operation for e in History(db).for_record("organisations", org.id)] == ["created"]


def test_a_refused_write_leaves_no_entry(db):
    service = OrganisationService(db)
    org = service.create(Organisation(name="Einmal"))
    before = History(db).latest_id()
    with pytest.raises(UserError):
        service.create(Organisation(id=org.id, name="Zweimal"))
    with pytest.raises(UserError):  # refers to a partner that does not exist: rolled back after the flush
        PartnershipService(db).create(Partnership(title="Ins Leere", partner_id=org.id.replace(org.id[:8], "00000000")))
    assert History(db).latest_id() == before


def test_one_multi_delete_is_one_batch_with_restorable_records_and_the_unlinked_ones(db):
    orgs = OrganisationService(db)
    a = orgs.create(Organisation(name="Erste Gemeinde"))
    b = orgs.create(Organisation(name="Zweite Gemeinde"))
    keeper = orgs.create(Organisation(name="Bleibt"))
    contact = ContactService(db).create(Contact(name="Frau Berg", organisation_id=a.id, email="berg@example.org"))
    mark = History(db).latest_id()
    orgs.delete_many([a.id, b.id])
    entries = History(db).since(mark)
    assert {(e.kind, e.record_id, e.operation) for e in entries} == {
        ("organisations", a.id, "deleted"), ("organisations", b.id, "deleted"), ("contacts", contact.id, "changed"),
    }
    assert len({e.batch_id for e in entries}) == 1
    unlinked = next(e for e in entries if e.kind == "contacts")
    assert [(c.field, c.old, c.new) for c in unlinked.changes] == [("organisation_id", a.id, None)]
    deleted = {e.record_id: e for e in entries if e.operation == "deleted"}
    restored = History(db).snapshot(deleted[a.id])
    assert restored is not None and same_content(restored, a)
    assert {e.record_id for e in History(db).deleted()} == {a.id, b.id}
    assert [e.record_id for e in History(db).deleted(text="zweite")] == [b.id]
    assert keeper.id not in {e.record_id for e in entries}


def test_undo_of_a_deletion_is_recorded_as_restored(db):
    orgs = OrganisationService(db)
    org = orgs.create(Organisation(name="Kommt wieder"))
    project = ProjectService(db).create(Project(title="Hängt dran", participants=[]))
    deletion = orgs.delete(org.id)
    mark = History(db).latest_id()
    orgs.restore(deletion)
    (entry,) = History(db).since(mark)
    assert (entry.record_id, entry.operation) == (org.id, "restored")
    assert History(db).deleted() == []
    assert project.id not in {e.record_id for e in History(db).since(mark)}


def test_separate_saves_get_separate_batches_unless_batched(db):
    service = OrganisationService(db)
    first = service.create(Organisation(name="Eins"))
    second = service.create(Organisation(name="Zwei"))
    with batch() as shared:
        third = service.create(Organisation(name="Drei"))
        fourth = service.create(Organisation(name="Vier"))
    by_id = {e.record_id: e.batch_id for e in record_entries(db)}
    assert by_id[first.id] != by_id[second.id]
    assert by_id[third.id] == by_id[fourth.id] == shared


def test_search_filters_by_register_user_period_and_folded_name(db):
    service = OrganisationService(db)
    muller = service.create(Organisation(name="Gemeinde Müller"))
    ContactService(db).create(Contact(name="Herr Müller"))
    history = History(db)
    entries = history.search(HistoryFilter(text="muller"))
    assert [e.label for e in entries] == ["Müller", "Gemeinde Müller"]  # "Herr": the contact's salutation
    assert [e.label for e in history.search(HistoryFilter(text="MÜLLER", kinds=("organisations",)))] == ["Gemeinde Müller"]
    assert history.search(HistoryFilter(user="nobody-of-that-name")) == []
    assert len(history.search(HistoryFilter(user=actor_of(db)))) == 3  # "started" too
    created_at = history.for_record("organisations", muller.id)[0].at
    assert [e.label for e in history.search(HistoryFilter(until=created_at))] == ["history started"]
    assert len(history.search(HistoryFilter(since=created_at))) == 2
    assert [e.label for e in history.search(HistoryFilter(record=("organisations", muller.id)))] == ["Gemeinde Müller"]
    assert len(history.search(HistoryFilter(), limit=2)) == 2


def test_the_quick_serialisation_is_the_archive_one(example_db):
    """The writer's own conversion of a record (quicker, for imports) says exactly what
    ``record_to_dict`` says, for every example record of every register."""
    from partnerdesk.domain.serialization import record_to_dict
    from partnerdesk.services import service_for
    from partnerdesk.services.history_writer import _values

    for kind in ("organisations", "partnerships", "contacts", "projects", "activities"):
        for record in service_for(example_db, kind).list():
            assert _values(record, False) == record_to_dict(record)


def test_a_user_without_the_personal_data_role_leaves_those_fields_out(db):
    """Hidden e-mail, phone and notes are empty in the record (not erased): never a change."""
    import dataclasses

    service = ContactService(db)
    contact = service.create(Contact(name="Frau Berg", email="berg@example.org", function="Leitung"))
    hidden = dataclasses.replace(service.get(contact.id), personal_hidden=True, email="", phone="", notes="")
    from partnerdesk.services.history_writer import changed_fields

    assert changed_fields(service.get(contact.id), dataclasses.replace(hidden, function="Stellvertretung")) == {
        "function": ["Leitung", "Stellvertretung"],
    }


def test_a_contacts_personal_data_is_kept_apart_and_read_back(db):
    """E-mail, phone and notes go into record_history_personal (under row-level security on a
    server), never into the entry's own changes; reading joins them back, and a deleted contact
    comes back from the history with them."""
    service = ContactService(db)
    contact = service.create(Contact(name="Frau Berg", email="berg@example.org", phone="0231 1", function="Leitung"))
    contact.email = "neu@example.org"
    contact = service.update(contact)
    service.delete(contact.id)
    deleted, changed, created = History(db).for_record("contacts", contact.id)
    with db.read() as session:
        own = [r[0] for r in session.execute(
            text("SELECT changes FROM record_history WHERE record_id = :id ORDER BY id"), {"id": contact.id})]
        apart = [r[0] for r in session.execute(text(
            "SELECT p.changes FROM record_history_personal p JOIN record_history h ON h.id = p.entry_id "
            "WHERE h.record_id = :id ORDER BY h.id"), {"id": contact.id})]
    assert not [c for c in own if "example.org" in c or "0231" in c]
    assert len(apart) == 3 and all("example.org" in c for c in apart)
    assert {(c.field, c.new) for c in created.changes if isinstance(c.new, str)} >= {
        ("email", "berg@example.org"), ("phone", "0231 1")}
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("email", "berg@example.org", "neu@example.org")]
    restored = History(db).snapshot(deleted)
    assert restored is not None and (restored.email, restored.phone) == ("neu@example.org", "0231 1")


def test_the_windows_undo_and_redo_of_a_creation_and_an_edit_are_recorded(db):
    """What the window's undo commands call: an edit undone is a change back, a creation undone
    a deletion, and its redo brings the record back as "restored" (ui/editing/undo_commands.py)."""
    service = OrganisationService(db)
    org = service.create(Organisation(name="Hin und her", city="Alt"))
    edited = service.update(Organisation(**{**org.__dict__, "city": "Neu"}))
    undone = service.update(Organisation(**{**edited.__dict__, "city": "Alt"}))  # undo of the edit
    deletion = service.delete(undone.id, expected_version=undone.version)  # undo of the creation
    service.restore(deletion)  # redo of the creation
    ops = [(e.operation, [(c.field, c.old, c.new) for c in e.changes if c.field == "city"])
           for e in reversed(History(db).for_record("organisations", org.id))]
    assert ops == [
        ("created", [("city", None, "Alt")]), ("changed", [("city", "Alt", "Neu")]), ("changed", [("city", "Neu", "Alt")]),
        ("deleted", [("city", "Alt", None)]), ("restored", [("city", None, "Alt")]),
    ]
