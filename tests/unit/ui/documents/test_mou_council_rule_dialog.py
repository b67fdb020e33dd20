"""The MoU dialog refuses "Endfassung" without the council decision also with the council-decision
clause unticked, and then says why (§ 41 GO NRW)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from partnerdesk.services.records import PartnershipService
from partnerdesk.ui.documents.options_dialog import MouOptionsDialog


def test_final_refused_with_council_clause_unticked_says_why(window, example_db, messages, monkeypatch):
    kumasi = PartnershipService(example_db).find("Kumasi")
    panel = window.panels["partnerships"]
    window.tabs.setCurrentWidget(panel)
    panel.select_ids([kumasi.id])

    def interact(dialog):
        for row in range(dialog.clause_list.count()):
            item = dialog.clause_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == "council_decision":
                item.setCheckState(Qt.CheckState.Unchecked)
        dialog.final_radio.setChecked(True)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(MouOptionsDialog, "exec", interact)
    assert window.document_actions.create_mou() is None
    kind, _title, text = messages[0]
    assert kind == "warning"
    assert "auch ohne die Klausel „Ratsbeschluss“" in text and "§ 41 GO NRW" in text
