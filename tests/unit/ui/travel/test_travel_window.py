"""Travel copies through the real main window: create, open (banner), merge with the conflict dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services import service_for
from partnerdesk.travel import travelfile
from partnerdesk.ui.travel import actions
from partnerdesk.ui.travel.conflict_dialog import ConflictDialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

PASSPHRASE = "Reise-Passwort-2026"


def bondo(db):
    return [o for o in service_for(db, "organisations").list() if o.name == "Bondo"][0]


def set_notes(db, text):
    org = bondo(db)
    org.notes = text
    service_for(db, "organisations").update(org)


def test_menu_entries(window):
    names = [a.objectName() for a in window.menu("travel").actions()]
    assert names[:2] == ["action_travel_checkout", "action_travel_merge"]
    assert window.menu("travel").menuAction().isVisible()
    assert not window.travel_banner.isVisible()


def test_create_open_and_merge_through_the_window(window, make_window, qtbot, tmp_path, messages):
    trip = actions.checkout_travel_copy(window, tmp_path / "trip", passphrase=PASSPHRASE)
    assert trip == tmp_path / "trip.pdtravel" and trip.exists()

    # On the laptop: the window opens it like any database and says it is a travel copy.
    assert actions.open_travel_interactive(window, trip, ["falsch-falsch"]) is None
    travel = actions.open_travel_interactive(window, trip, ["falsch-falsch", PASSPHRASE])
    laptop = make_window(travel)
    laptop.show()
    assert "Reisekopie" in laptop.windowTitle()
    assert laptop.travel_banner.isVisible()
    assert "Reisekopie von" in laptop.travel_banner.text()
    assert not laptop.travel_actions["travel_merge"].isEnabled()
    set_notes(laptop.db, "auf Reisen")
    laptop.close()
    travel.close()

    set_notes(window.db, "im Büro")
    seen = {}

    def decide_in_dialog(parent, conflicts, names):
        dialog = ConflictDialog(conflicts, parent, names)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.all_travel, Qt.MouseButton.LeftButton)
        assert dialog.merge_button.isEnabled()
        seen["rows"] = dialog.table.rowCount()
        return dialog.decisions()

    reports = []
    result = actions.merge_travel_copy(window, trip, [PASSPHRASE], decide=decide_in_dialog,
                                       report=lambda w, r: reports.append(r))
    assert seen["rows"] == 1 and reports == [result]
    assert bondo(window.db).notes == "auf Reisen"
    assert messages == []


def test_cancelling_the_conflict_dialog_changes_nothing(window, tmp_path, content_of):
    trip = actions.checkout_travel_copy(window, tmp_path / "trip.pdtravel", passphrase=None)
    with travelfile.open_travel(trip, None) as travel:
        set_notes(travel, "auf Reisen")
    set_notes(window.db, "im Büro")
    before = content_of(window.db.path)
    assert actions.merge_travel_copy(window, trip, decide=lambda *a: None, report=lambda *a: None) is None
    assert content_of(window.db.path) == before


def test_wrong_passphrase_in_the_window_is_reported(window, tmp_path, messages, content_of):
    trip = actions.checkout_travel_copy(window, tmp_path / "trip.pdtravel", passphrase=PASSPHRASE)
    before = content_of(window.db.path)
    assert actions.merge_travel_copy(window, trip, ["a"] * actions.MAX_TRIES) is None
    assert messages and "Passphrase ist falsch" in messages[-1][2]
    assert content_of(window.db.path) == before


def test_file_open_takes_a_travel_copy_and_skips_office_only_work(window, tmp_path):
    from partnerdesk.ui import database_actions

    trip = actions.checkout_travel_copy(window, tmp_path / "trip.pdtravel", passphrase=None)
    office = window.db
    assert database_actions.open_path(window, trip)
    assert window.db.cipher is not None and "Reisekopie" in window.windowTitle()
    assert not window.travel_banner.isHidden()
    assert not window.travel_actions["travel_checkout"].isEnabled()
    # Office-only background work does not touch the travel file with the other SQLite library.
    database_actions.check_pages_in_background(window).join(5)
    database_actions.automatic_backup_in_background(window).join(5)
    assert not (trip.parent / "backups").exists()
    # A backup of a travel copy is an equally protected copy.
    copy = database_actions._backup(trip, tmp_path / "copy.pdtravel", window.db.cipher)
    with travelfile.open_travel(copy, None) as copied:
        assert travelfile.read_info(copied).checkout_id == travelfile.read_info(window.db).checkout_id
    assert database_actions.open_path(window, office.path)  # back at the office: the banner goes
    assert window.travel_banner.isHidden() and window.travel_actions["travel_checkout"].isEnabled()


def test_encrypted_backup_of_a_travel_copy_stays_encrypted(tmp_path, example_db):
    from partnerdesk.persistence import encrypted

    trip = tmp_path / "trip.pdtravel"
    travelfile.checkout(example_db, trip, PASSPHRASE)
    with travelfile.open_travel(trip, PASSPHRASE) as travel:
        copy = encrypted.backup_to(trip, tmp_path / "copy.pdtravel", travel.cipher)
    data = copy.read_bytes()
    assert b"SQLite format 3" not in data[:16] and b"Bondo" not in data
    with travelfile.open_travel(copy, PASSPHRASE) as reopened:
        assert bondo(reopened).name == "Bondo"
