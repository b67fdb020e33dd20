"""An activity's days and participants: what validation refuses, in German, at which field."""

from __future__ import annotations

from datetime import date

from partnerdesk.domain import validation
from partnerdesk.domain.records import Activity, Attendee


def messages(record):
    return [(e.field, e.message) for e in validation.problems(record)]


def test_an_end_before_the_start_is_refused_at_the_end_date():
    visit = Activity(title="Besuch", date=date(2027, 1, 17), end_date=date(2027, 1, 14))
    assert messages(visit) == [("end_date", "Das Ende (14.01.2027) liegt vor dem Beginn (17.01.2027).")]
    assert messages(Activity(title="Besuch", date=date(2027, 1, 14), end_date=date(2027, 1, 14))) == []
    assert Activity(title="x", date=date(2027, 1, 14)).last_day == date(2027, 1, 14)


def test_a_participant_needs_a_contact_or_a_name():
    visit = Activity(title="Besuch", date=date(2027, 1, 14),
                     attendees=[Attendee(name="Ama"), Attendee(role="Dolmetschen"), Attendee(contact_id="c")])
    assert messages(visit) == [
        ("attendees", "Teilnehmende Person 2: Bitte einen Kontakt wählen oder einen Namen eingeben.")]
    too_long = Activity(title="Besuch", date=date(2027, 1, 14), attendees=[Attendee(name="A" * 301)])
    assert [field for field, _m in messages(too_long)] == ["attendees"]
