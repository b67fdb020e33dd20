"""Two windows, one record: a save against a record changed meanwhile is never silent.

Two real ``MainWindow``s on the same file, each with its own ``Database`` (as two running
programs would have), or one window and a real ``partnerdesk`` command-line process:
conflicting saves (each choice of the conflict dialog), F5 and regaining the focus, undo
(Ctrl+Z) of an edit or a deletion after the other window saved, saving a record the other
window deleted.
The conflict dialog is answered through its own buttons by ``Answerer``, which watches
for modal dialogs while the window's ``exec()`` runs; an unexpected dialog is closed and
reported, so a test fails instead of hanging.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import NamedTuple

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from partnerdesk.persistence.database import open_database
from partnerdesk.services import OrganisationService
from window_helpers import close_windows, example_office_with_editors  # tests/ is on the path

from .harness import SRC

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

PASSWORD = "Geheim-2026!"


class Answerer:
    """Answers the modal dialogs that open while it runs, one planned answer after another.

    ``plan`` holds callables ``answer(dialog) -> None`` that click a button of the dialog;
    each dialog seen is recorded in ``seen`` (its class name and, for a conflict, the
    fields it lists). A dialog with no answer left is rejected and recorded as unexpected.
    """

    def __init__(self) -> None:
        self.plan: list = []
        self.seen: list[tuple[str, object]] = []
        self.unexpected: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def expect(self, *answers) -> None:
        self.plan.extend(answers)

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            return
        fields = dialog.changed_fields() if hasattr(dialog, "changed_fields") else getattr(dialog, "text", lambda: "")()
        self.seen.append((type(dialog).__name__, fields))
        if self.plan:
            self.plan.pop(0)(dialog)
        else:
            self.unexpected.append(f"{type(dialog).__name__}: {fields}")
            dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    def stop(self) -> None:
        self.timer.stop()


def click(button_name: str):
    def answer(dialog) -> None:
        getattr(dialog, button_name).click()

    return answer


def click_text(text: str):
    def answer(box: QMessageBox) -> None:
        for button in box.buttons():
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")

    return answer


@pytest.fixture
def answerer(qtbot):
    answers = Answerer()
    yield answers
    answers.stop()
    assert not answers.unexpected, f"dialogs nobody expected: {answers.unexpected}"


@pytest.fixture
def open_window(qtbot, private_data_dir):
    """A real main window with its own ``Database`` on ``path`` (a program of its own)."""
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings

    opened = []

    def open_(path):
        db = _open(path)
        window = MainWindow(db, Settings())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield open_
    close_windows(opened)


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def open_in_form(qtbot, window, record_id):
    window.open_record("organisations", record_id)
    panel = window.editor_panel
    qtbot.waitUntil(lambda: panel.record_id == record_id, timeout=3000)
    return panel


def type_city(qtbot, panel, text):
    edit = panel.form.fields["city"].widget
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)  # ASCII only: QTest aborts on other characters
    assert panel.form.dirty


def save(qtbot, panel) -> None:
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)


def _open(path):
    """A program's own ``Database``: on the file, or (a URL) on the server."""
    if isinstance(path, str):
        from partnerdesk.persistence.server import open_server_database

        return open_server_database(path)
    return open_database(path, automatic_backup=False)


class SharedOffice(NamedTuple):
    """Where window A and window B open the office, and where the test checks what was stored."""

    a: object
    b: object
    stored: object


@pytest.fixture(params=["file", "server"])
def shared_office(request, office):
    """The office's example data in a file, or in a database on the throwaway PostgreSQL server.

    On the server the two windows are two programs on two machines: each logs in over TCP with
    its own password (scram) as a login role of its own, both members of the editors' group role.
    """
    if request.param == "file":
        return SharedOffice(office, office, office)
    url, (yilmaz, novak) = example_office_with_editors(request, PASSWORD, "yilmaz", "novak")
    return SharedOffice(yilmaz, novak, url)


def stored_city(path, record_id):
    db = _open(path)
    try:
        record = OrganisationService(db).get(record_id)
        return record.city, record.version
    finally:
        db.close()


