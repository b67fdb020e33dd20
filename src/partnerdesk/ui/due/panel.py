"""The "Anstehend" tab: what is due, overdue first in red, each record one Enter away.

Installed as a window extension (``ui/extensions.py``): the tab goes first among the
registers; the window switches to it at start when something is overdue (setting
"open_on_due"). The list is read again after every save (``records_changed``), on F5 and
when live refresh showed colleagues' changes. Follow-ups are ticked done here (undo puts
them back).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.due import DueItem
from partnerdesk.domain.records import Contact
from partnerdesk.i18n import _, ngettext
from partnerdesk.services import due, me, responsible
from partnerdesk.services.records import ContactService
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background
from partnerdesk.ui.due.follow_ups_view import FollowUpsView, toggle_done
from partnerdesk.ui.due.model import ITEM_ROLE, DueModel, OpenOnEnterTable, show_beside
from partnerdesk.ui.errors import user_errors


def _read(db: Database, today: date, mine: bool, known: tuple[list[Contact], str | None] | None,
          ) -> tuple[list[Contact], str | None, list[DueItem], dict[str, str]]:
    """Everything the tab shows, in one call (on a server one read transaction, off the GUI thread):
    the city's staff for "Ich bin" and who "I" am (read once per database: ``known`` once read),
    the items, and the names of those responsible."""
    staff, me_id = known if known is not None else (responsible.city_staff(db), me.me(db))
    items = [] if mine and me_id is None else due.due_list(db, today, responsible_id=me_id if mine else None)
    names = {c.id: c.name for c in staff}
    missing = sorted({i.responsible_id for i in items if i.responsible_id} - set(names))
    if missing:
        names.update({c.id: c.name for c in ContactService(db).get_many(missing)})
    return staff, me_id, items, names


class DuePanel(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__(window.tabs)
        self.main = window
        self.setObjectName("due_panel")
        self.loaded = False
        #: The staff and "me", read once per database (each a round trip on a server): again after
        #: a change of database, of "Ich bin", or of contacts.
        self._known: tuple[list[Contact], str | None] | None = None
        self.model = DueModel(self)
        #: What "today" is (the benchmark sets the day its data was generated for).
        self.clock: Callable[[], date] = date.today
        self.today = self.clock()
        self.me_id: str | None = None
        self.mine = QCheckBox(_("only mine"), self)
        self.mine.setObjectName("due_mine")
        self.me_box = QComboBox(self)
        self.me_box.setObjectName("due_me")
        self.me_box.setToolTip(_("The contact you are (of a city unit): the default responsible person and “mine”"))
        self.done_button = QPushButton(_("Tick done"), self)
        self.done_button.setObjectName("due_done")
        self.done_button.setToolTip(_("Tick the selected follow-up done (Ctrl+Z undoes it)"))
        self.summary = QLabel(self)
        # Narrow: the register tabs share this tab widget, whose width is its widest page's.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.me_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.me_box.setMinimumContentsLength(10)
        self.table = OpenOnEnterTable(self, self.model, self.open_current, "due_table")
        header = self.table.horizontalHeader()
        # Date and state are as wide as their widest text, measured here (``_fit_columns``): Qt's
        # ResizeToContents asks the model for a thousand rows' cells and cost more than reading the list.
        # Kind, text and record share what is left (beside the form, about 600 pixels, fixed widths
        # for kind and record left the text "Letz…"); the full texts are in the tooltips.
        char = self.fontMetrics().averageCharWidth()
        for column in (2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column, chars in ((0, 10), (1, 20), (5, 10)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, chars * char + 16)
        bar = QHBoxLayout()
        bar.addWidget(self.summary)
        bar.addStretch(1)
        bar.addWidget(QLabel(_("I am:"), self))
        bar.addWidget(self.me_box)
        bar.addWidget(self.mine)
        bar.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.mine.toggled.connect(lambda _on: self.refresh())
        self.me_box.activated.connect(self._me_chosen)
        self.done_button.clicked.connect(self.tick_done)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._current_changed())

    # Reading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.loaded = True
        db = self.main.db
        self.today = self.clock()
        with user_errors(self):
            staff, self.me_id, items, names = background.call(db, _read, db, self.today, self.mine.isChecked(), self._known)
            self._known = (staff, self.me_id)
            self._fill_me(staff)
            self.model.set_items(items, self.today, names)
            self._fit_columns()
        if self.mine.isChecked() and self.me_id is None:
            self.summary.setText(_("Choose who you are (“I am”) to see only your items."))
        else:
            overdue = sum(1 for i in self.model.items if i.is_overdue(self.today))
            self.summary.setText(ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue) + " · "
                                 + ngettext("{n} item", "{n} items", len(self.model.items)).format(n=len(self.model.items)))
        self._update_button()

    def _fit_columns(self) -> None:
        """Date and state as wide as their widest text (the state's is the item most overdue or
        furthest ahead: the most digits), the header's label included."""
        items, header = self.model.items, self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        padding = 2 * self.table.style().pixelMetric(self.table.style().PixelMetric.PM_HeaderMargin) + 8
        extremes = [items[0], items[-1]] if items else []  # sorted by date: the oldest and the newest
        for column, texts in ((0, ["00.00.0000"]), (1, [due.overdue_text(i, self.today) for i in extremes])):
            label = self.model.headerData(column, Qt.Orientation.Horizontal)
            width = max(metrics.horizontalAdvance(t) for t in [*texts, label]) + padding
            header.resizeSection(column, width)

    def overdue_count(self) -> int:
        return sum(1 for i in self.model.items if i.is_overdue(self.today))

    def _fill_me(self, staff: list[Any]) -> None:
        self.me_box.blockSignals(True)
        self.me_box.clear()
        self.me_box.addItem(_("(nobody chosen)"), None)
        for contact in staff:
            self.me_box.addItem(contact.name, contact.id)
        found = self.me_box.findData(self.me_id)
        self.me_box.setCurrentIndex(max(found, 0))
        self.me_box.blockSignals(False)

    def forget_people(self) -> None:
        """Read the staff and "me" again at the next refresh (contacts or the database changed)."""
        self._known = None

    def _me_chosen(self, index: int) -> None:
        with user_errors(self):
            me.choose(self.main.db, self.me_box.itemData(index))
        self.forget_people()
        self.refresh()

    # Acting ------------------------------------------------------------------------------------

    def current_item(self) -> DueItem | None:
        item = self.table.current_row(ITEM_ROLE)
        return item if isinstance(item, DueItem) else None

    def open_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        opener = OTHER_OPENERS.get(item.record_kind)
        if opener is not None:  # not a register's record (a travel copy): its own dialog
            opener(item)
        else:
            self.main.open_record(item.record_kind, item.record_id)

    def tick_done(self) -> None:
        item = self.current_item()
        if item is None or item.item_id is None:
            return
        with user_errors(self):
            toggle_done(self.main, item.record_id, item.item_id, True, item.text)

    def _current_changed(self) -> None:
        self._update_button()
        self.show_current_beside()

    def show_current_beside(self) -> None:
        """The selected item's record in the form and relationships (only while this tab is in front)."""
        item = self.current_item()
        if item is not None and item.record_kind not in OTHER_OPENERS and self.main.tabs.currentWidget() is self:
            show_beside(self.main, item.record_kind, item.record_id)  # a travel copy has no form: Enter opens it

    def _update_button(self) -> None:
        item = self.current_item()
        self.done_button.setEnabled(item is not None and item.item_id is not None)


