"""A small or highly scaled screen: 200 % on a 1600×1000 screen leaves 800×500 logical pixels.

The window must fit, everything must stay reachable, and the form goes below the table when
the window is narrow (and back beside it when wide again, each way keeping its splitters).
The borders are in characters of the font in use (``char_width``): these tests run with the
bundled Noto Sans (the ui conftest), and the switch is checked with a second font as well.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QToolButton, QWidget

from partnerdesk.services.registers import KINDS
from partnerdesk.ui.window_arrangement import NARROW_BELOW_CHARS, WIDE_FROM_CHARS, char_width


def shown(qtbot, window, width: int, height: int):
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.width() == width)
    return window


def inside(window, widget: QWidget) -> bool:
    """Visible, with some width, and wholly within the window."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and widget.width() > 0 and window.rect().contains(QRect(top_left, widget.size()))


def select_first(qtbot, window, kind: str) -> None:
    panel = window.panels[kind]
    window.tabs.setCurrentWidget(panel)
    panel.ensure_loaded(wait=True)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: window.editor_panel.record_id is not None)


def borders(window) -> tuple[int, int]:
    """The narrowest width that is not narrow any more, and the narrowest that is wide again."""
    char = char_width(window.font())
    return math.ceil(NARROW_BELOW_CHARS * char), math.ceil(WIDE_FROM_CHARS * char)


def test_800_by_500_fits_and_everything_is_within_reach(qtbot, make_window, example_db):
    window = shown(qtbot, make_window(example_db), 800, 500)
    assert 800 < borders(window)[0], "with Noto Sans at 9 pt, 800 logical pixels count as narrow"
    assert window.size().width() == 800 and window.size().height() == 500
    assert window.narrow
    assert window.splitter.orientation() == Qt.Orientation.Vertical, "the form below the table"
    assert window.side.orientation() == Qt.Orientation.Horizontal, "form and relationships side by side"
    everything_within_reach(qtbot, window)


def everything_within_reach(qtbot, window) -> None:
    width, height = window.width(), window.height()
    for kind in KINDS:
        select_first(qtbot, window, kind)
        hint = window.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (kind, hint)
        panel = window.panels[kind]
        for widget in (panel.search, *panel._filters.values(), panel.count_label, panel.table):
            assert inside(window, widget), (kind, widget.objectName())
        editor = window.editor_panel
        for widget in (editor.title, editor.save_button, editor.revert_button, window.relations):
            assert inside(window, widget), (kind, widget)
        assert editor.stack.currentWidget().height() > 3 * editor.fontMetrics().height(), "the form shows a few fields"
        assert panel.table.height() > 3 * panel.table.verticalHeader().defaultSectionSize()
    # The toolbar's buttons that do not fit are behind its » button.
    bar = window.toolbar
    hidden = [a for a in bar.actions() if not a.isSeparator() and not bar.widgetForAction(a).isVisible()]
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert not hidden or (extension is not None and inside(window, extension))
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if not action.isSeparator() and widget.isVisible():
            assert inside(window, widget), action.text()


def test_side_by_side_the_window_can_still_be_made_narrow_enough_to_switch(qtbot, make_window, example_db):
    # The minimum side by side must lie below the switching width, or a user dragging the
    # window's edge would be stopped before the form goes below the table.
    window = shown(qtbot, make_window(example_db), 1000, 600)
    select_first(qtbot, window, "partnerships")
    assert not window.narrow
    assert window.minimumSizeHint().width() < borders(window)[0]
    assert window.minimumSizeHint().width() <= 800


