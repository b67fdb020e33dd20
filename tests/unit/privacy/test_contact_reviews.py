"""A legal basis for new contacts; contacts due for review, kept with a reason or listed again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from partnerdesk.domain.due import DueSource
from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.errors import NotFoundError, UserError, ValidationError
from partnerdesk.domain.records import Activity, Contact
from partnerdesk.persistence.tables import ContactRow
from partnerdesk.services import due, retention, service_for

TODAY = date(2026, 12, 7)


def contacts(db):
    return service_for(db, "contacts")


def test_a_new_contact_needs_a_legal_basis_named_at_its_field(db):
    with pytest.raises(ValidationError) as caught:
        contacts(db).create(Contact(first_name="Ama", last_name="Mensah"), entered=True)
    assert [e.field for e in caught.value.errors] == ["legal_basis"]
    assert "Rechtsgrundlage" in caught.value.errors[0].message
    assert contacts(db).count() == 0


def test_consent_needs_its_date_and_source(db):
    with pytest.raises(ValidationError) as caught:
        contacts(db).create(Contact(last_name="Mensah", legal_basis=LegalBasis.CONSENT), entered=True)
    assert sorted(e.field for e in caught.value.errors) == ["consent_given_on", "consent_source"]
    assert all("Einwilligung" in e.message for e in caught.value.errors)
    saved = contacts(db).create(Contact(last_name="Mensah", legal_basis=LegalBasis.CONSENT, consent_given_on=date(2026, 3, 1),
                                        consent_source="Formular beim Besuch"), entered=True)
    assert saved.legal_basis is LegalBasis.CONSENT


def test_older_contacts_without_a_basis_still_save_and_are_listed_for_review(db):
    old = contacts(db).create(Contact(first_name="Kofi", last_name="Alt"))  # an import, an archive, older data
    _entered(db, old.id, datetime(2026, 1, 1, tzinfo=UTC))  # before TODAY whatever the clock says (after 23:00 UTC
    # the real "now" is already 8 December in Berlin, and a contact entered then is not due on the 7th)
    changed = contacts(db).update(Contact(**{**old.__dict__, "function": "Bürgermeister"}))
    assert changed.function == "Bürgermeister"
    assert retention.contacts_without_basis(db) == [(old.id, "Kofi Alt")]
    due_now = retention.reviews_due(db, TODAY)
    assert [(r.contact_id, r.basis) for r in due_now] == [(old.id, None)]
    assert due_now[0].why() == "keine Rechtsgrundlage erfasst"


def _entered(db, contact_id: str, when: datetime) -> None:
    with db.write() as session:
        session.execute(update(ContactRow).where(ContactRow.id == contact_id).values(created_at=when))


def test_legitimate_interest_is_due_two_years_after_the_last_activity(db):
    c = contacts(db).create(Contact(last_name="Interesse", legal_basis=LegalBasis.LEGITIMATE_INTEREST))
    _entered(db, c.id, datetime(2020, 1, 1, tzinfo=UTC))
    service_for(db, "activities").create(Activity(title="Besuch", date=date(2024, 12, 8), contact_ids=[c.id]))
    assert retention.reviews_due(db, date(2026, 12, 7)) == []
    due_then = retention.reviews_due(db, date(2026, 12, 8))
    assert [r.contact_id for r in due_then] == [c.id]
    assert due_then[0].due_on == date(2026, 12, 8)
    assert due_then[0].why() == ("Berechtigtes Interesse (Art. 6 Abs. 1 lit. f DSGVO): 2 Jahre nach der letzten "
                                 "Aktivität; letzte Aktivität: 08.12.2024")


def test_an_activity_as_participant_counts_too(db):
    from partnerdesk.domain.records import Attendee

    c = contacts(db).create(Contact(last_name="Gast", legal_basis=LegalBasis.LEGITIMATE_INTEREST))
    _entered(db, c.id, datetime(2020, 1, 1, tzinfo=UTC))
    service_for(db, "activities").create(Activity(title="Delegation", date=date(2026, 1, 5),
                                                  attendees=[Attendee(contact_id=c.id)]))
    assert retention.reviews_due(db, TODAY) == []


def test_keeping_records_who_when_why_and_hides_until_the_next_period(db):
    c = contacts(db).create(Contact(last_name="Behalten", legal_basis=LegalBasis.LEGITIMATE_INTEREST))
    _entered(db, c.id, datetime(2020, 1, 1, tzinfo=UTC))
    assert [r.contact_id for r in retention.reviews_due(db, TODAY)] == [c.id]
    review = retention.keep(db, c.id, "Laufendes Projekt bis 2027", today=TODAY, by="mmuster")
    assert (review.decided_on, review.decided_by, review.legal_basis) == (TODAY, "mmuster", LegalBasis.LEGITIMATE_INTEREST)
    assert retention.reviews_due(db, TODAY) == []
    assert retention.reviews_due(db, date(2028, 12, 6)) == []
    again = retention.reviews_due(db, date(2028, 12, 7))
    assert [(r.contact_id, r.last_kept_by, r.last_reason) for r in again] == [(c.id, "mmuster", "Laufendes Projekt bis 2027")]
    assert [r.reason for r in retention.reviews_of(db, c.id)] == ["Laufendes Projekt bis 2027"]


def test_keeping_needs_a_reason_and_an_existing_contact(db, content_of, db_path):
    c = contacts(db).create(Contact(last_name="Ohne"))
    before = content_of(db_path)
    with pytest.raises(UserError, match="Begründung"):
        retention.keep(db, c.id, "   ")
    with pytest.raises(UserError, match="Begründung ist länger"):
        retention.keep(db, c.id, "x" * 2001)
    with pytest.raises(NotFoundError, match="gibt es nicht mehr"):
        retention.keep(db, "no-such-id", "Grund")
    assert content_of(db_path) == before


def test_erasing_the_contact_removes_its_reviews(db):
    c = contacts(db).create(Contact(last_name="Weg"))
    retention.keep(db, c.id, "Grund", today=TODAY)
    contacts(db).delete(c.id)
    assert retention.reviews_of(db, c.id) == []


def test_the_due_list_shows_contacts_due_for_review(example_db):
    items = [i for i in due.due_list(example_db, TODAY) if i.source is DueSource.CONTACT_REVIEW]
    # The example contact whose consent was withdrawn on 30 September 2025.
    assert [(i.record_kind, i.record_title, i.due_on) for i in items] == [("contacts", "يوسف مثال", date(2025, 9, 30))]
    assert "Einwilligung widerrufen" in items[0].text


def test_retention_rules_come_from_the_settings(tmp_path):
    from partnerdesk.paths import settings_file

    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text("[options]\nretention_years_legitimate_interest=4\nretention_years_contract=-3\n", encoding="utf-8")
    rules = retention.rules()
    assert rules[LegalBasis.LEGITIMATE_INTEREST].years == 4
    assert rules[LegalBasis.CONTRACT].years == 0  # below the smallest: the smallest
    assert rules[LegalBasis.PUBLIC_TASK].years == 5
