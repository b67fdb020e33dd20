"""Parts of the window contributed by other areas (documents, exchange, travel, editing).

Each module named in ``UI_EXTENSIONS`` has ``install(window: MainWindow) -> None``; the
main window calls them in this order when it is built. An extension adds its actions
to ``window.menu("documents")`` etc., may call ``window.set_editor_panel(...)`` or
``window.set_edit_controller(...)``, and connects to the window's signals.
Append your module's name here (keep one name per line to ease merging).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

log = logging.getLogger(__name__)

UI_EXTENSIONS: list[str] = [
    "partnerdesk.ui.editing",
    "partnerdesk.ui.documents.actions",
    "partnerdesk.ui.exchange.actions",
    "partnerdesk.ui.travel.actions",
    "partnerdesk.ui.history",
    "partnerdesk.ui.attachments",
    "partnerdesk.ui.help",
    "partnerdesk.ui.editing.theme_glossary",
    "partnerdesk.ui.due",
    "partnerdesk.ui.privacy.actions",
    "partnerdesk.ui.privacy.erase_actions",
    "partnerdesk.ui.privacy.keep_actions",
    "partnerdesk.ui.overview",
    "partnerdesk.ui.documents.annual_report_dialog",
    "partnerdesk.ui.programme",
]


def install_extensions(window: Any, names: list[str] | None = None) -> list[str]:
    """Install every extension; one that fails is logged and left out. Returns the installed names."""
    installed = []
    for name in UI_EXTENSIONS if names is None else names:
        try:
            importlib.import_module(name).install(window)
        except Exception:
            log.exception("the window extension %s could not be installed", name)
            continue
        installed.append(name)
    return installed
