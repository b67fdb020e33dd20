"""Visits in the real main window: an activity over several days, its participant list edited
as rows with undo, the end-before-start message at its field, the count in the register."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services.records import ActivityService
from partnerdesk.ui.editing import RecordEditorPanel
from window_helpers import shown_and_active  # tests/ is on the path

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


@pytest.fixture
def shown(qtbot, window):
    return shown_and_active(qtbot, window)


def _type_date(qtbot, field, text: str) -> None:
    edit = field.edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _save(qtbot, panel: RecordEditorPanel) -> None:
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)


def _count_in_register(window, activity_id: str) -> object:
    panel = window.panels["activities"]
    keys = [c.key for c in panel.model.columns] if hasattr(panel.model, "columns") else None
    column = keys.index("participants")
    return panel.model.index(panel.model.row_of(activity_id), column).data()


def test_a_visit_of_four_days_with_three_participants_through_the_form(qtbot, shown, example_db):
    window = shown
    service = ActivityService(example_db)
    before = len(service.list())
    window.tabs.setCurrentWidget(window.panels["activities"])
    window.action("new").trigger()
    panel: RecordEditorPanel = window.editor_panel
    form = panel.form
    assert form.kind == "activities"
    qtbot.keyClicks(form.fields["title"].widget, "Besuch aus Dabola")
    _type_date(qtbot, form.fields["date"].widget, "14.01.2027")
    _type_date(qtbot, form.fields["end_date"].widget, "17.01.2027")
    editor = form.fields["attendees"].widget
    # The keyboard: the "add" button makes a row and puts the cursor into its first field.
    for name, organisation, role in (("Aissatou Exemple", "", "Delegationsleitung"),
                                     ("Mamadou Beispiel", "Commune urbaine de Dabola", ""),
                                     ("Fatou Muster", "", "Schulleitung")):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
        row = editor.rows[-1]
        qtbot.keyClicks(row.fields.name, name)
        if organisation:
            qtbot.keyClicks(row.fields.organisation, organisation)
        if role:
            qtbot.keyClicks(row.fields.role, role)
    qtbot.keyClicks(editor.rows[2].fields.dietary, "vegan")
    _save(qtbot, panel)

    saved = service.find("Besuch aus Dabola")
    assert (saved.date, saved.end_date) == (date(2027, 1, 14), date(2027, 1, 17))
    assert [(a.name, a.organisation, a.role, a.dietary) for a in saved.attendees] == [
        ("Aissatou Exemple", "", "Delegationsleitung", ""),
        ("Mamadou Beispiel", "Commune urbaine de Dabola", "", ""),
        ("Fatou Muster", "", "Schulleitung", "vegan"),
    ]
    assert len(service.list()) == before + 1
    assert _count_in_register(window, saved.id) in (3, "3")

    # Remove the middle participant and save; undo brings it back, redo removes it again.
    window.open_record("activities", saved.id)
    editor = window.editor_panel.form.fields["attendees"].widget
    qtbot.mouseClick(editor.rows[1].remove_button, Qt.MouseButton.LeftButton)
    _save(qtbot, window.editor_panel)
    assert [a.name for a in service.get(saved.id).attendees] == ["Aissatou Exemple", "Fatou Muster"]
    assert _count_in_register(window, saved.id) in (2, "2")
    window.action("undo").trigger()
    assert [a.name for a in service.get(saved.id).attendees] == ["Aissatou Exemple", "Mamadou Beispiel", "Fatou Muster"]
    restored = window.editor_panel.form.fields["attendees"].widget
    assert [row.fields.name.text() for row in restored.rows] == ["Aissatou Exemple", "Mamadou Beispiel", "Fatou Muster"]
    assert _count_in_register(window, saved.id) in (3, "3")
    window.action("redo").trigger()
    assert len(service.get(saved.id).attendees) == 2


def test_an_end_before_the_start_is_named_at_its_field_and_nothing_is_saved(qtbot, shown, example_db):
    window = shown
    service = ActivityService(example_db)
    before = {a.id: a for a in service.list()}
    window.tabs.setCurrentWidget(window.panels["activities"])
    window.action("new").trigger()
    panel: RecordEditorPanel = window.editor_panel
    form = panel.form
    qtbot.keyClicks(form.fields["title"].widget, "Besuch rueckwaerts")
    _type_date(qtbot, form.fields["date"].widget, "17.01.2027")
    _type_date(qtbot, form.fields["end_date"].widget, "14.01.2027")
    _save(qtbot, panel)
    message = form.fields["end_date"].error
    assert not message.isHidden()
    assert message.text() == "Das Ende (14.01.2027) liegt vor dem Beginn (17.01.2027)."
    assert {a.id: a for a in service.list()} == before
    assert panel.is_new and form.dirty
    panel.revert()  # no question about unsaved changes when the window closes


def test_without_the_personal_data_role_the_form_shows_participants_health_notes_as_vertraulich(
        qtbot, make_window, example_db):
    visit = next(a for a in ActivityService(example_db).list() if any(p.dietary for p in a.attendees))
    example_db.personal_data_visible = False  # as a server tells a user outside the role
    window = shown_and_active(qtbot, make_window(example_db))
    window.open_record("activities", visit.id)
    editor = window.editor_panel.form.fields["attendees"].widget
    assert editor.rows and all(row.fields.dietary.text() == "vertraulich" and row.fields.dietary.isReadOnly()
                               for row in editor.rows)
