"""One register as a page of the main window: search field, filters and the table.

Typing in the search field filters after a short pause (debounced), across the visible
columns; the filter combos narrow by status, country, type and SDG goal. A click on a
column header sorts in SQL; the header's context menu shows and hides columns. A query
that takes long (a sort no index serves, on a huge register) runs on in the background
with a busy bar beside the count, while the old rows stay usable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.i18n import _, ngettext
from partnerdesk.services.registers import FilterOption, RegisterQuery, RegisterService, filter_label, register_label
from partnerdesk.ui import background
from partnerdesk.ui.bidi import BidiDelegate
from partnerdesk.ui.column_fill import NameColumnFill
from partnerdesk.ui.errors import show_problem, user_errors
from partnerdesk.ui.formatting import format_number
from partnerdesk.ui.models.register_table_model import ID_ROLE, RegisterTableModel

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250


class RegisterTable(QTableView):
    """The table of a register; Enter opens the current record (like a double-click).

    An empty table says why it is empty (``empty_hint``, set by the panel): a white area and
    "0 Datensätze" left a new user wondering whether the search or the database was broken.
    """

    activated_record = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_hint: Callable[[], str] = lambda: ""
        self.painted_hint = ""  # what the last paint showed (for tests and screen readers)

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        model = self.model()
        hint = self.empty_hint() if model is not None and model.rowCount() == 0 else ""
        self.painted_hint = hint
        if hint:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            margin = self.fontMetrics().height()
            painter.drawText(
                self.viewport().rect().adjusted(margin, margin, -margin, -margin),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                hint,
            )
            painter.end()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            record_id = self.currentIndex().data(ID_ROLE)
            if record_id:
                self.activated_record.emit(record_id)
            return
        super().keyPressEvent(event)


class RegisterPanel(QWidget):
    """A register's page. ``selection_changed(ids)`` and ``open_requested(id)`` report the user's moves."""

    selection_changed = Signal(list)
    open_requested = Signal(str)
    query_changed = Signal()

    def __init__(self, service: RegisterService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.kind = service.kind
        self.model = RegisterTableModel(service, self)
        self.model.count_changed.connect(self._show_count)
        self.model.busy_changed.connect(self._show_busy)
        self.model.query_applied.connect(self._query_applied)
        self.model.query_failed.connect(self._query_failed)
        self.model.rows_appended.connect(self._rows_appended)
        self._reveal: _Reveal | None = None  # a record to select once the rows down to it are in
        # What is selected when a background query's rows replace the old ones: the user may
        # have chosen another row while it ran, and that choice is the one to keep.
        self._selection_at_reset: list[str] = []
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self._filters: dict[str, QComboBox] = {}

        self.search = QLineEdit(self)
        self.search.setObjectName(f"search_{self.kind}")
        # Short, so that it is read whole beside four filters; the tab above names the register.
        self.search.setPlaceholderText(_("Search… (Ctrl+F)"))
        self.search.setToolTip(
            _("Searches {register} in the visible columns; capitals and accents do not matter (“dusseldorf” finds “Düsseldorf”).").format(
                register=register_label(self.kind, in_sentence=True)
            )
        )
        self.search.setClearButtonEnabled(True)
        # In a small window it used to be squeezed to "Part…"; it keeps room for "Suchen…" at
        # least (more would widen the window's minimum, which must fit a 200 % laptop screen).
        metrics = self.search.fontMetrics()
        self.search.setMinimumWidth(metrics.horizontalAdvance(_("Search…")) + 2 * metrics.height())
        self.search.setAccessibleName(_("Search"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_query)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_query)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for key in service.filter_keys():
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{self.kind}_{key}")
            combo.setAccessibleName(filter_label(key))
            combo.setToolTip(filter_label(key))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            # The width it asks for: eight letters, six where five filters share the bar (the
            # partnerships' stage filter), so the search field keeps room for its placeholder;
            # "Verantwortlich: alle", "Wiedervorlagen: alle" need six more.
            many = len(service.filter_keys()) > 4
            longer = 6 if key in ("responsible", "follow_ups") else 0
            combo.setMinimumContentsLength((6 if many else 8) + longer)
            # ... but in a narrow window it gives way down to about three letters: eight
            # letters in each of four filters made the window wider than a 200 % laptop screen.
            combo.setMinimumWidth(
                combo.sizeHint().width() - ((4 if many else 5) + longer) * combo.fontMetrics().horizontalAdvance("x"))
            combo.currentIndexChanged.connect(self.apply_query)
            self._filters[key] = combo
            # No stretch: at their eight letters while there is room (the search field takes the
            # rest), below it only when there is not. With a stretch, a layout shrinks them
            # down to their minimum long before the window gets narrow.
            bar.addWidget(combo)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName(f"busy_{self.kind}")
        self.busy_bar.setRange(0, 0)  # indeterminate: SQL cannot say how far it is
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.busy_bar.setAccessibleName(_("Loading…"))
        self.busy_bar.hide()
        bar.addWidget(self.busy_bar)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)

        self.table = RegisterTable(self)
        self.table.setObjectName(f"table_{self.kind}")
        self.table.empty_hint = self.empty_hint
        self.table.setModel(self.model)
        self.table.setItemDelegate(BidiDelegate(self.table))  # Arabic and Hebrew names as in the form
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        swatch = max(8, self.table.fontMetrics().height() * 2 // 3)  # scales with the display
        self.table.setIconSize(QSize(swatch, swatch))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        # The title or name column takes the spare width (it used to go to the last column).
        self.name_fill = NameColumnFill(self.table, naming_section(self.model.columns))
        self._apply_default_layout()
        header.sortIndicatorChanged.connect(self._sort)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated_record.connect(self.open_requested)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed_by_user)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setFocusProxy(self.table)
        # Tab order: search, the filters left to right, then the table.
        chain = [self.search, *self._filters.values(), self.table]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # Loading -------------------------------------------------------------------------------

    def ensure_loaded(self, *, wait: bool = False) -> None:
        """Load the rows the first time the register is shown (``wait``: before returning)."""
        if not self.model.loaded:
            self.apply_query(wait=wait)  # the rows first: the filters' choices are not needed for them
            self.reload_filter_options()

    def reload_filter_options(self) -> None:
        # One statement at most (the countries in use): no read transaction around it on a server.
        for key, options in background.call_one_statement(self.service.db, self.service.filter_options).items():
            combo = self._filters[key]
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            # "" rather than None: PySide6 miscounts references to None kept in item data.
            combo.addItem(_("{filter}: all").format(filter=filter_label(key)), "")
            for option in options:
                combo.addItem(_swatch(option), option.label, option.value)
            index = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def empty_hint(self) -> str:
        """Why the table shows no rows ("" while they are loading)."""
        if not self.model.loaded or self.model.busy:
            return ""
        shown = self.model.query
        if shown.search or shown.active_filters():
            return _("No record matches the search and filters.\nClear the search field or set the filters back to “all”.")
        return _("No records yet. Ctrl+N creates the first one.")

    def current_query(self) -> RegisterQuery:
        wanted = self.model.wanted_query
        sort_key = wanted.sort_column or self.service.default_query().sort_column
        return RegisterQuery(
            self.kind,
            search=self.search.text().strip(),
            filters={k: c.currentData() for k, c in self._filters.items() if c.currentData()},
            sort_column=sort_key,
            descending=wanted.descending,
            search_columns=tuple(self.visible_columns()),
        )

    def apply_query(self, *, wait: bool = False) -> None:
        """Run the current search, filters and sort (keeps the selection where possible).

        ``wait``: the rows are there when this returns, however long the SQL takes (for
        callers that go on to select a record in them).
        """
        self._search_timer.stop()
        self._reveal = None  # the user asked for other rows
        if wait:
            selected = self.selected_ids()
            self.model.set_query(self.current_query())
            self._after_reload(selected)
            self.query_changed.emit()
        else:
            self._request(self.current_query())

    def _request(self, query: RegisterQuery) -> None:
        """Show ``query``: at once, or (a slow one) when the background query is done."""
        selected = self.selected_ids()
        if self.model.request_query(query):
            self._after_reload(selected)
            self.query_changed.emit()

    def _remember_selection(self) -> None:
        self._selection_at_reset = self.selected_ids()

    def _query_applied(self) -> None:
        self._after_reload(self._selection_at_reset)
        self.query_changed.emit()
        with user_errors(self):
            self._go_on_revealing()

    def _rows_appended(self) -> None:
        with user_errors(self):
            self._go_on_revealing()

    def _query_failed(self, exc: BaseException) -> None:
        self._reveal = None
        show_problem(self, exc)

    def _show_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        if busy:
            self.count_label.setText(_("loading…"))
            self.table.viewport().setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.table.viewport().unsetCursor()
            if self.model.total is not None:
                self._show_count(self.model.total)

    def refresh(self) -> None:
        """Reload what is shown (after an edit, F5, focus); a slow query finishes in the background."""
        selected = self.selected_ids()
        if self.model.loaded:
            self.reload_filter_options()
            if not self.model.request_query(self.model.wanted_query, rows=self.model.rowCount()):
                return  # the rows (and the selection) come with query_applied
        self._after_reload(selected)

    def _after_reload(self, selected: list[str]) -> None:
        if self.model.total is None:
            self.count_label.setText(_("counting…"))
        self.select_ids(selected, emit_if_same=True)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(ngettext("{count} record", "{count} records", total).format(count=format_number(total)))

    # Selection -----------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [rid for rid in (self.model.id_at(r) for r in rows) if rid]

    def select_ids(self, ids: list[str], *, emit_if_same: bool = False) -> None:
        """Select the records ``ids`` that are loaded (``reveal`` also finds one further down)."""
        selection = self.table.selectionModel()
        before = self.selected_ids()
        selection.blockSignals(True)
        selection.clearSelection()
        first: QModelIndex | None = None
        for record_id in ids:
            row = self.model.row_of(record_id)
            if row < 0:
                continue
            index = self.model.index(row, 0)
            selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
            first = first or index
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            # Rows just inserted are not yet in the scroll bar's range (the view updates it
            # later): without this a record far down stopped short of the visible area.
            self.table.updateGeometries()
            self.table.scrollTo(first, QAbstractItemView.ScrollHint.EnsureVisible)
        selection.blockSignals(False)
        after = self.selected_ids()
        if after != before or emit_if_same:
            self.selection_changed.emit(after)

    def _selection_changed_by_user(self) -> None:
        # select_ids blocks these signals: this is the user's own choice (click, keys).
        self._reveal = None
        self.selection_changed.emit(self.selected_ids())

    def reveal(self, record_id: str) -> None:
        """Select ``record_id`` and scroll to it, clearing a search or filter that hides it.

        A record far down a huge register needs every row above it: that SQL can take
        seconds, so it runs in the background like a slow sort (busy bar, the window stays
        usable) and the record is selected when the rows are in. A search, filter, sort or
        row the user chooses in the meantime takes over. Errors are raised (or, from the
        background, shown).
        """
        self._reveal = _Reveal(record_id)
        self._go_on_revealing()

    def _go_on_revealing(self) -> None:
        try:
            self._reveal_step()
        except BaseException:
            self._reveal = None
            raise

    def _reveal_step(self) -> None:
        reveal = self._reveal
        while reveal is not None and reveal is self._reveal:
            if self.model.row_of(reveal.record_id) >= 0:
                self._reveal = None
                self.select_ids([reveal.record_id])
                return
            if self.model.busy:
                return  # a query still running: query_applied brings us back
            if not self.model.exhausted:
                if not self.model.load_rest():
                    return  # rows_appended brings us back
                continue
            if reveal.cleared or not self._narrowed():
                self._reveal = None  # not in the register (deleted meanwhile)
                return
            reveal.cleared = True
            self._clear_search_and_filters()
            self._request(self.current_query())

    def _narrowed(self) -> bool:
        return bool(self.search.text().strip()) or any(c.currentIndex() > 0 for c in self._filters.values())

    def _clear_search_and_filters(self) -> None:
        self._search_timer.stop()
        for widget in (self.search, *self._filters.values()):
            widget.blockSignals(True)
        self.search.clear()
        for combo in self._filters.values():
            combo.setCurrentIndex(0)
        for widget in (self.search, *self._filters.values()):
            widget.blockSignals(False)

    def _open_index(self, index: QModelIndex) -> None:
        record_id = index.data(ID_ROLE)
        if record_id:
            self.open_requested.emit(record_id)

    # Columns -------------------------------------------------------------------------------

    def visible_columns(self) -> list[str]:
        header = self.table.horizontalHeader()
        logical = sorted(range(len(self.model.columns)), key=header.visualIndex)
        return [self.model.columns[i].key for i in logical if not header.isSectionHidden(i)]

    def set_column_visible(self, key: str, visible: bool) -> None:
        for i, column in enumerate(self.model.columns):
            if column.key == key:
                if not visible and len(self.visible_columns()) <= 1:
                    return  # keep at least one column
                self.table.horizontalHeader().setSectionHidden(i, not visible)
                self.name_fill.fill()

    def _header_menu(self, pos: Any) -> None:
        self.column_menu().exec(self.table.horizontalHeader().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        menu = QMenu(_("Columns"), self)
        header = self.table.horizontalHeader()
        for i, column in enumerate(self.model.columns):
            action = QAction(column.label, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda checked, key=column.key: self.set_column_visible(key, checked))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(_("Reset columns"), self.reset_columns)
        return menu

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for i in range(header.count()):
            header.moveSection(header.visualIndex(i), i)
        self._apply_default_layout()

    def _apply_default_layout(self) -> None:
        header = self.table.horizontalHeader()
        char = self.table.fontMetrics().averageCharWidth()
        widths = {"date": 11, "int": 7, "money": 14, "goals": 11, "enum": 16, "country": 13, "language": 12}
        naming = self.name_fill.section
        for i, column in enumerate(self.model.columns):
            header.setSectionHidden(i, not column.visible)
            # The naming column gets the room; widths in characters so they scale with the font.
            width = 40 if i == naming else widths.get(column.type, 17)
            header.resizeSection(i, char * width + 16)
        self.name_fill.set_own_width(header.sectionSize(naming))
        default = self.service.default_query()
        keys = [c.key for c in self.model.columns]
        header.blockSignals(True)
        header.setSortIndicator(
            keys.index(default.sort_column or keys[0]),
            Qt.SortOrder.DescendingOrder if default.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    def _sort(self, section: int, order: Qt.SortOrder) -> None:
        if not self.model.columns[section].sortable:
            # Put the indicator back on the column the rows are really sorted by.
            keys = [c.key for c in self.model.columns]
            wanted = self.model.wanted_query
            current = wanted.sort_column or keys[0]
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                keys.index(current),
                Qt.SortOrder.DescendingOrder if wanted.descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        self._reveal = None  # the user asked for another order
        if self.model.loaded:
            query = self.model.sorted_query(section, order)
            if query is not None:
                self._request(query)
        else:
            query = self.model.query
            query.sort_column = self.model.columns[section].key
            query.descending = order == Qt.SortOrder.DescendingOrder

    # Remembered layout -----------------------------------------------------------------------

    def save_state(self) -> bytes:
        """The columns' order, widths (the naming column's own, not its filled width) and sorting."""
        return self.name_fill.save_state()

    def restore_state(self, state: Any) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        ok = header.restoreState(state)
        header.blockSignals(False)
        if not ok:
            self._apply_default_layout()
            return
        self.name_fill.set_own_width(header.sectionSize(self.name_fill.section))
        section = header.sortIndicatorSection()
        if 0 <= section < len(self.model.columns) and self.model.columns[section].sortable:
            self.model.query.sort_column = self.model.columns[section].key
            self.model.query.descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def naming_section(columns: list[Any]) -> int:
    """The column that names a record (title or name; an activity's date comes first)."""
    for i, column in enumerate(columns):
        if column.key in ("title", "name"):
            return i
    return 0


@dataclass(eq=False)
class _Reveal:
    """A record ``RegisterPanel.reveal`` is on its way to."""

    record_id: str
    cleared: bool = False  # the search and filters were cleared to find it


def _swatch(option: FilterOption) -> QIcon:
    if not option.colour:
        return QIcon()
    pixmap = QPixmap(32, 32)  # an icon is scaled down to the combo's icon size
    pixmap.fill(QColor(option.colour))
    return QIcon(pixmap)
