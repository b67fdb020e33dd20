"""Logging for the desktop program: its rotating file (``partnerdesk.log_file``), Qt's messages included."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from partnerdesk.log_file import WINDOW_LOG, log_to_file

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s (%s)", message, context.category or "default")


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log to ``<data dir>/logs/partnerdesk.log`` (see ``partnerdesk.log_file``) and route Qt's messages there."""
    path = log_to_file(WINDOW_LOG, level)
    qInstallMessageHandler(_qt_message)
    return path
