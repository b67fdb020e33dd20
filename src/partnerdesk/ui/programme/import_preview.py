"""*Aus Excel importieren…*: what a programme sheet would change, before anything changes.

The sheet is read with ``exchange.programme_table.read_programme`` (the code the command
'programme import' uses) against the programme as the dialog holds it. The preview lists the
items added, changed and (only when asked) removed; *Übernehmen* hands the result to the dialog,
which makes it one undo step. Reading the file touches no database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.programme import ProgrammeItem
from partnerdesk.exchange.programme_table import ProgrammeImport, read_programme
from partnerdesk.i18n import _
from partnerdesk.services.programme import ProgrammeView


class ProgrammeImportPreview(QDialog):
    """The changes of the sheet at ``path``, first read as ``items``/``report`` (without removals)."""

    help_page = "handlungsprogramm"

    def __init__(self, path: Path, view: ProgrammeView, items: list[ProgrammeItem], report: ProgrammeImport,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programme_import_preview")
        self.path, self.view, self.items, self.report = path, view, items, report
        self.setWindowTitle(_("Import from Excel – {file}").format(file=path.name))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The sheet changes the programme as listed. Nothing is saved until you press “Save” in the "
                         "action programme; every change can be undone there."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = QLabel(self)
        self.summary.setObjectName("programme_import_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.changes = QPlainTextEdit(self)
        self.changes.setObjectName("programme_import_changes")
        self.changes.setReadOnly(True)
        layout.addWidget(self.changes, 1)
        self.remove_missing = QCheckBox(_("&Remove items whose rows are missing from the sheet"), self)
        self.remove_missing.setToolTip(_("Otherwise items the sheet leaves out are kept as they are "
                                         "(a partner's sheet may hold only some rows)."))
        self.remove_missing.toggled.connect(lambda _on: self._read())
        layout.addWidget(self.remove_missing)
        self.problem = QLabel(self)
        self.problem.setObjectName("programme_import_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.take = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.take.setText(_("&Take over"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        self._show()

    def _read(self) -> None:
        """Read the sheet again (with or without removals); a sheet changed meanwhile may now be wrong."""
        try:
            self.items, self.report = read_programme(self.path, self.view, remove_missing=self.remove_missing.isChecked())
        except PartnerDeskError as exc:
            self.problem.setText(exc.message)
            self.problem.show()
            self.take.setEnabled(False)
            return
        self.problem.hide()
        self.take.setEnabled(True)
        self._show()

    def _show(self) -> None:
        self.summary.setText(self.report.summary())
        self.changes.setPlainText("\n".join(self.report.lines()) or _("The sheet changes nothing."))
