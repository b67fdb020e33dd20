"""The hidden switch the smoke test and the start-up benchmark use to open and close the window."""

from __future__ import annotations

import pytest

from partnerdesk.ui import smoke_hook


@pytest.fixture
def window(qtbot):
    from PySide6.QtWidgets import QMainWindow

    win = QMainWindow()
    qtbot.addWidget(win)
    win.show()
    return win


def test_switch_reports_the_window_and_closes_it(qtbot, window, monkeypatch, capsys) -> None:
    from PySide6.QtWidgets import QApplication

    monkeypatch.setenv(smoke_hook.ENV_VAR, "10")
    monkeypatch.delenv(smoke_hook.SKIP_PDF_VAR, raising=False)
    smoke_hook.install(QApplication.instance(), window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    line = capsys.readouterr().out.strip()
    assert line.startswith(smoke_hook.MARKER)
    assert "qtpdf=ok" in line
    assert "qtcharts=ok" in line
    assert "resources=" in line


def test_memory_benchmarks_can_leave_out_the_qtpdf_check(qtbot, window, monkeypatch, capsys) -> None:
    from PySide6.QtWidgets import QApplication

    monkeypatch.setenv(smoke_hook.ENV_VAR, "10")
    monkeypatch.setenv(smoke_hook.SKIP_PDF_VAR, "1")
    smoke_hook.install(QApplication.instance(), window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    line = capsys.readouterr().out.strip()
    assert line.startswith(smoke_hook.MARKER)
    assert "qtpdf=not-checked" in line


def test_without_the_switch_nothing_happens(qtbot, window, monkeypatch, capsys) -> None:
    from PySide6.QtWidgets import QApplication

    monkeypatch.delenv(smoke_hook.ENV_VAR, raising=False)
    smoke_hook.install(QApplication.instance(), window)
    qtbot.wait(50)
    assert window.isVisible()
    assert capsys.readouterr().out == ""
