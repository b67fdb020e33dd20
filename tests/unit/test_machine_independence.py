"""The conventions that keep the suite's results independent of the machine (README, developers):
one local time zone for every test, other zones through ``time_zone``, and Qt's locale as the
program sets it. None of them needs the machine's time-zone database or locales."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

import pytest
from PySide6.QtCore import QDate, QLocale

#: 23:30 UTC on 7 December 2026.
LATE = datetime.fromisoformat("2026-12-07T23:30:00+00:00")


def test_every_test_runs_in_the_offices_time_zone_unless_told_otherwise():
    if os.environ.get("PARTNERDESK_TEST_TZ"):
        pytest.skip("the whole run was asked for another zone (PARTNERDESK_TEST_TZ)")
    assert LATE.astimezone().strftime("%d.%m.%Y %H:%M %z") == "08.12.2026 00:30 +0100"
    summer = datetime.fromisoformat("2026-07-01T08:05:00+00:00").astimezone()
    assert summer.strftime("%H:%M %z") == "10:05 +0200", "summer time, without a tz database"
    child = subprocess.run(
        [sys.executable, "-c", "import time; print(time.strftime('%z', time.localtime(1796081400)))"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    assert child.stdout.strip() == "+0100", "programs the tests start see the same zone"


def test_a_test_can_take_another_zone_for_itself(time_zone):
    time_zone("Pacific/Kiritimati")
    assert LATE.astimezone().strftime("%d.%m.%Y %H:%M") == "08.12.2026 13:30"
    time_zone("Pacific/Pago_Pago")
    assert LATE.astimezone().strftime("%d.%m.%Y %H:%M") == "07.12.2026 12:30"


def test_the_zone_is_the_suites_again_after_such_a_test():
    if os.environ.get("PARTNERDESK_TEST_TZ"):
        pytest.skip("the whole run was asked for another zone (PARTNERDESK_TEST_TZ)")
    assert LATE.astimezone().strftime("%H:%M") == "00:30"


def test_qt_formats_as_the_program_sets_it_whatever_lang_says():
    assert QLocale().language() == QLocale.Language.German
    assert QLocale().toString(1234.5, "f", 2) == "1.234,50"
    assert QLocale().toString(QDate(2026, 12, 7), QLocale.FormatType.ShortFormat) == "07.12.26"
