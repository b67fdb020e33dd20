"""The history as a table: a record's entries (the Verlauf tab) or the database's (the dialog).

Every text is made once when the entries arrive (``set_entries``), not at each paint. A
"changed" entry is one line per field; a continuation line leaves when/who/what empty so the
entry reads as one block. "created", "restored" and "deleted" are one line naming the record,
their values in the tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.history import HistoryEntry
from partnerdesk.i18n import _
from partnerdesk.services import history_text
from partnerdesk.ui.history.values import currency_of, operation_text, summary, value_text

_Index = QModelIndex | QPersistentModelIndex

#: Column keys and their titles.
COLUMN_TITLES: dict[str, Callable[[], str]] = {
    "when": lambda: _("When"),
    "who": lambda: _("User"),
    "what": lambda: _("Action"),
    "register": lambda: _("Register"),
    "record": lambda: _("Record"),
    "field": lambda: _("Field"),
    "before": lambda: _("Before"),
    "after": lambda: _("After"),
    "changes": lambda: _("Changes"),
}
RECORD_COLUMNS = ("when", "who", "what", "field", "before", "after")
DATABASE_COLUMNS = ("when", "who", "what", "register", "record", "changes")

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class HistoryLine:
    entry: HistoryEntry
    texts: tuple[str, ...]
    tooltip: str


class HistoryTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[str] = RECORD_COLUMNS, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._lines: list[HistoryLine] = []
        self._currency = ""

    def set_entries(self, entries: Sequence[HistoryEntry], names: dict[str, str] | None = None) -> None:
        names = names or {}

        def name_of(ident: str) -> str:
            return names.get(ident, ident)

        # A change of the budget alone names no currency: the record's, as its newest entry says.
        self._currency = next((c for c in map(currency_of, entries) if c), "") if "field" in self.columns else ""
        self.beginResetModel()
        self._lines = [line for entry in entries for line in self._lines_of(entry, name_of)]
        self.endResetModel()

    def entry(self, row: int) -> HistoryEntry | None:
        return self._lines[row].entry if 0 <= row < len(self._lines) else None

    def line_texts(self) -> list[tuple[str, ...]]:
        """Every line's texts (for tests and accessibility)."""
        return [line.texts for line in self._lines]

    # Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return COLUMN_TITLES[self.columns[section]]()
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._lines) or not 0 <= col < len(self.columns):
            return None
        line = self._lines[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.texts[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.tooltip or None
        if role == ENTRY_ROLE:
            return line.entry.id
        return None

    # Lines -------------------------------------------------------------------------------------

    def _lines_of(self, entry: HistoryEntry, name_of: Callable[[str], str]) -> list[HistoryLine]:
        head = {
            "when": history_text.moment(entry.at),
            "who": entry.actor,
            "what": operation_text(entry),
            "register": history_text.kind_label(entry.kind),
            "record": entry.label,
        }
        if "field" not in self.columns:
            tooltip = summary(entry, name_of)  # the database: one line per entry
            changes = "; ".join(line.replace("\n", " ") for line in tooltip.splitlines()) if entry.operation == "changed" else ""
            texts = {**head, "changes": changes}
            return [HistoryLine(entry, tuple(texts.get(c, "") for c in self.columns), tooltip)]
        if entry.operation != "changed" or not entry.changes:
            tooltip = summary(entry, name_of)
            before = entry.label if entry.operation == "deleted" else ""
            after = entry.label if entry.operation in ("created", "restored") else ""
            texts = {**head, "field": "", "before": before, "after": after}
            return [HistoryLine(entry, tuple(texts.get(c, "") for c in self.columns), tooltip)]
        currency = currency_of(entry) or self._currency
        lines = []
        for number, change in enumerate(entry.changes):
            first = head if number == 0 else {}
            texts = {
                **first,
                "field": field_label(change.field),
                "before": value_text(entry.kind, change.field, change.old, name_of, currency),
                "after": value_text(entry.kind, change.field, change.new, name_of, currency),
            }
            detail = f"{head['when']}, {head['who']}: {texts['field']}: {texts['before']} → {texts['after']}"
            lines.append(HistoryLine(entry, tuple(texts.get(c, "") for c in self.columns), detail))
        return lines


__all__ = ["DATABASE_COLUMNS", "ENTRY_ROLE", "RECORD_COLUMNS", "HistoryLine", "HistoryTableModel"]
