"""The program's log: a rotating file in the per-user data folder (``<data dir>/logs``).

The window and the command line log to files of their own (``partnerdesk.log``,
``partnerdesk-cli.log``): on Windows a file another process holds open cannot be renamed,
so one shared file would fail to rotate while a window is open. Without a handler of its
own, Python prints warnings to stderr in English, beside the command's German message.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from partnerdesk import paths

WINDOW_LOG = "partnerdesk.log"
COMMAND_LINE_LOG = "partnerdesk-cli.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_to_file(name: str, level: int = logging.INFO) -> Path | None:
    """Send the program's log records to ``<data dir>/logs/<name>`` (5 files of 1 MB).

    Returns the file, or ``None`` if the folder cannot be written (a locked-down profile):
    logging must never keep the program from working, so records are then dropped quietly.
    Idempotent: a second call adds no second handler.
    """
    root = logging.getLogger()
    root.setLevel(level)
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    path = paths.log_dir() / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            # A file name with bytes that are not UTF-8 is logged as escapes, not as a "Logging error" traceback.
            path, maxBytes=1_000_000, backupCount=4, encoding="utf-8", errors="backslashreplace"
        )
    except OSError:
        root.addHandler(logging.NullHandler())
        return None
    from partnerdesk.log_privacy import RedactingFormatter

    handler.setFormatter(RedactingFormatter(FORMAT))  # no personal data in the log (``log_privacy``)
    root.addHandler(handler)
    return path
