"""The user guide's window: contents on the left, the page on the right, back/forward/home.

A top-level window of its own, so the guide stays open beside the work. Opened from a modal
dialog (F1 there), it is that dialog's child: a modal dialog blocks every window but its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QToolBar, QVBoxLayout, QWidget

from partnerdesk.i18n import _
from partnerdesk.ui.help import pages
from partnerdesk.ui.icons import icon
from partnerdesk.ui.screen_fit import fit_dialog

_NAME_ROLE = Qt.ItemDataRole.UserRole


class _GuideBrowser(QTextBrowser):
    """Pictures scaled down to the width of the page, so a screenshot never needs sideways scrolling."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt override
        resource = super().loadResource(kind, name)
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return resource
        image = QImage.fromData(resource) if isinstance(resource, (bytes, QByteArray)) else resource
        room = max(self.viewport().width() - 24, 320)
        if isinstance(image, QImage) and not image.isNull() and image.width() > room:
            return image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        return image


class HelpWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("help_window")
        self.setWindowTitle(_("PartnerDesk manual"))
        self.setWindowIcon(icon("help"))

        self.contents = QListWidget(self)
        self.contents.setObjectName("help_contents")
        for page in pages.contents():
            item = QListWidgetItem(page.title)
            item.setData(_NAME_ROLE, page.name)
            self.contents.addItem(item)
        self.browser = _GuideBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setOpenExternalLinks(True)  # web links go to the browser; pages of the guide stay here

        bar = QToolBar(self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back = bar.addAction(_("Back"), self.browser.backward)
        self.back.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.forward = bar.addAction(_("Forward"), self.browser.forward)
        self.forward.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.home = bar.addAction(_("Contents"), lambda: self.show_page(pages.HOME))
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(split)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        self.contents.currentItemChanged.connect(self._chosen)
        self.browser.sourceChanged.connect(self._shown)
        fit_dialog(self, 960, 720)

    def show_page(self, name: str) -> None:
        page = pages.page_named(name)
        if self.current_page() != page.name:
            self.browser.setSource(QUrl.fromLocalFile(str(page.path)), QTextDocument.ResourceType.MarkdownResource)

    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).stem

    def _chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_page(str(item.data(_NAME_ROLE)))

    def _shown(self, url: QUrl) -> None:
        name = Path(url.toLocalFile()).stem
        self.setWindowTitle(_("PartnerDesk manual – {page}").format(page=pages.page_named(name).title))
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(_NAME_ROLE) == name:
                self.contents.blockSignals(True)
                self.contents.setCurrentItem(item)
                self.contents.blockSignals(False)
                break