def test_switches_with_a_gap_and_each_arrangement_keeps_its_splitters(qtbot, make_window, example_db, settings):
    window = shown(qtbot, make_window(example_db), 1000, 600)
    select_first(qtbot, window, "partnerships")
    narrow_below, wide_from = borders(window)
    assert not window.narrow and window.splitter.orientation() == Qt.Orientation.Horizontal
    window.splitter.setSizes([600, 396])
    wide_sizes = window.splitter.sizes()

    window.resize(narrow_below + 2, 600)
    qtbot.waitUntil(lambda: window.width() == narrow_below + 2)
    assert not window.narrow, "just above the border: still side by side"
    window.resize(narrow_below - 1, 600)
    qtbot.waitUntil(lambda: window.narrow)
    assert window.splitter.orientation() == Qt.Orientation.Vertical
    window.splitter.setSizes([150, 350])
    narrow_sizes = window.splitter.sizes()
    window.resize(wide_from - 1, 600)
    qtbot.waitUntil(lambda: window.width() == wide_from - 1)
    assert window.narrow, "between the two borders it stays as it is: no flicker"

    window.resize(1000, 600)
    qtbot.waitUntil(lambda: not window.narrow)
    assert window.splitter.orientation() == Qt.Orientation.Horizontal
    assert window.side.orientation() == Qt.Orientation.Vertical
    assert window.splitter.sizes() == wide_sizes, "side by side as the user left it"
    window.resize(narrow_below - 1, 600)
    qtbot.waitUntil(lambda: window.narrow)
    assert window.splitter.sizes() == narrow_sizes, "and narrow as the user left that"

    window.close()
    assert settings.state_bytes("window/main_splitter") is not None
    assert settings.state_bytes("window/main_splitter_narrow") is not None
    assert settings.state_bytes("window/side_splitter_narrow") is not None

    # The next start at either width takes up what the user left.
    again = shown(qtbot, make_window(example_db), narrow_below - 1, 600)
    assert again.narrow and again.splitter.orientation() == Qt.Orientation.Vertical
    assert again.side.orientation() == Qt.Orientation.Horizontal, "restoring a state does not turn it round"
    assert again.splitter.sizes() == narrow_sizes
    again.resize(1000, 600)
    qtbot.waitUntil(lambda: not again.narrow)
    assert again.splitter.sizes() == wide_sizes


@pytest.mark.parametrize(("family", "point_size"), [("Noto Sans", 9), ("DejaVu Sans", 9), ("DejaVu Sans", 10)])
def test_with_any_font_the_switch_follows_what_the_text_needs(
    qtbot, make_window, example_db, app_font, family, point_size
):
    """Segoe UI in the office, DejaVu Sans on a bare Linux, a point larger for weak eyes: the
    borders follow the width the font really needs, the window can always be dragged narrow
    enough to switch, and 800×500 always fits with everything in reach."""
    font = app_font(family, point_size)
    window = shown(qtbot, make_window(example_db), 1600, 900)
    select_first(qtbot, window, "projects")
    narrow_below, wide_from = borders(window)
    assert QFontInfo(window.font()).family() == family
    assert narrow_below == math.ceil(NARROW_BELOW_CHARS * char_width(font))
    assert not window.narrow and window.minimumSizeHint().width() < narrow_below, "side by side, and can switch"
    window.resize(narrow_below, 700)
    qtbot.waitUntil(lambda: window.width() == narrow_below)
    assert not window.narrow
    window.resize(narrow_below - 1, 700)
    qtbot.waitUntil(lambda: window.narrow)
    window.resize(wide_from, 700)
    qtbot.waitUntil(lambda: not window.narrow)
    window.resize(800, 500)
    qtbot.waitUntil(lambda: window.width() == 800)
    assert window.narrow == (800 < narrow_below)
    everything_within_reach(qtbot, window)


def test_the_border_follows_the_text_width_not_the_fonts_claimed_average(app_font):
    """DejaVu Sans claims a smaller average character than Noto Sans (6 against 7 px at 9 pt)
    but sets ordinary text wider: it must switch to narrow sooner, not later."""
    noto, dejavu = app_font("Noto Sans", 9), app_font("DejaVu Sans", 9)
    from PySide6.QtGui import QFontMetrics

    assert QFontMetrics(dejavu).averageCharWidth() < QFontMetrics(noto).averageCharWidth()
    assert char_width(dejavu) > char_width(noto)
