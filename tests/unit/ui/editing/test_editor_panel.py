"""The editor panel driven through its real widgets: create, edit, undo/redo, errors at the field,
conflicting edits and a locked database."""

from __future__ import annotations

import dataclasses
import sqlite3
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from partnerdesk import i18n
from partnerdesk.persistence import engine
from partnerdesk.persistence.database import create_database
from partnerdesk.services.records import OrganisationService, PartnershipService, ProjectService
from partnerdesk.ui.editing import RecordEditorPanel
from partnerdesk.ui.editing.conflict_dialog import ConflictDialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def type_into(qtbot, widget, text, *, replace=False):
    if hasattr(widget, "lineEdit"):
        edit = widget.lineEdit()
    else:
        edit = getattr(widget, "edit", None) or getattr(widget, "amount", None) or widget
    if replace:
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    return edit


@pytest.mark.postgresql  # also on a server: save, undo and redo through the form
def test_create_a_partnership_through_the_form(qtbot, panel, example_db):
    kumasi = OrganisationService(example_db).find("Kumasi")
    form = panel.start_new("partnerships")
    assert panel.title.text() == "Neue Partnerschaft"
    type_into(qtbot, form.fields["title"].widget, "Partnerschaft Dortmund - Novi Sad")
    partner = type_into(qtbot, form.fields["partner_id"].widget, "Kumasi")
    qtbot.keyClick(partner, Qt.Key.Key_Return)
    type_into(qtbot, form.fields["start_year"].widget, "2024")
    type_into(qtbot, form.fields["themes"].widget.input, "Wasser,")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    saved = PartnershipService(example_db).find("Novi Sad")
    assert (saved.partner_id, saved.start_year, saved.themes) == (kumasi.id, 2024, ["Wasser"])
    assert panel.record_id == saved.id and not panel.is_dirty()
    assert panel.undo_stack.undoText() == "Partnerschaft „Partnerschaft Dortmund - Novi Sad“ anlegen"

    panel.undo_stack.undo()
    assert not PartnershipService(example_db).exists(saved.id)
    panel.undo_stack.redo()
    assert PartnershipService(example_db).get(saved.id).title == "Partnerschaft Dortmund - Novi Sad"


@pytest.mark.postgresql  # also on a server: save, undo and redo through the form
def test_edit_then_undo_and_redo_in_the_database(qtbot, panel, example_db):
    service = ProjectService(example_db)
    project = service.find("Mullfahrzeug fur Dura")
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    panel.show_record("projects", project.id)
    form = panel.form
    title = type_into(qtbot, form.fields["title"].widget, "Neues Fahrzeug", replace=True)
    type_into(qtbot, form.fields["budget_amount"].widget, "12.500,00")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    after = service.get(project.id)
    assert (after.title, after.budget_amount, after.version) == ("Neues Fahrzeug", Decimal("12500.00"), project.version + 1)

    panel.undo_stack.undo()
    undone = service.get(project.id)
    assert (undone.title, undone.budget_amount) == ("Müllfahrzeug für Dura", None)
    assert form.fields["title"].widget.text() == "Müllfahrzeug für Dura", "the form shows the undone state"

    panel.undo_stack.redo()
    assert service.get(project.id).title == "Neues Fahrzeug"
    assert form.fields["budget_amount"].widget.amount.text() == "12.500,00"


def test_a_message_leaves_its_field_when_the_user_corrects_it(qtbot, panel):
    form = panel.start_new("projects")
    type_into(qtbot, form.fields["start_date"].widget, "01.03.2025")
    type_into(qtbot, form.fields["end_date"].widget, "01.01.2024")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("end_date") == "Das Ende liegt vor dem Beginn"
    assert form.error_of("title") == "Titel darf nicht leer sein"

    type_into(qtbot, form.fields["end_date"].widget, "31.12.2026", replace=True)
    assert form.error_of("end_date") == "", "the corrected date no longer carries the old message"
    assert form.fields["end_date"].frame.styleSheet() == "" and form.fields["end_date"].frame.toolTip() == ""
    assert form.error_of("title") == "Titel darf nicht leer sein", "fields the user has not touched keep theirs"


def test_another_record_opens_at_its_top_and_a_saved_one_stays_where_it_was(qtbot, panel, example_db):
    first, second = (p.id for p in ProjectService(example_db).list()[:2])
    panel.resize(panel.width(), 300)  # the form is taller than this: it scrolls
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_record("projects", first)
    bar = panel._pages["projects"].verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())  # down at the notes
    panel.show_record("projects", second)
    assert bar.value() == 0, "the next record starts at its title, not in the middle of the form"

    bar.setValue(bar.maximum())
    type_into(qtbot, panel.form.fields["notes"].widget, "Rueckruf")
    assert panel.save()
    assert bar.value() == bar.maximum(), "saving does not jump away from where the user was typing"
    panel.start_new("projects")
    assert bar.value() == 0


