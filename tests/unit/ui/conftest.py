"""Fixtures for window tests: the real MainWindow on a real database; message boxes recorded, not shown.

Every window test runs with a known interface font (the bundled Noto Sans, 9 pt), never the
machine's default: sizes, elided texts and the narrow/wide switch depend on it, and a machine
without Noto (DejaVu Sans on a bare Debian, Segoe UI in the office) would measure differently.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from partnerdesk.resources import resource_path

TEST_FONTS = Path(__file__).resolve().parents[2] / "data" / "fonts"
# The interface fonts tests can choose: file -> family. DejaVu Sans (tests/data/fonts) has other
# metrics than Noto Sans: wider ordinary text, yet a smaller "average character width".
FONT_FILES = {
    "Noto Sans": resource_path("fonts", "NotoSans-Regular.ttf"),
    "DejaVu Sans": TEST_FONTS / "DejaVuSans.ttf",
}


def load_font(family: str, point_size: float = 9) -> QFont:
    """``family`` from its file (not from the machine's fonts), at ``point_size``."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILES[family]))
    assert font_id >= 0 and family in QFontDatabase.applicationFontFamilies(font_id), FONT_FILES[family]
    font = QFont(family)
    font.setPointSizeF(point_size)
    return font


@pytest.fixture
def app_font(qapp: QApplication):
    """``app_font(family, size)`` makes that the application's font for this test (then restored)."""
    before = QApplication.font()

    def use(family: str, point_size: float = 9) -> QFont:
        font = load_font(family, point_size)
        QApplication.setFont(font)
        assert QFontInfo(QApplication.font()).family() == family, "the font really in use"
        return font

    yield use
    QApplication.setFont(before)


@pytest.fixture(autouse=True)
def known_font(app_font) -> QFont:
    return app_font("Noto Sans", 9)


def release_modifiers() -> None:
    """Let go of a modifier key a simulated key press left held down.

    ``qtbot.keyClick(w, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)`` (QTest) releases the
    keys with the modifier still in the event, and Qt keeps that as the keys held down
    (``QApplication.keyboardModifiers()``): a later test's ``table.selectRow(0)`` then toggles the
    row as with Ctrl held - the current row is deselected and the form stays empty
    (test_narrow_window after test_read_only_window's Ctrl+S). A release with no modifier resets it."""
    if QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    target = QWidget()
    QTest.keyRelease(target, Qt.Key.Key_Control, Qt.KeyboardModifier.NoModifier)
    target.deleteLater()
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


@pytest.fixture(autouse=True)
def no_key_held_down(qapp: QApplication):
    """Every window test starts, and ends, with no modifier key held down (``release_modifiers``)."""
    release_modifiers()
    yield
    release_modifiers()


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


@pytest.fixture
def gui_thread_calls(monkeypatch):
    """``watch(db)``: from then on, a list of the reads and writes of ``db`` that start on the GUI
    thread (on a server each costs round trips there: the window would stop painting)."""
    import threading

    def watch(db):
        found: list[str] = []
        for name in ("read", "write", "read_one_statement"):
            original = getattr(db, name)

            def on_which_thread(*args, _original=original, _name=name, **kwargs):
                if threading.current_thread() is threading.main_thread():
                    found.append(_name)
                return _original(*args, **kwargs)

            monkeypatch.setattr(db, name, on_which_thread)
        return found

    return watch
