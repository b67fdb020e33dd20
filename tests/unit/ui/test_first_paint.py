"""``after_first_paint``: work that must not hold up the first sight of the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from partnerdesk.ui.first_paint import after_first_paint


class _Paints(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__()
        self.window, self.count = window, 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and getattr(watched, "window", lambda: None)() is self.window:
            self.count += 1
        return False


def test_runs_once_after_the_window_painted_itself(qtbot):
    window = QMainWindow()
    window.setCentralWidget(QLabel("Projekte"))
    qtbot.addWidget(window)
    paints = _Paints(window)
    QApplication.instance().installEventFilter(paints)
    seen: list[int] = []
    window.show()
    after_first_paint(window, lambda: seen.append(paints.count))
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        window.update()
        qtbot.wait(100)
    finally:
        QApplication.instance().removeEventFilter(paints)
    assert len(seen) == 1 and seen[0] >= 1  # once, and only after a paint


def test_runs_after_the_fallback_when_nothing_paints(qtbot):
    window = QMainWindow()  # never shown
    qtbot.addWidget(window)
    seen: list[bool] = []
    after_first_paint(window, lambda: seen.append(True), fallback_ms=50)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [True]
