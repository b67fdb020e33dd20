"""The import assistant's decisions, driven through its widgets: the encoding with a live preview,
columns that must be assigned or left out, possible duplicates ("neu anlegen" / "zusammenführen mit …")
and the changes an update makes (issue 16)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWizard

from partnerdesk.domain.records import Organisation
from partnerdesk.services import service_for
from partnerdesk.ui.exchange.import_command import ImportCommand
from partnerdesk.ui.exchange.import_wizard import FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE, ImportWizard

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def start(qtbot, db, path):
    wizard = ImportWizard(db, "organisations")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.findChild(QLineEdit, "import_path").setText(str(path))
    wizard.findChild(QComboBox, "import_register").setCurrentIndex(0)  # organisations
    return wizard


def test_the_user_chooses_the_encoding_of_a_mixed_file_with_a_live_preview(qtbot, db, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warnings.append(text)))
    path = tmp_path / "orte.csv"
    path.write_bytes("Name;Stadt\nKöln;Köln\n".encode() + b"M\xfcnster;M\xfcnster\n")  # UTF-8 and one Windows-1252 line
    wizard = start(qtbot, db, path)
    note = wizard.findChild(QLabel, "import_encoding_note").text()
    sample = wizard.findChild(QPlainTextEdit, "import_encoding_preview")
    assert "Zeile 3, Byte 2 (0xFC)" in note and "UTF-8, Windows-1252" in note
    assert "Köln" in sample.toPlainText() and "M\ufffdnster" in sample.toPlainText()
    wizard.next()
    assert wizard.currentId() == FILE_PAGE and "nicht durchgehend in einer Kodierung" in warnings[0]
    encoding = wizard.findChild(QComboBox, "import_encoding")
    encoding.setCurrentIndex(encoding.findData("cp1252"))
    assert "KÃ¶ln" in sample.toPlainText() and "Münster" in sample.toPlainText()  # what that choice means, at once
    wizard.next()
    assert wizard.currentId() == MAPPING_PAGE
    assert [row[1][0] for row in wizard.table.rows] == ["KÃ¶ln", "Münster"]


def test_a_windows_1252_file_is_decided_and_said_so(qtbot, db, tmp_path):
    path = tmp_path / "orte.csv"
    path.write_bytes("Name;Stadt\nMünster;Münster\n".encode("cp1252"))
    wizard = start(qtbot, db, path)
    assert wizard.findChild(QLabel, "import_encoding_note").text() == "Kodierung aus der Datei bestimmt: Windows-1252"
    assert "Münster;Münster" in wizard.findChild(QPlainTextEdit, "import_encoding_preview").toPlainText()


def test_a_column_without_field_must_be_assigned_or_left_out(qtbot, db, tmp_path):
    path = tmp_path / "orte.csv"
    path.write_text("Name;Land;Intern XY\nKumasi;Ghana;geheim\n", "utf-8")
    wizard = start(qtbot, db, path)
    wizard.next()
    assert wizard.currentId() == MAPPING_PAGE
    nxt = wizard.button(QWizard.WizardButton.NextButton)
    combo = wizard.findChild(QComboBox, "import_field_2")
    assert combo.currentText() == "— bitte zuordnen —" and not nxt.isEnabled()
    combo.setCurrentIndex(combo.findText("— nicht importieren —"))
    assert nxt.isEnabled()
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    assert "Nicht importiert (ausgelassen): C (Intern XY)" in wizard.findChild(QLabel, "import_columns").text()


def test_two_name_columns_are_joined(qtbot, db, tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_text("Vorname;Nachname\nAnna;Schmidt\n", "utf-8")
    wizard = ImportWizard(db, "contacts")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.findChild(QLineEdit, "import_path").setText(str(path))
    wizard.next()
    first, last = wizard.findChild(QComboBox, "import_field_0"), wizard.findChild(QComboBox, "import_field_1")
    first.setCurrentIndex(first.findData("name"))
    last.setCurrentIndex(last.findData("name"))
    assert first.currentData() == "name"  # a text field takes both columns
    wizard.next()
    assert wizard.preview.rows[0].record.name == "Anna Schmidt"


def test_possible_duplicate_is_created_new_or_merged_as_the_user_decides(qtbot, db, tmp_path):
    orgs = service_for(db, "organisations")
    munster = orgs.create(Organisation(name="Münster", country="DE", population=300000))
    path = tmp_path / "orte.csv"
    path.write_text("Name;Land;Einwohner\nMunster;Deutschland;15.000\n", "utf-8")
    wizard = start(qtbot, db, path)
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    decision = wizard.findChild(QComboBox, "import_duplicate_2")
    assert decision.isVisible() and decision.currentText() == "neu anlegen"
    assert [decision.itemText(i) for i in range(decision.count())] == ["neu anlegen", "zusammenführen mit „Münster“ (DE)"]
    summary = wizard.findChild(QLabel, "import_summary")
    assert "1 neu" in summary.text()
    decision.setCurrentIndex(1)
    assert "1 aktualisiert" in summary.text()
    changes = wizard.findChild(QPlainTextEdit, "import_changes").toPlainText()
    assert "Zeile 2, „Münster“:" in changes and "Einwohner: „300000“ → „15000“" in changes
    wizard.button(QWizard.WizardButton.FinishButton).click()
    stored = orgs.get(munster.id)
    assert (stored.name, stored.population) == ("Münster", 15000) and orgs.count() == 1
    # Undo and redo keep the decision.
    stack = QUndoStack()
    stack.push(ImportCommand(
        db, wizard.import_result, wizard.table, wizard.preview.mapping, skip_invalid=False, changed=lambda kind: None,
        merge=wizard.preview.merge,
    ))
    stack.undo()
    assert (orgs.get(munster.id).population, orgs.count()) == (300000, 1)
    stack.redo()
    assert orgs.get(munster.id).population == 15000 and orgs.count() == 1
