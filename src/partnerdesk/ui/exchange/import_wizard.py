"""The import assistant: file -> sheet -> column mapping -> preview -> apply.

The file page shows the first lines of a CSV file in the encoding PartnerDesk decided on (or
why it could not decide) and lets the user choose another one, with the preview following at
once. The mapping page does not go on while a column is neither assigned nor set to "— do not
import —". The preview lists the columns left out, the possible duplicates (a record whose name
differs only in accents, case or punctuation) with a choice each, "neu anlegen" or
"zusammenführen mit …", and for every updated record what changes from what to what.

Reading the file, building the preview and applying run through ``run`` (the window's
``run_with_progress``), so a large table shows a progress bar and the window stays
responsive. Nothing is written before "Importieren"; then all rows or none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
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
from partnerdesk.exchange.table_encoding import ENCODINGS, TableFileError, decode, preview_text
from partnerdesk.exchange.table_fields import FIELDS
from partnerdesk.exchange.table_import import JOINERS, ImportPreview, ImportResult, apply_import, build_preview
from partnerdesk.exchange.table_read import MAX_BYTES, Table, read_table, sheet_names
from partnerdesk.exchange.table_values import text_of
from partnerdesk.i18n import _
from partnerdesk.services.progress import Cancelled
from partnerdesk.services.records import KIND_LABELS
from partnerdesk.services.workspace import Database
from partnerdesk.ui.exchange.preview_page import PreviewPage
from partnerdesk.ui.file_dialogs import open_file_name
from partnerdesk.ui.screen_fit import fit_dialog

Runner = Callable[..., Any]
FILE_PAGE, SHEET_PAGE, MAPPING_PAGE, PREVIEW_PAGE = range(4)
#: Combo box data of a column not yet assigned (the page cannot go on), and of "— do not import —".
UNASSIGNED = "?"
IGNORED = "-"
#: How much of a CSV file the encoding preview decides on.
_SAMPLE_BYTES = 256 * 1024


def run_directly(parent: QWidget | None, title: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Fallback runner without a progress dialog (when no window offers one)."""
    return fn(*args, progress=None, **kwargs)


def _register_title(kind: str) -> str:
    if kind == "expenses":
        return _("Expenses of this grant (finance system export)")
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
        kinds = [*KINDS_IN_DEPENDENCY_ORDER, *(["expenses"] if wizard.grant_id else [])]
        for kind in kinds:
            self.register.addItem(_register_title(kind), kind)
        self.register.setCurrentIndex(kinds.index(wizard.kind) if wizard.kind in kinds else 0)
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
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("import_encoding")
        self.encoding.addItem(_("Decide from the file"), None)
        for code, title in ENCODINGS.items():
            self.encoding.addItem(title, code)
        encoding_label = QLabel(_("&Encoding (CSV):"), self)
        encoding_label.setBuddy(self.encoding)
        layout.addWidget(encoding_label)
        layout.addWidget(self.encoding)
        self.encoding_note = QLabel(self)
        self.encoding_note.setObjectName("import_encoding_note")
        self.encoding_note.setWordWrap(True)
        layout.addWidget(self.encoding_note)
        self.sample = QPlainTextEdit(self)
        self.sample.setObjectName("import_encoding_preview")
        self.sample.setReadOnly(True)
        self.sample.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.sample.setAccessibleName(_("The first lines of the file"))
        layout.addWidget(self.sample, 1)
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(self.show_sample)
        self.encoding.currentIndexChanged.connect(self.show_sample)

    def show_sample(self) -> None:
        """The first lines of a CSV file in the chosen (or decided) encoding, at once."""
        self.sample.clear()
        self.encoding_note.clear()
        path = Path(self.path.text().strip())
        try:
            if not path.is_file() or path.stat().st_size > MAX_BYTES:
                return
            with path.open("rb") as fh:
                data = fh.read(_SAMPLE_BYTES)
        except OSError:
            return
        if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            return  # a workbook: no encoding to choose
        if len(data) == _SAMPLE_BYTES and b"\n" in data:
            data = data[: data.rfind(b"\n") + 1]  # whole lines, no character cut in two
        chosen = self.encoding.currentData()
        if chosen is None:
            try:
                _text, found = decode(data, path.name)
            except TableFileError as exc:
                self.encoding_note.setText(exc.message)
                self.sample.setPlainText(preview_text(data, "utf-8"))
                return
            chosen = "utf-8" if found == "utf-8-sig" else found
            self.encoding_note.setText(_("Encoding decided from the file: {encoding}").format(encoding=ENCODINGS[chosen]))
        self.sample.setPlainText(preview_text(data, chosen))

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
        self.w.encoding = self.encoding.currentData()
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
        mapping, ignored = self.w.initial_mapping()
        self.grid.setRowCount(len(table.headers))
        self.combos = []
        for i, header in enumerate(table.headers):
            self.grid.setItem(i, 0, QTableWidgetItem(header or "—"))
            example = next((text_of(v) for _n, values in table.rows[:20] if (v := values[i]) not in (None, "")), "")
            self.grid.setItem(i, 1, QTableWidgetItem(str(example)[:80]))
            combo = QComboBox(self.grid)
            combo.setObjectName(f"import_field_{i}")
            empty = not header and not example
            if mapping[i] is None and i not in ignored and not empty:
                combo.addItem(_("— please assign —"), UNASSIGNED)
            combo.addItem(_("— do not import —"), IGNORED)
            for field in FIELDS[self.w.kind]:
                combo.addItem(field.title, field.key)
            if mapping[i] is not None:
                combo.setCurrentIndex(combo.findData(mapping[i]))
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._unique(c))
            combo.currentIndexChanged.connect(self.completeChanged)
            self.grid.setCellWidget(i, 2, combo)
            self.combos.append(combo)

    def _unique(self, changed: QComboBox) -> None:
        """A field that takes one value takes one column: choosing it elsewhere clears the other
        column. Text and list fields may take several columns (joined, e.g. first and last name)."""
        key = changed.currentData()
        if key in (UNASSIGNED, IGNORED) or next(f for f in FIELDS[self.w.kind] if f.key == key).type in JOINERS:
            return
        for combo in self.combos:
            if combo is not changed and combo.currentData() == key:
                combo.setCurrentIndex(combo.findData(IGNORED))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return all(combo.currentData() != UNASSIGNED for combo in self.combos)

    def mapping(self) -> list[str | None]:
        return [None if combo.currentData() in (UNASSIGNED, IGNORED) else combo.currentData() for combo in self.combos]

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        try:
            self.w.make_preview(self.mapping())
        except Cancelled:
            return False
        except PartnerDeskError as exc:
            QMessageBox.warning(self, _("Import"), exc.message)
            return False
        return True


