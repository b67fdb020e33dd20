"""The window for a login that may only read: nothing invites a change that would then fail.

The database here is a file marked read-only the way a reader's login on the server is
(``db.read_only``); the PostgreSQL lane logs in as a real reader role
(tests/postgresql/test_server_roles.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

from partnerdesk.services import service_for

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")

REASON = "Sie sind als kaemmerei nur mit Leserecht angemeldet: Änderungen sind nicht möglich."


def _read_only(db):
    db.read_only = True
    db.read_only_reason = REASON
    return db


def test_write_actions_are_disabled_with_the_reason_and_the_form_is_read_only(qtbot, make_window, example_db, messages,
                                                                            db_path, content_of):
    before = content_of(db_path)
    window = make_window(_read_only(example_db))
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    panel = window.panels["organisations"]
    window.open_record("organisations", panel.model.id_at(0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # opening a record to look at it still works
    for key in ("new", "duplicate", "delete", "undo", "redo"):
        action = window.action(key)
        assert not action.isEnabled(), key
        assert action.toolTip() == "Nicht möglich: " + REASON, key
    importing = window.exchange_actions["exchange_import"]
    assert not importing.isEnabled() and REASON in importing.toolTip()
    assert window.exchange_actions["exchange_export"].isEnabled()  # reading is fine
    assert not window.travel_actions["travel_merge"].isEnabled()
    assert window.read_only_label.isVisibleTo(window) and window.read_only_label.text() == "Nur lesen"

    editor = window.editor_panel
    form = editor.form
    assert form is not None and form.kind == "organisations"
    name = form.fields["name"].widget
    assert isinstance(name, QLineEdit) and name.isReadOnly()
    for widget in form.findChildren(QComboBox) + form.findChildren(QAbstractButton):
        assert not widget.isEnabled(), widget
    for widget in form.findChildren(QTextEdit) + form.findChildren(QPlainTextEdit):
        assert widget.isReadOnly()
    qtbot.keyClicks(name, "Neu")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.save_button.isEnabled() and REASON in editor.save_button.toolTip()
    assert not editor.is_dirty()
    window.action("new").trigger()  # disabled: does nothing
    window.action("delete").trigger()
    assert messages == []  # never an error after the fact
    assert content_of(db_path) == before


def test_a_writable_database_gets_the_actions_back(qtbot, make_window, example_db, tmp_path):
    from partnerdesk.persistence.database import create_database

    window = make_window(_read_only(example_db))
    writable = create_database(tmp_path / "zweite.sqlite")
    service_for(writable, "organisations")  # an empty, writable database
    window.switch_database(writable)
    assert window.action("new").isEnabled()
    assert "Nicht möglich" not in window.action("new").toolTip()
    assert window.exchange_actions["exchange_import"].isEnabled()
    assert not window.read_only_label.isVisibleTo(window)
