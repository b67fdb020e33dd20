"""The window brings an older database's search texts up to date when it opens it."""

from __future__ import annotations

import shutil
from pathlib import Path

from partnerdesk.persistence.database import open_database
from partnerdesk.services import search_text

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "schemas" / "0003.sqlite"


def test_the_window_brings_them_up_to_date_on_opening(make_window, tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, path)
    db = open_database(path, automatic_backup=False)
    assert db.info(search_text.INFO_KEY) is None
    make_window(db)
    assert db.info(search_text.INFO_KEY) == search_text.VERSION
