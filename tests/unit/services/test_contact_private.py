"""Contacts' personal data in its own table (``contact_private``, migration 0004), on a file and a server.

The roles that keep it from users on a server are tested in tests/postgresql/test_personal_data.py;
here: where the data lives, that it follows its contact, and that a database the program was told
to hide it in (``Database.hide_personal_data``) neither shows nor overwrites it.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact
from partnerdesk.persistence.tables import ContactPrivateRow, ContactRow
from partnerdesk.services import service_for
from partnerdesk.services.registers import RegisterQuery, RegisterService


def _private(db, contact_id: str) -> tuple[str, str, str] | None:
    with db.read() as session:
        row = session.execute(
            select(ContactPrivateRow.email, ContactPrivateRow.phone, ContactPrivateRow.notes)
            .where(ContactPrivateRow.contact_id == contact_id)
        ).first()
    return tuple(row) if row is not None else None


def _search(db, text: str) -> list[str]:
    return RegisterService(db, "contacts").ids(RegisterQuery("contacts", search=text))


@pytest.mark.postgresql
def test_the_personal_data_lives_beside_the_contact_and_follows_it(db):
    contacts = service_for(db, "contacts")
    made = contacts.create(Contact(name="Ana Popescu", email="ana.popescu@example.ro", phone="+40 21 555", notes="Spricht Deutsch"))
    assert _private(db, made.id) == ("ana.popescu@example.ro", "+40 21 555", "Spricht Deutsch")
    with db.read() as session:
        own_text = session.scalar(select(ContactRow.search_text).where(ContactRow.id == made.id))
    assert "ana popescu" in own_text and "example" not in own_text and "555" not in own_text
    assert _search(db, "popescu@example") == [made.id] and _search(db, "spricht") == [made.id]
    assert RegisterService(db, "contacts").row(made.id).values["email"] == "ana.popescu@example.ro"

    cleared = contacts.update(dataclasses.replace(made, email="", phone="", notes=""))
    assert _private(db, made.id) is None and _search(db, "spricht") == []
    contacts.update(dataclasses.replace(cleared, phone="+40 21 777"))
    assert _private(db, made.id) == ("", "+40 21 777", "")
    contacts.delete(made.id)
    assert _private(db, made.id) is None


def test_a_database_told_to_hide_it_neither_shows_nor_overwrites_it(db):
    contacts = service_for(db, "contacts")
    made = contacts.create(Contact(name="Ana Popescu", email="ana.popescu@example.ro", notes="Spricht Deutsch"))
    assert db.personal_data_visible  # a file shows everything
    db.hide_personal_data()
    seen = contacts.get(made.id)
    assert (seen.email, seen.notes, seen.personal_hidden) == ("", "", True)
    assert _search(db, "popescu@example") == []
    assert RegisterService(db, "contacts").row(made.id).values["email"] == "vertraulich"
    contacts.update(dataclasses.replace(seen, function="Referentin"))
    assert _private(db, made.id) == ("ana.popescu@example.ro", "", "Spricht Deutsch")
    with pytest.raises(UserError, match="nichts wurde gespeichert"):
        contacts.update(dataclasses.replace(contacts.get(made.id), email="anders@example.ro"))
    with pytest.raises(UserError, match="nichts wurde gespeichert"):
        contacts.create(Contact(name="Neu", phone="+40 1"))
    assert contacts.get(made.id).function == "Referentin" and len(contacts.list()) == 1
    with pytest.raises(UserError, match="Rolle für personenbezogene Daten"):
        contacts.delete(made.id)
    assert _private(db, made.id) == ("ana.popescu@example.ro", "", "Spricht Deutsch")
