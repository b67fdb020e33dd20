"""Starting the desktop program: ``partnerdesk`` and ``partnerdesk --db PATH`` call ``run``."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from partnerdesk import APP_NAME, __version__
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import current_language, set_language
from partnerdesk.resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QApplication

    from partnerdesk.services.workspace import Database, Source
    from partnerdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Qt's own catalogue (``qtbase_de.qm``) so Qt's dialogs say Ja/Nein/Abbrechen."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(QLocale.Language.German, QLocale.Country.Germany) if language == "de" else QLocale(
        QLocale.Language.English, QLocale.Country.UnitedKingdom
    )
    QLocale.setDefault(locale)
    translators = []
    if language != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
            translators.append(translator)
        else:
            log.warning("Qt's translation qtbase_%s not found in %s", language, folder)
    return translators


#: The Qt-free modules the first window needs. Importing them before PySide6 matters:
#: PySide6 (for its ``from __feature__ import ...`` switch) reads the source code of every
#: module imported after it and keeps it in ``linecache`` — for SQLAlchemy that was about
#: 20 MB of memory and 30 ms of the start.
_BEFORE_QT = (
    "partnerdesk.persistence.database",
    "partnerdesk.persistence.watch",
    "partnerdesk.services.live",
    "partnerdesk.services.records",
    "partnerdesk.services.registers",
    "partnerdesk.services.relations",
    "partnerdesk.services.workspace",
)


def _import_before_qt() -> None:
    import importlib

    for name in _BEFORE_QT:
        importlib.import_module(name)


def _spare_the_source_scan() -> None:
    """Tell PySide6 up front that the Qt-free modules loaded so far use none of its features.

    Otherwise it reads (and ``linecache`` keeps) the source of each of them again as soon as
    a later module imports from it: ~6 MB and ~20 ms at start. PartnerDesk uses no
    ``__feature__`` switch; ``-1`` ("ignore this module") is what PySide6 itself records for
    a module whose source does not mention PySide6. Without that private table (another
    PySide6 version) nothing happens.
    """
    feature = sys.modules.get("shibokensupport.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(known, dict):
        return
    for name in list(sys.modules):
        if not name.startswith(("PySide6", "shiboken", "partnerdesk.ui", "__main__")):
            known.setdefault(name, -1)
    _scan_without_keeping_the_source(feature)


def _scan_without_keeping_the_source(feature: object) -> None:
    """The same question for the modules imported later, without keeping their source in memory.

    PySide6 asks "does the source mention PySide6?" through ``inspect.getsource``, which
    leaves every scanned file in ``linecache`` for good (~2 MB for the window's later
    imports: the editor, the travel menu, babel). Reading the file itself gives the same
    answer; modules without a ``.py`` file still go through PySide6's own check.
    """
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, "reads_the_file", False):
        return

    def mod_uses_pyside(module: object) -> bool:
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and file.endswith(".py"):
            try:
                return b"PySide6" in Path(file).read_bytes()
            except OSError:
                pass
        return bool(upstream(module))

    mod_uses_pyside.reads_the_file = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    # What PySide6 scanned while it was imported (enum.py, its own __init__): a file on disk is
    # read again should a traceback ever need it. Generated code (no file) stays.
    import linecache

    for name, entry in list(linecache.cache.items()):
        if len(entry) == 4 and entry[3] == name and Path(name).is_file():
            linecache.cache.pop(name, None)


def qt_application() -> QApplication:
    """The running QApplication, or a new one.

    A QCoreApplication someone else started cannot carry windows (no widgets, no window
    icon) and cannot be replaced in this process: that is said plainly here, instead of an
    AttributeError half-way through the start.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    if app is not None:
        raise RuntimeError(
            f"PartnerDesk's window needs a QApplication, but a {type(app).__name__} is already running"
        )
    return QApplication(sys.argv[:1])


def qt_can_start() -> bool:
    """On Linux, say which system libraries Qt's window lacks (stderr and log) instead of
    letting Qt end the process with "Aborted"; True when nothing is missing."""
    from partnerdesk.ui.qt_libraries import explain, missing_libraries

    missing = missing_libraries()
    if not missing:
        return True
    log.error("the window cannot start, system libraries missing: %s", ", ".join(missing))
    print(explain(missing), file=sys.stderr)
    return False


