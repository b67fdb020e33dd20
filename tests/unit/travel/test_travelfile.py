"""The travel file: encrypted at rest, a normal database when open, bad input refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from partnerdesk.domain.errors import (
    CorruptDatabaseError,
    DatabaseFileError,
    NewerDatabaseError,
    UserError,
)
from partnerdesk.domain.records import Contact
from partnerdesk.persistence import encrypted
from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile

PASSPHRASE = "Reise-Passwort-2026"  # the same as in conftest.py

SECRET_NAME = "Zyxwvut Geheimkontakt"


def test_checkout_holds_a_complete_working_database(example_db, trip):
    for kind in ("organisations", "partnerships", "contacts", "projects", "activities"):
        assert service_for(trip, kind).count() == service_for(example_db, kind).count()
    info = travelfile.read_info(trip)
    assert info.office_id == example_db.identity
    assert info.encrypted
    assert info.checked_out_by
    assert trip.identity == info.checkout_id != example_db.identity
    # Services work on it offline: create, update, delete.
    contact = service_for(trip, "contacts").create(Contact(name="Auf Reisen"))
    contact.phone = "+49 1"
    service_for(trip, "contacts").update(contact)
    service_for(trip, "contacts").delete(contact.id)


def test_no_plaintext_in_the_file_or_its_log(example_db, trip_path):
    service_for(example_db, "contacts").create(Contact(name=SECRET_NAME, email="geheim@example.org"))
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    travel = travelfile.open_travel(trip_path, PASSPHRASE)
    try:
        service_for(travel, "contacts").create(Contact(name=SECRET_NAME + " zwei"))
        wal = Path(f"{trip_path}-wal")
        assert wal.exists() and wal.stat().st_size > 0
        written = [p for p in trip_path.parent.rglob("*") if p.is_file()]  # every file beside it, too
        assert trip_path in written and wal in written
        office = {example_db.path, Path(f"{example_db.path}-wal"), Path(f"{example_db.path}-shm")}
        written += [p for p in example_db.path.parent.rglob("*") if p.is_file() and p not in office]
        for path in written:
            data = path.read_bytes()
            assert SECRET_NAME.encode() not in data
            assert b"geheim@example.org" not in data
            assert b"SQLite format 3" not in data, path
    finally:
        travel.close()
    assert SECRET_NAME.encode() in example_db.path.read_bytes() + Path(f"{example_db.path}-wal").read_bytes()


def test_every_connection_has_the_safe_settings(trip):
    for engine in (trip.engine, trip.read_engine):
        with engine.connect() as conn:
            values = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "synchronous", "foreign_keys")]
            assert values == ["wal", 2, 1]


def test_wrong_passphrase_is_refused(trip_path, example_db):
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    with pytest.raises(encrypted.WrongKeyError, match="Passphrase ist falsch"):
        travelfile.open_travel(trip_path, "nicht-das-Passwort")
    with pytest.raises(encrypted.WrongKeyError):
        travelfile.open_travel(trip_path, None)


def test_short_passphrase_and_existing_file_are_refused(example_db, trip_path):
    with pytest.raises(UserError, match="mindestens 8"):
        travelfile.checkout(example_db, trip_path, "kurz")
    trip_path.parent.mkdir(parents=True)
    trip_path.write_bytes(b"x")
    with pytest.raises(DatabaseFileError):
        travelfile.checkout(example_db, trip_path, PASSPHRASE)
    assert trip_path.read_bytes() == b"x"


def test_unencrypted_only_when_chosen(example_db, trip_path):
    travelfile.checkout(example_db, trip_path, None)
    assert trip_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not travelfile.needs_passphrase(trip_path)
    travel = travelfile.open_travel(trip_path, None)
    try:
        assert not travelfile.read_info(travel).encrypted
        assert service_for(travel, "organisations").count() == service_for(example_db, "organisations").count()
    finally:
        travel.close()


@pytest.mark.parametrize("where", [0.05, 0.5, 0.95])
def test_tampered_file_is_refused_and_office_untouched(example_db, trip_path, content_of, where):
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    data = bytearray(trip_path.read_bytes())
    position = max(100, int(len(data) * where))
    data[position] ^= 0x01
    trip_path.write_bytes(bytes(data))
    before = content_of(example_db.path)
    with pytest.raises((CorruptDatabaseError, encrypted.WrongKeyError)):
        travel = travelfile.open_travel(trip_path, PASSPHRASE)
        try:
            apply.merge(example_db, travel, prefer="travel")
        finally:
            travel.close()
    assert content_of(example_db.path) == before


def test_truncated_file_is_refused(example_db, trip_path):
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    data = trip_path.read_bytes()
    trip_path.write_bytes(data[: len(data) // 2])
    with pytest.raises((CorruptDatabaseError, encrypted.WrongKeyError)):
        travelfile.open_travel(trip_path, PASSPHRASE).close()
    trip_path.write_bytes(data[:10])
    with pytest.raises(CorruptDatabaseError):
        travelfile.open_travel(trip_path, PASSPHRASE)


def test_travel_copy_of_another_database_is_refused(trip, tmp_path, content_of):
    from partnerdesk.persistence.database import create_database

    other = create_database(tmp_path / "other.sqlite")
    try:
        before = content_of(other.path)
        with pytest.raises(DatabaseFileError, match="aus einer anderen Datenbank"):
            apply.merge(other, trip, prefer="travel")
        assert content_of(other.path) == before
    finally:
        other.close()


def test_newer_travel_format_and_schema_are_refused(example_db, trip_path, content_of):
    travelfile.checkout(example_db, trip_path, None)  # unencrypted: easy to edit like a newer version would
    conn = encrypted.connect(trip_path, encrypted.Cipher(None))
    conn.execute("UPDATE travel_meta SET value = '99' WHERE key = 'format_version'")
    conn.commit()
    conn.close()
    with pytest.raises(NewerDatabaseError, match="neueren PartnerDesk"):
        travelfile.open_travel(trip_path, None)
    conn = encrypted.connect(trip_path, encrypted.Cipher(None))
    conn.execute("UPDATE travel_meta SET value = '1' WHERE key = 'format_version'")
    conn.execute("UPDATE alembic_version SET version_num = 'fffffffffff9'")
    conn.commit()
    conn.close()
    before = content_of(example_db.path)
    with pytest.raises(NewerDatabaseError, match="neueren PartnerDesk"):
        travelfile.open_travel(trip_path, None)
    assert content_of(example_db.path) == before


def test_an_office_database_is_no_travel_copy(example_db):
    with pytest.raises(DatabaseFileError):
        travelfile.open_travel(example_db.path, None)


def test_office_file_is_untouched_by_checkout(example_db, trip_path, content_of):
    """Only the register of travel copies (issue 22) gains the copy; no record changes."""
    before = content_of(example_db.path)
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    with example_db.write() as session:
        session.execute(text("DELETE FROM travel_copy_records"))
        session.execute(text("DELETE FROM travel_copies"))
    assert content_of(example_db.path) == before
    leftovers = [p.name for p in example_db.path.parent.iterdir() if p.name.startswith(".travel")]
    assert leftovers == []
    assert not list(trip_path.parent.glob("*.partial"))
    # The office database is still an ordinary SQLite file.
    sqlite3.connect(example_db.path).close()


def test_key_derivation_uses_the_documented_strength(monkeypatch):
    monkeypatch.undo()  # the module's own setting, not the tests' cheaper one
    assert encrypted.KDF_PARAMETERS == {"memory_cost": 64 * 1024, "iterations": 3, "lanes": 4}
    key = encrypted.derive_key("geheim", b"0123456789abcdef")
    assert len(key) == 32 and key == encrypted.derive_key("geheim", b"0123456789abcdef")
    assert key != encrypted.derive_key("geheim", b"0123456789abcdeX")
    assert key != encrypted.derive_key("Geheim", b"0123456789abcdef")
