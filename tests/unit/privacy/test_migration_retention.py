"""Revision 0021 (privacy-keep): the tables of retention reviews and the travel copy register;
copies merged before it are entered from what the office database remembered of their merge."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from partnerdesk.persistence.database import open_database
from partnerdesk.travel import register

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "schemas"


def test_copies_merged_before_the_register_are_entered(tmp_path):
    path = tmp_path / "office.sqlite"
    shutil.copyfile(FIXTURES / "0020.sqlite", path)
    summary = {"merged_at": "2026-11-03T10:15:00+00:00", "merged_by": "mmuster", "travel_file": "/home/mmuster/Kumasi.pdtravel",
               "checked_out_by": "kkollege", "checked_out_at": "2026-10-01T07:00:00+00:00", "counts": {}, "conflicts": 0}
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO database_info (key, value) VALUES (?, ?)",
                 ("travel_merged:0b5e4c1e-1111-4222-8333-944455556666", json.dumps(summary)))
    conn.execute("INSERT INTO database_info (key, value) VALUES ('travel_merged:broken', 'not json')")
    conn.commit()
    conn.close()
    with open_database(path, automatic_backup=False) as db:
        [copy] = register.copies(db)
    assert copy.checkout_id == "0b5e4c1e-1111-4222-8333-944455556666"
    assert (copy.checked_out_by, copy.file_name, copy.merged_by) == ("kkollege", "/home/mmuster/Kumasi.pdtravel", "mmuster")
    assert copy.checked_out_at.isoformat() == "2026-10-01T07:00:00+00:00"
    assert copy.encrypted is None and copy.encryption_text() == "unbekannt"
    assert not copy.out


def test_the_0021_fixture_holds_reviews_and_copies_in_every_state():
    conn = sqlite3.connect(f"{(FIXTURES / '0021.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    try:
        states = {s for (s,) in conn.execute("SELECT ended_how FROM travel_copies")}
        merged = conn.execute("SELECT count(*) FROM travel_copies WHERE merged_at IS NOT NULL").fetchone()[0]
        held = conn.execute("SELECT count(DISTINCT checkout_id) FROM travel_copy_records").fetchone()[0]
        reviews = conn.execute("SELECT count(*) FROM contact_reviews").fetchone()[0]
    finally:
        conn.close()
    assert states == {"", "lost", "destroyed"} and merged == 1 and held == 4 and reviews == 3


def test_downgrading_drops_the_tables(tmp_path):
    from alembic import command

    from partnerdesk.persistence import migrate
    from partnerdesk.persistence.engine import make_engine

    path = tmp_path / "office.sqlite"
    shutil.copyfile(FIXTURES / "0021.sqlite", path)
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0020")
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    try:
        tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert "contacts" in tables
    assert not tables & {"travel_copies", "travel_copy_records", "contact_reviews"}
