"""The history in the window, through the real widgets: the Verlauf tab beside Beziehungen and
Bearbeiten → Verlauf der Datenbank… with its filters, opening and restoring."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import event

from partnerdesk.domain.enums import PartnershipStatus
from partnerdesk.domain.records import Organisation, Partnership, Project
from partnerdesk.services import OrganisationService, PartnershipService, ProjectService
from partnerdesk.services.history import History, batch
from partnerdesk.services.history_writer import record as write_history
from partnerdesk.ui.history import loading
from partnerdesk.ui.models.history_model import DATABASE_COLUMNS, RECORD_COLUMNS, HistoryTableModel


def _changed_project(db) -> Project:
    service = ProjectService(db)
    project = service.find("Jeder Tropfen")
    project.sdg_goals = [6, 11]
    project.budget_amount = Decimal("12500.50")
    project.budget_currency = "EUR"
    project.start_date = date(2026, 3, 1)
    return service.update(project)


def _history_tab(window):
    panel = window.history_panel
    window.side_tabs.setCurrentWidget(panel)
    return panel


def _select(window, kind, record_id):
    window.open_record(kind, record_id)
    assert window.selected_ids() == [record_id]


def test_both_history_models_pass_the_model_tester(example_db, qtmodeltester):
    project = _changed_project(example_db)
    loaded = loading.for_record(example_db, "projects", project.id)
    for columns in (RECORD_COLUMNS, DATABASE_COLUMNS):
        model = HistoryTableModel(columns)
        model.set_entries(loaded.entries, loaded.names)
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
        model.set_entries([])
        qtmodeltester.check(model, force_py=True)


def test_the_verlauf_tab_shows_the_changes_newest_first_in_the_forms_formats(window):
    project = _changed_project(window.db)
    panel = _history_tab(window)
    _select(window, "projects", project.id)

    assert window.side_tabs.tabText(window.side_tabs.indexOf(panel)) == "Verlauf"
    assert window.side_tabs.tabText(0) == "Beziehungen"
    lines = panel.model.line_texts()
    header = [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(panel.model.columnCount())]
    assert header == ["Wann", "Benutzer", "Aktion", "Feld", "Vorher", "Nachher"]
    by_field = {line[3]: line for line in lines}
    assert by_field["Budget"][5] == "12.500,50\xa0€"
    assert by_field["SDG-Ziele"][5] == "6 – Sauberes Wasser und Sanitäreinrichtungen, 11 – Nachhaltige Städte und Gemeinden"
    # The example knows only its start year ("seit 2008"): the day found later sets the year too.
    assert by_field["Beginn"][4:] == ("—", "01.03.2026")
    assert by_field["Startjahr"][4:] == ("2008", "2026")
    first = lines[0]
    assert first[2] == "geändert" and first[0].count(".") == 2 and ":" in first[0]  # 07.12.2026 14:05
    assert lines[-1][2] == "angelegt" and lines[-1][5] == "Jeder Tropfen zählt"
    assert "Änderungen verzeichnet" in panel.note.text()


def test_enum_and_reference_values_are_named_not_coded(window):
    service = PartnershipService(window.db)
    ship = next(p for p in service.list() if p.status != PartnershipStatus.DORMANT)
    old_partner = OrganisationService(window.db).get(ship.partner_id)
    partner = OrganisationService(window.db).create(Organisation(name="Neue Partnerstadt", country="GH"))
    ship.status = PartnershipStatus.DORMANT
    ship.partner_id = partner.id
    service.update(ship)
    panel = _history_tab(window)
    _select(window, "partnerships", ship.id)
    by_field = {line[3]: line for line in panel.model.line_texts() if line[3]}
    assert by_field["Status"][5] == str(PartnershipStatus.DORMANT.label) != "dormant"
    assert by_field["Partner"][4:] == (old_partner.name, "Neue Partnerstadt")


def test_the_tab_reads_only_when_shown_and_again_after_a_save(window, monkeypatch):
    calls = []
    real = loading.for_record
    monkeypatch.setattr(loading, "for_record", lambda *a: calls.append(a[1:]) or real(*a))
    org = OrganisationService(window.db).find("Bondo")
    _select(window, "organisations", org.id)
    assert calls == []  # Beziehungen is shown: the history is not read
    panel = _history_tab(window)
    assert calls == [("organisations", org.id)]
    org.city = "Bondo Town"
    OrganisationService(window.db).update(org)
    window.records_changed.emit("organisations")  # what the form does after saving
    assert len(calls) == 2
    assert panel.model.line_texts()[0][3:] == ("Ort", "Bondo", "Bondo Town")


def test_a_thousand_entries_open_with_a_handful_of_queries(window):
    db = window.db
    org = OrganisationService(db).find("Bondo")
    with batch(), db.write() as session:
        for number in range(1_000):
            before = Organisation(**{**org.__dict__, "population": number})
            after = Organisation(**{**org.__dict__, "population": number + 1})
            write_history(session, "organisations", before, after)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    engine = getattr(db, "read_engine", db.engine)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        panel = _history_tab(window)
        statements.clear()
        _select(window, "organisations", org.id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert panel.model.rowCount() >= 1_000
    history_reads = [s for s in statements if "record_history" in s]
    assert 1 <= len(history_reads) <= 3, history_reads


def _dialog(window, qtbot):
    action = window.findChild(type(window.action("refresh")), "action_database_history")
    assert action is not None and action.text() == "&Verlauf der Datenbank…"
    assert action in window.menu("edit").actions()
    action.trigger()
    from partnerdesk.ui.history.dialog import DatabaseHistoryDialog

    dialog = window.findChild(DatabaseHistoryDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def test_the_dialog_filters_by_register_and_name_typed_in(window, qtbot, monkeypatch):
    _changed_project(window.db)
    dialog = _dialog(window, qtbot)
    assert dialog.model.rowCount() > 0
    searches = []
    real = loading.search
    monkeypatch.setattr(loading, "search", lambda *a: searches.append(a[1]) or real(*a))
    dialog.register.setCurrentIndex(dialog.register.findData("projects"))
    qtbot.keyClicks(dialog.text, "tropfen")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert [(w.kinds, w.text) for w in searches] == [(("projects",), "tropfen")]  # once per Enter
    rows = dialog.model.line_texts()
    assert rows and all(r[3] == "Projekt" and "Tropfen" in r[4] for r in rows)
    assert rows[0][2] == "geändert" and "Budget: — → 12.500,50" in rows[0][5]
    assert "gefunden" in dialog.note.text()


def test_an_impossible_period_is_said_in_german_and_nothing_crashes(window, qtbot):
    dialog = _dialog(window, qtbot)
    before = dialog.model.line_texts()
    qtbot.keyClicks(dialog.since.edit, "31.12.2026")
    qtbot.keyClicks(dialog.until.edit, "01.01.2026")
    qtbot.keyClick(dialog.until.edit, Qt.Key.Key_Return)
    assert dialog.note.text() == (
        "Der Zeitraum ist unmöglich: „bis“ (01.01.2026) liegt vor „von“ (31.12.2026). Es wurde nicht gesucht."
    )
    assert dialog.model.line_texts() == before
    dialog.until.edit.clear()
    qtbot.keyClicks(dialog.until.edit, "31.02.2026")
    assert not dialog.search()
    assert dialog.note.text().startswith("bis: ")
    dialog.since.edit.clear()
    dialog.until.edit.clear()
    qtbot.keyClicks(dialog.since.edit, "01.01.2099")
    assert dialog.search()
    assert dialog.note.text() == "Keine passenden Änderungen verzeichnet." or dialog.model.rowCount() == 0


def test_every_filter_has_an_alt_letter_and_tab_walks_them_in_order(window, qtbot):
    dialog = _dialog(window, qtbot)
    buddies = {label.text(): label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert set(buddies) == {"&Benutzer:", "Re&gister:", "&Von:", "b&is", "&Name:"}
    letters = [text[text.index("&") + 1].lower() for text in [*buddies, dialog.search_button.text(),
                                                                dialog.open_button.text(), dialog.restore_button.text()]]
    assert len(letters) == len(set(letters)), letters
    order = [dialog.user]
    widget = dialog.user
    for _step in range(6):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget is dialog.user.lineEdit():
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order[1:] == [dialog.since.edit, dialog.until.edit, dialog.register, dialog.text, dialog.search_button,
                         dialog.table]


def test_enter_on_an_existing_record_opens_it_in_its_register(window, qtbot):
    _changed_project(window.db)
    dialog = _dialog(window, qtbot)
    dialog.register.setCurrentIndex(dialog.register.findData("projects"))
    dialog.search()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert window.current_register() == "projects"
    assert window.selected_ids() == [dialog.model.entry(0).record_id]


def test_a_deleted_record_is_restored_from_the_dialog(window, qtbot, messages, monkeypatch):
    db = window.db
    org = OrganisationService(db).create(Organisation(name="Kurzlebig e.V.", country="DE"))
    OrganisationService(db).delete(org.id)
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.text, "kurzlebig")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.model.entry(0).operation == "deleted"

    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))  # the question is answered "No"
    assert messages[-1][0] == "question" and "Kurzlebig e.V." in messages[-1][2] and "gelöscht" in messages[-1][2]
    assert not OrganisationService(db).exists(org.id)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    assert dialog.restore_button.shortcut() == QKeySequence("Alt+W")  # "&Wiederherstellen…"
    qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Space)
    assert OrganisationService(db).get(org.id).name == "Kurzlebig e.V."
    assert History(db).for_record("organisations", org.id)[0].operation == "restored"
    assert window.current_register() == "organisations" and window.selected_ids() == [org.id]
    assert dialog.model.entry(0).operation == "restored"  # searched again


def test_a_restore_that_would_break_a_reference_is_refused_naming_it(window, qtbot, messages):
    db = window.db
    partner = OrganisationService(db).create(Organisation(name="Gemeinde Ohnepartner", country="GH"))
    ship = PartnershipService(db).create(Partnership(title="Vergangene Partnerschaft", partner_id=partner.id))
    project = ProjectService(db).create(Project(title="Verwaistes Projekt", partnership_id=ship.id))
    ProjectService(db).delete(project.id)
    PartnershipService(db).delete(ship.id)
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.text, "Verwaistes")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    kind, _title, text = messages[-1]
    assert kind == "warning" and "Verwaistes Projekt" in text and "Partnerschaft „Vergangene Partnerschaft“" in text
    assert not ProjectService(db).exists(project.id)


@pytest.mark.postgresql
def test_on_a_server_the_tab_and_the_restore_work_off_the_gui_thread(make_window, db, qtbot, monkeypatch):
    from partnerdesk.services.example_data import add_example_data

    add_example_data(db)
    window = make_window(db)
    org = OrganisationService(db).create(Organisation(name="Serverstadt", country="DE"))
    org.city = "Neustadt"
    OrganisationService(db).update(org)
    panel = _history_tab(window)
    _select(window, "organisations", org.id)
    assert panel.model.line_texts()[0][3:] == ("Ort", "—", "Neustadt")
    OrganisationService(db).delete(org.id)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.text, "Serverstadt")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    assert OrganisationService(db).get(org.id).city == "Neustadt"


def test_on_a_read_only_database_restoring_is_disabled_with_the_reason(window, qtbot):
    org = OrganisationService(window.db).create(Organisation(name="Kurzlebig e.V.", country="DE"))
    OrganisationService(window.db).delete(org.id)
    window.db.read_only = True
    window.db.read_only_reason = "nur Lesezugriff (Test)."
    dialog = _dialog(window, qtbot)
    assert dialog.model.entry(0).operation == "deleted"
    assert not dialog.restore_button.isEnabled()
    assert "nur Lesezugriff (Test)." in dialog.restore_button.toolTip()
    assert dialog.open_button.isEnabled()


def test_the_chosen_side_tab_is_remembered(make_window, example_db):
    first = make_window(example_db)
    assert first.side_tabs.currentIndex() == 0  # Beziehungen on a first start
    _history_tab(first)
    again = make_window(example_db)
    assert again.side_tabs.currentWidget() is again.history_panel
    again.side_tabs.setCurrentIndex(0)
    assert make_window(example_db).side_tabs.currentIndex() == 0
