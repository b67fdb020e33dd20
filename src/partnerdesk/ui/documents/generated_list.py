"""*Dokumente → Erstellte Dokumente…*: every MoU draft and final version written.

The list comes from the documents registry (``services.generated_documents``), newest
first: partnership, version (draft number or final), date, languages, format, who wrote
it, and the file. A double-click opens the file in its program if it is still there, and
says so if it has been moved or deleted since.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QMessageBox, QTableView, QVBoxLayout, QWidget

from partnerdesk.i18n import N_, _
from partnerdesk.services.generated_documents import DocumentEntry, list_documents
from partnerdesk.services.workspace import Database
from partnerdesk.ui.screen_fit import fit_to_content

Index = QModelIndex | QPersistentModelIndex

COLUMNS = [N_("Partnership"), N_("Draft or final"), N_("Date"), N_("Languages"), N_("Format"), N_("Written by"),
           N_("Written on"), N_("File")]
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word"}


class GeneratedDocumentsModel(QAbstractTableModel):
    def __init__(self, entries: list[DocumentEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self._exists = [entry.exists() for entry in entries]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's names)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def entry(self, row: int) -> DocumentEntry:
        return self.entries[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry, column = self.entries[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column, self._exists[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole and column == len(COLUMNS) - 1:
            return entry.file_name
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    @staticmethod
    def _text(entry: DocumentEntry, column: int, exists: bool) -> str:
        if column == 0:
            return entry.partnership_title
        if column == 1:
            return _("Draft {number}").format(number=entry.draft) if entry.draft else _("Final version")
        if column == 2:
            return entry.document_date.strftime("%d.%m.%Y")
        if column == 3:
            return ", ".join(code.upper() for code in entry.languages)
        if column == 4:
            return FORMAT_NAMES.get(entry.format, entry.format)
        if column == 5:
            return entry.created_by
        if column == 6:
            return entry.created_at.astimezone().strftime("%d.%m.%Y %H:%M")
        name = entry.path.name
        return name if exists else _("{name} (no longer there)").format(name=name)


class GeneratedDocumentsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Generated documents"))
        layout = QVBoxLayout(self)
        entries = list_documents(db)
        self.model = GeneratedDocumentsModel(entries, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda index: self.open_entry(index.row()))
        hint = QLabel(
            _("Double-click a document to open it.") if entries
            else _("No MoU has been written yet. Documents → Create MoU draft… writes one."), self)
        hint.setWordWrap(True)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        fit_to_content(self)

    def open_entry(self, row: int) -> bool:
        """Open the file of ``row``; a file that is gone is reported, not silently skipped."""
        entry = self.model.entry(row)
        if not entry.exists():
            QMessageBox.warning(
                self, _("Generated documents"),
                _("The file {path} is no longer there: it was moved or deleted after it was written.").format(
                    path=entry.file_name),
            )
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(entry.file_name)):
            QMessageBox.warning(self, _("Generated documents"),
                                _("No program on this computer opens {path}.").format(path=entry.file_name))
            return False
        return True
