"""Take the README's screenshot of the main window with the example data (a real window).

    Xvfb :99 -screen 0 1600x1000x24 &  DISPLAY=:99 python tools/screenshot_main_window.py docs/screenshots/main-window.png

Works offscreen too (``QT_QPA_PLATFORM=offscreen``), with Qt's plain fonts.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main(target: str) -> int:
    os.environ.setdefault("PARTNERDESK_DATA_DIR", tempfile.mkdtemp(prefix="pd-shot-"))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import partnerdesk.ui  # noqa: F401 - PySide6 refcount workaround first
    from partnerdesk.i18n import set_language
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services.example_data import add_example_data
    from partnerdesk.services.registers import RegisterQuery, RegisterService
    from partnerdesk.ui.app import install_translators
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings

    app = QApplication(sys.argv[:1])
    set_language("de")
    install_translators(app, "de")
    path = Path(tempfile.mkdtemp(prefix="pd-shot-")) / "partnerdesk.sqlite"
    db = create_database(path)
    add_example_data(db)
    window = MainWindow(db, Settings())
    window.resize(1440, 820)
    window.show()
    service = RegisterService(db, "partnerships")
    [cluj] = service.ids(RegisterQuery("partnerships", search="cluj"))

    def shoot() -> None:
        window.open_record("partnerships", cluj)
        window.splitter.setSizes([860, 580])
        app.processEvents()
        window.grab().save(target)
        print(f"saved {target}")
        window.close()

    QTimer.singleShot(500, shoot)
    app.exec()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "main-window.png"))
