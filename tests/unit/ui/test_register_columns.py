"""The title/name column takes the table's spare width (not the last column); the user's widths stay."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from partnerdesk.services.registers import KINDS


def shown(qtbot, window, width=1280, height=720):
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.width() == width)
    return window


def visible_sections(header):
    return [i for i in range(header.count()) if not header.isSectionHidden(i)]


def open_register(qtbot, window, kind):
    panel = window.panels[kind]
    window.tabs.setCurrentWidget(panel)
    panel.ensure_loaded(wait=True)
    qtbot.waitUntil(lambda: panel.table.viewport().width() > 0)
    return panel


@pytest.mark.parametrize("kind", KINDS)
def test_the_naming_column_takes_the_spare_width(qtbot, window, kind):
    shown(qtbot, window)
    panel = open_register(qtbot, window, kind)
    header = panel.table.horizontalHeader()
    naming = panel.name_fill.section
    assert panel.model.columns[naming].key in ("title", "name")
    char = panel.table.fontMetrics().averageCharWidth()
    last = visible_sections(header)[-1]
    assert last != naming
    # The last column keeps its default width instead of stretching over the rest.
    assert header.sectionSize(last) < 18 * char + 16 + 1, (kind, header.sectionSize(last))
    used = sum(header.sectionSize(i) for i in visible_sections(header))
    assert used == max(panel.table.viewport().width(), used), "no gap at the right"
    assert header.sectionSize(naming) >= 40 * char + 16


def test_titles_are_not_cut_off_when_there_is_room(qtbot, window):
    shown(qtbot, window, 1600, 900)
    panel = open_register(qtbot, window, "projects")
    window.splitter.setSizes([1500, 100])  # the form pushed aside: the table has the room
    qtbot.waitUntil(lambda: panel.table.viewport().width() > 1200)
    header = panel.table.horizontalHeader()
    metrics = panel.table.fontMetrics()
    titles = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert titles
    widest = max(metrics.horizontalAdvance(t) for t in titles)
    assert header.sectionSize(0) > widest + 2 * metrics.averageCharWidth(), (header.sectionSize(0), widest)


def test_the_users_widths_are_remembered(qtbot, make_window, example_db):
    window = shown(qtbot, make_window(example_db), 1600, 900)
    panel = open_register(qtbot, window, "projects")
    window.splitter.setSizes([1500, 100])
    qtbot.waitUntil(lambda: panel.table.viewport().width() > 1200)
    header = panel.table.horizontalHeader()
    status = [c.key for c in panel.model.columns].index("status")
    header.resizeSection(status, 300)  # as the user's drag does
    assert header.sectionSize(0) == panel.name_fill.spare() > 300, "the title column gives way"
    header.resizeSection(0, 250)  # the user narrows the title column: it still fills the rest
    assert header.sectionSize(0) == panel.name_fill.spare()
    window._save_layout()
    window.close()

    again = make_window(example_db)
    shown(qtbot, again, 900, 600)
    panel = open_register(qtbot, again, "projects")
    header = panel.table.horizontalHeader()
    assert header.sectionSize(status) == 300
    assert panel.name_fill.own_width == 250, "its own width, not the width it had filled"
    assert header.sectionSize(0) == max(250, panel.name_fill.spare())


def test_a_hidden_naming_column_leaves_no_gap(qtbot, window):
    shown(qtbot, window)
    panel = open_register(qtbot, window, "organisations")
    panel.set_column_visible("name", False)
    header = panel.table.horizontalHeader()
    assert header.stretchLastSection()
    panel.set_column_visible("name", True)
    assert not header.stretchLastSection()
    assert header.sectionSize(0) == max(panel.name_fill.own_width, panel.name_fill.spare()) > 0


def test_saved_state_is_a_header_state(qtbot, window):
    shown(qtbot, window)
    panel = open_register(qtbot, window, "projects")
    assert panel.table.horizontalHeader().restoreState(QByteArray(panel.save_state()))


@pytest.mark.parametrize("kind", KINDS)
def test_search_and_filters_stay_readable_on_a_200_percent_laptop(qtbot, noto_sans, window, kind):
    """2560×1440 at 200 % (or 1920×1080 at 150 %): 1280×720 logical pixels for the window."""
    shown(qtbot, window)
    panel = open_register(qtbot, window, kind)
    metrics = panel.search.fontMetrics()
    assert panel.search.width() >= metrics.horizontalAdvance(panel.search.placeholderText()), "placeholder whole"
    for combo in panel._filters.values():
        text = combo.currentText()  # "Status: alle"
        assert combo.width() >= combo.fontMetrics().horizontalAdvance(text) + combo.fontMetrics().height(), (kind, text)
