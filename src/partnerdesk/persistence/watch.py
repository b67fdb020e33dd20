"""Noticing cheaply that another connection changed the database.

``PRAGMA data_version`` on one long-lived connection changes whenever any *other*
connection (another window, the command line, a travel merge, or this program's own
write engine) commits. Asking costs microseconds, so the window can check on every
activation and reload only when something really changed.
"""

from __future__ import annotations

import logging
from typing import Any

from partnerdesk.persistence.database import Database

log = logging.getLogger(__name__)


class ChangeWatch:
    """Remembers the database's data version; ``changed()`` says whether it moved since."""

    def __init__(self, db: Database) -> None:
        self._connection: Any = db.read_engine.raw_connection()
        self._last = self._version()

    def _version(self) -> int | None:
        try:
            cursor = self._connection.cursor()
            try:
                cursor.execute("PRAGMA data_version")
                return int(cursor.fetchone()[0])
            finally:
                cursor.close()
        except Exception:  # a failing check just means "reload to be safe"
            log.warning("data_version check failed", exc_info=True)
            return None

    def changed(self) -> bool:
        """True if someone committed since the last call (or since ``mark_seen``)."""
        current = self._version()
        moved = current is None or current != self._last
        self._last = current
        return moved

    def mark_seen(self) -> None:
        self._last = self._version()

    def close(self) -> None:
        try:
            self._connection.close()
        except Exception:
            log.debug("closing the watch connection failed", exc_info=True)