@pytest.mark.parametrize("choice", ["theirs", "overwrite", "keep editing"])
def test_two_windows_edit_one_record(qtbot, shared_office, open_window, answerer, choice):
    office = shared_office.stored
    a, b = open_window(shared_office.a), open_window(shared_office.b)
    assert a.db is not b.db
    if shared_office.a != shared_office.b:  # the server: two login roles, each with its own password
        assert (a.db.user, b.db.user) == ("yilmaz", "novak")
    record = OrganisationService(a.db).find("Umweltamt")
    panel_a, panel_b = open_in_form(qtbot, a, record.id), open_in_form(qtbot, b, record.id)

    # A starts typing; meanwhile B changes the same field and saves.
    activate(qtbot, a)
    type_city(qtbot, panel_a, "Dortmund-Hombruch")
    activate(qtbot, b)
    type_city(qtbot, panel_b, "Dortmund-Mitte")
    save(qtbot, panel_b)
    assert stored_city(office, record.id) == ("Dortmund-Mitte", record.version + 1)

    # A regains the focus (the watch notices B's commit and reloads the registers) but the
    # edit being typed stays in the form; saving it must not silently overwrite B's value.
    activate(qtbot, a)
    qtbot.wait(50)
    assert panel_a.form.fields["city"].widget.text() == "Dortmund-Hombruch" and panel_a.form.dirty
    answerer.expect(
        click({"theirs": "theirs_button", "overwrite": "overwrite_button", "keep editing": "cancel_button"}[choice])
    )
    save(qtbot, panel_a)

    assert answerer.seen == [("ConflictDialog", ["Ort"])], "A's save was not stopped and explained"
    city, version = stored_city(office, record.id)
    shown = panel_a.form.fields["city"].widget.text()
    if choice == "theirs":
        assert (city, version) == ("Dortmund-Mitte", record.version + 1)
        assert shown == "Dortmund-Mitte" and not panel_a.form.dirty
    elif choice == "overwrite":
        assert (city, version) == ("Dortmund-Hombruch", record.version + 2), "the knowing overwrite was not written"
        assert shown == "Dortmund-Hombruch" and not panel_a.form.dirty
        activate(qtbot, b)  # B regains the focus: it shows A's overwrite
        qtbot.waitUntil(lambda: panel_b.form.fields["city"].widget.text() == "Dortmund-Hombruch", timeout=3000)
    else:
        assert (city, version) == ("Dortmund-Mitte", record.version + 1)
        assert shown == "Dortmund-Hombruch" and panel_a.form.dirty, "the typed edit must stay in the form"
        assert "Nicht gespeichert" in panel_a.banner.text()
        # Closing the window asks about the edit still in the form (a modal that must be answered).
        answerer.expect(click_text("Verwerfen"))
        a.close()
        assert answerer.seen[-1][0] == "QMessageBox" and "speichern?" in answerer.seen[-1][1]
        assert not a.isVisible() and stored_city(office, record.id)[0] == "Dortmund-Mitte"


def test_the_other_window_shows_the_change_after_f5_and_on_focus(qtbot, office, open_window, answerer):
    a, b = open_window(office), open_window(office)
    record = OrganisationService(a.db).find("Umweltamt")
    panel_a, panel_b = open_in_form(qtbot, a, record.id), open_in_form(qtbot, b, record.id)

    activate(qtbot, b)
    type_city(qtbot, panel_b, "Dortmund-Mitte")
    save(qtbot, panel_b)
    assert panel_a.form.fields["city"].widget.text() == "Dortmund"

    # F5 in A: the register and the clean form show B's value.
    activate(qtbot, a)
    a.action("refresh").trigger()
    assert panel_a.form.fields["city"].widget.text() == "Dortmund-Mitte"
    assert panel_a.form.base.version == record.version + 1

    # Focus regained: B changes again, A is activated and shows it without F5.
    activate(qtbot, b)
    type_city(qtbot, panel_b, "Dortmund-Hombruch")
    save(qtbot, panel_b)
    activate(qtbot, a)
    qtbot.waitUntil(lambda: panel_a.form.fields["city"].widget.text() == "Dortmund-Hombruch", timeout=3000)
    row = a.current_panel().model.row_of(record.id)
    assert "Dortmund-Hombruch" in [
        a.current_panel().model.index(row, c).data() for c in range(a.current_panel().model.columnCount())
    ] or "city" not in a.visible_columns()
    assert answerer.seen == []


