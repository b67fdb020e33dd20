"""Where PartnerDesk keeps its files on this computer.

The default database lives in the *local* per-user data folder (Windows
``%LOCALAPPDATA%\\PartnerDesk``), never the roaming profile, which city IT often
redirects to a network share where SQLite's locking breaks.
``PARTNERDESK_DATA_DIR`` moves the whole folder (tests, portable use);
``PARTNERDESK_DB`` names another default database.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from partnerdesk import APP_NAME

DB_FILENAME = "partnerdesk.sqlite"


def data_dir() -> Path:
    override = os.environ.get("PARTNERDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_database_path() -> Path:
    override = os.environ.get("PARTNERDESK_DB")
    if override:
        return Path(override)
    return data_dir() / DB_FILENAME


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def log_dir() -> Path:
    return data_dir() / "logs"


def settings_file() -> Path:
    return data_dir() / "settings.ini"
