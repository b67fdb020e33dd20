"""Expenses from the finance export imported into the grant open in its form, through the window's
import assistant: the register choice "Ausgaben dieser Zuwendung", the preview, one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit, QWizard

from partnerdesk.services import service_for
from partnerdesk.ui.exchange import actions
from partnerdesk.ui.exchange.import_wizard import PREVIEW_PAGE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _wizard_to_preview(window, qtbot, path):
    wizard = actions.make_import_wizard(window)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.findChild(QComboBox, "import_register").currentText() == "Ausgaben dieser Zuwendung (Export der Finanzbuchhaltung)"
    wizard.findChild(QLineEdit, "import_path").setText(str(path))
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    return wizard


def test_expenses_imported_into_the_open_grant_are_one_undo_step(window, qtbot, tmp_path):
    grants = service_for(window.db, "grants")
    grant = next(g for g in grants.list() if g.is_example)
    window.open_record("grants", grant.id)
    path = tmp_path / "finanzen.csv"
    path.write_bytes("Buchungsdatum;Kreditor;Betrag;Kostenart;Beleg\n"
                     "05.05.2026;Druckerei;1.234,56;Sachausgaben;F-100\n".encode("cp1252"))
    wizard = _wizard_to_preview(window, qtbot, path)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    actions.finish_import(window, wizard)
    assert [e.receipt for e in grants.get(grant.id).expenses][-1] == "F-100"
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert len(grants.get(grant.id).expenses) == len(grant.expenses)
    window.undo_stack.redo()
    assert [e.receipt for e in grants.get(grant.id).expenses][-1] == "F-100"


def test_a_bad_line_is_named_in_the_preview_and_the_assistant_saves_nothing(window, qtbot, tmp_path, monkeypatch):
    grants = service_for(window.db, "grants")
    grant = next(g for g in grants.list() if g.is_example)
    window.open_record("grants", grant.id)
    path = tmp_path / "finanzen.csv"
    path.write_bytes("Buchungsdatum;Kreditor;Betrag;Kostenart;Beleg\n"
                     "05.05.2026;Druckerei;10,00;Sachausgaben;F-1\n"
                     "06.05.2026;Catering;20,00;Bewirtung;F-2\n".encode("cp1252"))
    wizard = _wizard_to_preview(window, qtbot, path)
    model = wizard.page(PREVIEW_PAGE).model
    tip = model.data(model.index(1, 5), 3)  # ToolTipRole of the plan line cell of row 3
    assert "der Finanzierungsplan hat keine Position „Bewirtung“" in tip
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    warnings = []
    monkeypatch.setattr("partnerdesk.ui.exchange.import_wizard.QMessageBox.warning",
                        lambda _parent, _title, text: warnings.append(text))
    wizard.page(PREVIEW_PAGE).skip.setChecked(True)  # skipping is no way round: nothing is saved half
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert warnings and "1 Zeile hat Fehler; nichts wurde importiert" in warnings[0]
    assert grants.get(grant.id) == grant
    wizard.reject()
