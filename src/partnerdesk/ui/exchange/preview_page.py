"""The assistant's last page: the preview, the columns left out, possible duplicates, changes.

Each row that found a record whose name differs only in accents, case or punctuation gets a
choice, "neu anlegen" (the default) or "zusammenführen mit …"; choosing rebuilds the preview at
once. Every updated record lists the fields it changes, from what to what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.exchange.table_fields import NAME_FIELD
from partnerdesk.i18n import _, ngettext, quoted
from partnerdesk.services.progress import Cancelled
from partnerdesk.ui.exchange.preview_model import PreviewModel

if TYPE_CHECKING:
    from partnerdesk.ui.exchange.import_wizard import ImportWizard


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Check the preview"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("import_summary")
        self.columns = QLabel(self)
        self.columns.setWordWrap(True)
        self.columns.setObjectName("import_columns")
        self.view = QTableView(self)
        self.view.setObjectName("import_preview")
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.duplicates_label = QLabel(_(
            "Possible duplicates: these rows name a record that already exists with a spelling that differs only "
            "in accents, case or punctuation. Decide for each row:"
        ), self)
        self.duplicates_label.setWordWrap(True)
        self.duplicates = QTableWidget(0, 3, self)
        self.duplicates.setObjectName("import_duplicates")
        self.duplicates.setHorizontalHeaderLabels([_("Row"), _("In the table"), _("Decision")])
        self.duplicates.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.duplicates.verticalHeader().setVisible(False)
        self.duplicates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.duplicates.setAccessibleName(_("Possible duplicates"))
        self.changes = QPlainTextEdit(self)
        self.changes.setObjectName("import_changes")
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName(_("Changes to existing records"))
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skip = QCheckBox(_("Leave out the rows with errors and import the others"), self)
        self.skip.setObjectName("import_skip_errors")
        self.skip.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.columns)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.skip)
        self.decisions: dict[int, QComboBox] = {}

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self._fill_duplicates()
        self.skip.setChecked(False)
        self._show()
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Import"))

    def _fill_duplicates(self) -> None:
        preview = self.w.preview
        assert preview is not None
        rows = [r for r in preview.rows if r.candidates]
        self.duplicates.setRowCount(len(rows))
        self.decisions = {}
        name_column = preview.mapping.index(NAME_FIELD[preview.kind]) if NAME_FIELD[preview.kind] in preview.mapping else None
        for i, row in enumerate(rows):
            self.duplicates.setItem(i, 0, QTableWidgetItem(str(row.number)))
            given = str(row.values[name_column] or "") if name_column is not None else ""
            self.duplicates.setItem(i, 1, QTableWidgetItem(given))
            combo = QComboBox(self.duplicates)
            combo.setObjectName(f"import_duplicate_{row.number}")
            combo.addItem(_("create a new record"), "")
            for candidate in row.candidates:
                combo.addItem(_("merge with {record}").format(record=candidate.label()), candidate.id)
            chosen = self.w.merge.get(row.number)
            if chosen:
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.currentIndexChanged.connect(lambda _i, number=row.number, c=combo: self._decide(number, c))
            self.duplicates.setCellWidget(i, 2, combo)
            self.decisions[row.number] = combo
        self.duplicates_label.setVisible(bool(rows))
        self.duplicates.setVisible(bool(rows))

    def _decide(self, number: int, combo: QComboBox) -> None:
        if combo.currentData():
            self.w.merge[number] = combo.currentData()
        else:
            self.w.merge.pop(number, None)
        try:
            self.w.make_preview()
        except Cancelled:
            return
        except PartnerDeskError as exc:
            self.problems.setText(exc.message)
            return
        self._show()

    def _show(self) -> None:
        preview = self.w.preview
        assert preview is not None
        self.model = PreviewModel(preview, self.view)
        self.view.setModel(self.model)
        self.view.resizeColumnsToContents()
        self.summary.setText(preview.summary())
        self.columns.setText("\n".join(preview.column_lines()))
        self.columns.setVisible(bool(preview.column_lines()))
        lines = preview.problem_lines()
        more = len(lines) - 8
        shown = lines[:8] + ([ngettext("… and {count} more problem", "… and {count} more problems", more).format(count=more)]
                             if more > 0 else [])
        self.problems.setText("\n".join(shown))
        changes = []
        for row in preview.rows:
            if row.action == "update" and row.existing is not None:
                changes.append(_("Row {row}, {record}:").format(row=row.number, record=quoted(row.existing.display_name)))
                changes += [f"    {title}: {quoted(old)} → {quoted(new)}" for _c, title, old, new in row.changes]
        self.changes.setPlainText("\n".join(changes))
        self.changes.setVisible(bool(changes))
        self.skip.setVisible(preview.has_errors and not preview.blocked)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        preview = self.w.preview
        if preview is None or preview.blocked:
            return False
        writes = preview.count("create") + preview.count("update")
        return writes > 0 and (not preview.has_errors or self.skip.isChecked())
