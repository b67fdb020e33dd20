"""The passphrase, conflict and report dialogs with real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile
from partnerdesk.ui.travel.conflict_dialog import ConflictDialog
from partnerdesk.ui.travel.passphrase_dialog import PassphraseDialog
from partnerdesk.ui.travel.report_dialog import ReportDialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

PASSPHRASE = "Reise-Passwort-2026"


def test_passphrase_dialog_checks_length_and_repetition(qtbot):
    dialog = PassphraseDialog(None, create=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first.setText("kurz")
    dialog.second.setText("kurz")
    dialog.buttons.accepted.emit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "mindestens 8" in dialog.problem.text()
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "x")
    dialog.buttons.accepted.emit()
    assert "stimmen nicht überein" in dialog.problem.text()
    dialog.second.setText(PASSPHRASE)
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase() == PASSPHRASE


def test_unencrypted_needs_the_checkbox_and_shows_a_warning(qtbot):
    dialog = PassphraseDialog(None, create=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warning.isVisible()
    qtbot.mouseClick(dialog.unencrypted, Qt.MouseButton.LeftButton)
    assert dialog.warning.isVisible() and "Warnung" in dialog.warning.text()
    assert not dialog.first.isEnabled()
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase() is None


def conflicts_of(example_db, tmp_path):
    trip = tmp_path / "trip.pdtravel"
    travelfile.checkout(example_db, trip, PASSPHRASE)
    travel = travelfile.open_travel(trip, PASSPHRASE)
    orgs = service_for(example_db, "organisations")
    org = [o for o in orgs.list() if o.name == "Bondo"][0]
    org.notes, org.city = "im Büro", "Bondo Ost"
    orgs.update(org)
    other = service_for(travel, "organisations").get(org.id)
    other.notes, other.city = "auf Reisen", "Bondo West"
    service_for(travel, "organisations").update(other)
    contact = service_for(example_db, "contacts").list()[0]
    contact.phone = "+49 1"
    service_for(example_db, "contacts").update(contact)
    service_for(travel, "contacts").delete(contact.id)
    return travel, apply.diff(example_db, travel)[1].conflicts


def test_conflict_dialog_shows_three_values_and_needs_every_decision(qtbot, example_db, tmp_path):
    travel, conflicts = conflicts_of(example_db, tmp_path)
    try:
        assert len(conflicts) == 3
        dialog = ConflictDialog(conflicts)
        qtbot.addWidget(dialog)
        dialog.show()
        table = dialog.table
        rows = {table.item(r, 1).text(): [table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())}
        assert rows["Notizen"][2:] == ["im Büro", "auf Reisen", "—"]
        assert rows["Ort"][2:4] == ["Bondo Ost", "Bondo West"]
        assert rows["ganzer Datensatz"][3] == "(gelöscht)"
        assert table.horizontalHeaderItem(2).text() == "Büro"
        assert not dialog.merge_button.isEnabled()
        dialog.decide(0, "travel")
        assert not dialog.merge_button.isEnabled()
        qtbot.mouseClick(dialog.all_office, Qt.MouseButton.LeftButton)
        assert dialog.merge_button.isEnabled()
        dialog.decide(0, "travel")
        decisions = dialog.decisions()
        assert decisions[conflicts[0].key] == "travel"
        assert [decisions[c.key] for c in conflicts[1:]] == ["office", "office"]
        qtbot.mouseClick(dialog.all_travel, Qt.MouseButton.LeftButton)
        assert set(dialog.decisions().values()) == {"travel"}
    finally:
        travel.close()


def test_report_dialog_shows_the_report(qtbot, example_db, tmp_path):
    travel, conflicts = conflicts_of(example_db, tmp_path)
    try:
        report = apply.merge(example_db, travel, prefer="travel")
    finally:
        travel.close()
    dialog = ReportDialog(report)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "Fassung der Reisekopie übernommen" in text and "Konflikte (3)" in text
    assert "3 Konflikte entschieden" in dialog.findChild(QLabel, "summary").text()
    assert report.report_file in dialog.findChild(QLabel, "report_file").text()
