"""Merge reports give times as people read them: local time, German format, not UTC ISO strings."""

from __future__ import annotations

import pytest

from partnerdesk import i18n
from partnerdesk.travel import labels
from partnerdesk.travel.report import MergeReport


@pytest.fixture
def berlin(time_zone):
    """Berlin as a POSIX rule (tests/conftest.py): no time-zone database needed on the machine."""
    time_zone("Europe/Berlin")


def test_a_moment_in_utc_reads_as_local_german_time(berlin):
    i18n.set_language("de")
    assert labels.local_time("2026-11-28T16:30:00+00:00") == "28.11.2026, 17:30 Uhr"
    assert labels.local_time("2026-07-01T08:05:00+00:00") == "01.07.2026, 10:05 Uhr", "summer time"
    assert labels.local_time("?") == "?"


def test_the_report_text_has_no_iso_times(berlin):
    i18n.set_language("de")
    report = MergeReport("c1", "Anna", "2026-11-20T08:00:00+00:00", "/büro/partnerdesk.sqlite",
                         "/usb/partnerdesk-reise.pdtravel", "Ben", "2026-11-28T16:30:00+00:00")
    text = report.text()
    assert "Erstellt von Anna am 20.11.2026, 09:00 Uhr; zusammengeführt von Ben am 28.11.2026, 17:30 Uhr." in text
    assert "+00:00" not in text and "T08:00" not in text
