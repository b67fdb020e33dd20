"""The import assistant: file -> sheet -> column mapping -> preview -> apply.

Reading the file, building the preview and applying run through ``run`` (the window's
``run_with_progress``), so a large table shows a progress bar and the window stays
responsive. Nothing is written before "Importieren"; then all rows or none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.exchange import table_mapping
from partnerdesk.exchange.table_fields import FIELDS
from partnerdesk.exchange.table_import import ImportPreview, ImportResult, apply_import, build_preview
from partnerdesk.exchange.table_read import Table, read_table, sheet_names
from partnerdesk.exchange.table_values import text_of
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services.progress import Cancelled
from partnerdesk.services.records import KIND_LABELS
from partnerdesk.ui.exchange.preview_model import PreviewModel
from partnerdesk.ui.file_dialogs import open_file_name
from partnerdesk.ui.screen_fit import fit_dialog

Runner = Callable[..., Any]
FILE_PAGE, SHEET_PAGE, MAPPING_PAGE, PREVIEW_PAGE = range(4)


def run_directly(parent: QWidget | None, title: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Fallback runner without a progress dialog (when no window offers one)."""
    return fn(*args, progress=None, **kwargs)


def _register_title(kind: str) -> str:
    return KIND_LABELS[kind][1]().capitalize()


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Choose the table"))
        self.setSubTitle(_("An Excel workbook (.xlsx) or a CSV file; semicolon or comma, UTF-8 or Windows-1252."))
        self.path = QLineEdit(self)
        self.path.setObjectName("import_path")
        browse = QPushButton(_("Browse…"), self)
        browse.clicked.connect(self._browse)
        self.register = QComboBox(self)
        self.register.setObjectName("import_register")
        for kind in KINDS_IN_DEPENDENCY_ORDER:
            self.register.addItem(_register_title(kind), kind)
        self.register.setCurrentIndex(KINDS_IN_DEPENDENCY_ORDER.index(wizard.kind))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        label = QLabel(_("&File:"), self)
        label.setBuddy(self.path)
        layout.addWidget(label)
        layout.addLayout(row)
        into = QLabel(_("Import &into the register:"), self)
        into.setBuddy(self.register)
        layout.addWidget(into)
        layout.addWidget(self.register)
        layout.addStretch(1)
        self.path.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        chosen = open_file_name(
            self, "import", _("Import a table"), _("Tables (*.xlsx *.csv *.txt);;All files (*)"), self.path.text()
        )
        if chosen is not None:
            self.path.setText(str(chosen))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        self.w.kind = self.register.currentData()
        path = Path(self.path.text().strip())
        try:
            self.w.sheets = sheet_names(path) if path.is_file() else []
            if len(self.w.sheets) <= 1:
                self.w.load(path, None)
        except Cancelled:
            return False
        except (PartnerDeskError, OSError) as exc:
            QMessageBox.warning(self, _("Import"), getattr(exc, "message", None) or str(exc))
            return False
        self.w.path = path
        return True

    def nextId(self) -> int:  # noqa: N802 - Qt API
        return SHEET_PAGE if len(self.w.sheets) > 1 else MAPPING_PAGE


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Choose the sheet"))
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("import_sheet")
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheet)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self.sheet.clear()
        self.sheet.addItems(self.w.sheets)

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        try:
            assert self.w.path is not None
            self.w.load(self.w.path, self.sheet.currentText())
        except Cancelled:
            return False
        except PartnerDeskError as exc:
            QMessageBox.warning(self, _("Import"), exc.message)
            return False
        return True