@pytest.mark.postgresql  # also on a server: save, undo and redo through the form
def test_invalid_input_is_shown_at_the_field_and_nothing_is_written(qtbot, panel, db_path, content_of):
    before = content_of(db_path)
    form = panel.start_new("partnerships")
    type_into(qtbot, form.fields["partner_decision_on"].widget, "31.02.2024")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("partner_decision_on") == "Den „31.02.2024“ gibt es nicht, der Monat hat nur 29 Tage"
    assert "border" in form.fields["partner_decision_on"].frame.styleSheet()
    assert content_of(db_path) == before

    form.fields["partner_decision_on"].widget.setValue(None)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("title") == "Titel darf nicht leer sein"
    assert form.error_of("partner_id") == "Eine Partnerschaft braucht eine Partnerkommune oder -region"
    assert form.error_of("partner_decision_on") == ""
    assert content_of(db_path) == before
    assert panel.is_new and panel.undo_stack.count() == 0


def _other_window_changes(open_again, record_id, **changes):
    other = open_again()
    try:
        service = OrganisationService(other)
        record = service.get(record_id)
        for key, value in changes.items():
            setattr(record, key, value)
        return service.update(record)
    finally:
        other.close()


@pytest.mark.postgresql  # also on a server: another program's save meanwhile is detected
@pytest.mark.parametrize("choice", ["overwrite", "theirs", "cancel"])
def test_a_conflicting_edit_is_never_silent(qtbot, panel, example_db, open_again, monkeypatch, choice):
    service = OrganisationService(example_db)
    office = service.find("Umweltamt")
    panel.show_record("organisations", office.id)
    theirs = _other_window_changes(open_again, office.id, city="Dortmund-Mitte")
    form = panel.form
    type_into(qtbot, form.fields["notes"].widget, "Meine Notiz")

    shown: list[list[str]] = []

    def answer(dialog: ConflictDialog) -> int:
        shown.append(dialog.changed_fields())
        {"overwrite": dialog.overwrite_button, "theirs": dialog.theirs_button, "cancel": dialog.cancel_button}[
            choice
        ].click()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert shown == [[i18n._("City"), "Notizen"]]
    stored = service.get(office.id)
    if choice == "overwrite":
        assert (stored.notes, stored.city) == ("Meine Notiz", "Dortmund")
        assert stored.version == theirs.version + 1 and not form.dirty
        panel.undo_stack.undo()
        assert (service.get(office.id).city, service.get(office.id).notes) == ("Dortmund-Mitte", "")
    elif choice == "theirs":
        assert stored == theirs
        assert form.fields["city"].widget.text() == "Dortmund-Mitte"
        assert form.fields["notes"].widget.toPlainText() == "" and not form.dirty
    else:
        assert stored == theirs
        assert form.fields["notes"].widget.toPlainText() == "Meine Notiz" and form.dirty
        assert "Nicht gespeichert" in panel.banner.text()


