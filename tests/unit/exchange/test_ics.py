"""The calendar export parses with the icalendar library and has stable UIDs."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from partnerdesk.domain.records import Activity, FollowUp
from partnerdesk.exchange.ics import export_ics
from partnerdesk.services import service_for

# Both run on a PostgreSQL server too.
pytestmark = pytest.mark.postgresql


def test_activities_and_open_follow_ups_become_events(db, tmp_path):
    activities = service_for(db, "activities")
    open_item = FollowUp(text="Bericht schreiben", due_date=date(2026, 12, 1))
    activity = activities.create(Activity(
        title="Delegationsreise nach Kumasi", date=date(2026, 11, 3), place="Kumasi, Ghana",
        notes="Mit Übersetzung; Komma, Semikolon", follow_ups=[open_item, FollowUp(text="erledigt", due_date=date(2026, 1, 1), done=True)],
    ))
    out = tmp_path / "termine.ics"
    assert export_ics(db, out) == 2
    data = out.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(data.decode("utf-8"))
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    trip = events[f"activity-{activity.id}@partnerdesk"]
    assert str(trip["summary"]) == "Delegationsreise nach Kumasi"
    assert trip.decoded("dtstart") == date(2026, 11, 3)
    assert str(trip["location"]) == "Kumasi, Ghana"
    assert "Komma, Semikolon" in str(trip["description"])
    due = events[f"follow-up-{open_item.id}@partnerdesk"]
    assert due.decoded("dtstart") == date(2026, 12, 1)
    assert str(due["summary"]) == "Wiedervorlage: Bericht schreiben"
    # Exporting again gives the same UIDs, so a calendar updates instead of doubling.
    export_ics(db, tmp_path / "again.ics")
    again = Calendar.from_ical((tmp_path / "again.ics").read_bytes())
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events)


def test_example_data_calendar_parses(example_db, tmp_path):
    out = tmp_path / "beispiel.ics"
    count = export_ics(example_db, out)
    assert len(Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == count > 0


def test_a_visit_of_four_days_is_one_event_over_the_four_days(db, tmp_path):
    """14.-17.01.: one all-day event, DTSTART 14.01., DTEND 18.01. (exclusive, RFC 5545), which a
    calendar program shows over four days; its description names kind, direction and how many came."""
    from partnerdesk.domain.enums import ActivityDirection, ActivityKind
    from partnerdesk.domain.records import Attendee

    visit = service_for(db, "activities").create(Activity(
        title="Delegation aus Kumasi", kind=ActivityKind.INCOMING_DELEGATION, direction=ActivityDirection.INCOMING,
        date=date(2027, 1, 14), end_date=date(2027, 1, 17), place="Dortmund, Rathaus",
        attendees=[Attendee(name="Ama Mensah"), Attendee(name="Kofi Boateng"), Attendee(name="Yaw Owusu")],
    ))
    out = tmp_path / "besuch.ics"
    assert export_ics(db, out) == 1
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["uid"]) == f"activity-{visit.id}@partnerdesk"
    assert event.decoded("dtstart") == date(2027, 1, 14)
    assert event.decoded("dtend") == date(2027, 1, 18)
    assert event.decoded("dtend") - event.decoded("dtstart") == date(2027, 1, 18) - date(2027, 1, 14)
    assert "VALUE=DATE" in out.read_text(encoding="utf-8")  # all-day: dates, never times
    description = str(event["description"])
    assert "Besuch einer Delegation" in description and "3 Teilnehmende" in description


def test_a_one_day_activity_still_ends_the_next_day(db, tmp_path):
    service_for(db, "activities").create(Activity(title="Ratssitzung", date=date(2027, 3, 2)))
    out = tmp_path / "tag.ics"
    export_ics(db, out)
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (date(2027, 3, 2), date(2027, 3, 3))
