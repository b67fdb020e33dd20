"""Travel copies in the window: "Reisekopie erstellen…", "Reisekopie zusammenführen…", the banner.

``install(window)`` is called by the main window (``ui/extensions.py``). The flows take
optional arguments (target path, passphrase, how to decide conflicts, how to show the
report) so tests drive them with real dialogs but without file choosers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from partnerdesk import APP_NAME
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.services import service_for, workspace
from partnerdesk.services.registers import KINDS
from partnerdesk.services.workspace import Database
from partnerdesk.travel import apply, labels, travelfile
from partnerdesk.travel.plan import Conflict
from partnerdesk.travel.report import MergeReport
from partnerdesk.ui import read_only
from partnerdesk.ui.background import call
from partnerdesk.ui.errors import show_problem
from partnerdesk.ui.file_dialogs import open_file_name, save_file_name
from partnerdesk.ui.tasks import Cancelled, run_with_progress
from partnerdesk.ui.travel.conflict_dialog import ConflictDialog
from partnerdesk.ui.travel.passphrase_dialog import PassphraseDialog
from partnerdesk.ui.travel.report_dialog import ReportDialog
from partnerdesk.ui.travel.subset_dialog import SubsetDialog

ASK = object()  # "ask the user" (the default for passphrases)
FILTER = "PartnerDesk-Reisekopie (*.pdtravel)"
MAX_TRIES = workspace.PASSPHRASE_TRIES


def install(window: Any) -> None:
    menu = window.menu("travel")
    window.travel_actions = {}
    for key, text, slot in (
        ("travel_checkout", _("&Create travel copy…"), lambda: checkout_travel_copy(window, partnerships=ASK)),
        ("travel_merge", _("&Merge travel copy…"), lambda: merge_travel_copy(window)),
    ):
        action = QAction(text, window)
        action.setObjectName(f"action_{key}")
        action.triggered.connect(lambda _checked=False, s=slot: s())
        menu.addAction(action)
        window.travel_actions[key] = action
    window.mark_writing(window.travel_actions["travel_merge"])
    menu.menuAction().setVisible(True)
    window.database_changed.connect(lambda: mark_travel_copy(window))
    mark_travel_copy(window)


# Showing that the window works on a travel copy ----------------------------------------------


def mark_travel_copy(window: Any) -> None:
    """Title suffix and a status-bar banner while the open database is a travel copy."""
    info = travelfile.travel_info_or_none(window.db)
    banner = getattr(window, "travel_banner", None)
    if banner is None:
        banner = QLabel(window)
        banner.setObjectName("travel_banner")
        banner.setStyleSheet("QLabel { background: #fff3cd; color: #664d03; padding: 2px 8px; font-weight: bold; }")
        window.statusBar().insertPermanentWidget(0, banner)
        window.travel_banner = banner
    actions = getattr(window, "travel_actions", {})
    if info is None:
        banner.hide()
        # From a file or a server alike; a reader may take a (read-only) copy, merging is a write.
        for action in actions.values():
            action.setEnabled(True)
            action.setToolTip("")
        if "travel_merge" in actions:
            read_only.apply_to_actions([actions["travel_merge"]], window.db)
        return
    text = _("Travel copy of {office}, made on {when} by {who}").format(
        office=info.office_name, when=labels.local_time(info.checked_out_at), who=info.checked_out_by
    )
    if info.subset:
        text += " – " + _("only: {names}").format(names=", ".join(info.subset))
    banner.setText(text)
    banner.show()
    window.setWindowTitle(f"{window.db.path.name} – {_('Travel copy')} – {APP_NAME}")
    for action in actions.values():
        action.setEnabled(False)  # check-out and merge happen on the office database
        action.setToolTip(_("Open the office database to create or merge travel copies."))


# Opening a travel copy -------------------------------------------------------------------------


def open_travel_interactive(parent: QWidget | None, path: Path, passphrases: list[str] | None = None) -> Database | None:
    """Open ``path`` through the one door, asking for its passphrase (again after a wrong one);
    ``None`` if cancelled. ``passphrases`` answers the questions instead of the dialog (tests)."""
    answers = iter(passphrases) if passphrases is not None else None

    def ask(_path: Path, problem: str) -> str | None:
        if answers is not None:
            return next(answers, None)
        dialog = PassphraseDialog(parent, create=False, file_name=path.name, problem=problem)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase()

    try:
        return workspace.open_source(workspace.Source("travel", str(path)), workspace.Questions(passphrase=ask))
    except workspace.Cancelled:
        return None


# Check-out -------------------------------------------------------------------------------------


def checkout_travel_copy(
    window: Any, target: Path | None = None, passphrase: Any = ASK, partnerships: Any = None
) -> Path | None:
    """Write a travel copy of the window's database (a file or a server); returns its path
    (``None`` if cancelled). ``partnerships``: ``None`` for the whole database, a list of titles
    for a part, ``ASK`` for the dialog (``SubsetDialog``; the menu entry asks)."""
    if partnerships is ASK:
        try:
            titles = call(window.db, _partnership_titles, window.db)
        except PartnerDeskError as exc:
            show_problem(window, exc)
            return None
        subset_dialog = SubsetDialog(window, titles)
        if subset_dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        partnerships = subset_dialog.chosen()
    if target is None:
        # Usually onto the laptop or a USB stick: start in Documents or last time's folder.
        stem = Path(workspace.source_of(window.db).short_name()).stem or "partnerdesk"
        chosen = save_file_name(window, "travel", _("Create travel copy"), f"{stem}-reise.pdtravel", FILTER)
        if chosen is None:
            return None
        target = chosen
    if target.suffix.lower() != travelfile.SUFFIX:
        target = target.with_name(target.name + travelfile.SUFFIX)
    if passphrase is ASK:
        dialog = PassphraseDialog(window, create=True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        passphrase = dialog.passphrase()
    try:
        info = run_with_progress(
            window, _("Creating travel copy…"), travelfile.checkout, window.db, target, passphrase,
            partnerships=partnerships or None,
        )
    except (PartnerDeskError, Cancelled) as exc:
        show_problem(window, exc)
        return None
    window.statusBar().showMessage(
        _("Travel copy written: {name}").format(name=target)
        + ("" if info.encrypted else " — " + _("not encrypted")), 10000
    )
    if not info.writable:  # said at once, not only when the merge is refused after the trip
        QMessageBox.information(window, _("Create travel copy"), _(
            "You may only read the office database: this copy can be read on the trip, but not changed "
            "or merged back."))
    return target


def _partnership_titles(db: Database) -> list[str]:
    return sorted({p.title for p in service_for(db, "partnerships").list()}, key=str.casefold)


# Merge -----------------------------------------------------------------------------------------


def ask_decisions(window: Any, conflicts: list[Conflict], names: Callable[[str], str]) -> dict[str, str] | None:
    dialog = ConflictDialog(conflicts, window, names)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.decisions()


def show_report(window: Any, report: MergeReport) -> None:
    ReportDialog(report, window).exec()


def merge_travel_copy(
    window: Any,
    path: Path | None = None,
    passphrases: list[str] | None = None,
    decide: Callable[[Any, list[Conflict], Callable[[str], str]], dict[str, str] | None] = ask_decisions,
    report: Callable[[Any, MergeReport], None] = show_report,
) -> MergeReport | None:
    """Merge a travel copy into the window's database; ``None`` if cancelled or refused."""
    if path is None:
        picked = open_file_name(window, "travel", _("Merge travel copy"), FILTER)
        if picked is None:
            return None
        path = picked
    try:
        travel = open_travel_interactive(window, path, passphrases)
    except PartnerDeskError as exc:
        show_problem(window, exc)
        return None
    if travel is None:
        return None
    try:
        info, plan = run_with_progress(window, _("Comparing the travel copy…"), _diff, window.db, travel)
        decisions: dict[str, str] = {}
        if plan.conflicts and apply.merged_the_old_way(window.db, info) is None:
            names = _names(window.db, travel, plan.conflicts)
            chosen = decide(window, plan.conflicts, lambda i: names.get(i, i))
            if chosen is None:
                return None  # cancelled: nothing was written
            decisions = chosen
        result = run_with_progress(window, _("Merging the travel copy…"), _merge, window.db, travel, decisions)
    except (PartnerDeskError, Cancelled) as exc:
        show_problem(window, exc)
        return None
    finally:
        travel.close()
    for kind in sorted({entry.kind for entry in result.entries}):
        if kind in KINDS:
            window.records_changed.emit(kind)
    report(window, result)
    return result


def _diff(office: Database, travel: Database, *, progress: Any = None) -> Any:
    return apply.diff(office, travel)


def _merge(office: Database, travel: Database, decisions: dict[str, str], *, progress: Any = None) -> MergeReport:
    return apply.merge(office, travel, decisions=decisions)


def _names(office: Database, travel: Database, conflicts: list[Conflict]) -> dict[str, str]:
    ids: set[str] = set()
    for c in conflicts:
        if c.field in labels.ID_FIELDS or c.field == "participants":
            for value in (c.base, c.office, c.travel):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict):
                        ids.add(item.get("organisation_id", ""))
                    elif isinstance(item, str):
                        ids.add(item)
    if not ids:
        return {}
    with office.read() as osession, travel.read() as tsession:
        return labels.name_lookup(osession, tsession, ids)
