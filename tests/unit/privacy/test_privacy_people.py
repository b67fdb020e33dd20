"""``find_people``: which contacts a data-protection request names (id, e-mail, name), and the
German refusals for a person nobody knows and for a name that fits several contacts."""

from __future__ import annotations

import pytest

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact, Organisation
from partnerdesk.services import service_for
from partnerdesk.services.privacy_people import (
    AmbiguousPersonError,
    UnknownPersonError,
    find_people,
    find_person,
)


@pytest.fixture
def people(db):
    orgs = service_for(db, "organisations")
    kumasi = orgs.create(Organisation(name="Stadt Kumasi", kind=OrganisationKind.MUNICIPALITY, country="GH"))
    amt = orgs.create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT, country="DE"))
    contacts = service_for(db, "contacts")
    ama = contacts.create(Contact(name="Dr. Ama Mensah", email="ama.mensah@kumasi.example", organisation_id=kumasi.id, function="Bürgermeisterin"))
    kofi = contacts.create(Contact(name="Kofi Mensah", email="kofi@kumasi.example", organisation_id=kumasi.id))
    jan = contacts.create(Contact(name="Jan Müller", email="jan.mueller@stadt.example", organisation_id=amt.id, function="Sachbearbeiter"))
    jan2 = contacts.create(Contact(name="Jan Müller", email="j.mueller@partner.example"))
    twin = contacts.create(Contact(name="A. Mensah", email="AMA.MENSAH@kumasi.example"))
    return {"ama": ama, "kofi": kofi, "jan": jan, "jan2": jan2, "twin": twin}


def _ids(found):
    return sorted(c.id for c in found)


@pytest.mark.postgresql
def test_by_id_by_email_and_by_name(db, people):
    assert _ids(find_people(db, people["kofi"].id)) == [people["kofi"].id]
    assert _ids(find_people(db, "  kofi@KUMASI.example ")) == [people["kofi"].id]
    # One person, two records: an e-mail finds both (an Auskunft must cover both).
    assert _ids(find_people(db, "ama.mensah@kumasi.example")) == sorted([people["ama"].id, people["twin"].id])
    assert _ids(find_people(db, "Ama Mensah")) == [people["ama"].id]
    assert _ids(find_people(db, "mensah, ama")) == [people["ama"].id]
    assert _ids(find_people(db, "Kofi")) == [people["kofi"].id]
    assert find_person(db, "Jan Mueller@stadt.example".replace("Jan Mueller", "jan.mueller")).id == people["jan"].id


def test_a_name_written_out_finds_umlauts(db, people):
    with pytest.raises(AmbiguousPersonError):
        find_people(db, "Jan Mueller")


@pytest.mark.postgresql
def test_an_ambiguous_name_lists_the_candidates_with_what_tells_them_apart(db, people):
    with pytest.raises(AmbiguousPersonError) as caught:
        find_people(db, "Jan Müller")
    message = str(caught.value)
    assert "2 Kontakte" in message and "E-Mail" in message
    assert "Umweltamt" in message and "Sachbearbeiter" in message and people["jan"].id in message
    assert "j.mueller@partner.example" in message and people["jan2"].id in message
    assert {c.contact.id for c in caught.value.people} == {people["jan"].id, people["jan2"].id}
    assert len(caught.value.candidates) == 2
    # A part of a name that fits several: listed too.
    with pytest.raises(AmbiguousPersonError) as caught:
        find_people(db, "Mensah")
    assert {c.contact.id for c in caught.value.people} == {people["ama"].id, people["kofi"].id, people["twin"].id}


def test_find_person_refuses_an_email_two_contacts_share(db, people):
    with pytest.raises(AmbiguousPersonError) as caught:
        find_person(db, "ama.mensah@kumasi.example")
    assert "Stadt Kumasi" in str(caught.value)


@pytest.mark.parametrize("text", ["", "   ", "Niemand Unbekannt", "x" * 5000, "nobody@nowhere.example", "%", "_", "'; DROP TABLE contacts; --"])
def test_an_unknown_person_is_a_german_user_error(db, people, text):
    with pytest.raises(UnknownPersonError) as caught:
        find_people(db, text)
    assert isinstance(caught.value, UserError)
    message = str(caught.value)
    assert ("Kein Kontakt" in message or "Bitte" in message) and len(message) < 300


def test_a_hidden_email_is_said_so(db, people):
    db.hide_personal_data()
    with pytest.raises(UnknownPersonError, match="personenbezogene Daten"):
        find_people(db, "kofi@kumasi.example")