def test_a_locked_database_keeps_the_edit_in_the_form(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "locked.sqlite"
    db = create_database(path)
    try:
        from partnerdesk.domain.records import Organisation

        org = OrganisationService(db).create(Organisation(name="Umweltamt"))
        panel = RecordEditorPanel(db)
        qtbot.addWidget(panel)
        panel.show_record("organisations", org.id)
        type_into(qtbot, panel.form.fields["name"].widget, "Umwelt- und Klimaamt", replace=True)
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        assert panel.save() is False
        assert "gesperrt" in panel.banner.text() and not panel.banner.isHidden()
        assert panel.form.fields["name"].widget.text() == "Umwelt- und Klimaamt" and panel.form.dirty
        assert OrganisationService(db).get(org.id).name == "Umweltamt"
        locker.execute("ROLLBACK")
        locker.close()
        assert panel.save() is True
        assert OrganisationService(db).get(org.id).name == "Umwelt- und Klimaamt"
        assert panel.banner.isHidden()
    finally:
        db.close()


def test_escape_discards_the_edit(qtbot, panel, example_db):
    org = OrganisationService(example_db).find("Umweltamt")
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    panel.show_record("organisations", org.id)
    edit = type_into(qtbot, panel.form.fields["city"].widget, "XYZ", replace=True)
    assert panel.form.dirty
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert panel.form.fields["city"].widget.text() == "Dortmund" and not panel.form.dirty


def test_labels_are_german_by_default_and_english_after_switching(qtbot, example_db):
    panel = RecordEditorPanel(example_db)
    qtbot.addWidget(panel)
    form = panel.start_new("projects")
    assert panel.save_button.text() == "Speichern" and panel.revert_button.text() == "Verwerfen"
    assert form.layout_.labelForField(form.fields["sdg_goals"].frame).text() == "SDG-Ziele:"
    assert form.fields["status"].widget.itemText(0) == "Idee"
    i18n.set_language("en")
    english = RecordEditorPanel(example_db)
    qtbot.addWidget(english)
    form = english.start_new("projects")
    assert english.save_button.text() == "Save"
    assert form.fields["status"].widget.itemText(0) == "Idea"


def test_english_writes_the_kind_small_inside_a_sentence(qtbot, example_db):
    from partnerdesk.ui.editing.delete_confirmation import heading

    project = ProjectService(example_db).find("Jeder Tropfen")
    assert heading([project]) == "Projekt „Jeder Tropfen zählt“ löschen?"
    i18n.set_language("en")
    panel = RecordEditorPanel(example_db)
    qtbot.addWidget(panel)
    panel.show_record("projects", project.id)
    assert panel.title.text() == "Project “Jeder Tropfen zählt”", "a heading starts with a capital"
    assert heading([project]) == "Delete project “Jeder Tropfen zählt”?"
    type_into(qtbot, panel.form.fields["notes"].widget, "x")
    assert panel.save()
    assert panel.undo_stack.undoText() == "Edit project “Jeder Tropfen zählt”"


def test_del_in_the_form_edits_the_form_not_the_records(qtbot, example_db):
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    deleted = []
    action = QAction("Löschen", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.triggered.connect(lambda: deleted.append(True))
    window.addAction(action)
    panel = RecordEditorPanel(example_db)
    window.setCentralWidget(panel)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    org = OrganisationService(example_db).find("Cluj-Napoca")
    panel.show_record("organisations", org.id)
    chips = panel.form.fields["languages"].widget.chips
    chips.setFocus()
    chips.setCurrentRow(0)
    chips.item(0).setSelected(True)
    qtbot.keyClick(chips, Qt.Key.Key_Delete)
    assert panel.form.fields["languages"].widget.value() == [] and deleted == []
    panel.start_new("partnerships")
    goals = panel.form.fields["sdg_goals"].widget
    goals.setFocus()
    qtbot.keyClick(goals, Qt.Key.Key_Delete)
    assert deleted == [], "Del anywhere in the form never deletes the selected record"
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert deleted == [True], "outside the form Del still reaches the window"


def test_tab_walks_the_form_top_to_bottom_including_added_rows(qtbot, panel, example_db, tab_walk):
    from PySide6.QtWidgets import QApplication

    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    project = ProjectService(example_db).find("Masterplane Klimaanpassung")
    panel.show_record("projects", project.id)
    form = panel.form
    qtbot.mouseClick(form.fields["funding_sources"].widget.add_button, Qt.MouseButton.LeftButton)
    visited = tab_walk(panel, form.fields["title"].widget, steps=60)
    assert visited == [*form.fields, "discard", "save"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is panel.revert_button


def test_save_is_enabled_only_when_there_is_something_to_save(qtbot, panel, example_db):
    project = ProjectService(example_db).find("Mullfahrzeug fur Dura")
    panel.show_record("projects", project.id)
    assert not panel.save_button.isEnabled() and not panel.revert_button.isEnabled(), "unchanged record"
    type_into(qtbot, panel.form.fields["title"].widget, " 2")
    assert panel.save_button.isEnabled() and panel.revert_button.isEnabled()
    qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
    assert not panel.save_button.isEnabled()
    type_into(qtbot, panel.form.fields["title"].widget, "Wasserwagen 2", replace=True)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert ProjectService(example_db).get(project.id).title == "Wasserwagen 2"
    assert not panel.save_button.isEnabled(), "saved: nothing left to save"
    panel.start_new("projects")
    assert panel.save_button.isEnabled(), "a new record can be saved (and its errors shown) at once"


@pytest.mark.postgresql  # on a server the names are read off the GUI thread, before the dialog opens
def test_the_conflict_dialog_names_the_linked_records(qtbot, panel, example_db, open_again, monkeypatch):
    import threading

    from partnerdesk.services import choices as choice_lists
    from partnerdesk.services.records import ContactService
    from partnerdesk.ui import background

    contact = ContactService(example_db).find("Erika Beispiel")
    ghana = OrganisationService(example_db).find("Kumasi")
    panel.show_record("contacts", contact.id)
    other = open_again()
    try:
        ContactService(other).update(dataclasses.replace(ContactService(other).get(contact.id), organisation_id=ghana.id))
    finally:
        other.close()
    type_into(qtbot, panel.form.fields["function"].widget, " (Leitung)")

    read_on: list[bool] = []
    names_of = choice_lists.names_of
    monkeypatch.setattr(
        choice_lists, "names_of",
        lambda *args: read_on.append(threading.current_thread() is threading.main_thread()) or names_of(*args),
    )
    shown: list[str] = []

    def answer(dialog: ConflictDialog) -> int:
        table = dialog.table
        shown.extend(table.item(r, c).text() for r in range(table.rowCount()) for c in range(3))
        dialog.cancel_button.click()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert ghana.name in shown and ghana.id not in shown, shown
    assert read_on, "the names were not read at all"
    if background.is_remote(example_db):
        assert not any(read_on), "the names for the conflict dialog were read on the GUI thread"
