"""The "Datenschutz" menu of the window and its first entry, *Auskunft zu einer Person…*.

``install(window)`` is called by the main window (``ui/extensions.py``). Other privacy work
adds its entries to ``window.menu("privacy")``. The flow takes optional arguments (the person,
the target file, a function that answers the dialog) so tests drive it without blocking.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox

from partnerdesk.domain.file_names import safe_file_name
from partnerdesk.exchange.privacy_export import export_person_data
from partnerdesk.i18n import _, ngettext
from partnerdesk.ui.errors import user_errors
from partnerdesk.ui.file_dialogs import save_file_name
from partnerdesk.ui.privacy.person_dialog import PersonDialog
from partnerdesk.ui.tasks import run_with_progress

FILTERS = {"pdf": "PDF (*.pdf)", "json": "JSON (*.json)"}


def install(window: Any) -> None:
    menu = window.menu("privacy")
    action = QAction(_("&Information about a person…"), window)
    action.setObjectName("action_privacy_information")
    action.triggered.connect(lambda _checked=False: person_information(window))
    menu.addAction(action)
    window.privacy_actions = {"privacy_information": action}
    menu.menuAction().setVisible(True)


def selected_contact(window: Any) -> str:
    """The id of the one contact selected in the contacts register (what the dialog starts with)."""
    try:
        if window.current_register() == "contacts" and len(window.selected_ids()) == 1:
            return str(window.selected_ids()[0])
    except (AttributeError, KeyError):
        pass
    return ""


def person_information(
    window: Any, *, text: str | None = None, out: Path | None = None, answer: Callable[[PersonDialog], bool] | None = None,
) -> Path | None:
    """Ask for the person and the file, then write the Auskunft with progress; the path written,
    or ``None`` if cancelled or refused (the reason was shown; nothing was written)."""
    dialog = PersonDialog(window.db, window, selected_contact(window) if text is None else text)
    accepted = answer(dialog) if answer is not None else dialog.exec() == QDialog.DialogCode.Accepted
    people, fmt = dialog.people(), dialog.format()
    if not accepted or not people:
        return None
    if out is None:
        name = safe_file_name(_("Information {name}").format(name=people[0].display_name)) + f".{fmt}"
        out = save_file_name(window, "privacy", _("Save the information as"), name, FILTERS[fmt])
        if out is None:
            return None
    written: Path | None = None
    with user_errors(window):  # a refusal is shown; nothing was written
        reports = run_with_progress(window, _("Collecting the person's data…"), export_person_data, window.db, people, out,
                                    fmt=fmt, request=dialog.person.text().strip())
        mentions = sum(len(r.mentions) for r in reports)
        text_written = _("Written: {file}").format(file=out)
        if mentions:
            text_written += "\n\n" + ngettext(
                "{count} mention in free text was found by name or e-mail: please check it before sending.",
                "{count} mentions in free text were found by name or e-mail: please check them before sending.",
                mentions).format(count=mentions)
        window.statusBar().showMessage(_("Written: {file}").format(file=out), 10_000)
        if answer is None:
            QMessageBox.information(window, _("Information about a person"), text_written)
        written = out
    return written

