"""The contacts due for review, decided in the database: the same contacts and days as the rule
(``domain.retention.review_due_on``) applied one by one, and "Anstehend" summing up the contacts
without a legal basis in one line (older data holds thousands of them)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from partnerdesk.domain.due import DueSource
from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.records import Activity, Attendee, Contact
from partnerdesk.domain.retention import ContactFacts, RetentionRule, default_rules, review_due_on
from partnerdesk.persistence.tables import ContactRow
from partnerdesk.persistence.tables_retention import ContactReviewRow
from partnerdesk.services import due, retention, service_for

TODAY = date(2026, 12, 7)
#: On SQLite and on a PostgreSQL server: the rules are SQL now, and must mean the same on both.
pytestmark = pytest.mark.postgresql


def _contact(db, last_name: str, basis: LegalBasis | None = None, entered: date = date(2020, 1, 1), **fields) -> str:
    contact = service_for(db, "contacts").create(Contact(last_name=last_name, legal_basis=basis, **fields))
    with db.write() as session:
        session.execute(update(ContactRow).where(ContactRow.id == contact.id)
                        .values(created_at=datetime(entered.year, entered.month, entered.day, 12, tzinfo=UTC)))
    return contact.id


def _review_items(db, today: date = TODAY):
    return [i for i in due.due_list(db, today) if i.source is DueSource.CONTACT_REVIEW]


def test_anstehend_sums_up_the_contacts_without_a_legal_basis_in_one_line(db):
    for n, day in enumerate((date(2019, 5, 2), date(2018, 3, 1), date(2021, 7, 9))):
        _contact(db, f"Alt{n}", entered=day)
    interest = _contact(db, "Interesse", LegalBasis.LEGITIMATE_INTEREST, entered=date(2020, 1, 1))
    items = _review_items(db)
    assert [(i.record_kind, i.record_id, i.due_on) for i in items] == [
        ("contact_reviews", "", date(2018, 3, 1)),  # since the first of them
        ("contacts", interest, date(2022, 1, 1)),
    ]
    assert items[0].text == "3 Kontakte ohne Rechtsgrundlage"
    assert items[0].record_title == "Datenschutz → Fällige Prüfungen"
    assert items[0].source.label == "Kontakt zur Prüfung fällig (Datenschutz)"
    # Fällige Prüfungen still lists every one of them, one by one.
    assert len(retention.reviews_due(db, TODAY)) == 4


def test_one_contact_without_a_basis_reads_in_the_singular_and_none_leaves_no_line(db):
    assert _review_items(db) == []
    _contact(db, "Allein", entered=date(2024, 2, 29))
    [item] = _review_items(db)
    assert (item.text, item.due_on) == ("1 Kontakt ohne Rechtsgrundlage", date(2024, 2, 29))
    assert _review_items(db, date(2024, 1, 1)) == []  # entered after that day: not yet


def test_a_kept_contact_without_a_basis_leaves_the_line_until_a_year_later(db):
    kept = _contact(db, "Behalten", entered=date(2019, 1, 1))
    _contact(db, "Neu", entered=date(2026, 11, 30))
    retention.keep(db, kept, "Partner im laufenden Projekt", today=date(2026, 6, 1))
    [item] = _review_items(db)
    assert (item.text, item.due_on) == ("1 Kontakt ohne Rechtsgrundlage", date(2026, 11, 30))
    [item] = _review_items(db, date(2027, 6, 1))
    assert (item.text, item.due_on) == ("2 Kontakte ohne Rechtsgrundlage", date(2026, 11, 30))
    retention.keep(db, kept, "noch immer", today=date(2026, 6, 2))
    with db.write() as session:  # the newer one: only "kept" remains, due a year after it
        session.execute(update(ContactRow).where(ContactRow.last_name == "Neu").values(legal_basis="contract"))
    [item] = _review_items(db, date(2027, 6, 5))
    assert (item.text, item.due_on) == ("1 Kontakt ohne Rechtsgrundlage", date(2027, 6, 2))


def _oracle(db, today: date, rule_of) -> list[tuple[str, date]]:
    """The rule applied to every contact one by one, in Python (what ``reviews_due`` did before)."""
    from partnerdesk.persistence.tables import ActivityAttendeeRow, ActivityContactRow, ActivityRow

    with db.read() as session:
        contacts = session.execute(select(ContactRow.id, ContactRow.legal_basis, ContactRow.created_at,
                                          ContactRow.consent_withdrawn_on)).all()
        days: dict[str, list[date]] = {}
        for link in (ActivityContactRow, ActivityAttendeeRow):
            for cid, day in session.execute(select(link.contact_id, ActivityRow.date).join(ActivityRow, ActivityRow.id == link.activity_id)):
                days.setdefault(cid, []).append(day)
        kept: dict[str, list[date]] = {}
        for cid, day in session.execute(select(ContactReviewRow.contact_id, ContactReviewRow.decided_on)):
            kept.setdefault(cid, []).append(day)
    found = []
    for cid, code, created, withdrawn in contacts:
        basis = LegalBasis(code) if code in {b.value for b in LegalBasis} else None
        facts = ContactFacts(basis=basis, entered_on=created.astimezone().date(),
                             last_activity=max(days[cid]) if cid in days else None, consent_withdrawn_on=withdrawn,
                             last_kept_on=max(kept[cid]) if cid in kept else None)
        day = review_due_on(facts, rule_of)
        if day is not None and day <= today:
            found.append((cid, day))
    return sorted(found)


@pytest.mark.parametrize("years", [None, {LegalBasis.CONTRACT: 1, LegalBasis.LEGITIMATE_INTEREST: 0, LegalBasis.CONSENT: 2,
                                         LegalBasis.PUBLIC_TASK: 4, None: 3}])
def test_the_database_finds_the_same_contacts_and_days_as_the_rule_one_by_one(db, years):
    """Contacts of every basis entered, active, withdrawn and kept around 29 February and the days
    of the rules' boundaries; asked on many days, the SQL filter and the rule agree on each."""
    rng = random.Random(21)
    bases = [None, "", "unknown", *LegalBasis]
    edges = [date(2020, 2, 29), date(2021, 2, 28), date(2022, 3, 1), date(2023, 12, 31), date(2024, 2, 29), date(2024, 12, 7)]
    activities = service_for(db, "activities")
    ids = []
    for n in range(60):
        basis = bases[n % len(bases)]
        entered = rng.choice(edges) + timedelta(days=rng.choice([-1, 0, 1, 200]))
        fields = {}
        if basis is LegalBasis.CONSENT:
            fields = {"consent_given_on": date(2019, 1, 1), "consent_source": "Formular"}
            if n % 3:
                fields["consent_withdrawn_on"] = rng.choice(edges) + timedelta(days=rng.choice([-1, 0, 1]))
        cid = _contact(db, f"K{n}", basis if isinstance(basis, LegalBasis) else None, entered=entered, **fields)
        if isinstance(basis, str):
            with db.write() as session:  # no basis, or a code this version does not know
                session.execute(update(ContactRow).where(ContactRow.id == cid).values(legal_basis=basis))
        ids.append(cid)
        for k in range(n % 3):
            day = rng.choice(edges) + timedelta(days=rng.choice([-1, 0, 1]))
            if k % 2:
                activities.create(Activity(title=f"A{n}-{k}", date=day, attendees=[Attendee(contact_id=cid)]))
            else:
                activities.create(Activity(title=f"A{n}-{k}", date=day, contact_ids=[cid]))
        if n % 5 == 0:
            retention.keep(db, cid, "Grund", today=rng.choice(edges))
    rule_of = None if years is None else {b: RetentionRule(b, y) for b, y in years.items()}
    rules = rule_of or retention.rules()
    for today in [date(2021, 2, 27) + timedelta(days=n) for n in range(0, 2200, 37)] + edges:
        found = [(r.contact_id, r.due_on) for r in retention.reviews_due(db, today, 0, rule_of)]
        assert sorted(found) == _oracle(db, today, rules), today
        count, first = retention.without_basis_due(db, today, 0, rule_of)
        without = [(r.contact_id, r.due_on) for r in retention.reviews_due(db, today, 0, rule_of) if r.basis is None]
        assert (count, first) == (len(without), min((d for _c, d in without), default=None)), today
    assert default_rules()  # the defaults stay as they are (the parametrized rules are a copy)
