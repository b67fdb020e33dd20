"""Editing inside the real main window: the form beside the table, undo in the Bearbeiten menu,
Del on the table asks first. Uses the window fixtures of tests/unit/ui/conftest.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services.records import OrganisationService, PartnershipService, ProjectService
from partnerdesk.ui.editing import EditController, RecordEditorPanel
from window_helpers import shown_and_active  # tests/ is on the path

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


@pytest.fixture
def shown(qtbot, window):
    return shown_and_active(qtbot, window)


def titles(window, kind):
    model = window.panels[kind].model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_window_has_the_editor_and_the_controller(window):
    assert isinstance(window.editor_panel, RecordEditorPanel)
    assert isinstance(window.edit_controller, EditController)
    assert window.action("new").isEnabled()


def test_create_a_partnership_in_the_window_and_find_it_in_table_and_database(qtbot, shown, example_db):
    window = shown
    window.tabs.setCurrentWidget(window.panels["partnerships"])
    window.action("new").trigger()
    panel: RecordEditorPanel = window.editor_panel
    form = panel.form
    assert form.kind == "partnerships" and panel.is_new
    qtbot.keyClicks(form.fields["title"].widget, "Partnerschaft Dortmund - Novi Sad")
    partner = form.fields["partner_id"].widget.lineEdit()
    qtbot.keyClicks(partner, "Dabola")
    qtbot.keyClick(partner, Qt.Key.Key_Return)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    saved = PartnershipService(example_db).find("Novi Sad")
    assert "Partnerschaft Dortmund - Novi Sad" in titles(window, "partnerships")
    assert window.selected_ids() == [saved.id], "the new record is selected in its register"

    window.action("undo").trigger()
    assert not PartnershipService(example_db).exists(saved.id)
    assert "Partnerschaft Dortmund - Novi Sad" not in titles(window, "partnerships")


def test_enter_or_a_double_click_on_a_row_puts_the_cursor_into_the_form(qtbot, shown, example_db):
    from PySide6.QtWidgets import QApplication

    window = shown
    project = ProjectService(example_db).find("Jeder Tropfen")
    window.open_record("projects", project.id)
    table = window.panels["projects"].table
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Return)
    title = window.editor_panel.form.fields["title"].widget
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)  # Enter opens the record for editing
    qtbot.keyClicks(title, " 2")
    assert window.editor_panel.form.dirty

    window.editor_panel.revert()
    table.setFocus()
    row = window.panels["projects"].model.row_of(project.id)
    cell = table.visualRect(window.panels["projects"].model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # a double-click starts as a click
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)


def test_escape_on_a_new_record_goes_back_to_the_selected_one(qtbot, shown, example_db):
    window = shown
    project = ProjectService(example_db).find("Jeder Tropfen")
    window.open_record("projects", project.id)
    panel: RecordEditorPanel = window.editor_panel
    assert panel.record_id == project.id
    window.action("new").trigger()
    assert panel.is_new
    qtbot.keyClicks(panel.form.fields["title"].widget, "Doch nicht")
    qtbot.keyClick(panel.form.fields["title"].widget, Qt.Key.Key_Escape)
    assert window.selected_ids() == [project.id]
    assert not panel.is_new and panel.record_id == project.id, "the form shows the row that is selected"
    assert panel.title.text() == "Projekt „Jeder Tropfen zählt“"


def test_edit_in_the_window_then_undo_and_redo(qtbot, shown, example_db):
    window = shown
    service = ProjectService(example_db)
    project = service.find("Jeder Tropfen")
    window.open_record("projects", project.id)
    panel: RecordEditorPanel = window.editor_panel
    assert panel.record_id == project.id, "selecting a row shows it in the form"
    title = panel.form.fields["title"].widget
    title.selectAll()
    qtbot.keyClicks(title, "Jeder Tropfen zaehlt - Bondo")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert service.get(project.id).title == "Jeder Tropfen zaehlt - Bondo"
    assert "Jeder Tropfen zaehlt - Bondo" in titles(window, "projects")

    window.action("undo").trigger()
    assert service.get(project.id).title == "Jeder Tropfen zählt"
    assert "Jeder Tropfen zählt" in titles(window, "projects")
    assert title.text() == "Jeder Tropfen zählt"
    window.action("redo").trigger()
    assert service.get(project.id).title == "Jeder Tropfen zaehlt - Bondo"


def test_del_on_the_table_asks_first_and_undo_brings_it_back(qtbot, shown, example_db, answer_message_boxes):
    window = shown
    orgs = OrganisationService(example_db)
    edg = orgs.find("EDG Entsorgung")
    window.open_record("organisations", edg.id)
    said = answer_message_boxes("Löschen")
    table = window.panels["organisations"].table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(said) == 1 and "Diese Organisation nimmt an 2 Projekten teil" in said[0]["details"]
    assert not orgs.exists(edg.id)
    assert edg.name not in titles(window, "organisations")
    window.action("undo").trigger()
    assert orgs.exists(edg.id) and edg.name in titles(window, "organisations")


def test_del_on_several_rows_deletes_them_together_and_one_undo_restores_all(qtbot, shown, example_db, answer_message_boxes):
    from PySide6.QtCore import QItemSelectionModel

    window = shown
    service = ProjectService(example_db)
    chosen = [service.find("Jeder Tropfen"), service.find("Praktikumsaustausch"), service.find("Müllfahrzeug")]
    window.open_record("projects", chosen[0].id)
    panel = window.panels["projects"]
    selection = panel.table.selectionModel()
    for project in chosen[1:]:
        index = panel.model.index(panel.model.row_of(project.id), 0)
        selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(window.selected_ids()) == sorted(p.id for p in chosen)
    said = answer_message_boxes("Löschen")
    undo_steps = window.undo_stack.count()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [m["text"] for m in said] == ["3 Datensätze löschen?"]
    assert "„Übergabe des Müllfahrzeugs in Dura“" in said[0]["details"], "the question names what depends on them"
    assert not any(service.exists(p.id) for p in chosen)
    assert not any(p.title in titles(window, "projects") for p in chosen)
    assert window.undo_stack.count() == undo_steps + 1
    window.action("undo").trigger()
    assert all(service.exists(p.id) for p in chosen)
    assert all(p.title in titles(window, "projects") for p in chosen)
    window.action("redo").trigger()
    assert not any(service.exists(p.id) for p in chosen)


def test_opening_another_database_asks_about_unsaved_changes_first(qtbot, window, example_db, tmp_path, answer_message_boxes):
    from partnerdesk.persistence.database import create_database
    from partnerdesk.ui import database_actions

    other = tmp_path / "other.sqlite"
    create_database(other).close()
    org = OrganisationService(example_db).find("Umweltamt")
    window.open_record("organisations", org.id)
    city = window.editor_panel.form.fields["city"].widget
    city.setText("Dortmund-Hoerde")
    city.textEdited.emit("Dortmund-Hoerde")
    said = answer_message_boxes("Abbrechen")
    assert database_actions.open_path(window, other) is False
    assert said[0]["text"] == "Änderungen an Organisation „Umweltamt“ speichern?"
    assert window.db is example_db and city.text() == "Dortmund-Hoerde"
    answer_message_boxes("Speichern")
    assert database_actions.open_path(window, other) is True
    assert OrganisationService(example_db).get(org.id).city == "Dortmund-Hoerde"
    assert window.editor_panel.db is window.db and window.editor_panel.kind is None
