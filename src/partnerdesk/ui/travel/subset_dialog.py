"""What a travel copy holds: the whole database, or only some partnerships (with their projects,
activities, organisations and contacts), so that a laptop carries only what the trip needs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.i18n import _
from partnerdesk.ui.screen_fit import fit_dialog


class SubsetDialog(QDialog):
    """After ``exec()`` returned ``Accepted``: ``chosen()`` is ``None`` (the whole database) or the
    titles of the ticked partnerships."""

    def __init__(self, parent: QWidget | None, titles: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("travel_subset_dialog")
        self.setWindowTitle(_("Create travel copy"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("What should the travel copy hold? A laptop should carry only what the trip needs."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.everything = QRadioButton(_("The &whole database"), self)
        self.everything.setObjectName("subset_everything")
        self.part = QRadioButton(
            _("&Only these partnerships, with their projects, activities, organisations and contacts:"), self)
        self.part.setObjectName("subset_part")
        self.everything.setChecked(True)
        layout.addWidget(self.everything)
        layout.addWidget(self.part)
        self.list = QListWidget(self)
        self.list.setObjectName("subset_partnerships")
        for title in titles:
            item = QListWidgetItem(title, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Continue"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.everything.toggled.connect(self._update)
        self.list.itemChanged.connect(self._update)
        self.list.itemChanged.connect(self._ticked)
        self._update()
        metrics = self.fontMetrics()
        fit_dialog(self, metrics.averageCharWidth() * 70, metrics.height() * 24)

    def ticked(self) -> list[str]:
        return [
            self.list.item(row).text()
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def chosen(self) -> list[str] | None:
        return None if self.everything.isChecked() else self.ticked()

    def _ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:
            self.part.setChecked(True)  # ticking a partnership chooses "only these" by itself

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.everything.isChecked() or bool(self.ticked()))
