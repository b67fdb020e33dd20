"""The automatic daily backup the window writes when it starts.

At most one a day, beside the database in ``backups/`` (``<name>-<date>-<time>-auto.sqlite``);
only the newest ``keep`` automatic copies stay, hand-made backups are never touched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from partnerdesk.persistence import backup

#: One implementation of the daily backup (``backup.automatic_backup``, also run by
#: ``open_database`` and proven under kill -9); this module keeps the window's names.
LABEL = backup.DAILY_LABEL


def automatic_backups(database: Path) -> list[Path]:
    """The automatic backups of ``database``, oldest first."""
    return backup.daily_backups(database)


def automatic_backup(database: Path, keep: int, now: datetime | None = None) -> Path | None:
    """Write today's automatic backup unless there is one; then keep only the newest ``keep``.

    ``keep`` 0 writes none (and removes none), as the settings dialog and the README promise.
    """
    return backup.automatic_backup(database, keep=max(0, keep), now=now)
