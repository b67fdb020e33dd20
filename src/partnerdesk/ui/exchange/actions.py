"""File-menu actions of the exchange area: import assistant, table export, IATI, calendar.

``install(window)`` is called by the main window (``ui/extensions.py``). Each action takes
an optional target path so tests drive them without a file dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWizard

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _, ngettext
from partnerdesk.services.registers import register_label
from partnerdesk.ui import background
from partnerdesk.ui.file_dialogs import save_file_name
from partnerdesk.ui.tasks import Cancelled, run_with_progress

# openpyxl, lxml, icalendar and the import machinery are imported by the actions that use
# them, not when the window starts (they cost about a second of start-up time).
if TYPE_CHECKING:
    from partnerdesk.ui.exchange.import_wizard import ImportWizard


def _runner(window: Any) -> Any:
    return run_with_progress


def _changed(window: Any, kind: str) -> None:
    signal = getattr(window, "records_changed", None)
    if signal is not None:
        signal.emit(kind)
    else:
        window.refresh()


def _problem(window: Any, exc: BaseException) -> None:
    QMessageBox.warning(window, _("PartnerDesk"), getattr(exc, "message", None) or str(exc))


def install(window: Any) -> None:
    entries = [
        ("exchange_import", _("&Import table…"), lambda: import_table(window)),
        ("exchange_export", _("&Export register…"), lambda: export_register(window)),
        ("exchange_iati", _("Export projects as &IATI XML…"), lambda: export_iati_file(window)),
        ("exchange_ics", _("Export &calendar (.ics)…"), lambda: export_calendar(window)),
        ("exchange_participants", _("&Participant list of the activity (.xlsx)…"), lambda: export_participants(window)),
        ("exchange_mail_merge", _("&Mail-merge file of the activity (.csv)…"), lambda: export_mail_merge_file(window)),
    ]
    window.exchange_actions = {}
    for key, text, slot in entries:
        action = QAction(text, window)
        action.setObjectName(f"action_{key}")
        action.triggered.connect(lambda _checked=False, s=slot: s())
        window.add_file_action(action)
        window.exchange_actions[key] = action
    window.mark_writing(window.exchange_actions["exchange_import"])


# Import ------------------------------------------------------------------------------------


def make_import_wizard(window: Any) -> ImportWizard:
    from partnerdesk.ui.exchange.import_wizard import ImportWizard

    kind, grant_id = window.current_register(), None
    form = getattr(getattr(window, "editor_panel", None), "form", None)
    if kind == "grants" and form is not None and form.kind == "grants" and form.base.version:
        kind, grant_id = "expenses", form.base.id  # a grant open in its form: its expenses, from the finance export
    return ImportWizard(window.db, kind, window, run=_runner(window), grant_id=grant_id)


def finish_import(window: Any, wizard: ImportWizard) -> None:
    """Put an accepted wizard's import on the undo stack and show the new records."""
    from partnerdesk.ui.exchange.import_command import ImportCommand

    if wizard.import_result is None or wizard.table is None or wizard.preview is None:
        return
    command = ImportCommand(
        window.db, wizard.import_result, wizard.table, wizard.preview.mapping,
        skip_invalid=wizard.skip_invalid, changed=lambda kind: _changed(window, kind), parent_widget=window,
        merge=wizard.preview.merge, reapply=wizard.reapply(),
    )
    window.undo_stack.push(command)
    _changed(window, wizard.import_result.kind)
    window.statusBar().showMessage(wizard.import_result.summary(), 8000)


def import_table(window: Any) -> None:
    wizard = make_import_wizard(window)
    if wizard.exec() == QWizard.DialogCode.Accepted:
        finish_import(window, wizard)


# Export ------------------------------------------------------------------------------------


def _save_path(window: Any, kind: str, title: str, suggestion: str, filters: str) -> Path | None:
    """Ask where to save; the dialog starts in the last folder used for ``kind``, else in Documents."""
    return save_file_name(window, kind, title, suggestion, filters)


def current_records(window: Any) -> tuple[str, list[Any]]:
    """The shown register's records, filtered and sorted as the window shows them (read off the
    GUI thread on a server, in one read transaction)."""
    kind = window.current_register()
    return kind, background.call(window.db, _records, window.db, kind, window.current_query())


def _records(db: Any, kind: str, query: Any) -> list[Any]:
    """The records ``query`` selects, in its order (a worker may call it: plain in, plain out)."""
    from partnerdesk.services import service_for
    from partnerdesk.services.registers import RegisterService

    ids = RegisterService(db, kind).ids(query)
    records: list[Any] = []
    service = service_for(db, kind)
    for start in range(0, len(ids), 500):
        records += service.get_many(ids[start : start + 500])
    return records


def export_register(window: Any, path: Path | None = None) -> Path | None:
    from partnerdesk.exchange.table_export import export_table

    kind = window.current_register()
    if path is None:
        path = _save_path(window, "export", _("Export register"), f"{register_label(kind)}.xlsx", _("Excel workbook (*.xlsx);;CSV for Excel (*.csv)"))
        if path is None:
            return None
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
    try:
        kind, records = current_records(window)
        count = _runner(window)(
            window, _("Exporting…"), export_table, window.db, kind, records, path, columns=window.visible_columns()
        )
    except Cancelled:
        return None
    except PartnerDeskError as exc:
        _problem(window, exc)
        return None
    window.statusBar().showMessage(ngettext("Wrote {count} record to {name}.", "Wrote {count} records to {name}.", count).format(count=count, name=path.name), 8000)
    return path


