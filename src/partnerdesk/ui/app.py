"""Starting the desktop program: ``partnerdesk`` and ``partnerdesk --db PATH`` call ``run``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from partnerdesk import APP_NAME, __version__
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import current_language, set_language
from partnerdesk.paths import default_database_path
from partnerdesk.resources import resource_path

log = logging.getLogger(__name__)


def install_translators(app: object, language: str) -> list[object]:
    """Load Qt's own catalogue (``qtbase_de.qm``) so Qt's dialogs say Ja/Nein/Abbrechen."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(QLocale.Language.German, QLocale.Country.Germany) if language == "de" else QLocale(
        QLocale.Language.English, QLocale.Country.UnitedKingdom
    )
    QLocale.setDefault(locale)
    translators = []
    if language != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)  # type: ignore[arg-type]
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)  # type: ignore[attr-defined]
            translators.append(translator)
        else:
            log.warning("Qt's translation qtbase_%s not found in %s", language, folder)
    return translators


def run(db_path: Path | None, args: argparse.Namespace | None = None) -> int:
    """Start the window on ``db_path`` (default: the per-user database, created with example data)."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from partnerdesk.cli.common import create_default_database
    from partnerdesk.persistence.database import open_database
    from partnerdesk.ui import smoke_hook
    from partnerdesk.ui.database_actions import automatic_backup_in_background, check_pages_in_background
    from partnerdesk.ui.errors import install_exception_hook, show_problem
    from partnerdesk.ui.safe_place import open_or_offer_copy
    from partnerdesk.ui.logging_setup import setup_logging
    from partnerdesk.ui.settings import Settings

    log_file = setup_logging()
    log.info("PartnerDesk %s starting, log %s", __version__, log_file)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "partnerdesk.png"))))  # tools/make_app_icon.py
    settings = Settings()
    # --lang on the command line wins over the setting for this start.
    language = getattr(args, "lang", None) or settings.get("language")
    set_language(language)
    install_translators(app, current_language())
    install_exception_hook()

    path = Path(db_path or default_database_path())
    try:
        # The page check reads the whole file: seconds for a big database, so it runs after the window shows.
        # The daily backup, too, runs after the window shows (automatic_backup_in_background).
        unsafe_ok = getattr(args, "allow_unsafe_location", None)
        if path.exists() and path.suffix.lower() == ".pdtravel":  # a travel copy: ask for its passphrase
            from partnerdesk.ui.travel.actions import open_travel_interactive

            travel = open_travel_interactive(None, path)
            if travel is None:
                return 1
            db = travel
        elif path.exists():
            opened = open_or_offer_copy(
                None,
                path,
                lambda p: open_database(p, quick_check=False, automatic_backup=False, allow_unsafe_location=unsafe_ok),
            )
            if opened is None:
                return 1
            db = opened
        else:
            db = create_default_database(path, allow_unsafe_location=unsafe_ok)
    except PartnerDeskError as exc:
        show_problem(None, exc)
        return 1
    from partnerdesk.ui.main_window import MainWindow

    window = MainWindow(db, settings)
    window.show()
    check_pages_in_background(window)
    backup = automatic_backup_in_background(window)
    smoke_hook.install(app, window)  # hidden test switch, see smoke_hook.py
    try:
        return app.exec()
    finally:
        backup.join()  # a half-written copy would only be litter; it takes seconds at most
        window.db.close()
        settings.sync()
