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
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from partnerdesk import APP_NAME
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.encrypted import WrongKeyError
from partnerdesk.services.registers import KINDS
from partnerdesk.travel import apply, labels, travelfile
from partnerdesk.travel.plan import Conflict
from partnerdesk.travel.report import MergeReport
from partnerdesk.ui.errors import show_problem
from partnerdesk.ui.tasks import Cancelled, run_with_progress
from partnerdesk.ui.travel.conflict_dialog import ConflictDialog
from partnerdesk.ui.travel.passphrase_dialog import PassphraseDialog
from partnerdesk.ui.travel.report_dialog import ReportDialog

ASK = object()  # "ask the user" (the default for passphrases)
FILTER = "PartnerDesk-Reisekopie (*.pdtravel)"
MAX_TRIES = 5


def install(window: Any) -> None:
    menu = window.menu("travel")
    window.travel_actions = {}
    for key, text, slot in (
        ("travel_checkout", _("&Create travel copy…"), lambda: checkout_travel_copy(window)),
        ("travel_merge", _("&Merge travel copy…"), lambda: merge_travel_copy(window)),
    ):
        action = QAction(text, window)
        action.setObjectName(f"action_{key}")
        action.triggered.connect(lambda _checked=False, s=slot: s())
        menu.addAction(action)
        window.travel_actions[key] = action
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
        for action in actions.values():
            action.setEnabled(True)
            action.setToolTip("")
        return
    when = info.checked_out_at[:10]
    banner.setText(
        _("Travel copy of {office}, made on {when} by {who}").format(
            office=info.office_name, when=labels.describe("", "date", when), who=info.checked_out_by
        )
    )
    banner.show()
    window.setWindowTitle(f"{window.db.path.name} – {_('Travel copy')} – {APP_NAME}")
    for action in actions.values():
        action.setEnabled(False)  # check-out and merge happen on the office database
        action.setToolTip(_("Open the office database to create or merge travel copies."))


# Opening a travel copy -------------------------------------------------------------------------


def open_travel_interactive(parent: QWidget | None, path: Path, passphrases: list[str] | None = None) -> Database | None:
    """Open ``path``, asking for its passphrase (again after a wrong one); ``None`` if cancelled.

    ``passphrases`` answers the questions instead of the dialog (tests).
    """
    if not travelfile.needs_passphrase(path):
        return travelfile.open_travel(path, None)
    problem = ""
    for attempt in range(MAX_TRIES):
        if passphrases is not None:
            if attempt >= len(passphrases):
                return None
            passphrase: str | None = passphrases[attempt]
        else:
            dialog = PassphraseDialog(parent, create=False, file_name=path.name, problem=problem)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            passphrase = dialog.passphrase()
        try:
            return travelfile.open_travel(path, passphrase)
        except WrongKeyError as exc:
            problem = exc.message
    raise WrongKeyError(problem)


# Check-out -------------------------------------------------------------------------------------


def checkout_travel_copy(window: Any, target: Path | None = None, passphrase: Any = ASK) -> Path | None:
    """Write a travel copy of the window's database; returns its path (``None`` if cancelled)."""
    if target is None:
        suggested = window.db.path.with_name(f"{window.db.path.stem}-reise.pdtravel")
        name, _selected = QFileDialog.getSaveFileName(window, _("Create travel copy"), str(suggested), FILTER)
        if not name:
            return None
        target = Path(name)
    if target.suffix.lower() != travelfile.SUFFIX:
        target = target.with_name(target.name + travelfile.SUFFIX)
    if passphrase is ASK:
        dialog = PassphraseDialog(window, create=True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        passphrase = dialog.passphrase()
    try:
        info = run_with_progress(
            window, _("Creating travel copy…"), travelfile.checkout, window.db, target, passphrase
        )
    except (PartnerDeskError, Cancelled) as exc:
        show_problem(window, exc)
        return None
    window.statusBar().showMessage(
        _("Travel copy written: {name}").format(name=target)
        + ("" if info.encrypted else " — " + _("not encrypted")), 10000
    )
    return target


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
        name, _selected = QFileDialog.getOpenFileName(window, _("Merge travel copy"), str(window.db.path.parent), FILTER)
        if not name:
            return None
        path = Path(name)
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
        if plan.conflicts and apply.merged_before(window.db, info) is None:
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
