"""The window's entries of retention and the travel copy register (issue 22):

- *Datenschutz → Fällige Prüfungen…* (``ContactReviewsDialog``),
- *Datenschutz → Verzeichnis der Verarbeitungstätigkeiten…* (PDF or Word, ``services.processing_record``),
- *Datenschutz → Speicherfristen und Rotation…* (``RetentionSettingsDialog``),
- *Reise → Reisekopien…* (``TravelCopiesDialog``),
- and opening a travel copy's line of "Anstehend" in that dialog, and the line of the contacts without
  a legal basis in *Fällige Prüfungen*.

The "Datenschutz" menu is made here if the window has none yet (``privacy_menu``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from partnerdesk.i18n import _
from partnerdesk.services import retention
from partnerdesk.ui import background
from partnerdesk.ui.errors import user_errors

MENU_KEY = "privacy"


def privacy_menu(window: Any) -> QMenu:
    """The window's "Datenschutz" menu, made before "Hilfe" if no other part made it yet."""
    menus: dict[str, QMenu] = window._menus
    if MENU_KEY not in menus:
        menu = QMenu(_("Data &protection"), window)
        menu.setObjectName(f"menu_{MENU_KEY}")
        window.menuBar().insertMenu(menus["help"].menuAction(), menu)
        menus[MENU_KEY] = menu
    return menus[MENU_KEY]


def _action(window: Any, menu: QMenu, key: str, text: str, slot: Any, *, writes: bool = False) -> QAction:
    action = QAction(text, window)
    action.setObjectName(f"action_{key}")
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    if writes:
        window.mark_writing(action)
    return action


def install(window: Any) -> None:
    from partnerdesk.ui.privacy import keep_settings  # noqa: F401  (declares its options)

    menu = privacy_menu(window)
    _action(window, menu, "contact_reviews", _("&Reviews due…"), lambda: show_reviews(window))
    _action(window, menu, "processing_record", _("Record of &processing activities…"), lambda: write_processing_record(window))
    _action(window, menu, "retention_settings", _("Retention periods and &rotation…"), lambda: edit_retention_settings(window))
    menu.menuAction().setVisible(True)
    travel = window.menu("travel")
    _action(window, travel, "travel_copies", _("Travel &copies…"), lambda: show_travel_copies(window))
    travel.menuAction().setVisible(True)
    from partnerdesk.ui.due import panel

    panel.OTHER_OPENERS["travel_copies"] = lambda item: show_travel_copies(window, item.record_id)
    # The one line summing up the contacts without a legal basis: the list of them, one by one.
    panel.OTHER_OPENERS[retention.REVIEWS_KIND] = lambda _item: show_reviews(window)


def show_reviews(window: Any) -> Any:
    from partnerdesk.ui.privacy.reviews_dialog import ContactReviewsDialog

    dialog = ContactReviewsDialog(window)
    dialog.show()
    window.contact_reviews_dialog = dialog
    return dialog


def show_travel_copies(window: Any, checkout_id: str | None = None) -> Any:
    from partnerdesk.ui.privacy.travel_copies_dialog import TravelCopiesDialog

    dialog = TravelCopiesDialog(window.db, window)
    if checkout_id:
        for row, copy in enumerate(dialog.copies):
            if copy.checkout_id == checkout_id:
                dialog.table.selectRow(row)
    dialog.show()
    window.travel_copies_dialog = dialog
    return dialog


def edit_retention_settings(window: Any) -> bool:
    from partnerdesk.ui.privacy.keep_settings import RetentionSettingsDialog

    dialog = RetentionSettingsDialog(window.settings, window)
    return bool(dialog.exec())


def write_processing_record(window: Any, target: Any = None) -> Any:
    """Ask where (PDF or Word), then write the record of processing activities; ``target``: tests."""
    from pathlib import Path

    from partnerdesk.documents import processing_record as document
    from partnerdesk.services import processing_record
    from partnerdesk.ui.file_dialogs import save_file_name

    if target is None:
        target = save_file_name(window, "documents", _("Record of processing activities"),
                                f"Verzeichnis-Verarbeitungstaetigkeiten-{date.today().isoformat()}.pdf",
                                _("PDF (*.pdf);;Word (*.docx)"))
        if target is None:
            return None
    path = Path(target)
    written = None
    with user_errors(window):
        if path.suffix.lower() not in document.SUFFIXES:
            path = path.with_suffix(".pdf")
        controller = processing_record.controller_from_settings()
        record = background.call(window.db, processing_record.gather, window.db, controller,
                                 processing_record.current_rules(), date.today())
        written = document.write(record, path, author=str(window.settings.get("author_name")))
        window.statusBar().showMessage(_("Record of processing activities written: {name}").format(name=written), 8000)
    return written
