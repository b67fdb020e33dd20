"""Running something once a window has painted itself for the first time.

``window.show()`` only asks for a paint; zero-delay timers queued after it run *before*
the window is painted (the expose comes later). Work that should not hold up the first
sight of the window is therefore started from the window's first paint event, and runs
in the event loop's next turn, after the whole window is on screen. A fallback timer
runs it anyway if no paint arrives (a window that was painted already, or is hidden).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

FALLBACK_MS = 2_000


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(window)
        self._window = window
        self._callback: Callable[[], None] | None = callback
        app = QApplication.instance()
        assert app is not None  # the window exists, so does the application
        app.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            self._callback is not None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            QTimer.singleShot(0, self, self._fire)  # after this paint pass: the whole window
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None:
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        callback()


def after_first_paint(window: QWidget, callback: Callable[[], None], *, fallback_ms: int = FALLBACK_MS) -> None:
    """Call ``callback`` (once) in the event loop's turn after ``window`` first painted itself."""
    _FirstPaint(window, callback, fallback_ms)
