"""The register "Ratsbeschlüsse" in the real main window: a decision entered in its form, linked to a
partnership, listed on that partnership, found by the search, refused without a date, and undone."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services.records import DecisionService, PartnershipService
from partnerdesk.ui.editing import RecordEditorPanel
from window_helpers import shown_and_active  # tests/ is on the path

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


@pytest.fixture
def shown(qtbot, window):
    return shown_and_active(qtbot, window)


def _titles(window) -> list[str]:
    model = window.panels["decisions"].model
    column = [c.key for c in model.columns].index("title")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _choose(combo, label: str) -> None:
    combo.setCurrentIndex(combo.findText(label))


def _fill(qtbot, form, *, with_date: bool = True) -> None:
    qtbot.keyClicks(form.fields["title"].widget, "Zustimmung zur Klimapartnerschaft mit Kumasi")
    if with_date:
        form.fields["date"].widget.setValue(date(2026, 3, 12))
    qtbot.keyClicks(form.fields["number"].widget, "12345-26")
    _choose(form.fields["result"].widget, "Angenommen")
    picker = form.fields["partnership_ids"].widget
    qtbot.keyClicks(picker.input.lineEdit(), "Kumasi")
    qtbot.keyClick(picker.input.lineEdit(), Qt.Key.Key_Return)


def test_a_decision_entered_in_the_window_is_listed_on_its_partnership_found_and_undone(qtbot, shown, example_db):
    window = shown
    assert window.tabs.tabText(window.tabs.indexOf(window.panels["decisions"])) == "Ratsbeschlüsse"
    window.tabs.setCurrentWidget(window.panels["decisions"])
    window.action("new").trigger()
    panel: RecordEditorPanel = window.editor_panel
    form = panel.form
    assert form.kind == "decisions" and panel.is_new
    assert form.fields["body"].widget.currentText() == "Rat"
    _fill(qtbot, form)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    kumasi = PartnershipService(example_db).find("Kumasi")
    (saved,) = [d for d in DecisionService(example_db).list() if not d.is_example]
    assert (saved.date, saved.number, saved.result.value, saved.partnership_ids) == (
        date(2026, 3, 12), "12345-26", "approved", [kumasi.id])
    assert "Zustimmung zur Klimapartnerschaft mit Kumasi" in _titles(window)

    # On the partnership, in the relationship panel.
    window.open_record("partnerships", kumasi.id)
    assert ("Ratsbeschlüsse (1)", "decisions", "Zustimmung zur Klimapartnerschaft mit Kumasi") in window.relations.items()

    # Found by its Drucksache number in its register.
    window.tabs.setCurrentWidget(window.panels["decisions"])
    search = window.panels["decisions"].search
    qtbot.keyClicks(search, "12345")
    qtbot.waitUntil(lambda: _titles(window) == ["Zustimmung zur Klimapartnerschaft mit Kumasi"])
    search.clear()

    window.action("undo").trigger()
    assert not DecisionService(example_db).exists(saved.id)
    qtbot.waitUntil(lambda: "Zustimmung zur Klimapartnerschaft mit Kumasi" not in _titles(window))


def test_a_decision_without_a_date_is_refused_at_the_field(qtbot, shown, example_db):
    window = shown
    window.tabs.setCurrentWidget(window.panels["decisions"])
    before = [d.id for d in DecisionService(example_db).list()]
    window.action("new").trigger()
    panel: RecordEditorPanel = window.editor_panel
    _fill(qtbot, panel.form, with_date=False)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert [d.id for d in DecisionService(example_db).list()] == before
    assert panel.is_new and panel.form.dirty
    assert "Ein Ratsbeschluss braucht ein Datum" in panel.form.fields["date"].error.text()
    panel.revert()  # no question about unsaved changes when the window closes
    assert panel.form is None or not panel.form.dirty
