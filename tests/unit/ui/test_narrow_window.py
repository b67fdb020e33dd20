"""A small or highly scaled screen: 200 % on a 1600×1000 screen leaves 800×500 logical pixels.

The window must fit, everything must stay reachable, and the form goes below the table when
the window is narrow (and back beside it when wide again, each way keeping its splitters).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from partnerdesk.services.registers import KINDS
from partnerdesk.ui.window_arrangement import NARROW_BELOW_CHARS, WIDE_FROM_CHARS


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


def test_800_by_500_fits_and_everything_is_within_reach(qtbot, make_window, example_db):
    window = shown(qtbot, make_window(example_db), 800, 500)
    char = window.fontMetrics().averageCharWidth()
    assert 800 < NARROW_BELOW_CHARS * char, "800 logical pixels count as narrow"
    assert window.size().width() == 800 and window.size().height() == 500
    assert window.narrow
    assert window.splitter.orientation() == Qt.Orientation.Vertical, "the form below the table"
    assert window.side.orientation() == Qt.Orientation.Horizontal, "form and relationships side by side"
    for kind in KINDS:
        select_first(qtbot, window, kind)
        hint = window.minimumSizeHint()
        assert hint.width() <= 800 and hint.height() <= 500, (kind, hint)
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
    assert window.minimumSizeHint().width() < NARROW_BELOW_CHARS * window.fontMetrics().averageCharWidth()
    assert window.minimumSizeHint().width() <= 800


def test_switches_with_a_gap_and_each_arrangement_keeps_its_splitters(qtbot, make_window, example_db, settings):
    window = shown(qtbot, make_window(example_db), 1000, 600)
    select_first(qtbot, window, "partnerships")
    char = window.fontMetrics().averageCharWidth()
    narrow_below, wide_from = NARROW_BELOW_CHARS * char, WIDE_FROM_CHARS * char
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
