"""Check-out and merge times are stored in UTC and shown in the user's own time zone."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.travel import labels
from partnerdesk.travel.report import MergeReport

#: 23:30 UTC on 7 December: already 8 December in Dortmund (00:30) and on Kiritimati (13:30, UTC+14),
#: still 7 December in Pago Pago (12:30, UTC-11).
STAMP = "2026-12-07T23:30:00+00:00"


@pytest.mark.parametrize(
    ("zone", "shown", "day"),
    [
        ("Europe/Berlin", "08.12.2026 00:30", "08.12.2026"),
        ("Pacific/Kiritimati", "08.12.2026 13:30", "08.12.2026"),
        ("Pacific/Pago_Pago", "07.12.2026 12:30", "07.12.2026"),
    ],
)
def test_a_stored_time_is_shown_in_the_local_time_zone(time_zone, zone, shown, day):
    time_zone(zone)
    assert labels.local_time(STAMP) == shown
    assert labels.local_time(STAMP, with_time=False) == day


def test_an_unreadable_time_is_shown_as_stored():
    assert labels.local_time("?") == "?"
    assert labels.local_time("") == ""


def test_the_merge_report_names_local_times(time_zone):
    time_zone("Europe/Berlin")
    report = MergeReport(
        checkout_id="c" * 32, checked_out_by="Anna", checked_out_at=STAMP, office_file=str(Path("office.sqlite")),
        travel_file=str(Path("trip.pdtravel")), merged_by="Ben", merged_at="2026-12-09T07:05:00+00:00",
    )
    text = report.text()
    assert "Anna am 08.12.2026 00:30" in text and "Ben am 09.12.2026 08:05" in text, text
    assert "+00:00" not in text
