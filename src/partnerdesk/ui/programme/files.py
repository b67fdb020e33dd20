"""The action programme's files from the window: *Als Excel exportieren…*, *Aus Excel
importieren…* and *Drucken (PDF/DOCX)…* in the Handlungsprogramm dialog.

They run the code the commands 'programme export/import/print' run (``exchange.programme_table``,
``documents.programme``) on the programme as the dialog holds it, so no file is read or written
through the database:

* the export writes the saved programme: with unsaved changes it asks to save them first (the
  sheet's ids must name saved items, or the partners' sheet could not be read back);
* the import reads the sheet against the dialog's programme (all or nothing: a wrong cell is
  named by row and column and nothing changes), shows what it changes, and makes it one undo
  step; *Speichern* writes it like any change;
* printing writes what the dialog shows, unsaved changes included (a draft for a meeting).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _, ngettext
from partnerdesk.ui.file_dialogs import open_file_name, remember_folder, save_file_name, start_folder

if TYPE_CHECKING:
    from partnerdesk.ui.programme.dialog import ProgrammeDialog

#: The remembered folder of the programme's files (``file_dialogs``).
FOLDER = "programme"


def _default_name(dialog: ProgrammeDialog, suffix: str) -> str:
    from partnerdesk.ui.documents.actions import slug

    return f"{_('Action programme')}-{slug(dialog.view.partner_name or dialog.view.partnership.title)}.{suffix}"


def export_sheet(dialog: ProgrammeDialog) -> Path | None:
    """Ask for a file and write the saved programme as the partners' .xlsx sheet; the file or ``None``."""
    from partnerdesk.exchange.programme_table import write_sheet

    if not dialog.undo_stack.isClean():
        answer = QMessageBox.question(
            dialog, _("Export to Excel"),
            _("The changes are not saved yet. Save them now and export? (The sheet names the saved items; "
              "only then can it be read back.)"))
        if answer != QMessageBox.StandardButton.Yes or not dialog.save():
            return None
    out = save_file_name(dialog, FOLDER, _("Export the action programme to Excel"), _default_name(dialog, "xlsx"),
                         _("Excel (*.xlsx)"))
    if out is None:
        return None
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    try:
        rows = write_sheet(dialog.current_view(), out)
    except PartnerDeskError as exc:
        dialog.say(exc.message, problem=True)
        return None
    dialog.say(ngettext("Written: {file} ({count} row).", "Written: {file} ({count} rows).", rows).format(
        file=out, count=rows))
    return out


def import_sheet(dialog: ProgrammeDialog) -> bool:
    """Ask for a sheet, show what it changes and take it over as one undo step; whether it was."""
    from partnerdesk.exchange.programme_table import read_programme
    from partnerdesk.ui.programme.import_preview import ProgrammeImportPreview

    path = open_file_name(dialog, FOLDER, _("Import the action programme from Excel"), _("Excel (*.xlsx)"))
    if path is None:
        return False
    view = dialog.current_view()
    try:
        items, report = read_programme(path, view)
    except PartnerDeskError as exc:
        dialog.say(exc.message, problem=True)
        return False
    preview = ProgrammeImportPreview(path, view, items, report, dialog)
    if preview.exec() != QDialog.DialogCode.Accepted:
        return False
    report = preview.report
    if not (report.created or report.changed or report.removed):
        dialog.say(_("Nothing to take over: the sheet {file} holds no change.").format(file=path.name))
        return False
    current = dialog.current()
    dialog.apply_import(preview.items, current.id if current is not None else None)
    dialog.say(_("{summary} Taken from {file}, not saved yet: “Save” writes it.").format(
        summary=report.summary(), file=path.name))
    return True


def print_programme(dialog: ProgrammeDialog) -> Path | None:
    """Ask for a .pdf or .docx file and write the programme as the dialog shows it; the file or ``None``."""
    from partnerdesk.documents.programme import write_view

    word = _("Word documents (*.docx)")
    start = start_folder(dialog, FOLDER) / _default_name(dialog, "pdf")
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        dialog, _("Print the action programme"), str(start), ";;".join(("PDF (*.pdf)", word)))
    if not chosen:
        return None
    out = Path(chosen)
    remember_folder(dialog, FOLDER, out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "docx"):  # no ending (or another one): the kind chosen in the dialog
        fmt = "docx" if chosen_filter == word else "pdf"
        out = out.with_name(f"{out.name}.{fmt}")
    try:
        written = write_view(dialog.current_view(), out, fmt)
    except PartnerDeskError as exc:
        dialog.say(exc.message, problem=True)
        return None
    dialog.say(_("Written: {file}").format(file=written))
    return written
