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
