"""The merge report after a merge: what changed, which conflicts were decided how, where it is kept."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from partnerdesk.i18n import _, ngettext
from partnerdesk.travel.report import MergeReport
from partnerdesk.ui.screen_fit import fit_dialog


class ReportDialog(QDialog):
    def __init__(self, report: MergeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("travel_report_dialog")
        self.setWindowTitle(_("Travel copy merged"))
        layout = QVBoxLayout(self)
        counts = report.counts()
        summary = (
            _("Nothing was changed: this travel copy was merged before.")
            if report.already_merged
            else ngettext(
                "{count} change taken into the office database", "{count} changes taken into the office database",
                sum(counts.values())).format(count=sum(counts.values()))
            + ", "
            + ngettext("{count} conflict decided.", "{count} conflicts decided.", len(report.conflicts)).format(
                count=len(report.conflicts))
        )
        headline = QLabel(summary, self)
        headline.setObjectName("summary")
        headline.setWordWrap(True)
        layout.addWidget(headline)
        self.text = QPlainTextEdit(report.text(), self)
        self.text.setObjectName("report_text")
        self.text.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        layout.addWidget(self.text)
        if report.report_file:
            kept = QLabel(_("The report is kept in {path}").format(path=report.report_file), self)
            kept.setObjectName("report_file")
            kept.setWordWrap(True)
            kept.setTextInteractionFlags(kept.textInteractionFlags() | kept.textInteractionFlags().TextSelectableByMouse)
            layout.addWidget(kept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.accept)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        fit_dialog(self, metrics.averageCharWidth() * 110, metrics.height() * 30)
