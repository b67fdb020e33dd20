"""Starting the desktop window (a minimal main window until the registers arrive)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from partnerdesk import APP_NAME
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.paths import default_database_path


def run(db_path: Path | None, args: argparse.Namespace | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

    from partnerdesk.cli.common import create_default_database
    from partnerdesk.persistence.database import open_database
    from partnerdesk.ui import smoke_hook

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    path = Path(db_path or default_database_path())
    try:
        db = open_database(path) if path.exists() else create_default_database(path)
    except PartnerDeskError as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        return 1
    window = QMainWindow()
    window.setWindowTitle(f"{path.name} – {APP_NAME}")
    window.setCentralWidget(QLabel(_("Database: {name}").format(name=path)))
    window.resize(900, 600)
    window.show()
    smoke_hook.install(app, window)  # hidden test switch, see smoke_hook.py
    try:
        return app.exec()
    finally:
        db.close()
