"""The automatic daily backup the window writes when it starts.

At most one a day, beside the database in ``backups/`` (``<name>-<date>-<time>-auto.sqlite``);
only the newest ``keep`` automatic copies stay, hand-made backups are never touched.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from partnerdesk.paths import backups_dir
from partnerdesk.persistence.backup import backup_database

log = logging.getLogger(__name__)

LABEL = "auto"


def automatic_backups(database: Path) -> list[Path]:
    """The automatic backups of ``database``, oldest first."""
    folder = backups_dir(database)
    suffix = database.suffix or ".sqlite"
    return sorted(folder.glob(f"{database.stem}-*-{LABEL}{suffix}")) if folder.is_dir() else []


def automatic_backup(database: Path, keep: int, now: datetime | None = None) -> Path | None:
    """Write today's automatic backup unless there is one; then keep only the newest ``keep``."""
    now = now or datetime.now()
    day = now.strftime("%Y%m%d")
    existing = automatic_backups(database)
    made = None
    if not any(p.name.startswith(f"{database.stem}-{day}-") for p in existing):
        target = backups_dir(database) / f"{database.stem}-{now:%Y%m%d-%H%M%S}-{LABEL}{database.suffix or '.sqlite'}"
        made = backup_database(database, target)
        log.info("automatic backup written: %s", made)
    for old in automatic_backups(database)[: -max(1, keep)]:
        old.unlink(missing_ok=True)
        log.info("old automatic backup removed: %s", old)
    return made
