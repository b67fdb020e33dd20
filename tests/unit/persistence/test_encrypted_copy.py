"""The travel copy's encrypted copy of the office database: the same schema, rows and rowids."""

from __future__ import annotations

import sqlite3

import pytest

from partnerdesk.domain.records import Contact
from partnerdesk.persistence import encrypted, encrypted_copy, search_index
from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.persistence.engine import APPLICATION_ID
from partnerdesk.services import service_for
from partnerdesk.services.example_data import add_example_data

SECRET = "Zyxwvut Geheimkontakt"


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})


def everything(conn) -> dict:
    """Schema, every table's rows with their rowids, and the header values."""
    schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%'"))
    rows = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"):
        try:
            rows[name] = sorted(map(repr, conn.execute(f'SELECT _rowid_, * FROM "{name}"')))
        except Exception:  # noqa: BLE001 - WITHOUT ROWID
            rows[name] = sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"')))
    header = [conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version")]
    return {"schema": schema, "rows": rows, "header": header}


def test_the_copy_holds_exactly_the_office_database_and_no_plaintext(tmp_path):
    office = tmp_path / "office.sqlite"
    db = create_database(office)
    add_example_data(db)
    service_for(db, "contacts").create(Contact(name=SECRET))
    service_for(db, "contacts").delete(service_for(db, "contacts").list()[0].id)  # a gap in the rowids
    db.close()
    cipher = encrypted.new_cipher("Reise-Passwort-2026")
    copy = tmp_path / "copy.pdtravel"
    encrypted_copy.copy_to_new_file(office, copy, cipher, application_id=APPLICATION_ID)
    assert SECRET.encode() not in copy.read_bytes()
    plain = sqlite3.connect(office)
    enc = encrypted.connect(copy, cipher)
    try:
        expected, got = everything(plain), everything(enc)
        assert got["header"] == [APPLICATION_ID, expected["header"][1]]
        assert got["schema"] == expected["schema"]
        assert got["rows"] == expected["rows"]
        assert enc.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert enc.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        plain.close()
        enc.close()
    with open_database(copy, cipher=cipher, automatic_backup=False) as travel, travel.read() as session:
        connection = session.connection()
        assert search_index.is_complete(connection) and search_index.agrees_with_tables(connection)
