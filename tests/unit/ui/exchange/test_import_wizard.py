"""The import assistant driven through its real widgets; undo takes the import back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWizard

from partnerdesk.services import service_for
from partnerdesk.ui.exchange.import_command import ImportCommand
from partnerdesk.ui.exchange.import_wizard import MAPPING_PAGE, PREVIEW_PAGE, ImportWizard
from partnerdesk.ui.exchange.preview_model import ERROR_BACKGROUND

# The offscreen platform says so for every shown top-level window (ui-shell ignores it globally).
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

CSV = (
    "Bezeichnung;Spalte X;Einwohner\n"
    "Stadtverwaltung Kumasi;Ghana;3.500.000\n"
    "Mairie de Besançon;Frankreich;116.000\n"
    "Atlantis;Atlantis;1\n"
)


def drive_to_preview(qtbot, wizard, path):
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.findChild(QLineEdit, "import_path").setText(str(path))
    wizard.findChild(QComboBox, "import_register").setCurrentIndex(0)  # organisations
    wizard.next()
    assert wizard.currentId() == MAPPING_PAGE
    # "Spalte X" cannot be guessed: choose "Land" (country) in its combo box.
    combo = wizard.findChild(QComboBox, "import_field_1")
    combo.setCurrentIndex(combo.findData("country"))
    assert wizard.findChild(QComboBox, "import_field_0").currentData() == "name"
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE


def test_wizard_applies_an_import_and_undo_removes_it(qtbot, db, tmp_path, content_of):
    path = tmp_path / "partner.csv"
    path.write_bytes(CSV.encode("cp1252"))
    before = content_of(db.path)
    wizard = ImportWizard(db, "projects")
    drive_to_preview(qtbot, wizard, path)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    # One row has an unknown country: marked in red, and the import waits for a decision.
    model = wizard.page(PREVIEW_PAGE).model
    bad = model.index(2, 3)
    assert model.data(bad, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BACKGROUND
    assert "Atlantis" in model.data(bad, Qt.ItemDataRole.ToolTipRole)
    assert not finish.isEnabled()
    wizard.page(PREVIEW_PAGE).skip.setChecked(True)
    assert finish.isEnabled()
    finish.click()
    assert wizard.import_result is not None and len(wizard.import_result.created_ids) == 2
    # The import's outcome no longer hides QDialog.result(), the wizard's exit code (mypy found it).
    assert wizard.result() == QDialog.DialogCode.Accepted
    names = {o.name: o for o in service_for(db, "organisations").list()}
    assert names["Stadtverwaltung Kumasi"].country == "GH" and names["Stadtverwaltung Kumasi"].population == 3500000
    assert "Atlantis" not in names

    changes = []
    stack = QUndoStack()
    stack.push(ImportCommand(db, wizard.import_result, wizard.table, wizard.preview.mapping, skip_invalid=True, changed=changes.append))
    assert service_for(db, "organisations").count() == 2  # pushing does not import twice
    stack.undo()
    assert service_for(db, "organisations").count() == 0
    assert content_of(db.path) == before
    stack.redo()
    assert {o.name for o in service_for(db, "organisations").list()} == {"Stadtverwaltung Kumasi", "Mairie de Besançon"}
    assert changes == ["organisations", "organisations"]


def test_wizard_refuses_a_file_that_is_no_table(qtbot, db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    path = tmp_path / "bild.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    wizard = ImportWizard(db, "projects")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.findChild(QLineEdit, "import_path").setText(str(path))
    wizard.next()
    assert wizard.currentId() == 0
    assert shown and "beschädigt" in shown[0]


def test_preview_model_is_a_proper_qt_model(qtmodeltester, db, tmp_path):
    from partnerdesk.exchange.table_import import preview_file
    from partnerdesk.ui.exchange.preview_model import PreviewModel

    path = tmp_path / "o.csv"
    path.write_text("Name;Land;Sonstiges\nKumasi;Ghana;x\nAtlantis;Atlantis;y\n", "utf-8")
    model = PreviewModel(preview_file(db, path, "organisations"))
    qtmodeltester.check(model)
    assert model.columnCount() == 4  # row, action, name, country (the note column is not mapped)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Land"
