"""Reise → Reisekopie erstellen… and …zusammenführen… on a window connected to the office server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from partnerdesk.persistence.server import open_server_database
from partnerdesk.services import service_for, workspace
from partnerdesk.services.example_data import add_example_data
from partnerdesk.travel import travelfile
from partnerdesk.ui import database_actions
from partnerdesk.ui.travel import actions
from partnerdesk.ui.travel.subset_dialog import SubsetDialog

pytestmark = [
    pytest.mark.usefixtures("postgresql_server"),
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]

KUMASI = "Klimapartnerschaft Dortmund – Kumasi"


@pytest.fixture
def on_server(window, server_database_url):
    db = open_server_database(server_database_url)
    try:
        add_example_data(db)
    finally:
        db.close()
    assert database_actions.open_server(window, workspace.Source.server(server_database_url))
    window.install_extensions()
    return window


def test_a_partial_copy_of_the_server_through_the_window(on_server, monkeypatch, tmp_path, messages, qtbot, make_window):
    window = on_server
    assert window.travel_actions["travel_checkout"].isEnabled()
    assert window.travel_actions["travel_merge"].isEnabled()
    seen = {}

    def tick_kumasi(dialog):
        qtbot.addWidget(dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["titles"] = [dialog.list.item(r).text() for r in range(dialog.list.count())]
        dialog.part.setChecked(True)
        seen["ok_without_choice"] = ok.isEnabled()
        [item] = dialog.list.findItems(KUMASI, Qt.MatchFlag.MatchExactly)
        item.setCheckState(Qt.CheckState.Checked)
        seen["ok_with_choice"] = ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SubsetDialog, "exec", tick_kumasi)
    trip = actions.checkout_travel_copy(window, tmp_path / "trip.pdtravel", passphrase=None, partnerships=actions.ASK)
    assert trip is not None and messages == []
    assert KUMASI in seen["titles"] and len(seen["titles"]) > 1
    assert (seen["ok_without_choice"], seen["ok_with_choice"]) == (False, True)
    with travelfile.open_travel(trip, None) as travel:
        assert travelfile.read_info(travel).subset == (KUMASI,)
        laptop = make_window(travel)
        assert laptop.travel_banner.text().endswith(f"– nur: {KUMASI}")
        laptop.close()
        titles = [p.title for p in service_for(travel, "partnerships").list()]
        assert titles == [KUMASI]
        partnership = service_for(travel, "partnerships").list()[0]
        partnership.notes = "auf Reisen ergänzt"
        service_for(travel, "partnerships").update(partnership)
    reports = []
    result = actions.merge_travel_copy(window, trip, [], report=lambda w, r: reports.append(r))
    assert result is not None and reports == [result] and messages == []
    assert [(e.name, e.fields) for e in result.entries] == [(KUMASI, ["notes"])]
    merged = [p for p in service_for(window.db, "partnerships").list() if p.title == KUMASI][0]
    assert merged.notes == "auf Reisen ergänzt"
    assert len(service_for(window.db, "partnerships").list()) == len(seen["titles"])  # nothing else deleted


def test_cancelling_the_choice_writes_nothing(on_server, monkeypatch, tmp_path):
    monkeypatch.setattr(SubsetDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert actions.checkout_travel_copy(on_server, tmp_path / "trip.pdtravel", passphrase=None,
                                        partnerships=actions.ASK) is None
    assert not (tmp_path / "trip.pdtravel").exists() and not list(tmp_path.glob("*.partial"))


def test_a_reader_takes_a_copy_and_is_told_it_cannot_be_merged_back(
    window, postgresql_server, server_database_url, tmp_path, messages
):
    from partnerdesk.persistence.server_roles import READER

    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    db = open_server_database(server_database_url)
    try:
        add_example_data(db)
    finally:
        db.close()
    postgresql_server.login_role("kaemmerei", "Geheim-2026!", READER)
    reader = postgresql_server.tcp_url(server_database_url, "kaemmerei", "Geheim-2026!")
    assert database_actions.open_server(window, workspace.Source.server(reader))
    window.install_extensions()
    assert window.db.read_only
    assert window.travel_actions["travel_checkout"].isEnabled()
    merge = window.travel_actions["travel_merge"]
    assert not merge.isEnabled() and "Leserecht" in merge.toolTip()
    trip = actions.checkout_travel_copy(window, tmp_path / "trip.pdtravel", passphrase=None)
    assert trip is not None and trip.exists()
    [(kind, _title, text)] = messages
    assert kind == "information" and "nicht geändert oder wieder zusammengeführt" in text
    with travelfile.open_travel(trip, None) as travel:
        assert travel.read_only and not travelfile.read_info(travel).writable