class MappingPage(QWizardPage):
    """One line per column of the table: its header, an example value and the field it fills."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Assign the columns"))
        self.setSubTitle(_("PartnerDesk guessed from the headers; change what does not fit. It remembers your choice."))
        self.grid = QTableWidget(0, 3, self)
        self.grid.setObjectName("import_mapping")
        self.grid.setHorizontalHeaderLabels([_("Column"), _("Example"), _("Field")])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        table = self.w.table
        assert table is not None
        mapping = self.w.initial_mapping()
        self.grid.setRowCount(len(table.headers))
        self.combos = []
        for i, header in enumerate(table.headers):
            self.grid.setItem(i, 0, QTableWidgetItem(header or "—"))
            example = next((text_of(v) for _n, values in table.rows[:20] if (v := values[i]) not in (None, "")), "")
            self.grid.setItem(i, 1, QTableWidgetItem(str(example)[:80]))
            combo = QComboBox(self.grid)
            combo.setObjectName(f"import_field_{i}")
            combo.addItem(_("— do not import —"), None)
            for field in FIELDS[self.w.kind]:
                combo.addItem(field.title, field.key)
            combo.setCurrentIndex(max(combo.findData(mapping[i]), 0))
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._unique(c))
            self.grid.setCellWidget(i, 2, combo)
            self.combos.append(combo)

    def _unique(self, changed: QComboBox) -> None:
        """A field takes one column: choosing it elsewhere clears the other column."""
        key = changed.currentData()
        if key is None:
            return
        for combo in self.combos:
            if combo is not changed and combo.currentData() == key:
                combo.setCurrentIndex(0)

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        try:
            self.w.make_preview(self.mapping())
        except Cancelled:
            return False
        except PartnerDeskError as exc:
            QMessageBox.warning(self, _("Import"), exc.message)
            return False
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Check the preview"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("import_summary")
        self.view = QTableView(self)
        self.view.setObjectName("import_preview")
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skip = QCheckBox(_("Leave out the rows with errors and import the others"), self)
        self.skip.setObjectName("import_skip_errors")
        self.skip.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.skip)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        preview = self.w.preview
        assert preview is not None
        self.model = PreviewModel(preview, self.view)
        self.view.setModel(self.model)
        self.view.resizeColumnsToContents()
        self.summary.setText(preview.summary())
        lines = preview.problem_lines()
        more = len(lines) - 8
        shown = lines[:8] + ([ngettext("… and {count} more problem", "… and {count} more problems", more).format(count=more)]
                             if more > 0 else [])
        self.problems.setText("\n".join(shown))
        self.skip.setChecked(False)
        self.skip.setVisible(preview.has_errors)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Import"))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        preview = self.w.preview
        if preview is None:
            return False
        writes = preview.count("create") + preview.count("update")
        return writes > 0 and (not preview.has_errors or self.skip.isChecked())


class ImportWizard(QWizard):
    """After ``exec()`` returned Accepted, ``result`` holds what the import did."""

    def __init__(self, db: Database, kind: str, parent: QWidget | None = None, *, run: Runner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(_("Import a table"))
        self.db = db
        self.kind = kind
        self.run = run or run_directly
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.table: Table | None = None
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None  # not "result": QDialog.result() is the exit code
        self.setPage(FILE_PAGE, FilePage(self))
        self.setPage(SHEET_PAGE, SheetPage(self))
        self.setPage(MAPPING_PAGE, MappingPage(self))
        self.setPage(PREVIEW_PAGE, PreviewPage(self))
        fit_dialog(self, self.fontMetrics().averageCharWidth() * 130, self.fontMetrics().height() * 36)

    @property
    def skip_invalid(self) -> bool:
        page = self.page(PREVIEW_PAGE)
        assert isinstance(page, PreviewPage)
        return page.skip.isChecked()

    def load(self, path: Path, sheet: str | None) -> None:
        def read(progress: Any = None) -> Table:
            return read_table(path, sheet)

        table = self.run(self, _("Reading the table…"), read)
        if not table.headers:
            raise PartnerDeskError(_("{name} holds no table (the first sheet is empty).").format(name=path.name))
        self.table = table

    def initial_mapping(self) -> list[str | None]:
        assert self.table is not None
        return table_mapping.choose_mapping(self.kind, self.table.headers)

    def make_preview(self, mapping: list[str | None]) -> None:
        self.preview = self.run(self, _("Checking the rows…"), build_preview, self.db, self.kind, self.table, mapping)

    def accept(self) -> None:
        assert self.preview is not None
        try:
            self.import_result = self.run(
                self, _("Importing…"), apply_import, self.db, self.preview, skip_invalid=self.skip_invalid
            )
        except Cancelled:
            QMessageBox.information(self, _("Import"), _("The import was cancelled; nothing was written."))
            return
        except PartnerDeskError as exc:
            QMessageBox.warning(self, _("Import"), exc.message)
            return
        super().accept()
