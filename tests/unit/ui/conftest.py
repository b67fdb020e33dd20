"""Fixtures for window tests: the real MainWindow on a real database; message boxes recorded, not shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def messages(monkeypatch):
    """Every QMessageBox.critical/warning/information/question call, recorded as (kind, title, text)."""
    shown: list[tuple[str, str, str]] = []

    def recorder(kind, answer):
        def record(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer

        return staticmethod(record)

    monkeypatch.setattr(QMessageBox, "critical", recorder("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", recorder("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.No))
    return shown


@pytest.fixture
def settings(private_data_dir):
    from partnerdesk.ui.settings import Settings

    return Settings()


@pytest.fixture
def make_window(qtbot, settings, messages):
    from partnerdesk.ui.main_window import MainWindow

    def make(db, **kwargs):
        window = MainWindow(db, settings, **kwargs)
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def window(make_window, example_db):
    return make_window(example_db)


@pytest.fixture
def noto_sans(qapp):
    """For tests that measure sizes: the bundled Noto Sans at 10 pt (a little larger than
    Windows' Segoe UI 9 pt) as the application font, never the machine's default font."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from partnerdesk.resources import resource_path

    family_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "NotoSans-Regular.ttf")))
    assert family_id >= 0, "the bundled font loads"
    family = QFontDatabase.applicationFontFamilies(family_id)[0]
    before = QApplication.font()
    QApplication.setFont(QFont(family, 10))
    yield family
    QApplication.setFont(before)
