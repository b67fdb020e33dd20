"""The smoke test's own judgement (fast; the frozen run itself is in test_frozen_build.py)."""

from __future__ import annotations

from pathlib import Path

import smoke_test


def test_any_stderr_line_counts_except_the_offscreen_size_hint_notice() -> None:
    stderr = (
        "This plugin does not support propagateSizeHints()\n"
        "\n"
        "qt.qpa.fonts: Populating font family aliases took 120 ms\n"
        "QWidget::setLayout: Attempting to set QLayout on QMainWindow\n"
    )
    assert smoke_test.unexpected_stderr(stderr) == [
        "qt.qpa.fonts: Populating font family aliases took 120 ms",
        "QWidget::setLayout: Attempting to set QLayout on QMainWindow",
    ]


def test_environment_is_offscreen_private_and_ignores_the_callers_database(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PARTNERDESK_DB", "/somewhere/else.sqlite")
    monkeypatch.setenv("PARTNERDESK_LANG", "en")
    env = smoke_test.smoke_environment(tmp_path)
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["PARTNERDESK_DATA_DIR"] == str(tmp_path)
    assert "PARTNERDESK_DB" not in env and "PARTNERDESK_LANG" not in env


def test_a_folder_without_the_programs_fails(tmp_path: Path) -> None:
    result = smoke_test.smoke_test(tmp_path / "PartnerDesk")
    assert not result.ok
    assert "missing" in result.failures[0]
