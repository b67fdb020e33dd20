"""The mail-merge file of an activity: read back as German Word/LibreOffice read it (UTF-8 with BOM,
semicolons), the salutation lines, the address split into its fields, and who is left out and why."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from partnerdesk.domain.enums import LegalBasis, Salutation
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.person_names import letter_greeting
from partnerdesk.domain.records import Activity, Attendee, Contact, Organisation
from partnerdesk.exchange.mail_merge import (
    DO_NOT_CONTACT,
    FREE_NAME,
    NO_BASIS,
    WITHDRAWN,
    AddressParts,
    address_parts,
    export_mail_merge,
)
from partnerdesk.services import service_for

HEADER = ["Briefanrede", "Anrede", "Titel", "Vorname", "Nachname", "Funktion", "Organisation", "Adresszusatz",
          "Straße", "PLZ", "Ort", "Land", "E-Mail"]


def read(path):
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with byte order mark, so Word and Excel read it as Unicode"
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


@pytest.mark.parametrize(("salutation", "title", "first", "last", "line"), [
    (Salutation.MS, "Dr.", "Ama", "Mensah", "Sehr geehrte Frau Dr. Mensah,"),
    (Salutation.MR, "", "Kwame", "Example", "Sehr geehrter Herr Example,"),
    (Salutation.MR, "Prof. Dr.", "Jörg", "Beispiel", "Sehr geehrter Herr Prof. Dr. Beispiel,"),
    (Salutation.NONE, "", "Ama", "Mensah", "Guten Tag Ama Mensah,"),
    (Salutation.NONE, "Dr.", "Ama", "Mensah", "Guten Tag Dr. Ama Mensah,"),
    (Salutation.MS, "", "Ama", "", "Guten Tag Ama,"),
    (Salutation.NONE, "", "", "", "Sehr geehrte Damen und Herren,"),
])
def test_salutation_lines(salutation, title, first, last, line):
    assert letter_greeting(salutation, title, first, last) == line


@pytest.mark.parametrize(("text", "parts"), [
    ("Stadt Dortmund, Büro für Internationales\nFriedensplatz 1\n44135 Dortmund",
     AddressParts("Stadt Dortmund, Büro für Internationales", "Friedensplatz 1", "44135", "Dortmund")),
    ("Friedensplatz 1, 44135 Dortmund", AddressParts("", "Friedensplatz 1", "44135", "Dortmund")),
    ("Kumasi Metropolitan Assembly\nP.O. Box 1916\nKumasi\nGhana",
     AddressParts("Kumasi Metropolitan Assembly", "P.O. Box 1916", "", "Kumasi", "Ghana")),
    ("Primăria Cluj-Napoca\nStrada Moților 3\n400001 Cluj-Napoca\nRumänien",
     AddressParts("Primăria Cluj-Napoca", "Strada Moților 3", "400001", "Cluj-Napoca", "Rumänien")),
    ("Rathausplatz 1\nA-1010 Wien", AddressParts("", "Rathausplatz 1", "A-1010", "Wien")),
    ("Somewhere without pattern", AddressParts("", "Somewhere without pattern")),
    ("", AddressParts()),
])
def test_the_address_is_split_into_the_fields_of_a_letter(text, parts):
    assert address_parts(text) == parts


def test_one_row_per_contact_who_may_be_written_to_and_the_others_counted(db, tmp_path):
    contacts = service_for(db, "contacts")
    unit = service_for(db, "organisations").create(Organisation(name="Kumasi Metropolitan Assembly"))
    ama = contacts.create(Contact(salutation=Salutation.MS, title="Dr.", first_name="Ama", last_name="Mensah",
                                  organisation_id=unit.id, function="Bürgermeisterin", email="ama@example.org",
                                  address="P.O. Box 1916\nKumasi\nGhana", legal_basis=LegalBasis.CONSENT,
                                  consent_given_on=date(2025, 3, 1)))
    kofi = contacts.create(Contact(first_name="Kofi", last_name="Boateng", legal_basis=LegalBasis.PUBLIC_TASK,
                                   function="=HYPERLINK(1)"))
    gone = contacts.create(Contact(first_name="Weg", last_name="Gelöscht", legal_basis=LegalBasis.CONTRACT))
    refused = contacts.create(Contact(first_name="Nein", last_name="Danke", legal_basis=LegalBasis.CONTRACT,
                                      do_not_contact=True))
    withdrawn = contacts.create(Contact(first_name="Zurück", last_name="Gezogen", legal_basis=LegalBasis.CONSENT,
                                        consent_given_on=date(2024, 1, 1), consent_withdrawn_on=date(2025, 1, 1)))
    unknown = contacts.create(Contact(first_name="Ohne", last_name="Grundlage"))
    attendees = [Attendee(contact_id=c.id, name=c.name) for c in (ama, kofi, gone, refused, withdrawn, unknown)]
    attendees += [Attendee(contact_id=ama.id, name=ama.name), Attendee(name="Abena Frei", organisation="KNUST")]
    visit = service_for(db, "activities").create(Activity(title="Besuch aus Kumasi", date=date(2027, 1, 14),
                                                          attendees=attendees))
    contacts.delete(gone.id)
    out = tmp_path / "serienbrief.csv"
    report = export_mail_merge(db, visit.id, out)
    rows = read(out)
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["Sehr geehrte Frau Dr. Mensah,", "Frau", "Dr.", "Ama", "Mensah", "Bürgermeisterin",
         "Kumasi Metropolitan Assembly", "", "P.O. Box 1916", "", "Kumasi", "Ghana", "ama@example.org"],
        ["Guten Tag Kofi Boateng,", "", "", "Kofi", "Boateng", "'=HYPERLINK(1)", "", "", "", "", "", "", ""],
    ]
    assert report.written == 2
    assert {k: n for k, n in report.left_out.items() if n} == {
        DO_NOT_CONTACT: 1, WITHDRAWN: 1, NO_BASIS: 1, FREE_NAME: 2}  # a deleted contact stays on as a free name
    said = "\n".join(report.lines())
    assert "1 Kontakt ausgelassen: Einwilligung widerrufen." in said
    assert "2 Teilnehmende ausgelassen: freie Namen ohne Kontakt im Register" in said
    for name in ("Zurück", "Gezogen", "Nein", "Abena", "Grundlage"):  # counts only, no names
        assert name not in said


def test_a_file_not_ending_in_csv_is_refused_and_nothing_written(db, tmp_path):
    visit = service_for(db, "activities").create(Activity(title="X", date=date(2027, 3, 2)))
    with pytest.raises(UserError, match=r"\.csv"):
        export_mail_merge(db, visit.id, tmp_path / "serienbrief.xlsx")
    assert not [p for p in tmp_path.iterdir() if "serienbrief" in p.name]
