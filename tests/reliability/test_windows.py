"""The window: a refused place offers a local copy (or keeps the current database); the
expert override's single-user mode is named in the title bar and the window works in it.

Two windows editing one record: ``test_two_windows.py``."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox

from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.services import OrganisationService
from partnerdesk.services.example_data import add_example_data

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def settings(private_data_dir):
    from partnerdesk.ui.settings import Settings

    return Settings()


@pytest.fixture
def make_window(qtbot, settings):
    from partnerdesk.ui.main_window import MainWindow

    def make(db):
        window = MainWindow(db, settings)
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def boxes(monkeypatch):
    """Answer message boxes with the button of a given text; record what they said."""
    said: list[str] = []
    choice = {"button": None}

    def fake_exec(box: QMessageBox) -> int:
        said.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == choice["button"]:
                button.click()
                return 0
        box.reject()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: said.append(a[2])))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a, **k: said.append(a[2])))

    def answer(text):
        choice["button"] = text
        return said

    return answer


@pytest.fixture
def office(tmp_path):
    db = create_database(tmp_path / "office.sqlite")
    add_example_data(db)
    return db


@pytest.fixture
def synced(tmp_path):
    folder = tmp_path / "Nextcloud"
    folder.mkdir()
    db = create_database(tmp_path / "team.sqlite")
    add_example_data(db)
    OrganisationService(db).create(__import__("partnerdesk.domain.records", fromlist=["Organisation"]).Organisation(name="Nur im Team"))
    db.close()
    (tmp_path / "team.sqlite").rename(folder / "team.sqlite")
    return folder / "team.sqlite"


def test_refused_place_offers_a_local_copy(make_window, office, synced, boxes, private_data_dir, content_of):
    from partnerdesk.ui import database_actions

    window = make_window(office)
    before = content_of(synced)
    said = boxes("Lokale Kopie verwenden")
    assert database_actions.open_path(window, synced) is True
    assert "Nextcloud" in said[0] and "synchronisiert" in said[0]
    assert window.db.path.parent == private_data_dir / "Lokale Kopien"
    assert OrganisationService(window.db).find("Nur im Team")
    assert any("lokalen Kopie" in s for s in said)
    assert content_of(synced) == before
    assert window.windowTitle().startswith("team.sqlite")


def test_declining_the_copy_keeps_the_current_database(make_window, office, synced, boxes):
    from partnerdesk.ui import database_actions

    window = make_window(office)
    boxes("Abbrechen")
    assert database_actions.open_path(window, synced) is False
    assert window.db is office


def test_single_user_mode_is_named_in_the_title_and_the_window_works_in_it(make_window, tmp_path, qtbot):
    """One exclusive connection that the window's threads (register counts) share: no waiting on itself."""
    from PySide6.QtCore import Qt

    path = tmp_path / "expert.sqlite"
    filled = create_database(path)
    add_example_data(filled)
    filled.close()
    db = open_database(path, single_user=True, automatic_backup=False)
    try:
        window = make_window(db)
        window.show()
        assert window.windowTitle() == "expert.sqlite – PartnerDesk – Einzelplatzmodus (unsicherer Ort)"
        record = OrganisationService(db).find("Umweltamt")
        window.open_record("organisations", record.id)
        panel = window.editor_panel
        assert panel.record_id == record.id
        city = panel.form.fields["city"].widget
        city.selectAll()
        qtbot.keyClick(city, Qt.Key.Key_Backspace)
        qtbot.keyClicks(city, "Dortmund-Eving")
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
        assert OrganisationService(db).get(record.id).city == "Dortmund-Eving"
        for kind in ("projects", "contacts", "activities", "partnerships", "organisations"):
            window.tabs.setCurrentWidget(window.panels[kind])
            qtbot.waitUntil(lambda k=kind: window.panels[k].model.total is not None, timeout=5000)
        window.action("refresh").trigger()
        window.close()
    finally:
        db.close()
