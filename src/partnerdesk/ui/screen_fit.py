"""Dialogs that fit the screen they open on, whatever its size and scale.

A size in pixels or in font units that is right at 100 % on a large screen is too large for a
1366×768 laptop, for 1920×1080 at 150 % or 2560×1440 at 200 % (both 1280×720 logical pixels,
less the task bar): the dialog then reaches past the screen and its buttons cannot be reached.
``fit_dialog`` asks for the preferred size, but never more than the screen's free area (less a
margin for the window frame and title bar), and never less than what the layout needs.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

#: Room for the window frame and the title bar that the window system adds around a dialog.
FRAME = QSize(16, 40)


def available_area(widget: QWidget | None = None) -> QRect:
    """The free area (without task bar) of the screen ``widget`` (or its parent) is on."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def room(widget: QWidget | None = None) -> QSize:
    """The largest size a dialog on ``widget``'s screen may have, its frame not counted."""
    area = available_area(widget)
    return QSize(max(1, area.width() - FRAME.width()), max(1, area.height() - FRAME.height()))


def fit_dialog(dialog: QWidget, width: int, height: int) -> QSize:
    """Resize ``dialog`` to ``width`` × ``height``, shrunk to the screen's free area; returns the size.

    The dialog's maximum size is left alone (the user may still enlarge it), but it opens no
    larger than the screen, and a layout's minimum larger than the screen is a bug the tests catch.
    """
    space = room(dialog)
    minimum = dialog.minimumSizeHint()
    size = QSize(
        max(min(width, space.width()), min(minimum.width(), space.width())),
        max(min(height, space.height()), min(minimum.height(), space.height())),
    )
    dialog.resize(size)
    return size


def fit_to_content(dialog: QWidget) -> QSize:
    """A dialog without a preferred size: its own size hint, shrunk to the screen's free area."""
    dialog.adjustSize()
    hint = dialog.sizeHint()
    return fit_dialog(dialog, hint.width(), hint.height())


def fit_message(box: QMessageBox, text: str, short: str) -> None:
    """Put ``text`` in ``box`` as its informative text, or, when it would make the box taller
    than the screen (a message box cannot scroll: its buttons ended up below the screen),
    ``short`` there and ``text`` in the box's scrollable details ("Details anzeigen…")."""
    space = room(box)
    # A message box wraps its text at about half the screen's width, at most 500 pixels
    # (Qt's own limits), less the icon beside it.
    width = max(200, min(space.width() // 2, 500) - 40)
    metrics = QFontMetrics(box.font())
    needed = metrics.boundingRect(QRect(0, 0, width, 1_000_000), Qt.TextFlag.TextWordWrap, text).height()
    if needed <= space.height() - 8 * metrics.height():  # heading, buttons, margins
        box.setInformativeText(text)
    else:
        box.setInformativeText(short)
        box.setDetailedText(text)
