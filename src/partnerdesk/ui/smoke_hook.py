"""A hidden test switch: open the main window, report, close it again.

``PARTNERDESK_SMOKE_QUIT_MS=N`` (set only by ``packaging/smoke_test.py`` and
``bench/startup_bench.py``): as soon as the main window has painted itself for the
first time, one line starting with ``partnerdesk-smoke: window shown`` is written to
stdout, and ``N`` milliseconds later the window is closed the way a user closes it,
which ends the program normally. The line also reports what a frozen build most
often gets wrong: where the resources were found, whether Qt's own German
catalogue is loaded (``qt_yes``) and whether the QtPdf and QtCharts (the overview's charts)
modules import.
Without the variable nothing happens. The benchmarks that measure the window's memory also
set ``PARTNERDESK_SMOKE_SKIP_PDF=1``: loading QtPdf (and the QtNetwork it links) only to report
on it adds ~2 MB the program itself never loads at start; the line then says
``qtpdf=not-checked`` (and ``qtcharts=not-checked``).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported only when the switch is used
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

ENV_VAR = "PARTNERDESK_SMOKE_QUIT_MS"
MARKER = "partnerdesk-smoke: window shown"
SKIP_PDF_VAR = "PARTNERDESK_SMOKE_SKIP_PDF"


def _report() -> str:
    from PySide6.QtCore import QCoreApplication

    from partnerdesk.resources import resource_root

    if os.environ.get(SKIP_PDF_VAR, "").strip() == "1":
        qtpdf = qtcharts = "not-checked"
    else:
        try:
            import PySide6.QtPdf

            qtpdf = "ok"
        except ImportError as exc:  # reported, the smoke test decides
            qtpdf = f"missing ({exc})"
        try:
            import PySide6.QtCharts  # noqa: F401  (the overview's charts, from PySide6-Addons)

            qtcharts = "ok"
        except ImportError as exc:
            qtcharts = f"missing ({exc})"
    # "&Yes" of Qt's own dialog buttons; "&Ja" once qtbase_de.qm is loaded.
    qt_yes = QCoreApplication.translate("QPlatformTheme", "&Yes")
    return f"{MARKER} resources={resource_root()} qt_yes={qt_yes} qtpdf={qtpdf} qtcharts={qtcharts}"


def install(app: QCoreApplication, window: QWidget) -> None:
    """Arm the switch for ``window`` if the environment asks for it."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return
    try:
        delay = max(0, int(value))
    except ValueError:
        return
    from PySide6.QtCore import QTimer

    from partnerdesk.ui.first_paint import after_first_paint

    def shown() -> None:
        if sys.stdout is not None:
            print(_report(), flush=True)
        QTimer.singleShot(delay, window.close)
        # If closing is held up (e.g. a question), end anyway: a smoke test must not hang.
        QTimer.singleShot(delay + 10_000, app.quit)

    after_first_paint(window, shown)  # the window is on screen, its register painted