#: How a line of a kind that is no register opens (``record_kind`` -> function of the item), e.g.
#: "travel_copies" (``ui.privacy.keep_actions``).
OTHER_OPENERS: dict[str, Callable[[DueItem], None]] = {}


def install(window: Any) -> None:
    panel = DuePanel(window)
    window.due_panel = panel
    window.tabs.blockSignals(True)
    current = window.tabs.currentWidget()
    window.tabs.insertTab(0, panel, _("Due"))
    view = FollowUpsView(window)
    window.follow_ups_view = view
    window.tabs.addTab(view, _("Follow-ups"))
    window.tabs.setCurrentWidget(current)
    window.tabs.blockSignals(False)
    panel.refresh()  # at start even when hidden: the window opens on it if anything is overdue

    def reload(*_args: Any) -> None:
        # A tab in the back reads again when it comes to the front: on a server every read is a
        # round trip, and a save or F5 must not pay for tabs nobody looks at.
        if window.tabs.currentWidget() is panel:
            panel.refresh()
        else:
            panel.loaded = False
        if window.tabs.currentWidget() is view:
            view.refresh()
        else:
            view.loaded = False  # read when shown

    def people_changed(kind: str) -> None:
        if kind in ("contacts", "organisations"):
            panel.forget_people()  # the staff for "Ich bin" may have changed

    def colleagues_changed(entries: list[Any]) -> None:
        if any(getattr(e, "kind", "") in ("contacts", "organisations") for e in entries):
            panel.forget_people()
        reload()

    def database_changed() -> None:
        panel.forget_people()
        reload()

    window.records_changed.connect(people_changed)
    window.records_changed.connect(reload)
    window.refreshed.connect(reload)
    window.colleague_changes.connect(colleagues_changed)
    window.database_changed.connect(database_changed)
    window.tabs.currentChanged.connect(lambda _i: view.refresh() if window.tabs.currentWidget() is view and not view.loaded else None)
    window.tabs.currentChanged.connect(lambda _i: panel.refresh() if window.tabs.currentWidget() is panel and not panel.loaded else None)
    # After the window's own handler (it shows the last register's selection beside the tabs): the
    # list's selected item, if any, is what the form shows while the list is in front.
    window.tabs.currentChanged.connect(lambda _i: panel.show_current_beside())
    window.tabs.currentChanged.connect(lambda _i: view.show_current_beside())
    if window.settings.get("open_on_due") == "yes" and panel.overdue_count():
        window.tabs.setCurrentWidget(panel)