def export_iati_file(window: Any, path: Path | None = None) -> Path | None:
    from partnerdesk.exchange.iati import PLACEHOLDER_REF, REF_SETTING, export_iati, reporting_org

    if path is None:
        path = _save_path(window, "iati", _("Export projects as IATI XML"), "iati-activities.xml", _("IATI XML (*.xml)"))
        if path is None:
            return None
    # Every database call off the GUI thread on a server (a round trip each); the dialog between them.
    if background.call(window.db, reporting_org, window.db).is_placeholder:
        ref, ok = QInputDialog.getText(
            window, _("IATI export"),
            _("The city's IATI organisation identifier (from org-id.guide, e.g. DE-GOV-…); it is saved in the database:"),
            text=PLACEHOLDER_REF,
        )
        if not ok:
            return None
        if ref.strip() and ref.strip() != PLACEHOLDER_REF:
            try:
                background.call(window.db, window.db.set_info, REF_SETTING, ref.strip())
            except PartnerDeskError as exc:
                _problem(window, exc)
                return None
    try:
        report = background.call(window.db, export_iati, window.db, path)
        placeholder = background.call(window.db, reporting_org, window.db).is_placeholder
    except PartnerDeskError as exc:
        _problem(window, exc)
        return None
    lines = [ngettext("Wrote {count} project to {name}.", "Wrote {count} projects to {name}.", report.written).format(
        count=report.written, name=path.name
    )]
    lines += [_("Left out “{title}”: {reason}").format(title=t, reason=r) for t, r in report.skipped]
    if placeholder:
        lines.append(_("The city's IATI organisation identifier is not set; the file uses the placeholder {ref}.").format(ref=PLACEHOLDER_REF))
    QMessageBox.information(window, _("IATI export"), "\n".join(lines))
    return path


def export_calendar(window: Any, path: Path | None = None) -> Path | None:
    from partnerdesk.exchange.ics import export_ics

    if path is None:
        path = _save_path(window, "calendar", _("Export calendar"), f"{register_label('activities')}.ics", _("iCalendar (*.ics)"))
        if path is None:
            return None
    try:
        count = background.call(window.db, export_ics, window.db, path)
    except PartnerDeskError as exc:
        _problem(window, exc)
        return None
    window.statusBar().showMessage(ngettext("Wrote {count} calendar entry to {name}.", "Wrote {count} calendar entries to {name}.", count).format(
            count=count, name=path.name
        ), 8000)
    return path


def export_participants(window: Any, path: Path | None = None) -> Path | None:
    """The participant list of the one activity selected in the activities register, as .xlsx."""
    from partnerdesk.exchange.participant_list import export_participant_list

    return _activity_file(
        window, path, export_participant_list, _("Participant list"), _(
            "Please select one activity in the register “Activities” first; its participant list is then "
            "written as an Excel file."),
        ("participants", _("Participants.xlsx"), _("Excel (*.xlsx)")),
        lambda n: ngettext("Wrote {count} participant to {name}.", "Wrote {count} participants to {name}.", n),
    )


def export_mail_merge_file(window: Any, path: Path | None = None) -> Path | None:
    """The mail-merge file (salutation lines, addresses) of the one activity selected in the
    activities register, as .csv; says how many participants were left out and why."""
    from partnerdesk.exchange.mail_merge import export_mail_merge

    return _activity_file(
        window, path, export_mail_merge, _("Mail-merge file"), _(
            "Please select one activity in the register “Activities” first; its participants are then "
            "written as a mail-merge file with salutation lines."),
        ("mail_merge", _("Mail merge.csv"), _("CSV for mail merge (*.csv)")),
        lambda n: ngettext("Wrote {count} addressee to {name}.", "Wrote {count} addressees to {name}.", n),
    )


def _activity_file(
    window: Any, path: Path | None, export: Callable[[Any, str, Path], Any], title: str, select_first: str,
    save_as: tuple[str, str, str], wrote: Callable[[int], str],
) -> Path | None:
    """A file written from the one activity selected in the activities register by
    ``export(db, activity_id, path)``, whose report has ``written`` and ``lines()`` (who was left
    out): those lines in a message, otherwise "wrote …" in the status bar."""
    ids = window.selected_ids() if window.current_register() == "activities" else []
    if len(ids) != 1:
        QMessageBox.information(window, title, select_first)
        return None
    if path is None:
        kind, suggestion, filters = save_as
        path = _save_path(window, kind, title, suggestion, filters)
        if path is None:
            return None
    try:
        report = background.call(window.db, export, window.db, ids[0], path)
    except PartnerDeskError as exc:
        _problem(window, exc)
        return None
    text = wrote(report.written).format(count=report.written, name=path.name)
    if report.lines():
        QMessageBox.information(window, title, "\n".join([text, *report.lines()]))
    else:
        window.statusBar().showMessage(text, 8000)
    return path
