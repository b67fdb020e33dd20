"""The Anhänge tab: the selected record's files (name, size, date, who), with buttons and keys
(Einfügen/Ctrl+O … see ``_shortcuts``) and files dropped onto it.

Opening writes a temporary copy (``services.attachments.open_copy``, in the system's temporary
folder, never the program's) and hands it to the system's program (``QDesktopServices``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QKeyEvent, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.file_names import size_text
from partnerdesk.i18n import _
from partnerdesk.services import attachments
from partnerdesk.services.attachments import Attachment, Removed
from partnerdesk.services.history_text import moment
from partnerdesk.ui import background
from partnerdesk.ui.errors import show_problem, user_errors
from partnerdesk.ui.file_dialogs import open_file_name, save_file_name

log = logging.getLogger(__name__)


def open_with_system(path: Path) -> bool:
    """Hand ``path`` to the system's program for its type (tests replace this)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class AttachmentsPanel(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("attachments_panel")
        self.window_ = window
        self.kind: str | None = None
        self.record_id: str | None = None
        self.active = False
        self._stale = True
        self.entries: list[Attachment] = []
        self.setAcceptDrops(True)
        self.note = QLabel(self)
        self.note.setObjectName("attachments_note")
        self.note.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setObjectName("attachments_list")
        self.list.setAccessibleName(_("Attachments of the selected record"))
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([_("Name"), _("Size"), _("Added"), _("By")])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.list.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemActivated.connect(lambda _item, _col: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.buttons: dict[str, QPushButton] = {}
        # Two buttons a row: five in one row made the side panel so wide that the register beside
        # it squeezed its search field ("Such…") on a 1260-pixel window, and three a row kept the
        # window from being made narrow enough to put the form below the table.
        row = QGridLayout()
        for i, (key, label, slot) in enumerate((
            ("add", _("&Add…"), self.add_from_dialog),
            ("open", _("&Open"), self.open_selected),
            ("save", _("Save &as…"), self.save_selected),
            ("rename", _("Re&name…"), self.rename_selected),
            ("remove", _("&Remove"), self.remove_selected),
        )):
            button = QPushButton(label, self)
            button.setObjectName(f"attachments_{key}")
            button.clicked.connect(lambda _checked=False, s=slot: self._guarded(s))
            self.buttons[key] = button
            row.addWidget(button, i // 2, i % 2)
        row.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        # The side tabs are as wide as their widest page's minimum: this page's buttons must not
        # keep the window from being dragged narrow enough to put form and tabs below the table
        # (there they get the whole width).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._shortcuts()
        self._update_buttons()

    # Keys in the list: Enter opens (the list's own activation), Entf removes, Einfg adds, F2
    # renames. The window's own shortcuts (Entf deletes the record) give way while the list has
    # the focus: the list claims these keys (ShortcutOverride) and handles them itself.
    _KEYS = {Qt.Key.Key_Delete: "remove", Qt.Key.Key_Insert: "add", Qt.Key.Key_F2: "rename"}

    def _shortcuts(self) -> None:
        self.list.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.list and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key_event = cast(QKeyEvent, event)
            action = self._KEYS.get(Qt.Key(key_event.key()))
            if action is not None and key_event.modifiers() == Qt.KeyboardModifier.NoModifier:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                else:
                    slot = {"remove": self.remove_selected, "add": self.add_from_dialog, "rename": self.rename_selected}
                    self._guarded(slot[action])
                return True
        return super().eventFilter(watched, event)

    def _guarded(self, slot: Any) -> None:
        with user_errors(self):
            slot()

    # What is shown -------------------------------------------------------------------------

    @property
    def db(self) -> Any:
        return self.window_.db

    def set_active(self, active: bool) -> None:
        self.active = active
        if active and self._stale:
            self.refresh()

    def show_record(self, kind: str | None, record_id: str | None) -> None:
        self.kind, self.record_id = (kind, record_id) if record_id else (None, None)
        self._stale = True
        if self.active:
            self.refresh()
        else:
            self._update_buttons()

    def reload(self) -> None:
        """Read the list again: at once while the tab is in front, else when it comes to the front
        (a save, F5 or a colleague's change must not cost a hidden tab a round trip to the server)."""
        self._stale = True
        if self.active:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self.list.clear()
        self.entries = []
        if self.kind is None or self.record_id is None:
            self.note.setText(_("Select one record to see its attachments."))
            self._update_buttons()
            return
        self.entries = background.call(self.db, attachments.list_for, self.db, self.kind, self.record_id)
        for entry in self.entries:
            item = QTreeWidgetItem([entry.name, size_text(entry.size), moment(entry.added_at), entry.added_by])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(0, "\n".join(t for t in (entry.name, entry.description) if t))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        self.note.setText(
            _("No attachments yet: add files with “Add…” or drop them here.") if not self.entries
            else _("Double-click or Enter opens a file with its program.")
        )
        first = self.list.topLevelItem(0)
        if first is not None and self.list.currentItem() is None:
            self.list.setCurrentItem(first)
        self._update_buttons()

    def selected(self) -> Attachment | None:
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = item.data(0, Qt.ItemDataRole.UserRole)
        return next((e for e in self.entries if e.id == wanted), None)

    def _update_buttons(self) -> None:
        has_record = self.record_id is not None
        has_file = self.selected() is not None
        writable = not getattr(self.db, "read_only", False)
        self.buttons["add"].setEnabled(has_record and writable)
        self.buttons["open"].setEnabled(has_file)
        self.buttons["save"].setEnabled(has_file)
        self.buttons["rename"].setEnabled(has_file and writable)
        self.buttons["remove"].setEnabled(has_file and writable)

    # Actions -------------------------------------------------------------------------------

    def _limit(self) -> int:
        return attachments.limit_bytes(int(self.window_.settings.get("attachment_limit_mb") or 0))

    def add_from_dialog(self) -> None:
        if self.record_id is None:
            return
        path = open_file_name(self, "attachments", _("Attach a file"), _("All files (*)"))
        if path is not None:
            self.add_files([path])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Attach each file (one undo step each); a refused one is reported, the others go on."""
        if self.kind is None or self.record_id is None:
            return
        for path in paths:
            try:
                entry = attachments.add_file(self.db, self.kind, self.record_id, path, limit=self._limit())
            except PartnerDeskError as exc:
                show_problem(self, exc)
                continue
            self.window_.undo_stack.push(_AddCommand(self, entry))
        self.refresh()

    def open_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        copy = attachments.open_copy(self.db, entry.id)
        if not open_with_system(copy):
            raise attachments.AttachmentRefused(
                _("No program on this computer opens {name}; save it with “Save as…” instead.").format(name=entry.name)
            )

    def save_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        target = save_file_name(self, "attachments", _("Save attachment as"), entry.safe_name, _("All files (*)"))
        if target is not None:
            attachments.save_to(self.db, entry.id, target)

    def rename_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        name, ok = QInputDialog.getText(self, _("Rename attachment"), _("Name:"), QLineEdit.EchoMode.Normal, entry.name)
        if not ok or not name.strip() or name.strip() == entry.name:
            return
        renamed = attachments.rename(self.db, entry.id, name)
        self.window_.undo_stack.push(_RenameCommand(self, entry, renamed.name))
        self.refresh()

    def remove_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        removed = attachments.remove(self.db, entry.id)
        self.window_.undo_stack.push(_RemoveCommand(self, removed))
        self.refresh()

    # Drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if self.record_id is not None and event.mimeData().hasUrls() and any(
            u.isLocalFile() for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        with user_errors(self):
            self.add_files(paths)


class _Step(QUndoCommand):
    """An attachment change as one undo step; the first ``redo`` (on push) does nothing: done already.
    A step that can no longer be done (somebody removed the file meanwhile) says so and is dropped."""

    def __init__(self, panel: AttachmentsPanel, text: str) -> None:
        super().__init__(text)
        self.panel = panel
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        self._run(self.do)
        self._done = True

    def undo(self) -> None:
        self._run(self.undo_)
        self._done = False

    def _run(self, action: Any) -> None:
        try:
            action()
        except PartnerDeskError as exc:
            show_problem(self.panel, exc)
            self.setObsolete(True)
        self.panel.refresh()

    def do(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def undo_(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class _AddCommand(_Step):
    def __init__(self, panel: AttachmentsPanel, entry: Attachment) -> None:
        super().__init__(panel, _("Attach {name}").format(name=entry.name))
        self.entry = entry
        self.removed: Removed | None = None

    def do(self) -> None:
        if self.removed is not None:
            attachments.put_back(self.panel.db, self.removed)

    def undo_(self) -> None:
        self.removed = attachments.remove(self.panel.db, self.entry.id)


class _RemoveCommand(_Step):
    def __init__(self, panel: AttachmentsPanel, removed: Removed) -> None:
        super().__init__(panel, _("Remove attachment {name}").format(name=removed.attachment.name))
        self.removed = removed

    def do(self) -> None:
        self.removed = attachments.remove(self.panel.db, self.removed.attachment.id)

    def undo_(self) -> None:
        attachments.put_back(self.panel.db, self.removed)


class _RenameCommand(_Step):
    def __init__(self, panel: AttachmentsPanel, before: Attachment, new_name: str) -> None:
        super().__init__(panel, _("Rename attachment {name}").format(name=before.name))
        self.attachment_id, self.old, self.new = before.id, before.name, new_name

    def do(self) -> None:
        attachments.rename(self.panel.db, self.attachment_id, self.new)

    def undo_(self) -> None:
        attachments.rename(self.panel.db, self.attachment_id, self.old)
