"""Contacts' personal values in the history: kept apart from the entry (on a server under row-level security)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from partnerdesk.domain.records import Contact
from partnerdesk.services import ContactService
from partnerdesk.services.history import History

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql

EMAIL = "berg@example.org"


def test_the_history_shows_personal_values_to_whoever_may_see_them(db):
    service = ContactService(db)
    contact = service.create(Contact(name="Frau Berg", email=EMAIL))
    contact.email, contact.notes = "", "erreichbar ab 9"
    service.update(contact)

    changed, created = History(db).for_record("contacts", contact.id)
    assert {c.field: c.new for c in created.changes}["email"] == EMAIL
    assert {(c.field, c.old, c.new) for c in changed.changes} == {("email", EMAIL, ""), ("notes", "", "erreichbar ab 9")}
    assert History(db).since(0)[-1] == changed
    with db.read() as session:
        stored = " ".join(session.execute(text("SELECT changes FROM record_history")).scalars())
        apart = " ".join(session.execute(text("SELECT changes FROM record_history_personal")).scalars())
    assert EMAIL not in stored and "erreichbar" not in stored
    assert EMAIL in apart and "erreichbar" in apart

def test_a_file_shows_a_value_that_reads_vertraulich_as_it_is(db):
    contact = ContactService(db).create(Contact(name="Herr Wort", notes="vertraulich"))
    (created,) = History(db).for_record("contacts", contact.id)
    assert {c.field: c.new for c in created.changes}["notes"] == "vertraulich"
