"""Erasing a person from the history: "Datensatz gelöscht am … von …" instead of every value."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, text

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact, Organisation
from partnerdesk.persistence.tables import ContactRow
from partnerdesk.services import ContactService, OrganisationService, history_writer
from partnerdesk.services.history import History
from partnerdesk.services.history_erasure import erase_from_history, erasure_text

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql

SECRETS = ("Anna Geheim", "anna.geheim@example.org", "Anna Offen", "4711")


def _login(db) -> str:
    with db.read() as session:
        return str(session.execute(text("SELECT session_user")).scalar())


def _raw_history(db) -> str:
    """Everything the history tables hold, as one text (what a raw SELECT would show)."""
    with db.read() as session:
        rows = session.execute(text("SELECT label, changes FROM record_history")).all()
        rows += session.execute(text("SELECT '', changes FROM record_history_personal")).all()
    return "\n".join(f"{label} {changes}" for label, changes in rows)


def _person(db) -> tuple[Contact, Organisation]:
    org = OrganisationService(db).create(Organisation(name="Stadtwerke Beispiel"))
    service = ContactService(db)
    person = service.create(Contact(name="Anna Geheim", email="anna.geheim@example.org", organisation_id=org.id))
    person.name, person.phone = "Anna Offen", "+49 4711"
    return service.update(person), org


def test_erasing_replaces_every_value_and_the_name_and_keeps_the_entries(db):
    person, org = _person(db)
    ContactService(db).delete(person.id)
    assert "anna.geheim@example.org" in _raw_history(db)  # the history held her until now
    before = History(db).for_record("contacts", person.id)

    erased = erase_from_history(db, "contacts", person.id, "mmuster")

    expected = erasure_text(_login(db) if db.engine.dialect.name == "postgresql" else "mmuster", date.today())
    assert expected.startswith("Datensatz gelöscht am ") and expected.endswith(" von " + (
        _login(db) if db.engine.dialect.name == "postgresql" else "mmuster"))
    after = History(db).for_record("contacts", person.id)
    assert erased == len(before) == len(after) == 3
    for old, new in zip(before, after, strict=True):
        assert (new.id, new.operation, new.at, new.actor) == (old.id, old.operation, old.at, old.actor)
        assert new.label == expected
        assert {c.field for c in new.changes} == {c.field for c in old.changes}
        assert all(c.new in (expected, None) and c.old in (expected, None) for c in new.changes)
    raw = _raw_history(db)
    assert not [s for s in SECRETS if s in raw]
    # Other records' entries are untouched; the erased one cannot be restored from its entry.
    assert History(db).for_record("organisations", org.id)[0].label == "Stadtwerke Beispiel"
    assert History(db).snapshot(after[0]) is None


def test_erasing_in_the_deleting_transaction_erases_its_entry_too(db):
    person, _org = _person(db)
    with db.write() as session:
        session.execute(delete(ContactRow).where(ContactRow.id == person.id))
        history_writer.record(session, "contacts", person, None)  # the deletion's entry, not yet written
        erase_from_history(session, "contacts", person.id, "mmuster")
    newest = History(db).for_record("contacts", person.id)[0]
    assert newest.operation == "deleted" and newest.label.startswith("Datensatz gelöscht am ")
    assert not [s for s in SECRETS if s in _raw_history(db)]


def test_erasing_a_record_without_history_changes_nothing(db):
    before = _raw_history(db)
    assert erase_from_history(db, "contacts", "00000000-0000-4000-8000-000000000000", "mmuster") == 0
    assert _raw_history(db) == before


@pytest.mark.parametrize("kind", ["contacts", "projekte"])
def test_the_history_of_a_record_that_is_still_there_or_no_register_is_not_erased(db, kind):
    person, _org = _person(db)
    before = _raw_history(db)
    with pytest.raises(UserError) as refused:
        erase_from_history(db, kind, person.id, "mmuster")
    assert ("ist noch vorhanden" if kind == "contacts" else "ist kein Register") in refused.value.message
    assert _raw_history(db) == before
