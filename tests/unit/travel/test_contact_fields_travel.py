"""The contact's new fields (issue 21) on the way out and back: a travel copy and its merge, the JSON
archive, the history (the postal address kept apart with the other personal data), the register
search by first and last name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from partnerdesk.domain.enums import LegalBasis, Salutation
from partnerdesk.exchange.json_archive import export_archive, import_archive
from partnerdesk.services import service_for
from partnerdesk.services.history import History
from partnerdesk.services.registers import RegisterQuery, RegisterService
from partnerdesk.travel import apply


def _kwame(db):
    return next(c for c in service_for(db, "contacts").list() if c.last_name == "Example")


def test_a_travel_copy_carries_the_parts_and_the_consent_record_back(example_db, trip):
    kwame = _kwame(trip)
    kwame.title, kwame.salutation = "Dr.", Salutation.MR
    kwame.address = "Kumasi Metropolitan Assembly\nP.O. Box 1916"
    kwame.consent_withdrawn_on = date(2026, 11, 30)
    kwame.languages = ["en", "fr"]
    service_for(trip, "contacts").update(kwame)
    office = _kwame(example_db)
    office.do_not_contact = True
    service_for(example_db, "contacts").update(office)
    report = apply.merge(example_db, trip)
    assert report.conflicts == []
    merged = _kwame(example_db)
    assert (merged.display_name, merged.address, merged.consent_withdrawn_on, merged.languages, merged.do_not_contact) == (
        "Dr. Kwame Example", "Kumasi Metropolitan Assembly\nP.O. Box 1916", date(2026, 11, 30), ["en", "fr"], True)


def test_the_json_archive_keeps_every_new_field(example_db, second_db, tmp_path):
    out = tmp_path / "archiv.json"
    export_archive(example_db, out)
    import_archive(second_db, out)
    for contact in service_for(example_db, "contacts").list():
        back = service_for(second_db, "contacts").get(contact.id)
        assert (back.salutation, back.title, back.first_name, back.last_name, back.languages, back.phone, back.address,
                back.legal_basis, back.consent_given_on, back.consent_withdrawn_on, back.do_not_contact) == (
            contact.salutation, contact.title, contact.first_name, contact.last_name, contact.languages, contact.phone,
            contact.address, contact.legal_basis, contact.consent_given_on, contact.consent_withdrawn_on,
            contact.do_not_contact)


def test_the_history_records_consent_and_keeps_the_address_apart(example_db):
    contacts = service_for(example_db, "contacts")
    kwame = _kwame(example_db)
    mark = History(example_db).latest_id()
    kwame.consent_withdrawn_on, kwame.address = date(2026, 11, 30), "Privatadresse 1, Kumasi"
    kwame.legal_basis = LegalBasis.CONSENT
    contacts.update(kwame)
    (entry,) = [e for e in History(example_db).since(mark) if e.record_id == kwame.id]
    assert {c.field for c in entry.changes} >= {"consent_withdrawn_on", "address"}
    with example_db.read() as session:
        own = session.execute(text("SELECT changes FROM record_history WHERE id = :id"), {"id": entry.id}).scalar()
        apart = session.execute(text("SELECT changes FROM record_history_personal WHERE entry_id = :id"),
                                {"id": entry.id}).scalar()
    assert "Privatadresse" not in own and "Privatadresse" in apart and "2026-11-30" in own


def test_the_register_finds_a_contact_by_first_or_last_name_and_sorts_by_last_name(example_db):
    service = RegisterService(example_db, "contacts")
    for word in ("Aïssatou", "exemple", "aissatou exemple"):
        found = service.rows(service.ids(RegisterQuery("contacts", search=word)))
        assert [r.values["name"] for r in found] == ["Dr. Aïssatou Exemple"], word
    names = [r.values["name"] for r in service.rows(service.ids(RegisterQuery("contacts", sort_column="name")))]
    assert names[:4] == ["Erika Beispiel", "Jörg Beispiel", "Kwame Example", "Dr. Aïssatou Exemple"]
    withdrawn = service.rows(service.ids(RegisterQuery("contacts", filters={"check": "consent_withdrawn"})))
    assert [r.values["name"] for r in withdrawn] == ["يوسف مثال"]
