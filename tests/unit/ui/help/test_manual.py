"""The user guide inside the program: every page reachable, Hilfe → Handbuch, F1 per register and dialog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QShortcut, QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from partnerdesk.services.registers import KINDS
from partnerdesk.ui.help import pages
from partnerdesk.ui.help.browser import HelpWindow

SOURCE = Path(__file__).resolve().parents[4] / "src" / "partnerdesk" / "ui"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.fixture(autouse=True)
def _close_guides(qapp):
    """A guide left open by one test would be the active window of the next."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, HelpWindow):
            widget.close()
            widget.deleteLater()
    qapp.processEvents()


def _guide_files() -> list[Path]:
    return sorted(pages.folder().glob("*.md"))


def test_the_contents_list_every_page_and_every_page_is_in_the_contents():
    listed = [page.name for page in pages.contents()]
    assert listed[0] == pages.HOME
    assert len(set(listed)) == len(listed)
    assert sorted(listed) == sorted(path.stem for path in _guide_files())
    assert all(page.title for page in pages.contents())


@pytest.mark.parametrize("path", _guide_files(), ids=lambda p: p.stem)
def test_every_link_and_picture_of_a_page_exists(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), "each page starts with its title"
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (path.parent / target).is_file(), f"{path.name} points to {target}, which is not there"


def test_every_register_and_tab_has_its_page():
    for kind in KINDS:
        assert pages.page_for_register(kind) != pages.HOME, kind
        assert pages.page_named(pages.page_for_register(kind)).path.is_file()
    for page in pages.TAB_PAGES.values():
        assert pages.page_named(page).name == page


def _dialogs_without_a_page() -> list[str]:
    dialogs = set()
    for source in SOURCE.rglob("*.py"):
        dialogs.update(re.findall(r"^class (\w+)\((?:QDialog|QWizard)\)", source.read_text(encoding="utf-8"), re.M))
    assert len(dialogs) >= 10, "the search for dialogs found them"
    return sorted(name for name in dialogs if name not in pages.DIALOG_PAGES)


def test_every_dialog_of_the_program_has_its_page(monkeypatch):
    """A new dialog without a page is caught here: add it to ``pages.DIALOG_PAGES``."""
    assert _dialogs_without_a_page() == []
    assert all(pages.page_named(page).name == page for page in pages.DIALOG_PAGES.values())
    monkeypatch.delitem(pages.DIALOG_PAGES, "ImportWizard")  # the guard sees a dialog left out
    assert _dialogs_without_a_page() == ["ImportWizard"]


def _help_windows(parent) -> list[HelpWindow]:
    return [w for w in parent.findChildren(HelpWindow) if w.isVisible()]


def _manual_action(window):
    return next(a for a in window.menu("help").actions() if a.objectName() == "action_manual")


def test_help_menu_opens_the_guide_on_its_contents_and_links_and_back_work(qtbot, window):
    action = _manual_action(window)
    assert action.text().replace("&", "") == "Handbuch"
    assert window.menu("help").actions()[0] is action  # first in the menu
    action.trigger()
    guide = _help_windows(window)[0]
    assert guide.current_page() == "index"
    assert "Willkommen bei PartnerDesk" in guide.browser.toPlainText()
    assert guide.windowTitle() == "PartnerDesk-Handbuch – Willkommen"
    titles = [guide.contents.item(row).text() for row in range(guide.contents.count())]
    assert titles[:3] == ["Willkommen", "Das Fenster", "Anstehend und Wiedervorlagen"]
    assert guide.contents.currentItem().text() == "Willkommen"
    picture = guide.browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                                 QUrl("bilder/hauptfenster.png"))
    assert picture is not None and not picture.isNull(), "the screenshot on the first page loads"
    assert picture.width() <= guide.browser.viewport().width(), "scaled to the page: no sideways scrolling"

    guide.browser.setFocus()
    qtbot.keyClick(guide.browser, Qt.Key.Key_Tab)  # the first link of the page: "Partnerschaften"
    qtbot.keyClick(guide.browser, Qt.Key.Key_Tab)  # the second: "Projekte"
    qtbot.keyClick(guide.browser, Qt.Key.Key_Return)
    assert guide.current_page() == "projekte"
    assert "Ein **Projekt**" not in guide.browser.toPlainText()  # shown as Markdown, not as source text
    assert "Ein Projekt gehört meist" in guide.browser.toPlainText()
    assert guide.contents.currentItem().text() == "Projekte"
    assert guide.back.isEnabled()
    guide.back.trigger()
    assert guide.current_page() == "index"

    guide.contents.setCurrentRow(titles.index("Reisekopien für Dienstreisen"))
    assert guide.current_page() == "reisekopie"
    action.trigger()  # the same window again, not a second one
    assert len(_help_windows(window)) == 1 and guide.current_page() == "index"


def test_f1_opens_the_page_of_the_register_in_front(qtbot, window):
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.tabs.setCurrentWidget(window.panels["projects"])
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(_help_windows(window)))
    assert _help_windows(window)[0].current_page() == "projekte"
    window.tabs.setCurrentWidget(window.panels["contacts"])
    window.findChild(QShortcut, "help_key").activated.emit()  # F1 again, the guide now in front
    assert len(_help_windows(window)) == 1 and _help_windows(window)[0].current_page() == "kontakte"
    window.tabs.setCurrentWidget(window.findChild(QWidget, "due_panel"))  # a tab that is no register
    window.findChild(QShortcut, "help_key").activated.emit()
    assert _help_windows(window)[0].current_page() == "anstehend"


def test_f1_works_in_a_second_main_window(qtbot, make_window, example_db, window):
    """Each window's dialog watcher used to give the other main window a second F1, and two cancel out."""
    second = make_window(example_db)
    with qtbot.waitActive(second):
        second.show()
        second.activateWindow()
    window.show()  # the first window exists and is shown too
    with qtbot.waitActive(second):
        second.activateWindow()
    second.tabs.setCurrentWidget(second.panels["activities"])
    qtbot.keyClick(second.focusWidget() or second, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(_help_windows(second)))
    assert _help_windows(second)[0].current_page() == "aktivitaeten"


def test_f1_in_a_dialog_opens_the_dialogs_page_usable_beside_the_modal_dialog(qtbot, window):
    from partnerdesk.ui.history.dialog import DatabaseHistoryDialog

    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    dialog = DatabaseHistoryDialog(window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: bool(dialog.property("partnerdesk_help_key")))
    qtbot.keyClick(dialog, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(_help_windows(dialog)))
    guide = _help_windows(dialog)[0]
    assert guide.current_page() == "verlauf"
    assert guide.parent() is dialog  # a modal dialog blocks every window but its own children
    dialog.close()


def test_a_dialog_may_name_its_own_page(qtbot, window):
    from partnerdesk.ui import help as manual

    dialog = QDialog(window)
    dialog.setProperty("help_page", "austausch")
    assert manual.page_for(dialog, window) == "austausch"
    assert manual.page_for(QDialog(window), window) == pages.HOME  # unknown: the contents
    assert pages.page_named("no-such-page").name == pages.HOME
    assert isinstance(window.menu("help"), QMenu)
