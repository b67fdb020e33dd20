"""Take the user guide's screenshots (resources/help/de/bilder/) from the real window with the example data.

    python tools/make_help_screenshots.py            # offscreen, with the bundled Noto Sans

Each picture is the program as a new member of staff sees it: the main window on a partnership,
a project's form, the MoU dialog, the database history, a project sheet (rendered with pdftoppm).
Run it again after the window changes; the guide's tests check that every picture a page names exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "resources" / "help" / "de" / "bilder"
WIDTH = 1280  # pictures wider than this are scaled down: the guide's window is about 900 px wide


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PARTNERDESK_DATA_DIR", tempfile.mkdtemp(prefix="pd-help-"))
    for name in ("LOGNAME", "USER", "USERNAME"):  # the history names a login as staff have one
        os.environ[name] = "mmuster"
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QFont, QFontDatabase, QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

    import partnerdesk.ui  # noqa: F401 - PySide6 refcount workaround first
    from partnerdesk.i18n import set_language
    from partnerdesk.persistence.database import create_database
    from partnerdesk.resources import resource_path
    from partnerdesk.services.example_data import add_example_data
    from partnerdesk.services.registers import RegisterQuery, RegisterService
    from partnerdesk.ui.app import install_translators
    from partnerdesk.ui.history.dialog import DatabaseHistoryDialog
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings

    app = QApplication(sys.argv[:1])
    set_language("de")
    install_translators(app, "de")
    family = QFontDatabase.applicationFontFamilies(
        QFontDatabase.addApplicationFont(str(resource_path("fonts", "NotoSans-Regular.ttf"))))[0]
    app.setFont(QFont(family, 10))
    folder = Path(tempfile.mkdtemp(prefix="pd-help-"))
    db = create_database(folder / "partnerdesk.sqlite")
    add_example_data(db)
    window = MainWindow(db, Settings())
    window.resize(1440, 860)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def save(widget: QWidget | QPixmap, name: str) -> None:
        picture = widget if isinstance(widget, QPixmap) else widget.grab()
        if picture.width() > WIDTH:
            picture = picture.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        picture.save(str(OUT / name))
        print(f"saved {OUT / name}")

    def first(kind: str, search: str) -> str:
        return RegisterService(db, kind).ids(RegisterQuery(kind, search=search))[0]

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def main_window() -> None:
        window.open_record("partnerships", first("partnerships", "kumasi"))
        settle()
        save(window, "hauptfenster.png")

    def due_tab() -> None:
        due = window.findChild(QWidget, "due_panel")
        if due is not None:
            window.tabs.setCurrentWidget(due)
            settle()
            save(window, "anstehend.png")

    def project_form() -> None:
        window.open_record("projects", first("projects", "dabola"))
        settle()
        save(window, "formular-projekt.png")

    def history_dialog() -> None:
        from partnerdesk.services.records import ProjectService

        projects = ProjectService(db)  # two edits, so the history shows what staff would see
        project = projects.find("Dabola")
        project.summary += " Zweite Phase ab 2027 mit den Grundschulen."
        projects.update(project)
        shortlived = projects.find("Jeder Tropfen")
        shortlived.notes = "Besuch der Brunnen im Januar geplant."
        projects.update(shortlived)
        dialog = DatabaseHistoryDialog(window)
        dialog.resize(1100, 420)
        dialog.show()
        dialog.search()
        settle()
        save(dialog, "dialog-verlauf.png")
        dialog.close()

    def mou_dialog() -> None:
        window.open_record("partnerships", first("partnerships", "kumasi"))
        settle()

        def grab_and_close() -> None:
            dialog = app.activeModalWidget()
            if dialog is not None:
                settle()
                save(dialog, "dialog-mou.png")
                dialog.close()

        QTimer.singleShot(600, grab_and_close)
        action = next(a for a in window.menu("documents").actions() if "MoU" in a.text())
        action.trigger()

    def project_sheet() -> None:
        from partnerdesk.cli.main import main as cli

        pdf = folder / "steckbrief.pdf"
        cli(["--db", str(folder / "partnerdesk.sqlite"), "sheet", "Jeder Tropfen", "--out", str(pdf)])
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(folder / "sheet")], check=True)
            save(QPixmap(str(folder / "sheet.png")), "steckbrief.png")

    steps: list[Callable[[], None]] = [main_window, due_tab, project_form, history_dialog, mou_dialog, project_sheet]
    for step in steps:
        step()
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
