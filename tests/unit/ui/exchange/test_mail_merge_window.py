"""Consent withdrawal hides the contact from mail-merge exports (issue 21), driven through the real
window: the contact form's "Einwilligung widerrufen am", the activities register's selection, the
File menu's action, and the command line on the same file. The test breaks the filter itself
(``may_be_written_to`` made to say yes) to show that it would notice a leak."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt

from partnerdesk.cli.main import main
from partnerdesk.services import service_for
from partnerdesk.ui.exchange import actions
from window_helpers import shown_and_active  # tests/ is on the path

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")

VISIT = "Besuch der Delegation aus Kumasi"


def last_names(path):
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    return [row[4] for row in rows[1:]]


def merge_through_the_menu(window, monkeypatch, out):
    """Select the visit in the activities register and choose File → Serienbrief-Datei."""
    monkeypatch.setattr(actions, "_save_path", lambda *_a: out)
    visit = service_for(window.db, "activities").find(VISIT)
    window.tabs.setCurrentWidget(window.panels["activities"])
    window.panels["activities"].select_ids([visit.id])
    window.exchange_actions["exchange_mail_merge"].trigger()
    return last_names(out)


def merge_on_the_command_line(window, capsys, out):
    capsys.readouterr()
    assert main(["mail-merge", "--db", str(window.db.path), VISIT, str(out)]) == 0
    return last_names(out), capsys.readouterr().out


def test_consent_withdrawal_hides_contact_from_mail_merge_exports(qtbot, window, monkeypatch, messages, tmp_path, capsys):
    window = shown_and_active(qtbot, window)
    kwame = service_for(window.db, "contacts").find("Kwame Example")
    out = tmp_path / "serienbrief.csv"
    assert merge_through_the_menu(window, monkeypatch, out) == ["Example"]
    assert messages[-1][2].startswith("1 Empfänger/in in serienbrief.csv geschrieben.\n")  # the two free names

    # Kwame withdraws his consent: typed into his contact form, saved with the Save button.
    window.open_record("contacts", kwame.id)
    form = window.editor_panel.form
    edit = form.fields["consent_withdrawn_on"].widget.edit
    edit.clear()
    qtbot.keyClicks(edit, "01.12.2026")
    edit.editingFinished.emit()
    qtbot.mouseClick(window.editor_panel.save_button, Qt.MouseButton.LeftButton)
    assert service_for(window.db, "contacts").get(kwame.id).consent_withdrawn_on is not None

    def hidden() -> None:
        assert merge_through_the_menu(window, monkeypatch, out) == []
        text = messages[-1][2]
        assert "0 Empfänger/innen in serienbrief.csv geschrieben." in text
        assert "1 Kontakt ausgelassen: Einwilligung widerrufen." in text and "Kwame" not in text
        names, said = merge_on_the_command_line(window, capsys, tmp_path / "cli.csv")
        assert names == [] and "1 Kontakt ausgelassen: Einwilligung widerrufen." in said and "Kwame" not in said

    hidden()
    # The participant list for the visit leaves him out too (and says so), the free names stay.
    monkeypatch.setattr(actions, "_save_path", lambda *_a: tmp_path / "liste.xlsx")
    window.exchange_actions["exchange_participants"].trigger()
    assert "1 Teilnehmende/r ausgelassen: Einwilligung widerrufen." in messages[-1][2]

    # The test can fail: with the consent rule broken, the withdrawn contact leaks into the file.
    monkeypatch.setattr("partnerdesk.exchange.mail_merge.may_be_written_to", lambda contact, today=None: True)
    with pytest.raises(AssertionError):
        hidden()
