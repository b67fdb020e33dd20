"""*Dokumente → Jahresbericht…*: the year, the format, the file, optionally a partnership type
and a responsible unit; then the report is collected and written with progress shown.

The city's units for the choice are read through ``ui.background.call`` (off the GUI thread on
a server); the report itself is built in ``run_with_progress``'s worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.enums import PartnershipType
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.services.annual_report import FIRST_YEAR, LAST_YEAR, responsible_units
from partnerdesk.services.annual_report_data import ReportFilter
from partnerdesk.services.workspace import Database
from partnerdesk.ui.background import call
from partnerdesk.ui.errors import user_errors
from partnerdesk.ui.file_dialogs import save_file_name, start_folder
from partnerdesk.ui.tasks import run_with_progress


def _filter(fmt: str) -> str:
    return _("Word documents (*.docx)") if fmt == "docx" else "PDF (*.pdf)"


class AnnualReportDialog(QDialog):
    """Choose what the report covers and where it goes; ``choice()`` after ``exec()``."""

    def __init__(self, units: list[tuple[str, str]], parent: QWidget | None = None, year: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Annual report"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("A draft for the council: partnerships and the year's activities, projects with budget and "
                         "funding, SDG coverage, the partners' map, council decisions and the SDG 17 questions. "
                         "The wording comes from the office's templates."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year or date.today().year)
        form.addRow(_("&Year:"), self.year)
        formats = QHBoxLayout()
        self.pdf = QRadioButton(_("PDF"), self)
        self.docx = QRadioButton(_("Word (editable)"), self)
        self.pdf.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.pdf, self.docx):
            group.addButton(button)
            formats.addWidget(button)
            button.toggled.connect(lambda _on: self._suffix())
        formats.addStretch(1)
        form.addRow(_("Format:"), formats)
        self.type = QComboBox(self)
        self.type.setObjectName("partnership_type")
        self.type.addItem(_("All types"), "")
        for kind in PartnershipType:
            self.type.addItem(kind.label, kind.value)
        form.addRow(_("Partnership &type:"), self.type)
        self.unit = QComboBox(self)
        self.unit.setObjectName("unit")
        self.unit.addItem(_("All units"), "")
        for unit_id, name in units:
            self.unit.addItem(name, unit_id)
        form.addRow(_("Responsible &unit:"), self.unit)
        row = QHBoxLayout()
        self.file = QLineEdit(self)
        self.file.setObjectName("file")
        self.browse = QPushButton(_("&Choose…"), self)
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        form.addRow(_("&File:"), row)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Write"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.browse.clicked.connect(self.choose_file)
        self.file.textChanged.connect(lambda _text: self._update())
        self.year.valueChanged.connect(lambda _value: self._default_name())
        self._named_by_user = False
        self._default_name()

    def format(self) -> str:
        return "docx" if self.docx.isChecked() else "pdf"

    def _default_name(self) -> None:
        if self._named_by_user:
            return
        folder = start_folder(self.parentWidget(), "annual_report")
        self.file.setText(str(folder / f"Jahresbericht-{self.year.value()}.{self.format()}"))

    def _suffix(self) -> None:
        text = self.file.text().strip()
        if text:
            self.file.setText(str(Path(text).with_suffix("." + self.format())))

    def choose_file(self) -> None:
        chosen = save_file_name(self, "annual_report", _("Save the annual report as"),
                                Path(self.file.text()).name, _filter(self.format()))
        if chosen is not None:
            self._named_by_user = True
            self.file.setText(str(chosen.with_suffix("." + self.format())))

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.file.text().strip()))

    def choice(self) -> tuple[int, str, Path, ReportFilter]:
        unit_id = str(self.unit.currentData() or "")
        report_filter = ReportFilter(str(self.type.currentData() or ""), unit_id, self.unit.currentText() if unit_id else "")
        return self.year.value(), self.format(), Path(self.file.text().strip()), report_filter


def write_report(db: Database, year: int, fmt: str, out: Path, report_filter: ReportFilter, author: str = "",
                 progress: Callable[..., None] | None = None) -> tuple[str, list[str]]:
    """Collect and write (in the worker thread); the path written and what is missing."""
    from partnerdesk.documents.annual_report import write_annual_report
    from partnerdesk.services.annual_report import collect

    def step(done: int, total: int, text: str = "") -> None:
        if progress is not None:
            progress(done, total + 1, text)

    data = collect(db, year, report_filter, progress=step)
    step(6, 6, _("Writing the document"))
    path, _content = write_annual_report(data, out, fmt, author=author)
    return path, data.missing


def annual_report(window: Any, *, answer: Callable[[AnnualReportDialog], bool] | None = None) -> str | None:
    """Ask, then write with progress; the path written, or None if cancelled or refused (said)."""
    try:
        units = call(window.db, responsible_units, window.db)  # off the GUI thread on a server
    except PartnerDeskError as exc:
        QMessageBox.warning(window, _("Annual report"), exc.message)
        return None
    dialog = AnnualReportDialog(units, window)
    accepted = answer(dialog) if answer is not None else dialog.exec() == QDialog.DialogCode.Accepted
    if not accepted:
        return None
    year, fmt, out, report_filter = dialog.choice()
    author = str(window.settings.get("author_name") or "") if getattr(window, "settings", None) else ""
    written: str | None = None
    with user_errors(window):  # a refusal is shown; nothing half-written
        path, missing = run_with_progress(window, _("Creating the annual report…"), write_report, window.db, year, fmt,
                                          out, report_filter, author)
        window.statusBar().showMessage(_("Written: {file}").format(file=path), 10_000)
        if answer is None:
            text = _("Written: {file}").format(file=path)
            if missing:
                text += "\n\n" + _("Missing in the data (the report says so):") + "\n• " + "\n• ".join(missing)
            QMessageBox.information(window, _("Annual report"), text)
        written = path
    return written


def install(window: Any) -> None:
    action = QAction(_("&Annual report…"), window)
    action.setObjectName("action_annual_report")
    action.setStatusTip(_("The year's report for the council as PDF or Word"))
    action.triggered.connect(lambda _checked=False: annual_report(window))
    window.menu("documents").addAction(action)
    window.annual_report_action = action
