"""Datei → Bürodatenbank verbinden… with the real window and dialogs, against the throwaway server:
the title bar and the recent list show the server, a password is asked only when the server wants
one, file-only actions say what to use instead."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLabel

from partnerdesk.services import workspace
from partnerdesk.ui import database_actions
from partnerdesk.ui.server_dialogs import ConnectDialog, PasswordDialog

pytestmark = pytest.mark.usefixtures("postgresql_server")


def _type_into_connect_dialog(monkeypatch, text):
    shown: list[ConnectDialog] = []

    def exec_(dialog):
        shown.append(dialog)
        dialog.address.setText(text)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConnectDialog, "exec", exec_)
    return shown


def _answer_password_dialogs(monkeypatch, answers):
    """Each password dialog gets the next (password, remember) typed in; ``None`` cancels."""
    shown: list[PasswordDialog] = []
    queue = list(answers)

    def exec_(dialog):
        shown.append(dialog)
        answer = queue.pop(0)
        if answer is None:
            return QDialog.DialogCode.Rejected
        dialog.password.setText(answer[0])
        dialog.remember.setChecked(answer[1])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PasswordDialog, "exec", exec_)
    return shown


def test_connecting_shows_the_server_in_the_title_recent_list_and_status(
    window, monkeypatch, server_database_url, messages
):
    from sqlalchemy.engine import make_url

    office_file = workspace.source_of(window.db)
    _type_into_connect_dialog(monkeypatch, server_database_url)
    monkeypatch.setattr(PasswordDialog, "exec", lambda d: pytest.fail("asked for a password"))
    assert database_actions.connect_server_dialog(window)
    assert workspace.is_server(window.db)
    url = make_url(server_database_url)
    assert window.windowTitle() == (
        f"Bürodatenbank {url.database} auf {url.query['host']} – angemeldet als partnerdesk – PartnerDesk"
    )
    assert window.settings.recent_files()[0] == f"server:{server_database_url}"
    # The office file is in the recent list; back to it, and the server is listed with its name.
    database_actions.fill_recent_menu(window)
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts == [f"&1 {office_file.path.name}"]
    window.recent_menu.actions()[0].trigger()
    assert not workspace.is_server(window.db)
    database_actions.fill_recent_menu(window)
    [server_entry] = window.recent_menu.actions()
    port = f":{url.port}" if url.port else ""
    assert server_entry.text().startswith(f"&1 Bürodatenbank postgresql://partnerdesk@{port}/{url.database}")
    server_entry.trigger()
    assert workspace.is_server(window.db) and messages == []


def test_file_only_actions_on_a_server_say_what_to_use_instead(window, monkeypatch, server_database_url, messages):
    assert database_actions.open_server(window, workspace.Source.server(server_database_url))
    assert "pg_dump" in window._actions["backup"].toolTip()
    database_actions.create_backup(window)
    [(kind, _title, text)] = messages
    assert kind == "warning" and 'pg_dump --format=custom --file="partnerdesk.dump"' in text
    window.install_extensions()
    assert window.travel_actions["travel_checkout"].isEnabled()  # travel copies come from servers too
    # The background work of a file has nothing to do on a server (and no db.path to trip over).
    database_actions.check_pages_in_background(window).join(5)
    database_actions.automatic_backup_in_background(window).join(5)
    assert len(messages) == 1


def test_a_password_dialog_appears_only_when_asked_and_a_wrong_one_is_said(
    window, monkeypatch, password_login, memory_keyring, messages
):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = password_login("richtig-geheim")
    office = window.db
    shown = _answer_password_dialogs(monkeypatch, [("falsch", False), ("richtig-geheim", True)])
    assert database_actions.open_server(window, workspace.Source.server(url))
    assert len(shown) == 2
    problem = shown[1].findChild(QLabel, "password_problem")
    assert problem is not None and "falsch oder abgelaufen" in problem.text()
    assert "angemeldet als pw_" in window.windowTitle()
    assert list(memory_keyring.passwords.values()) == ["richtig-geheim"]  # remembered on request only
    assert messages == []
    assert window.db is not office


def test_cancelling_the_password_keeps_the_open_database(window, monkeypatch, password_login, messages):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = password_login("richtig-geheim")
    office = window.db
    _answer_password_dialogs(monkeypatch, [None])
    assert not database_actions.open_server(window, workspace.Source.server(url))
    assert window.db is office
    [(kind, title, text)] = messages
    assert (kind, title) == ("critical", "Problem mit der Bürodatenbank") and "abgebrochen" in text


def test_an_unknown_host_is_a_dialog_saying_what_to_check(window, monkeypatch, messages):
    _type_into_connect_dialog(monkeypatch, "postgresql://no-such-host.invalid/partnerdesk")
    office = window.db
    assert not database_actions.connect_server_dialog(window)
    assert window.db is office
    [(_kind, title, text)] = messages
    assert title == "Problem mit der Bürodatenbank" and "ist unbekannt" in text and "Rechnernamen" in text


def test_the_window_starts_on_the_server_named_on_the_command_line(server_database_url, tmp_path):
    import argparse

    from partnerdesk.ui.app import start_source

    args = argparse.Namespace(server="partnerdesk")
    assert start_source(None, args) == workspace.Source.server("partnerdesk")
    assert start_source(tmp_path / "a.sqlite", argparse.Namespace()) == workspace.Source.file(tmp_path / "a.sqlite")


def test_the_window_opens_a_server_at_start_and_asks_its_password(monkeypatch, password_login, messages):
    from partnerdesk.ui.app import _open_at_start

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = password_login("richtig-geheim")
    shown = _answer_password_dialogs(monkeypatch, [("richtig-geheim", False)])
    db = _open_at_start(workspace.Source.server(url), None)
    try:
        assert db is not None and workspace.is_server(db) and len(shown) == 1
    finally:
        if db is not None:
            db.close()


def test_the_settings_dialog_refuses_a_default_server_that_is_no_name_or_address(qtbot, settings, messages):
    from partnerdesk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.editors["default_server"].setText("db.stadt.example:5432")
    dialog.accept()
    assert messages and "weder ein Dienstname" in messages[-1][2]
    assert settings.get("default_server") == "" and workspace.configured_server() == ""
    dialog.editors["default_server"].setText("partnerdesk")
    dialog.accept()
    assert workspace.default_source() == workspace.Source.server("partnerdesk")
