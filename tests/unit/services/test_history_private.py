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


def test_participants_health_notes_stay_out_of_the_public_history(db):
    """Dietary and accessibility notes (Art. 9 DSGVO, revision 0018) go to the history's personal
    part, like a contact's e-mail: the entry itself reads "vertraulich" for them."""
    from datetime import date

    from sqlalchemy import text as sql

    from partnerdesk.domain.records import Activity, Attendee
    from partnerdesk.services import ActivityService
    from partnerdesk.services.history import History

    visit = ActivityService(db).create(Activity(title="Besuch", date=date(2026, 3, 1), attendees=[
        Attendee(name="Gast Eins", dietary="glutenfrei"), Attendee(name="Gast Zwei", role="Presse")]))
    visit.attendees[1].accessibility = "Rollstuhl"
    ActivityService(db).update(visit)
    with db.read() as session:
        public = " ".join(r[0] for r in session.execute(sql("SELECT changes FROM record_history")).all())
        private = " ".join(r[0] for r in session.execute(sql("SELECT changes FROM record_history_personal")).all())
    assert "glutenfrei" not in public and "Rollstuhl" not in public and "Gast Eins" in public
    assert "glutenfrei" in private and "Rollstuhl" in private
    created, changed = History(db).for_record("activities", visit.id)[::-1][:2]
    assert "glutenfrei" in str(created.changes) and "Rollstuhl" in str(changed.changes)