class ImportWizard(QWizard):
    """After ``exec()`` returned Accepted, ``result`` holds what the import did."""

    def __init__(self, db: Database, kind: str, parent: QWidget | None = None, *, run: Runner | None = None,
                 grant_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(_("Import a table"))
        self.db = db
        self.kind = kind
        #: The grant whose expenses the register choice "expenses" imports (a grant open in its form).
        self.grant_id = grant_id
        self.run = run or run_directly
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.table: Table | None = None
        self.preview: ImportPreview | None = None
        self.encoding: str | None = None  # None: decided from the file
        self.mapping: list[str | None] = []
        #: Row number -> ID of the similar record the user merges the row with.
        self.merge: dict[int, str] = {}
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
            return read_table(path, sheet, encoding=self.encoding)

        table = self.run(self, _("Reading the table…"), read)
        if not table.headers:
            raise PartnerDeskError(_("{name} holds no table (the first sheet is empty).").format(name=path.name))
        self.table = table
        self.merge = {}

    def initial_mapping(self) -> tuple[list[str | None], set[int]]:
        """The guessed or remembered mapping and the columns left out on purpose (remembered, or
        columns PartnerDesk's export derives from a linked record)."""
        assert self.table is not None
        mapping, ignored = table_mapping.choose_mapping_explicit(self.kind, self.table.headers)
        derived = table_mapping.derived_columns(self.kind, self.table.headers)
        return [None if i in derived else key for i, key in enumerate(mapping)], ignored | derived

    def make_preview(self, mapping: list[str | None] | None = None) -> None:
        """The preview of the table with ``mapping`` (else the last one) and the merge decisions."""
        if mapping is not None:
            if mapping != self.mapping:
                self.merge = {}
            self.mapping = list(mapping)
        if self.kind == "expenses":
            from partnerdesk.exchange.expense_import import build_expense_preview

            def check(progress: Any = None) -> ImportPreview:
                assert self.grant_id is not None and self.table is not None
                return build_expense_preview(self.db, self.grant_id, self.table, self.mapping)

            self.preview = self.run(self, _("Checking the rows…"), check)
            return
        self.preview = self.run(
            self, _("Checking the rows…"), build_preview, self.db, self.kind, self.table, self.mapping, merge=dict(self.merge)
        )

    def reapply(self) -> Callable[[], ImportResult] | None:
        """How the undo stack's redo imports the same rows again (None: as a register's import)."""
        if self.kind != "expenses" or self.grant_id is None or self.table is None:
            return None
        from partnerdesk.exchange.expense_import import apply_expenses, build_expense_preview

        grant_id, table, mapping = self.grant_id, self.table, list(self.mapping)
        return lambda: apply_expenses(self.db, build_expense_preview(self.db, grant_id, table, mapping))

    def accept(self) -> None:
        assert self.preview is not None
        try:
            if self.kind == "expenses":  # nothing saved half: every row right, or nothing
                from partnerdesk.exchange.expense_import import ExpensePreview, apply_expenses

                preview = self.preview
                assert isinstance(preview, ExpensePreview)
                self.import_result = self.run(self, _("Importing…"), lambda progress=None: apply_expenses(self.db, preview))
            else:
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
