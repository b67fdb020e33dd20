"""The window's side of "where the database may live" (rules: ``persistence.location``).

``open_or_offer_copy`` opens a database; if its place is refused (network share,
synchronised folder) it explains why and offers to work on a local copy, written
with SQLite's backup API into the per-user folder ``Lokale Kopien`` and opened
there. ``title_suffix`` says in the title bar when a file was opened in the
expert's single-user mode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from partnerdesk import APP_NAME, paths
from partnerdesk.domain.errors import PartnerDeskError, UnsafeLocationError
from partnerdesk.i18n import _
from partnerdesk.services.workspace import Database, Source, backup_file, open_source
from partnerdesk.ui.errors import show_problem

log = logging.getLogger(__name__)

LOCAL_COPIES = "Lokale Kopien"


def local_copies_dir() -> Path:
    return paths.data_dir() / LOCAL_COPIES


def local_copy_target(source: Path) -> Path:
    folder = local_copies_dir()
    target = folder / source.name
    if target.exists():
        target = folder / f"{source.stem}-{datetime.now():%Y%m%d-%H%M%S}{source.suffix or '.sqlite'}"
    return target


def make_local_copy(source: Path) -> Database:
    """Copy ``source`` (consistently, with the backup API) into the local folder and open the copy."""
    target = backup_file(source, local_copy_target(source))
    log.info("working on the local copy %s of %s", target, source)
    return open_source(Source.file(target))


def ask_for_local_copy(parent: QWidget | None, problem: UnsafeLocationError) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Unsafe place for the database"))
    box.setText(problem.message)
    box.setInformativeText(
        _(
            "PartnerDesk can copy the database into your local folder and open the copy. "
            "Changes then go into the copy, not into the original file."
        )
    )
    use_copy = box.addButton(_("Use a local copy"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(use_copy)
    box.exec()
    return box.clickedButton() is use_copy


def offer_local_copy(parent: QWidget | None, path: Path, problem: UnsafeLocationError) -> Database | None:
    """Explain why ``path`` is refused; on request copy it locally and open the copy."""
    if not ask_for_local_copy(parent, problem):
        return None
    try:
        db = make_local_copy(path)
    except PartnerDeskError as exc:
        show_problem(parent, exc)
        return None
    QMessageBox.information(
        parent,
        APP_NAME,
        _("You are working on a local copy: {copy}. The original {original} stays as it was.").format(
            copy=db.path, original=path
        ),
    )
    return db


def _open_file(path: Path) -> Database:
    return open_source(Source.file(path))


def open_or_offer_copy(
    parent: QWidget | None, path: Path, opener: Callable[[Path], Database] = _open_file
) -> Database | None:
    """Open ``path``; at a refused place offer a local copy. ``None``: the user declined."""
    try:
        return opener(path)
    except UnsafeLocationError as exc:
        return offer_local_copy(parent, path, exc)


def place_notes(db: Database) -> list[str]:
    """Warnings to show after opening: a removable drive, a failed daily backup."""
    return [m for m in (db.placement.warning, *db.notices) if m]


def title_suffix(db: Database) -> str:
    """What the title bar adds for a file opened through the expert override."""
    if db.single_user:
        return " – " + _("single-user mode (unsafe place)")
    return ""
