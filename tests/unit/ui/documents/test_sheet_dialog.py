"""The project sheet's options (language, letterhead) and the letterhead in "Einstellungen…",
driven through their widgets on the real main window."""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit

from partnerdesk.services.records import ProjectService
from partnerdesk.ui.documents.sheet_dialog import SheetOptionsDialog
from partnerdesk.ui.settings_dialog import SettingsDialog


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


def _type(qtbot, widget, text):
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)


def _letterhead_in_settings(qtbot, settings, name, address_lines, logo=""):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    _type(qtbot, dialog.editors["letterhead_name"], name)
    address = dialog.editors["letterhead_address"]
    assert isinstance(address, QPlainTextEdit)
    address.setFocus()
    for i, line in enumerate(address_lines):
        if i:
            qtbot.keyClick(address, Qt.Key.Key_Return)
        qtbot.keyClicks(address, line)
    logo_edit = dialog.editors["letterhead_logo"]
    assert isinstance(logo_edit, QLineEdit)
    _type(qtbot, logo_edit, logo)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    return dialog


def test_french_sheet_with_the_letterhead_from_the_settings(qtbot, window, example_db, settings, monkeypatch, tmp_path):
    from PIL import Image

    logo = tmp_path / "wappen.png"
    Image.new("RGB", (120, 120), (0, 80, 160)).save(logo)
    dialog = _letterhead_in_settings(qtbot, settings, "Stadt Dortmund", ["Friedensplatz 1", "44135 Dortmund"], str(logo))
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get("letterhead_address") == "Friedensplatz 1\n44135 Dortmund"

    seen = {}

    def operate(self):  # the user picks French with the keyboard and clicks "Erstellen"
        seen["letterhead"] = self.use_letterhead.text()
        seen["checked"] = self.use_letterhead.isChecked()
        self.language.setFocus()
        qtbot.keyClick(self.language, Qt.Key.Key_End)  # German, English, French: the last
        qtbot.mouseClick(self.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(SheetOptionsDialog, "exec", operate)
    project = ProjectService(example_db).find("Tropfen")
    window.tabs.setCurrentWidget(window.panels["projects"])
    window.panels["projects"].select_ids([project.id])
    preview = window.document_actions.create_sheets()
    assert preview is not None
    assert seen == {"letterhead": "Stadt Dortmund, Friedensplatz 1, 44135 Dortmund · Logo wappen.png", "checked": True}
    text = _text(preview.path)
    assert text.startswith("Stadt Dortmund Friedensplatz 1 44135 Dortmund FICHE PROJET")
    assert "Période depuis 2008" in text and "Lieu du projet Bondo (Kenya)" in text
    assert settings.get("sheet_language") == "fr"  # the next sheet starts in French
    preview.close()


def test_cancelling_the_options_writes_nothing(qtbot, window, example_db, monkeypatch):
    def cancel(self):
        qtbot.mouseClick(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(SheetOptionsDialog, "exec", cancel)
    assert window.document_actions.create_sheets(all_projects=True) is None
    assert window.document_actions.previews == []


@pytest.mark.parametrize("content", [b"GIF89a kaputt", b"Dies ist kein Bild."])
def test_a_logo_that_is_no_image_is_refused_in_the_settings_and_nothing_saved(qtbot, settings, messages, tmp_path, content):
    bad = tmp_path / "logo.png"
    bad.write_bytes(content)
    settings.set("letterhead_name", "Vorher")
    dialog = _letterhead_in_settings(qtbot, settings, "Nachher", ["Zeile"], str(bad))
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert messages and "ist keine Bilddatei" in messages[-1][2]
    assert settings.get("letterhead_name") == "Vorher" and settings.get("letterhead_logo") == ""


def test_without_a_letterhead_the_box_says_where_to_set_one(qtbot, settings):
    dialog = SheetOptionsDialog("1 Projekt", settings)
    qtbot.addWidget(dialog)
    assert not dialog.use_letterhead.isEnabled() and "Einstellungen" in dialog.use_letterhead.text()
    assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == ["Deutsch", "Englisch", "Französisch"]
    assert dialog.choice().language == "de" and dialog.choice().letterhead.empty
    QTimer.singleShot(0, dialog.reject)


def test_a_logo_removed_since_it_was_set_is_named_and_no_sheet_is_made(window, settings, messages, tmp_path):
    from partnerdesk.ui.documents.sheet_dialog import SheetChoice, letterhead_from

    settings.set("letterhead_name", "Stadt Dortmund")
    settings.set("letterhead_logo", str(tmp_path / "weg.png"))
    choice = SheetChoice("de", letterhead_from(settings))
    assert window.document_actions.create_sheets(all_projects=True, choice=choice) is None
    assert "Das Logo" in messages[-1][2] and "kann nicht gelesen werden" in messages[-1][2]
    assert window.document_actions.previews == []
