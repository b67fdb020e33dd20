"""The MoU dialog lists untranslated themes, units and project titles for the languages chosen,
before anything is written, and refuses "Endfassung" while there are any (issue 20)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from partnerdesk.services.records import PartnershipService
from partnerdesk.ui.documents.options_dialog import MouOptionsDialog


def test_dialog_warns_per_language_and_refuses_the_final(window, example_db, messages, monkeypatch):
    partnerships = PartnershipService(example_db)
    dabola = partnerships.find("Dabola")
    dabola.themes = [*dabola.themes, "Stadtgrün"]
    partnerships.update(dabola)
    panel = window.panels["partnerships"]
    window.tabs.setCurrentWidget(panel)
    panel.select_ids([dabola.id])
    seen = {}

    def interact(dialog):
        dialog.language.setCurrentIndex(dialog.language.findData("fr"))
        seen["fr"] = (dialog.translation_check.text(), dialog.translation_details.toPlainText())
        dialog.language.setCurrentIndex(dialog.language.findData("de"))
        seen["de"] = dialog.translation_check.text()
        dialog.language.setCurrentIndex(dialog.language.findData("fr"))
        dialog.final_radio.setChecked(True)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        seen["final"] = dialog.result()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(MouOptionsDialog, "exec", interact)
    window.document_actions.create_mou()
    check, details = seen["fr"]
    assert check.startswith("1 Wert ist nicht übersetzt")
    assert details == "Thema „Stadtgrün“ hat keine französische Übersetzung"
    assert seen["de"] == "Alle Themen, Dienststellen und Projekttitel sind übersetzt."
    assert seen["final"] != QDialog.DialogCode.Accepted
    kind, title, text = messages[-1]
    assert kind == "warning" and "die Übersetzung des Themas „Stadtgrün“ (Französisch)" in text
