"""A read-only list of rows to pick one from (the privacy dialogs' lists of contacts and copies)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QWidget

from partnerdesk.i18n import _


def record_list_table(parent: QWidget, columns: Sequence[str]) -> QTableWidget:
    """A table with ``columns`` (English, translated here), whole rows selected one at a time,
    nothing editable, the last column taking the rest of the width."""
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels([_(c) for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table