def run_cli(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.run(
        [sys.executable, "-m", "partnerdesk", *args],
        check=False, capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )


@pytest.mark.parametrize("choice", ["theirs", "overwrite"])
def test_window_and_command_line_edit_one_record(qtbot, office, open_window, answerer, tmp_path, choice):
    window = open_window(office)
    record = OrganisationService(window.db).find("Umweltamt")
    panel = open_in_form(qtbot, window, record.id)
    activate(qtbot, window)
    type_city(qtbot, panel, "Dortmund-Hombruch")

    # Meanwhile a colleague imports an archive on the command line that changes the same record.
    archive = tmp_path / "archive.json"
    done = run_cli("--db", str(office), "export", str(archive), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(archive.read_text(encoding="utf-8"))
    for item in data["records"]["organisations"] if "records" in data else data["organisations"]:
        if item["id"] == record.id:
            item["city"] = "Dortmund-Mitte"
    archive.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("--db", str(office), "import", str(archive), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert stored_city(office, record.id) == ("Dortmund-Mitte", record.version + 1)

    answerer.expect(click("theirs_button" if choice == "theirs" else "overwrite_button"))
    save(qtbot, panel)
    assert answerer.seen == [("ConflictDialog", ["Ort"])], "the window's save was not stopped and explained"
    if choice == "theirs":
        assert stored_city(office, record.id) == ("Dortmund-Mitte", record.version + 1)
        assert panel.form.fields["city"].widget.text() == "Dortmund-Mitte"
    else:
        assert stored_city(office, record.id) == ("Dortmund-Hombruch", record.version + 2)


def test_undoing_a_deletion_keeps_what_another_window_saved_since(qtbot, office, open_window, answerer, content_of):
    """A deletes an organisation (its contact is unlinked), B then edits that contact, A presses
    Ctrl+Z: putting the contact back as it was would silently undo B's edit, so undo refuses."""
    from partnerdesk.domain.records import Contact, Organisation
    from partnerdesk.services import service_for

    with open_database(office, automatic_backup=False) as db:
        org = service_for(db, "organisations").create(Organisation(name="Freundeskreis Novi Sad"))
        contact = service_for(db, "contacts").create(
            Contact(name="Jelena Petrovic", organisation_id=org.id, phone="+381 21 111")
        )
    a, b = open_window(office), open_window(office)

    activate(qtbot, a)
    a.open_record("organisations", org.id)
    answerer.expect(click_text("Löschen"))
    a.action("delete").trigger()
    assert answerer.seen[-1][0] == "QMessageBox"
    with open_database(office, automatic_backup=False) as db:
        assert not service_for(db, "organisations").exists(org.id)
        assert service_for(db, "contacts").get(contact.id).organisation_id is None

    activate(qtbot, b)
    b.open_record("contacts", contact.id)
    panel_b = b.editor_panel
    qtbot.waitUntil(lambda: panel_b.record_id == contact.id, timeout=3000)
    phone = panel_b.form.fields["phone"].widget
    phone.selectAll()
    qtbot.keyClick(phone, Qt.Key.Key_Backspace)
    qtbot.keyClicks(phone, "+381 21 222")
    save(qtbot, panel_b)
    before_undo = content_of(office)

    activate(qtbot, a)
    a.action("undo").trigger()
    with open_database(office, automatic_backup=False) as db:
        assert service_for(db, "contacts").get(contact.id).phone == "+381 21 222", "B's edit was undone silently"
    assert content_of(office) == before_undo, "a refused undo must change nothing"
    assert "Rückgängig machen ist nicht möglich" in a.editor_panel.banner.text()


def test_undoing_an_edit_that_another_window_changed_since_is_refused_visibly(qtbot, office, open_window, answerer):
    a, b = open_window(office), open_window(office)
    record = OrganisationService(a.db).find("Umweltamt")
    panel_a, panel_b = open_in_form(qtbot, a, record.id), open_in_form(qtbot, b, record.id)
    activate(qtbot, a)
    type_city(qtbot, panel_a, "Dortmund-Hombruch")
    save(qtbot, panel_a)
    activate(qtbot, b)  # B regains the focus: its clean form shows A's save, B edits on top of it
    qtbot.waitUntil(lambda: panel_b.form.fields["city"].widget.text() == "Dortmund-Hombruch", timeout=3000)
    type_city(qtbot, panel_b, "Dortmund-Mitte")
    save(qtbot, panel_b)
    assert answerer.seen == []

    activate(qtbot, a)
    a.action("undo").trigger()
    assert stored_city(office, record.id) == ("Dortmund-Mitte", record.version + 2), "B's edit was undone silently"
    assert panel_a.form.fields["city"].widget.text() == "Dortmund-Mitte"
    assert "Rückgängig machen ist nicht möglich" in panel_a.banner.text() and panel_a.banner.isVisible()


def test_saving_a_record_the_other_window_deleted_keeps_the_entries_and_does_not_resurrect_it(
    qtbot, office, open_window, answerer
):
    from partnerdesk.domain.records import Organisation
    from partnerdesk.services import service_for

    with open_database(office, automatic_backup=False) as db:
        org = service_for(db, "organisations").create(Organisation(name="Freundeskreis Kumasi"))
    a, b = open_window(office), open_window(office)
    panel_a = open_in_form(qtbot, a, org.id)
    activate(qtbot, a)
    type_city(qtbot, panel_a, "Kumasi")

    activate(qtbot, b)
    b.open_record("organisations", org.id)
    answerer.expect(click_text("Löschen"))
    b.action("delete").trigger()

    activate(qtbot, a)
    save(qtbot, panel_a)
    with open_database(office, automatic_backup=False) as db:
        assert not service_for(db, "organisations").exists(org.id), "the deleted record came back"
    assert "gelöscht" in panel_a.banner.text()
    assert panel_a.form.fields["city"].widget.text() == "Kumasi" and panel_a.form.dirty
    panel_a.revert()  # Esc: the record is gone, the form empties
    assert panel_a.form is None and "gelöscht" in panel_a.placeholder.text()