def run(db_path: Path | None, args: argparse.Namespace | None = None) -> int:
    """Start the window on ``db_path`` (default: the per-user database, created with example data)."""
    from partnerdesk import startup

    startup.collect_at_exit()  # Qt's objects are torn down as usual when the window closes
    _import_before_qt()
    from partnerdesk.ui.logging_setup import setup_logging
    from partnerdesk.ui.settings import Settings

    log_file = setup_logging()
    settings = Settings()
    # --lang on the command line wins over the setting for this start.
    set_language(getattr(args, "lang", None) or settings.get("language"))
    if not qt_can_start():
        return 1
    from PySide6.QtGui import QIcon

    _spare_the_source_scan()

    from partnerdesk.ui import smoke_hook
    from partnerdesk.ui.errors import install_exception_hook, show_problem

    log.info("PartnerDesk %s starting, log %s", __version__, log_file)
    app = qt_application()
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "partnerdesk.png"))))  # tools/make_app_icon.py
    install_translators(app, current_language())
    install_exception_hook()

    try:
        db = _open_at_start(start_source(db_path, args), getattr(args, "allow_unsafe_location", None))
    except PartnerDeskError as exc:
        show_problem(None, exc)
        return 1
    if db is None:
        return 1
    from partnerdesk.ui.first_paint import after_first_paint
    from partnerdesk.ui.main_window import MainWindow

    # First paint: the window with its register; the other areas' menus and the editor
    # panel, the page check and the daily backup follow once it is on screen.
    window = MainWindow(db, settings, extensions=[])
    window.show()
    background: list[threading.Thread] = []
    after_first_paint(window, lambda: background.extend(_after_first_paint(window)))
    smoke_hook.install(app, window)  # hidden test switch, see smoke_hook.py
    try:
        return app.exec()
    finally:
        from partnerdesk.ui.models.register_table_model import stop_delivering_counts

        stop_delivering_counts()  # a count still running must not post into Qt as it shuts down
        for thread in background[1:]:
            thread.join()  # the daily backup: a half-written copy would only be litter; it takes seconds at most
        window.db.close()
        settings.sync()


def start_source(db_path: Path | None, args: argparse.Namespace | None) -> Source:
    """``--db FILE``, ``--server NAME_OR_URL``, or the default (see ``services.workspace``)."""
    from partnerdesk.services.workspace import chosen_source

    return chosen_source(db_path, getattr(args, "server", None))


def _open_at_start(source: Source, unsafe_ok: bool | None) -> Database | None:
    """The first database of the window; ``None`` when the user cancelled a question."""
    from partnerdesk.services import workspace
    from partnerdesk.ui.safe_place import open_or_offer_copy

    if source.is_server:
        from partnerdesk.ui.server_dialogs import ask_password

        return workspace.open_source(source, workspace.Questions(password=ask_password(None)))
    path = source.path
    if source.kind == "travel" and path.exists():  # a travel copy: ask for its passphrase
        from partnerdesk.ui.travel.actions import open_travel_interactive

        return open_travel_interactive(None, path)
    if not path.exists():
        return workspace.open_source(source, allow_unsafe_location=unsafe_ok, create_default=True)

    # The page check reads the whole file: seconds for a big database, so it runs after the window shows.
    # The daily backup, too, runs after the window shows (automatic_backup_in_background).
    def open_office_file(p: Path, progress: object = None) -> Database:
        return workspace.open_source(
            workspace.Source.file(p), quick_check=False, automatic_backup=False, allow_unsafe_location=unsafe_ok
        )

    def open_updating_if_needed(p: Path) -> Database:
        if not workspace.migration_pending(workspace.Source.file(p)):
            return open_office_file(p)
        # A schema update of a big file takes seconds: say so instead of showing nothing.
        from partnerdesk.i18n import _
        from partnerdesk.ui.tasks import run_with_progress

        log.info("updating the schema of %s behind a progress dialog", p)
        title = _("Updating {name} for this version of PartnerDesk…").format(name=p.name)
        return run_with_progress(None, title, open_office_file, p, cancellable=False)

    return open_or_offer_copy(None, path, open_updating_if_needed)


def _after_first_paint(window: MainWindow) -> list[threading.Thread]:
    """The rest of the start, once the window is on screen; returns [page check, daily backup]."""
    from partnerdesk import startup
    from partnerdesk.services.workspace import prepare_mappings
    from partnerdesk.ui.database_actions import automatic_backup_in_background, check_pages_in_background

    started = time.perf_counter()
    prepare_mappings()  # else the first record the user selects waits for it
    window.install_extensions()
    threads = [check_pages_in_background(window), automatic_backup_in_background(window)]
    log.info("window extensions installed in %.0f ms after the first paint", (time.perf_counter() - started) * 1000)
    startup.settled()  # the start-up heap is built; the garbage collector resumes
    return threads
