"""The exchange actions inside the real main window: import with undo, export of the shown register."""

from __future__ import annotations

import openpyxl
import pytest
from icalendar import Calendar
from lxml import etree
from PySide6.QtWidgets import QComboBox, QLineEdit, QWizard

from partnerdesk.services import service_for
from partnerdesk.ui.exchange import actions
from partnerdesk.ui.exchange.import_wizard import PREVIEW_PAGE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def test_actions_are_in_the_file_menu(window):
    names = {a.objectName() for a in window.menu("file").actions()}
    assert {"action_exchange_import", "action_exchange_export", "action_exchange_iati", "action_exchange_ics"} <= names


def test_import_through_the_window_is_one_undo_step(window, qtbot, tmp_path):
    path = tmp_path / "projekte.csv"
    path.write_bytes("Titel;Beginn;Budget (EUR);SDG\nBrunnen für Bondo;01.03.2026;12.500;6\n".encode("cp1252"))
    projects = service_for(window.db, "projects")
    before = projects.count()
    window.tabs.setCurrentWidget(window.panels["projects"])
    wizard = actions.make_import_wizard(window)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.findChild(QComboBox, "import_register").currentData() == "projects"
    wizard.findChild(QLineEdit, "import_path").setText(str(path))
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    wizard.button(QWizard.WizardButton.FinishButton).click()
    actions.finish_import(window, wizard)
    assert projects.count() == before + 1
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert projects.count() == before
    window.undo_stack.redo()
    assert projects.find("Brunnen für Bondo").budget_amount == 12500


def test_export_writes_the_shown_register_with_its_filter_and_columns(window, tmp_path):
    window.tabs.setCurrentWidget(window.panels["projects"])
    panel = window.panels["projects"]
    panel.search.setText("tropfen")
    panel.apply_query()
    out = actions.export_register(window, tmp_path / "projekte.xlsx")
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and "Jeder Tropfen zählt" in rows[1]
    assert rows[0][0] == "ID" and "Titel" in rows[0] and "Budget" in rows[0]
    assert sheet.freeze_panes == "A2"


def test_iati_and_calendar_actions_write_files(window, tmp_path, messages, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    asked = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (asked.append(k["text"]) or ("DE-GOV-05913000", True))))
    xml = actions.export_iati_file(window, tmp_path / "iati.xml")
    root = etree.parse(str(xml)).getroot()
    assert root.get("version") == "2.03" and asked == ["DE-XXX"]
    assert root.find("iati-activity/reporting-org").get("ref") == "DE-GOV-05913000"
    # The identifier is kept in the database: the next export does not ask again.
    again = actions.export_iati_file(window, tmp_path / "again.xml")
    assert asked == ["DE-XXX"]
    written = len(etree.parse(str(again)).getroot().findall("iati-activity"))
    # The message says how many were written (projects known only by a start year are left out, named).
    assert written >= 1 and messages and f"{written} Projekt" in messages[-1][2]
    ics = actions.export_calendar(window, tmp_path / "termine.ics")
    assert Calendar.from_ical(ics.read_bytes()).walk("VEVENT")


@pytest.mark.postgresql
def test_on_a_server_the_exports_read_and_write_off_the_gui_thread(window, tmp_path, messages, monkeypatch, gui_thread_calls):
    from PySide6.QtWidgets import QInputDialog

    from partnerdesk.ui import background

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("DE-GOV-05913000", True)))
    window.tabs.setCurrentWidget(window.panels["projects"])
    on_gui_thread = gui_thread_calls(window.db)
    assert actions.export_register(window, tmp_path / "projekte.xlsx").exists()
    assert actions.export_iati_file(window, tmp_path / "iati.xml").exists()  # the identifier asked and saved
    assert actions.export_calendar(window, tmp_path / "termine.ics").exists()
    if background.is_remote(window.db):
        assert not on_gui_thread, f"database work on the GUI thread: {on_gui_thread}"
    else:
        assert on_gui_thread  # a file answers at once: there it runs where it is asked (the watch sees it)


def test_a_large_import_keeps_the_window_responsive(window, qtbot, tmp_path):
    from PySide6.QtCore import QTimer

    path = tmp_path / "viele.csv"
    path.write_text("Name;Land\n" + "".join(f"Gemeinde {i};Ghana\n" for i in range(6000)), "utf-8")
    window.tabs.setCurrentWidget(window.panels["organisations"])
    wizard = actions.make_import_wizard(window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.findChild(QLineEdit, "import_path").setText(str(path))
    wizard.next()
    wizard.next()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    timer.stop()
    assert len(wizard.import_result.created_ids) == 6000
    assert ticks  # the main thread's event loop ran while the rows were written
