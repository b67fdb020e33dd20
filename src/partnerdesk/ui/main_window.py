"""The main window: five registers, search and filters, relationships, menus.

Other areas plug into it through the public API documented on ``MainWindow``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QSplitter, QTabWidget, QVBoxLayout, QWidget

from partnerdesk import APP_NAME
from partnerdesk.i18n import _
from partnerdesk.services import search_text, workspace
from partnerdesk.services.registers import KINDS, RegisterQuery, RegisterService, register_label
from partnerdesk.services.workspace import ChangeWatch, Database
from partnerdesk.ui import background, database_actions, live_refresh, read_only, safe_place
from partnerdesk.ui.errors import user_errors
from partnerdesk.ui.extensions import install_extensions
from partnerdesk.ui.icons import icon
from partnerdesk.ui.register_panel import RegisterPanel
from partnerdesk.ui.relations_panel import RelationsPanel
from partnerdesk.ui.settings import Settings
from partnerdesk.ui.undo_names import StepNamer
from partnerdesk.ui.window_arrangement import WindowArrangement, char_width

log = logging.getLogger(__name__)

MENU_TITLES: dict[str, Callable[[], str]] = {
    "file": lambda: _("&File"),
    "edit": lambda: _("&Edit"),
    "view": lambda: _("&View"),
    "records": lambda: _("&Records"),
    "documents": lambda: _("&Documents"),
    "travel": lambda: _("&Travel"),
    "privacy": lambda: _("Data &protection"),
    "help": lambda: _("&Help"),
}


class MainWindow(QMainWindow):
    """PartnerDesk's main window.

    Public API for the other areas (stable; extensions get the window in ``install(window)``):

    Attributes and signals
        ``db`` (the open ``Database``), ``settings`` (``Settings``), ``undo_stack`` (``QUndoStack``;
        push commands that write through the services), ``database_changed()`` after File →
        New/Open switched ``db``; ``records_changed(kind)``: emit it after writing records of
        ``kind`` — the window reloads that register (keeping the selection) and the
        relationship panel; ``colleague_changes(entries)`` after others' saves were shown
        (live refresh, no F5); ``selection_changed(kind, ids)`` whenever the selection or the
        register changes; ``refreshed()`` after ``refresh()`` (F5, or the window regained the
        focus after another program wrote): parts beside the registers reload what they show.

    Menus
        ``menu(key)`` for "file", "edit", "view", "records", "documents", "travel", "privacy", "help".
        Add import/export entries to the file menu with ``add_file_action(action)`` (they go
        into their own section before "Beenden"). Menus left empty are hidden.

    Registers
        ``current_register()`` ("partnerships", "projects", "organisations", "contacts",
        "activities"), ``selected_ids()``, ``current_query()`` (a ``RegisterQuery`` with search,
        filters and sort as shown), ``visible_columns()``, ``refresh()`` (reload, keeping the
        selection), ``open_record(kind, id)`` (switch register and select the record),
        ``add_side_tab(widget, title)`` (a tab beside "Beziehungen" about the selected record).

    Editing hooks
        ``set_editor_panel(widget)`` puts a detail panel at the right; ``set_edit_controller(obj)``
        connects "Bearbeiten" → Neu (Ctrl+N), Duplizieren (Ctrl+D), Löschen (Del) and opening a
        record (double-click/Enter) to ``obj.new_record(kind)``, ``obj.duplicate(kind, id)``,
        ``obj.delete(kind, ids)`` and ``obj.edit(kind, id)`` (duck-typed; any may be missing).
        Undo/Redo (Ctrl+Z, Ctrl+Y) act on ``undo_stack``.

    Errors
        Wrap service calls in ``partnerdesk.ui.errors.user_errors(window)``; long work goes
        through ``partnerdesk.ui.tasks.run_with_progress``.
    """

    database_changed = Signal()
    records_changed = Signal(str)
    selection_changed = Signal(str, list)
    refreshed = Signal()
    #: Colleagues' changes just shown in the registers (``HistoryEntry`` list; ``ui.live_refresh``).
    colleague_changes = Signal(list)

    def __init__(self, db: Database, settings: Settings, parent: QWidget | None = None, *, extensions: list[str] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.edit_controller: Any = None
        self.editor_panel: QWidget | None = None
        self._menus: dict[str, QMenu] = {}
        self._actions: dict[str, QAction] = {}
        self._writing_actions: list[QAction] = []
        self._watch: ChangeWatch | None = None
        self.live: live_refresh.LiveRefresh | None = None
        #: The first activation after the database was attached is the window coming up, not the
        #: user coming back from elsewhere: without a change watch it would read everything again.
        self._first_activation = True
        self.setObjectName("main_window")

        self._last_register = KINDS[0]
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("registers")
        self.tabs.setDocumentMode(True)
        self.panels: dict[str, RegisterPanel] = {}
        self.relations = RelationsPanel(db, self)
        self.relations.open_requested.connect(self.open_record)
        self._editor_slot = QWidget(self)
        self._editor_layout = QVBoxLayout(self._editor_slot)
        self._editor_layout.setContentsMargins(0, 0, 0, 0)
        self._editor_slot.hide()
        self.side = QSplitter(Qt.Orientation.Vertical, self)
        self.side.setObjectName("side_splitter")
        self.side.addWidget(self._editor_slot)
        # Beside the form: "Beziehungen" and the other areas' tabs about the selected record ("Verlauf").
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setObjectName("side_tabs")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.relations, _("Relationships"))
        self.relations.title.hide()  # the tab names it
        self.side.addWidget(self.side_tabs)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.arrangement = WindowArrangement(self, self.splitter, self.side, lambda: self.editor_panel is not None)
        self.status_label = QLabel(self)
        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("read_only_label")
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.status_label)

        self._build_menus()
        self._build_toolbar()
        self._build_registers()
        self.tabs.currentChanged.connect(self._register_switched)
        self.records_changed.connect(self._on_records_changed)
        # Shown by live refresh, which also sees changes that left no history: no second reload on activation.
        self.colleague_changes.connect(lambda _entries: self._watch.mark_seen() if self._watch is not None else None)
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_actions())
        self._restore_layout()
        self._attach_database()
        self.install_extensions(extensions)

    def install_extensions(self, names: list[str] | None = None) -> list[str]:
        """Install the other areas' parts (``ui/extensions.py``; ``None``: all of them).

        ``MainWindow(..., extensions=[])`` builds the window without them; the program
        (``ui.app.run``) does that and installs them (once) right after the first paint.
        """
        installed = install_extensions(self, names)
        self._hide_empty_menus()
        self._update_actions()
        return installed

    # Public API ------------------------------------------------------------------------------

    def menu(self, key: str) -> QMenu:
        return self._menus[key]

    def action(self, key: str) -> QAction:
        """A built-in action by name ("new", "delete", "refresh", "search", "backup", ...)."""
        return self._actions[key]

    def mark_writing(self, action: QAction) -> None:
        """``action`` changes the database: disabled, with the reason as its tooltip, while it is read-only."""
        self._writing_actions.append(action)
        self._update_actions()

    def add_file_action(self, action: QAction) -> None:
        self._menus["file"].insertAction(self._import_export_anchor, action)
        self._menus["file"].menuAction().setVisible(True)

    def current_register(self) -> str:
        """The register shown, or the last one shown while another tab ("Anstehend") is."""
        widget = self.tabs.currentWidget()
        for kind, panel in self.panels.items():
            if panel is widget:
                self._last_register = kind
        return self._last_register

    def current_panel(self) -> RegisterPanel:
        return self.panels[self.current_register()]

    def selected_ids(self) -> list[str]:
        return self.current_panel().selected_ids()

    def current_query(self) -> RegisterQuery:
        return self.current_panel().current_query()

    def visible_columns(self) -> list[str]:
        return self.current_panel().visible_columns()

    def refresh(self) -> None:
        """Reload the shown register and the relationship panel, keeping the selection."""
        with user_errors(self):
            reads = self.relations.reads
            self.current_panel().refresh()  # selects again, which shows the relationships again
            for panel in self.panels.values():
                if panel is not self.current_panel() and panel.model.loaded:
                    panel.model.loaded = False  # reloaded when shown next
            if self.relations.reads == reads:  # not read again yet (nothing selected, or rows to come)
                self.relations.refresh()
            self._update_status()
        if self._watch is not None:
            self._watch.mark_seen()
        self.refreshed.emit()

    def open_record(self, kind: str, record_id: str) -> None:
        """Show the register ``kind`` and select the record (clearing a search that hides it)."""
        panel = self.panels[kind]
        self.tabs.setCurrentWidget(panel)
        with user_errors(self):
            panel.ensure_loaded()
            panel.reveal(record_id)  # at once, or when a huge register's rows are in
        panel.table.setFocus()

    def set_editor_panel(self, widget: QWidget) -> None:
        layout = self._editor_layout
        if self.editor_panel is not None:
            layout.removeWidget(self.editor_panel)
            self.editor_panel.setParent(None)
        self.editor_panel = widget
        layout.addWidget(widget)
        self._editor_slot.show()
        self.arrangement.form_added()

    @property
    def narrow(self) -> bool:
        """The form is below the table (a narrow window, see ``window_arrangement``)."""
        return self.arrangement.narrow

    def splitter_state_key(self, name: str) -> str:
        """The settings key of a splitter's ("main_splitter", "side_splitter") state as the window
        is arranged now: side by side (``window/<name>``) or narrow (``window/<name>_narrow``)."""
        return self.arrangement.state_key(name)

    def add_side_tab(self, widget: QWidget, title: str) -> int:
        """A tab beside "Beziehungen" about the selected record (the history's "Verlauf")."""
        return self.side_tabs.addTab(widget, title)

    def set_edit_controller(self, controller: Any) -> None:
        self.edit_controller = controller
        self._update_actions()

    def switch_database(self, db: Database) -> None:
        """Show another database (File → New/Open); the old one is closed."""
        old = self.db
        self._save_layout()
        self._stop_watching()
        self.db = db
        self.undo_stack.clear()
        self.relations.db = db
        for panel in self.panels.values():
            panel.service.db = db
            panel.model.loaded = False
        self._attach_database()
        self.database_changed.emit()
        if old is not db:
            old.close()

    # Building ------------------------------------------------------------------------------

    def _add_action(self, key: str, text: str, slot: Any, shortcut: Any = None, icon_name: str | None = None, menu: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        self._actions[key] = action
        if menu:
            self._menus[menu].addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for key, title in MENU_TITLES.items():
            self._menus[key] = bar.addMenu(title())
            self._menus[key].setObjectName(f"menu_{key}")
        file_menu = self._menus["file"]
        self._add_action("new_database", _("&New database…"), lambda: database_actions.new_database(self), None, "new_database", "file")
        self._add_action("open_database", _("&Open database…"), lambda: database_actions.open_database_dialog(self), QKeySequence.StandardKey.Open, "open_database", "file")
        self._add_action("connect_server", _("&Connect to the office database…"), lambda: database_actions.connect_server_dialog(self), None, None, "file")
        self.recent_menu = file_menu.addMenu(_("Recently opened"))
        self.recent_menu.setObjectName("menu_recent")
        self.recent_menu.aboutToShow.connect(lambda: database_actions.fill_recent_menu(self))
        file_menu.addSeparator()
        self._add_action("backup", _("Create &backup…"), lambda: database_actions.create_backup(self), None, "backup", "file")
        file_menu.addSeparator()
        self._import_export_anchor = file_menu.addSeparator()
        self._add_action("settings", _("&Settings…"), self._show_settings, None, "settings", "file")
        self._add_action("quit", _("&Quit"), self.close, "Ctrl+Q", "quit", "file")

        edit = self._menus["edit"]
        # Alt letters: R/W in German, U/R in English (Duplicate has "p" there, not "u").
        undo = self.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        undo.setIcon(icon("undo"))
        StepNamer(undo, _("&Undo"), _("&Undo: {step}"), self.undo_stack.undoTextChanged)
        redo = self.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(QKeySequence.StandardKey.Redo)])
        redo.setIcon(icon("redo"))
        StepNamer(redo, _("&Redo"), _("&Redo: {step}"), self.undo_stack.redoTextChanged)
        undo.setObjectName("action_undo")
        redo.setObjectName("action_redo")
        self._actions["undo"], self._actions["redo"] = undo, redo
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._add_action("new", _("&New record"), self._new_record, QKeySequence.StandardKey.New, "new", "edit")
        self._add_action("duplicate", _("Du&plicate"), self._duplicate, "Ctrl+D", "duplicate", "edit")
        self._add_action("edit", _("&Edit record"), self._edit_current, None, "edit", "edit")
        self._add_action("delete", _("&Delete…"), self._delete, QKeySequence.StandardKey.Delete, "delete", "edit")
        edit.addSeparator()
        self._add_action("search", _("&Find…"), self._focus_search, QKeySequence.StandardKey.Find, None, "edit")

        view = self._menus["view"]
        self._add_action("refresh", _("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh, "refresh", "view")
        self.columns_menu = view.addMenu(_("&Columns"))
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self._add_action("relations", _("Show &relationships"), self._toggle_side, None, None, "view")
        self._actions["relations"].setCheckable(True)
        self._actions["relations"].setChecked(True)

        records = self._menus["records"]
        for number, kind in enumerate(KINDS, start=1):
            self._add_action(
                f"register_{kind}", register_label(kind), lambda k=kind: self.tabs.setCurrentWidget(self.panels[k]),
                f"Ctrl+{number}", kind, "records",
            )
        records.addSeparator()

        self._add_action("about", _("&About PartnerDesk"), lambda: database_actions.show_about(self), None, "about", "help")
        self._add_action("log_folder", _("Open &log folder"), lambda: database_actions.open_log_folder(self), None, None, "help")

    def _build_toolbar(self) -> None:
        bar = self.addToolBar(_("Main toolbar"))
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for key in ("new", "duplicate", "delete", None, "undo", "redo", None, "refresh", "backup"):
            if key is None:
                bar.addSeparator()
            else:
                bar.addAction(self._actions[key])
        self.toolbar = bar

    def _build_registers(self) -> None:
        for kind in KINDS:
            panel = RegisterPanel(RegisterService(self.db, kind), self.tabs)
            panel.selection_changed.connect(lambda ids, k=kind: self._panel_selection(k, ids))
            panel.open_requested.connect(lambda rid, k=kind: self._open_requested(k, rid))
            self.panels[kind] = panel
            self.tabs.addTab(panel, icon(kind), register_label(kind))

    def _hide_empty_menus(self) -> None:
        for menu in self._menus.values():
            menu.menuAction().setVisible(bool([a for a in menu.actions() if not a.isSeparator()]))

    # Database --------------------------------------------------------------------------------

    def _attach_database(self) -> None:
        self.setWindowTitle(f"{workspace.title(self.db)} – {APP_NAME}{safe_place.title_suffix(self.db)}")
        for note in safe_place.place_notes(self.db):
            self.statusBar().showMessage(note, 20_000)
        source = workspace.source_of(self.db)
        self.setWindowFilePath("" if source.is_server else source.where)
        self.settings.add_recent_file(source.recent_key())
        self._actions["backup"].setToolTip(
            _("An office database on a server is backed up by the IT (pg_dump).") if source.is_server else ""
        )
        why = read_only.reason(self.db)
        self.read_only_label.setText(_("Read only") if why else "")
        self.read_only_label.setToolTip(why or "")
        self.read_only_label.setVisible(why is not None)
        self._update_actions()
        if not background.call(self.db, search_text.is_current, self.db):  # texts folded by an older version: made again, before the watch
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big database takes seconds, once
            try:
                background.call(self.db, search_text.ensure_current, self.db)
            finally:
                QApplication.restoreOverrideCursor()
        try:
            # Single-user mode locks the file exclusively: no other program can change it, and a
            # second long-lived connection would lock this window out of its own database.
            # A server has no file to watch (the watch reads SQLite's data version): activation simply reloads.
            self._watch = None if self.db.single_user or workspace.source_of(self.db).is_server else ChangeWatch(self.db)
        except Exception:  # without the watch, activation simply reloads
            log.warning("no change watch for %s", workspace.full_name(self.db), exc_info=True)
            self._watch = None
        self.live = live_refresh.start(self, self.db)  # colleagues' saves shown without F5
        with user_errors(self):
            self.current_panel().ensure_loaded()
        self._first_activation = not self.isActiveWindow()
        self.relations.show_record(None, None)
        self._update_status()
        self._emit_selection()

    def _update_status(self) -> None:
        panel = self.current_panel()
        self.status_label.setText(workspace.full_name(self.db))
        panel.count_label.setToolTip(workspace.full_name(self.db))

    # Events --------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        # Not ``event()``: a Python override returning bool leaks references to True/False
        # in PySide6 on Python 3.11 until the interpreter aborts.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            first, self._first_activation = self._first_activation, False
            if not (first and self._watch is None):  # a server's window just read what it shows
                QTimer.singleShot(0, self.refresh_if_changed)
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.arrangement.follow_width(event.size().width())

    def refresh_if_changed(self) -> bool:
        """Reload if another program changed the database (cheap when nothing changed)."""
        if self._watch is not None and not self._watch.changed():
            return False
        self.refresh()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._save_layout()
        self._stop_watching()
        super().closeEvent(event)

    def _stop_watching(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    # Slots ---------------------------------------------------------------------------------

    def _register_switched(self, _index: int) -> None:
        with user_errors(self):
            self.current_panel().ensure_loaded()
        self._update_status()
        self._emit_selection()

    def _panel_selection(self, kind: str, ids: list[str]) -> None:
        if kind == self.current_register():
            self._emit_selection()

    def _emit_selection(self) -> None:
        kind, ids = self.current_register(), self.selected_ids()
        with user_errors(self):
            self.relations.show_record(kind, ids[0] if len(ids) == 1 else None)
        self._update_actions()
        self.selection_changed.emit(kind, ids)

    def _open_requested(self, kind: str, record_id: str) -> None:
        controller = self.edit_controller
        if controller is not None and hasattr(controller, "edit"):
            # Selecting already shows the record: Enter or a double-click means "edit it", so the
            # cursor goes into the form (it used to stay in the table, and typing searched rows).
            # After the event: the table takes the focus back when a double-click ends.
            if controller.edit(kind, record_id) and hasattr(controller, "focus_form"):
                QTimer.singleShot(0, controller.focus_form)

    def _on_records_changed(self, kind: str) -> None:
        panel = self.panels.get(kind)
        with user_errors(self):
            current = panel is not None and panel is self.current_panel()
            if panel is not None and current:
                panel.refresh()
            elif panel is not None:
                panel.model.loaded = False
            # The refreshed register selects its records again, which shows their relationships:
            # on a server, reading them a second time would cost another transaction.
            if not (current and background.is_remote(self.db)):
                self.relations.refresh()
        if self._watch is not None:
            self._watch.mark_seen()

    def _controller_call(self, name: str, *args: Any) -> None:
        method = getattr(self.edit_controller, name, None)
        if method is not None:
            with user_errors(self):
                method(*args)

    def _new_record(self) -> None:
        self._controller_call("new_record", self.current_register())

    def _duplicate(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self._controller_call("duplicate", self.current_register(), ids[0])

    def _delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._controller_call("delete", self.current_register(), ids)

    def _edit_current(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self._controller_call("edit", self.current_register(), ids[0])

    def _focus_search(self) -> None:
        search = self.current_panel().search
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()

    def _toggle_side(self) -> None:
        self.side.setVisible(self._actions["relations"].isChecked())

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        for action in self.current_panel().column_menu().actions():
            action.setParent(self.columns_menu)
            self.columns_menu.addAction(action)

    def _show_settings(self) -> None:
        from partnerdesk.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.settings, self).exec()

    def _update_actions(self) -> None:
        controller = self.edit_controller
        ids = self.selected_ids() if self.panels else []
        self._actions["new"].setEnabled(hasattr(controller, "new_record"))
        self._actions["duplicate"].setEnabled(hasattr(controller, "duplicate") and len(ids) == 1)
        self._actions["edit"].setEnabled(hasattr(controller, "edit") and len(ids) == 1)
        self._actions["delete"].setEnabled(hasattr(controller, "delete") and bool(ids))
        writing = [self._actions[key] for key in read_only.WRITE_ACTIONS if key in self._actions]
        read_only.apply_to_actions(writing, self.db)
        read_only.apply_to_actions(self._writing_actions, self.db, enable_again=True)

    # Remembered layout -----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        s = self.settings
        geometry = s.state_bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(round(char_width(self.font()) * 180), self.fontMetrics().height() * 45)
            self._fit_to_screen(0.9)
        else:
            self._fit_to_screen(1.0)  # remembered on a larger screen or at a smaller scale
        state = s.state_bytes("window/state")
        if state is not None:
            self.restoreState(state)
        self.arrangement.restore(s)
        for kind, panel in self.panels.items():
            state = s.state_bytes(f"registers/{kind}/header")
            if state is not None:
                panel.restore_state(state)
        register = s.state_value("window/register", KINDS[0])
        if register in self.panels:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentWidget(self.panels[register])
            self.tabs.blockSignals(False)

    def _fit_to_screen(self, share: float) -> None:
        """Shrink the window to ``share`` of the screen's free area if it is larger.

        The size in font units is right at 100 %; at 150 % or 200 % on a laptop screen it is
        larger than the screen, and the form and the buttons at the right lay outside it.
        """
        free = self.screen().availableGeometry()
        width, height = min(self.width(), int(free.width() * share)), min(self.height(), int(free.height() * share))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def _save_layout(self) -> None:
        s = self.settings
        s.set_state("window/geometry", self.saveGeometry())
        s.set_state("window/state", self.saveState())
        self.arrangement.save(s)
        for kind, panel in self.panels.items():
            s.set_state(f"registers/{kind}/header", QByteArray(panel.save_state()))
        s.set_state("window/register", self.current_register())
        s.sync()
